import type { Version } from './migration-version.js';

/**
 * One error type for every expected failure. The `code` decides the exit code, the console
 * line and whether an annotation is written (see report/); the data fields carry what a
 * person needs to act: the version, the file and the position of the failing SQL.
 *
 * Anything that is not a MigrateError reaching the top level is a bug, and is reported as one.
 */
export type ErrorCode =
  | 'config' // bad usage or configuration: exit 2
  | 'source' // unreadable or malformed migrations directory: exit 2
  | 'connect' // server unreachable, authentication failed, unknown database
  | 'connection-lost' // the session ended mid-run (server restart, terminated backend)
  | 'lock-timeout' // the migration lock was held by someone else for longer than lock-timeout
  | 'lock-lost' // the migration lock did not stay with the session (a transaction-pooling proxy)
  | 'dirty' // golang-migrate's dirty flag is set
  | 'ahead' // database version above the newest migration
  | 'missing-version' // database version below the newest but without a file
  | 'state' // the state table cannot be read or is not golang-migrate's
  | 'sql' // a migration failed
  | 'verify' // the migration set failed verify: a down that does not undo its up, …
  | 'pending' // check with fail-on-pending found work to do
  | 'out-of-order' // a file below the database's version that the history proves was never applied
  | 'edited' // an applied migration's file changed since it was applied
  | 'drift' // check with drift found the schema differs from its migrations (fail-on-drift)
  | 'state-changed' // the state was not the planned one when a migration's transaction ran: plan again
  | 'lint' // lint found problems at level error
  | 'cancelled' // SIGINT or SIGTERM (a cancelled job, Ctrl-C): the running statement was cancelled
  | 'missing-down'; // down or goto would revert a migration that has no down file

export interface SqlLocation {
  /** path shown to people and used for annotations: relative to the repository */
  file: string;
  line: number;
  column: number;
  /** the lines around the failure, for the summary */
  excerpt?: { number: number; text: string }[];
}

export interface MigrateErrorData {
  version?: Version;
  /** a failed migration left golang-migrate's dirty flag set (it ran outside one transaction) */
  dirty?: boolean;
  location?: SqlLocation;
  sqlState?: string;
  detail?: string;
  hint?: string;
  where?: string;
  /**
   * The session was lost (or closed after a cancel) with messages the server may have run: what
   * committed is unknown here, and the state is read again on a new session (withDriver).
   */
  outcomeUnknown?: boolean;
}

export class MigrateError extends Error {
  readonly code: ErrorCode;
  readonly data: MigrateErrorData;

  constructor(code: ErrorCode, message: string, data: MigrateErrorData = {}) {
    super(message);
    this.name = 'MigrateError';
    this.code = code;
    this.data = data;
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** The contract's exit codes: 2 for bad usage or configuration, 1 for every other failure. */
const EXIT_CODES: Record<ErrorCode, number> = {
  config: EXIT_USAGE,
  source: EXIT_USAGE,
  connect: EXIT_FAILURE,
  'connection-lost': EXIT_FAILURE,
  'lock-timeout': EXIT_FAILURE,
  'lock-lost': EXIT_FAILURE,
  dirty: EXIT_FAILURE,
  ahead: EXIT_FAILURE,
  'missing-version': EXIT_FAILURE,
  state: EXIT_FAILURE,
  sql: EXIT_FAILURE,
  verify: EXIT_FAILURE,
  pending: EXIT_FAILURE,
  edited: EXIT_FAILURE,
  'out-of-order': EXIT_FAILURE,
  drift: EXIT_FAILURE,
  'state-changed': EXIT_FAILURE,
  lint: EXIT_FAILURE,
  cancelled: EXIT_FAILURE,
  'missing-down': EXIT_FAILURE,
};

export function exitCodeFor(code: ErrorCode): number {
  return EXIT_CODES[code];
}
