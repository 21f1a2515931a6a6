import { MigrateError, type SqlLocation } from '../errors.js';
import type { Version } from '../migration-version.js';
import { excerpt } from '../sql/index.js';
import type { ServerError } from './query.js';

/**
 * The failures a driver reports, built in one place so that every driver (PostgreSQL's and the
 * tests' in-memory one) reports the same facts with the same words.
 */

/** A migration's statement failed on the server; `dirty`: golang-migrate's flag stays set. */
export function migrationFailed(server: ServerError, version: Version, location: SqlLocation | undefined, dirty: boolean): MigrateError {
  return new MigrateError('sql', server.message, {
    version,
    ...(dirty ? { dirty } : {}),
    ...(location ? { location } : {}),
    ...(server.code ? { sqlState: server.code } : {}),
    ...(server.detail ? { detail: server.detail } : {}),
    ...(server.hint ? { hint: server.hint } : {}),
    ...(server.where ? { where: server.where } : {}),
  });
}

/** The session ended under the migration: not the file's fault, so no location is given. */
export function connectionLost(reason: string, version: Version, dirty: boolean, unsure?: { sentAfter: number }): MigrateError {
  if (!dirty && unsure) {
    // The socket failed, not the session: a COMMIT that had reached the server stands, and so do
    // the pipelined messages behind it that the server went on to run.
    const behind = unsure.sentAfter > 0 ? `, and so may the ${unsure.sentAfter} sent after it` : '';
    return new MigrateError(
      'sql',
      `connection lost while applying version ${version}: ${reason}; it may have committed with its version row${behind}`,
      { version, outcomeUnknown: true },
    );
  }
  const outcome = dirty ? `left dirty at ${version}` : 'rolled back';
  return new MigrateError('sql', `connection lost while applying version ${version} (${outcome}): ${reason}`, {
    version,
    ...(dirty ? { dirty } : {}),
  });
}

/** Writing the version row around a file that runs statement by statement failed. */
export function recordingFailed(reason: string, version: Version, dirty: boolean, lost = false): MigrateError {
  // Lost on the way: the server may have recorded it all the same.
  if (lost)
    return new MigrateError('sql', `recording version ${version} failed: ${reason}; it may have been recorded`, {
      version,
      outcomeUnknown: true,
    });
  return new MigrateError('sql', `recording version ${version} failed: ${reason}`, { version, ...(dirty ? { dirty } : {}) });
}

/** The state was not the planned one when the migration's transaction had the lock. */
export function stateChanged(when: string): MigrateError {
  return new MigrateError('state-changed', `the state changed ${when}`);
}

/** The session ended outside a migration. */
export function sessionLost(reason: string): MigrateError {
  return new MigrateError('connection-lost', `connection lost: ${reason}`);
}

export function locate(file: string, sql: string, position: { line: number; column: number }): SqlLocation {
  return { file, line: position.line, column: position.column, excerpt: excerpt(sql, position.line) };
}
