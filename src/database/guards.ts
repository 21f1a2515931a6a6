import type { StateTable } from './state-table.js';

/**
 * Statements that run at the start of a migration's transaction, after BEGIN, so that a
 * migration can only commit while this run holds the migration lock and the state it planned
 * from. They cost nothing extra: they travel in the migration's own round trip. Each fails with
 * "division by zero" when its condition is false; the engine knows which statement failed from
 * the statements completed, and says what it means.
 */

/**
 * True while the migration lock is ours for this transaction: granted at once when this session
 * holds golang-migrate's session lock (or nobody does), refused when another session holds it —
 * as happens when a transaction-pooling proxy sent this transaction to another server session
 * than the one that took the lock.
 */
export function lockHeldGuardSql(lockId: string): string {
  return `SELECT 1 / pg_catalog.pg_try_advisory_xact_lock(${lockId})::int`;
}

/** Waits for the migration lock for this transaction only (lock-strategy: transaction). */
export function transactionLockSql(lockId: string): string {
  return `SELECT pg_catalog.pg_advisory_xact_lock(${lockId})`;
}

/**
 * Serialises the migrators that reach the state guard: the guard's read then sees every version
 * committed before it, whatever the advisory lock did (a pooled server session shared by two
 * clients lets both through it). Reads of the table, as the oForum server's, are not blocked.
 */
export function stateTableLockSql(state: StateTable): string {
  return `LOCK TABLE ${state.qualified} IN EXCLUSIVE MODE`;
}

/** True while the state table still says what the plan was made from. */
export function stateUnchangedGuardSql(state: StateTable, version: number | null): string {
  const expected =
    version === null
      ? `NOT EXISTS (SELECT FROM ${state.qualified})`
      : `(SELECT count(*) FILTER (WHERE version = ${version} AND NOT dirty) = 1 AND count(*) = 1 FROM ${state.qualified})`;
  return `SELECT 1 / (${expected})::int`;
}

/** PostgreSQL's lock_timeout for this transaction; 0 leaves the server's setting alone. */
export function localLockTimeoutSql(ms: number): string | null {
  return ms > 0 ? `SET LOCAL lock_timeout = '${Math.round(ms)}ms'` : null;
}
