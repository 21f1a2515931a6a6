import type pg from 'pg';
import { MigrateError, type SqlLocation } from '../errors.js';
import { isServerError, simpleQuery, SimpleQueryError, type ServerError } from '../database/query.js';
import { setVersionSql, type StateTable } from '../database/state-table.js';
import type { Migration } from '../source/index.js';
import { excerpt, offsetToLineColumn, serverPositionToOffset, splitStatements, transactionMode, type Statement } from '../sql/index.js';
import type { EngineEvents } from './events.js';
import type { AppliedMigration, RunMode } from './result.js';

const BEGIN = 'BEGIN;\n';

/** Thrown when a migration failed; `dirty` tells whether it left golang-migrate's dirty flag set. */
export class MigrationFailure extends MigrateError {
  constructor(
    message: string,
    data: MigrateError['data'],
    readonly dirty: boolean,
  ) {
    super('sql', message, data);
  }
}

/**
 * Applies one migration and records its version.
 * - Transactional files run together with their version row as one simple query
 *   `BEGIN; <file>; TRUNCATE; INSERT; COMMIT`: one round trip, and a failure rolls everything back,
 *   so the database stays at its previous clean version.
 * - Files that manage their own transaction or hold statements that cannot run in a transaction
 *   block run golang-migrate's way: mark dirty, run each statement, mark clean.
 */
export async function applyMigration(
  client: pg.Client,
  state: StateTable,
  migration: Migration,
  events: EngineEvents,
): Promise<AppliedMigration> {
  const file = migration.up;
  const sql = file?.sql ?? '';
  const split = splitStatements(sql);
  if (split.error) {
    throw new MigrationFailure(
      `${split.error.message} in ${file?.displayPath}`,
      { version: migration.version, location: locate(file!.displayPath, sql, split.error.line, split.error.column) },
      false,
    );
  }
  const plan = transactionMode(split.statements);
  const mode: RunMode = plan.mode === 'single-transaction' ? 'transaction' : 'statement-by-statement';
  const because = plan.mode === 'statement-by-statement' ? `${plan.because.keywords} at line ${plan.because.line}` : null;
  events.migrationStart?.(migration, mode, because);
  const started = performance.now();
  if (plan.mode === 'single-transaction') {
    await runInTransaction(client, state, migration, split.statements);
  } else {
    await runStatementByStatement(client, state, migration, split.statements);
  }
  const applied: AppliedMigration = {
    version: migration.version,
    name: migration.name,
    file: file?.displayPath ?? null,
    durationMs: performance.now() - started,
    mode,
  };
  events.migrationDone?.(applied);
  return applied;
}

async function runInTransaction(client: pg.Client, state: StateTable, migration: Migration, statements: Statement[]): Promise<void> {
  const sql = migration.up?.sql ?? '';
  // The file's text is sent unchanged between our BEGIN and the version write; the newline before
  // ';' ends a trailing `--` comment, and an extra empty statement is ignored by PostgreSQL.
  const body = statements.length > 0 ? `${sql}\n;\n` : '';
  const text = `${BEGIN}${body}${setVersionSql(state, migration.version, false)};\nCOMMIT`;
  try {
    await simpleQuery(client, text);
  } catch (error) {
    // An error leaves the explicit transaction aborted: end it (if the connection is gone, the
    // server has rolled it back already).
    await client.query('ROLLBACK').catch(() => {});
    if (!(error instanceof SimpleQueryError) || !isServerError(error.cause)) throw connectionLost(error, migration, false);
    const server = error.cause;
    const locationInFile = (): SqlLocation | undefined => {
      const file = migration.up!;
      if (server.position) {
        const offset = serverPositionToOffset(text, Number(server.position)) - BEGIN.length;
        if (offset >= 0 && offset <= sql.length) {
          const { line, column } = offsetToLineColumn(sql, offset);
          return locate(file.displayPath, sql, line, column);
        }
        return undefined;
      }
      // No position: the statement that failed is the one after the completed ones (BEGIN included).
      const failed = statements[error.completedStatements - 1];
      return failed ? locate(file.displayPath, sql, failed.line, failed.column) : undefined;
    };
    const location = migration.up ? locationInFile() : undefined;
    throw new MigrationFailure(server.message, serverData(server, migration.version, location), false);
  }
}

async function runStatementByStatement(
  client: pg.Client,
  state: StateTable,
  migration: Migration,
  statements: Statement[],
): Promise<void> {
  const file = migration.up!;
  await simpleQuery(client, setVersionSql(state, migration.version, true)).catch((error: unknown) => {
    throw recordingFailed(error, migration, false);
  });
  for (const statement of statements) {
    try {
      await simpleQuery(client, statement.text);
    } catch (error) {
      // The file may have left its own transaction open and aborted; the dirty flag is already
      // committed, so ending that transaction loses nothing.
      await client.query('ROLLBACK').catch(() => {});
      if (!(error instanceof SimpleQueryError) || !isServerError(error.cause)) throw connectionLost(error, migration, true);
      const server = error.cause;
      let line = statement.line;
      let column = statement.column;
      if (server.position) {
        const offset = statement.start + serverPositionToOffset(statement.text, Number(server.position));
        ({ line, column } = offsetToLineColumn(file.sql, offset));
      }
      throw new MigrationFailure(
        server.message,
        serverData(server, migration.version, locate(file.displayPath, file.sql, line, column)),
        true,
      );
    }
  }
  await simpleQuery(client, setVersionSql(state, migration.version, false)).catch((error: unknown) => {
    throw recordingFailed(error, migration, true);
  });
}

function locate(file: string, sql: string, line: number, column: number): SqlLocation {
  return { file, line, column, excerpt: excerpt(sql, line) };
}

function serverData(server: ServerError, version: number, location: SqlLocation | undefined): MigrateError['data'] {
  return {
    version,
    ...(location ? { location } : {}),
    ...(server.code ? { sqlState: server.code } : {}),
    ...(server.detail ? { detail: server.detail } : {}),
    ...(server.hint ? { hint: server.hint } : {}),
    ...(server.where ? { where: server.where } : {}),
  };
}

function recordingFailed(error: unknown, migration: Migration, dirty: boolean): MigrationFailure {
  const cause = error instanceof SimpleQueryError ? error.cause : error;
  const message = cause instanceof Error ? cause.message : String(cause);
  return new MigrationFailure(`recording version ${migration.version} failed: ${message}`, { version: migration.version }, dirty);
}

function connectionLost(error: unknown, migration: Migration, dirty: boolean): MigrationFailure {
  const cause = error instanceof SimpleQueryError ? error.cause : error;
  const message = cause instanceof Error ? cause.message : String(cause);
  return new MigrationFailure(`connection lost while applying version ${migration.version}: ${message}`, { version: migration.version }, dirty);
}
