import type { Version } from '../migration-version.js';
import type { StateTable } from './state-table.js';

/**
 * Statements that run at the start of a migration's transaction, after BEGIN, so that a
 * migration can only commit while this run holds the migration lock and the state it planned
 * from. They cost nothing extra: they travel in the migration's own round trip.
 */

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

/** SQLSTATEs of the guard: the lock is not this transaction's; the state is not the planned one. */
export const LOCK_NOT_HELD = '22012'; // division_by_zero
export const STATE_CHANGED = '22P02'; // invalid_text_representation

// The session check fails as the state check does (invalid_text_representation), with a text of
// its own that names the server process the transaction ran on.
const SESSION_SWITCHED_TEXT = "'served by '";

/**
 * The server process named by a failed session check (`sessionPid`); null when the error is
 * another (the state check's).
 */
export function sessionSwitchedTo(code: string | undefined, message: string): number | null {
  if (code !== STATE_CHANGED) return null;
  const match = /"served by (\d+)"/.exec(message);
  return match ? Number(match[1]) : null;
}

export interface GuardOptions {
  /** prove the session lock is ours (lock-strategy session); null when the transaction took it */
  lockId: string | null;
  /**
   * the server process that took the session lock, when no message since has shown it still
   * answers: the transaction goes on only on that very session (the lock's proof, carried by the
   * first write instead of a round trip of its own)
   */
  sessionPid?: number | null;
  state: StateTable;
  /** the version the plan was made from; undefined: no check (force overrides any state) */
  planned: Version | null | undefined;
  /** PostgreSQL's lock_timeout for the rest of the transaction; 0 leaves it as it is */
  lockTimeoutMs: number;
}

/**
 * One statement that lets the migration's transaction go on only while
 * - the migration lock is ours for this transaction: pg_try_advisory_xact_lock is granted at once
 *   when this session holds golang-migrate's session lock (or nobody does), and refused when
 *   another session holds it — as when a transaction-pooling proxy sent this transaction to
 *   another server session than the one that took the lock;
 * - the state table still says what the plan was made from;
 * and that sets lock_timeout for the migration's statements. Each check fails with an error of
 * its own SQLSTATE; the divisor and the cast are not constants, so PostgreSQL cannot evaluate
 * them while planning, before the check has run.
 */
export function guardSql(options: GuardOptions): string {
  const checks: string[] = [];
  if (options.sessionPid !== undefined && options.sessionPid !== null) {
    checks.push(
      `WHEN pg_catalog.pg_backend_pid() <> ${options.sessionPid} THEN (${SESSION_SWITCHED_TEXT} || pg_catalog.pg_backend_pid())::int`,
    );
  }
  if (options.lockId !== null) {
    checks.push(`WHEN NOT pg_catalog.pg_try_advisory_xact_lock(${options.lockId}) THEN 1 / (pg_catalog.pg_backend_pid() * 0)`);
  }
  if (options.planned !== undefined) {
    checks.push(`WHEN NOT ${stateIs(options.state, options.planned)} THEN ('state ' || pg_catalog.pg_backend_pid())::int`);
  }
  const guard = checks.length > 0 ? `CASE ${checks.join(' ')} ELSE 0 END` : '0';
  const timeout =
    options.lockTimeoutMs > 0 ? `, pg_catalog.set_config('lock_timeout', '${Math.round(options.lockTimeoutMs)}ms', true)` : '';
  return `SELECT ${guard}${timeout}`;
}

function stateIs(state: StateTable, version: Version | null): string {
  return version === null
    ? `NOT EXISTS (SELECT FROM ${state.qualified})`
    : `(SELECT count(*) FILTER (WHERE version = ${version} AND NOT dirty) = 1 AND count(*) = 1 FROM ${state.qualified})`;
}
