import type pg from 'pg';
import { MigrateError, type SqlLocation } from '../errors.js';
import { offsetToLineColumn, serverPositionToOffset, type PositionUnit, type Statement } from '../sql/index.js';
import { endsSession, lostReason } from './connect.js';
import type { MigrationText } from './driver.js';
import { locate, sessionLost } from './driver-errors.js';
import { isServerError, SimpleQueryError, type ServerError } from './query.js';
import type { PrefixStatement, StepText } from './transaction-text.js';

/** The server's error when a statement failed and the session goes on; null when it ended. */
export function failedOnServer(error: unknown): ServerError | null {
  const cause = error instanceof SimpleQueryError ? error.cause : error;
  return isServerError(cause) && !endsSession(cause) ? cause : null;
}

/** Why the session ended or a statement failed, in the server's words when it gave them. */
export function reasonOf(client: pg.Client, error: unknown): string {
  const cause = error instanceof SimpleQueryError ? error.cause : error;
  if (!isServerError(cause)) {
    const reason = lostReason(client);
    if (reason) return reason;
  }
  return cause instanceof Error ? cause.message : String(cause);
}

/**
 * Where a step's message failed: in the prefix (a guard or the lock: the caller explains it), or
 * in the file (its place, when known). A position places the error in the text sent (a syntax
 * error stops the whole text before any statement runs); without one, the statements completed
 * before the failure tell which failed: BEGIN (when ours), then the prefix, then the file's.
 */
export function placeStepFailure(
  error: SimpleQueryError,
  server: ServerError,
  sent: StepText,
  migration: MigrationText,
  unit: PositionUnit = 'characters',
): { prefix: PrefixStatement } | { location: SqlLocation | undefined; after?: AfterFile } {
  const { file, sql, statements } = migration;
  const offset = server.position ? serverPositionToOffset(sent.text, Number(server.position), unit) - sent.head.length : null;
  if (file && offset !== null && offset >= 0 && offset <= sql.length)
    return { location: locate(file, sql, offsetToLineColumn(sql, offset)) };
  // A syntax error past the file: its last statement is unfinished and the parser read on into
  // the text that follows it (the ';' after the file, or, from an unfinished BEGIN ATOMIC, to the
  // end). For the user it ends where the file ends.
  if (offset !== null && offset > sql.length && server.code === SYNTAX_ERROR)
    return { location: file ? locate(file, sql, offsetToLineColumn(sql, sql.trimEnd().length)) : undefined, after: 'end-of-input' };
  const failed = error.completedStatements - sent.leading;
  const prefixStatement = sent.prefix[failed];
  if (prefixStatement && (offset === null || offset < 0)) return { prefix: prefixStatement };
  const statement = statements[failed - sent.prefix.length];
  if (!statement && offset === null && failed >= sent.prefix.length + statements.length) {
    // Every statement of the file ran: what failed is the version row, the history, or the
    // COMMIT, where deferred constraints are checked. The place is the end of the file.
    const last = failed - sent.prefix.length - statements.length === sent.after.statements - 1;
    return {
      location: file ? locate(file, sql, offsetToLineColumn(sql, sql.trimEnd().length)) : undefined,
      after: last && sent.after.commits ? 'commit' : 'version-row',
    };
  }
  return { location: file && statement && offset === null ? locate(file, sql, statement) : undefined };
}

/**
 * A failure placed past the file's last statement, and what the message adds so that it is not
 * taken for the file's own statement: `end-of-input` (the file ends inside a statement; the
 * server's "at or near" names text that is not the file's), `commit` (a deferred constraint),
 * `version-row` (the file's statements left the session unable to record its version).
 */
export type AfterFile = 'end-of-input' | 'commit' | 'version-row';

const SYNTAX_ERROR = '42601';

/** The server's message, reworded where its words would point at text that is not the file's. */
export function messageAfterFile(message: string, after: AfterFile | undefined): string {
  switch (after) {
    case 'end-of-input':
      return /^syntax error at (or near|end of input)/.test(message) ? 'syntax error at end of input' : message;
    case 'commit':
      return `${message} (when the migration's transaction committed, after its last statement: a deferred constraint)`;
    case 'version-row':
      return `${message} (after the migration's last statement, while recording its version)`;
    default:
      return message;
  }
}

/** Where a statement sent alone failed, in its file. */
export function placeStatementFailure(
  server: ServerError,
  statement: Statement,
  migration: MigrationText,
  unit: PositionUnit = 'characters',
): SqlLocation | undefined {
  if (!migration.file) return undefined;
  const position = server.position
    ? offsetToLineColumn(migration.sql, statement.start + serverPositionToOffset(statement.text, Number(server.position), unit))
    : statement;
  return locate(migration.file, migration.sql, position);
}

/**
 * The driver's boundary: a MigrateError passes; a server error outside a migration (a permission
 * on the state table, say) is `state`; an error after which the session is gone — the server
 * ended it (class 57P, 08) or the socket closed, which the client reported as an 'error' event
 * — is `connection-lost`. Anything else is a bug and passes unchanged.
 */
export function asDriverError(client: pg.Client, error: unknown): unknown {
  if (error instanceof MigrateError) return error;
  const cause = error instanceof SimpleQueryError ? error.cause : error;
  const lost = lostReason(client);
  if (isServerError(cause) && endsSession(cause)) return sessionLost(lost ?? cause.message);
  if (isServerError(cause)) return new MigrateError('state', cause.message, { sqlState: cause.code! });
  if (lost) return sessionLost(lost);
  return error;
}
