import type pg from 'pg';
import { MigrateError, type SqlLocation } from '../errors.js';
import { offsetToLineColumn, serverPositionToOffset, type Statement } from '../sql/index.js';
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
): { prefix: PrefixStatement } | { location: SqlLocation | undefined } {
  const { file, sql, statements } = migration;
  const offset = server.position ? serverPositionToOffset(sent.text, Number(server.position)) - sent.head.length : null;
  if (file && offset !== null && offset >= 0 && offset <= sql.length)
    return { location: locate(file, sql, offsetToLineColumn(sql, offset)) };
  const failed = error.completedStatements - sent.leading;
  const prefixStatement = sent.prefix[failed];
  if (prefixStatement && (offset === null || offset < 0)) return { prefix: prefixStatement };
  const statement = statements[failed - sent.prefix.length];
  return { location: file && statement && offset === null ? locate(file, sql, statement) : undefined };
}

/** Where a statement sent alone failed, in its file. */
export function placeStatementFailure(server: ServerError, statement: Statement, migration: MigrationText): SqlLocation | undefined {
  if (!migration.file) return undefined;
  const position = server.position
    ? offsetToLineColumn(migration.sql, statement.start + serverPositionToOffset(statement.text, Number(server.position)))
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
