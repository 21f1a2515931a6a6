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
  | 'edited' // an applied migration's file changed since it was applied
  | 'drift'; // check with drift found the schema differs from its migrations (fail-on-drift)

export interface SqlLocation {
  /** path shown to people and used for annotations: relative to the repository */
  file: string;
  line: number;
  column: number;
  /** the lines around the failure, for the summary */
  excerpt?: { number: number; text: string }[];
}

export interface MigrateErrorData {
  version?: number;
  location?: SqlLocation;
  sqlState?: string;
  detail?: string;
  hint?: string;
  where?: string;
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

export function exitCodeFor(code: ErrorCode): number {
  return code === 'config' || code === 'source' ? EXIT_USAGE : EXIT_FAILURE;
}

/** Several configuration errors found at once: reported together, then exit 2. */
export function configErrors(messages: string[]): MigrateError {
  return new MigrateError('config', messages.join('; '));
}
