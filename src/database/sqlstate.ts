/** The SQLSTATEs this tool acts on (PostgreSQL's errcodes-appendix). */
export const LOCK_NOT_AVAILABLE = '55P03'; // a lock_timeout expired
export const DEADLOCK_DETECTED = '40P01';
export const QUERY_CANCELED = '57014'; // a cancel request, or statement_timeout
export const UNDEFINED_TABLE = '42P01';
export const UNDEFINED_COLUMN = '42703'; // a history table of an older release lacks a column
export const UNDEFINED_OBJECT = '42704'; // e.g. a DO block where PL/pgSQL was dropped
export const INSUFFICIENT_PRIVILEGE = '42501';
