/** The environment variable that makes the bundle verify's scratch-database watchdog. */
export const WATCHDOG_VARIABLE = 'OFORUM_MIGRATE_SCRATCH_WATCHDOG';
