/** The SQLSTATEs this tool acts on (PostgreSQL's errcodes-appendix). */
export const LOCK_NOT_AVAILABLE = '55P03'; // a lock_timeout expired
export const DEADLOCK_DETECTED = '40P01';
export const UNDEFINED_TABLE = '42P01';
