import type pg from 'pg';
import { MigrateError, type SqlLocation } from '../errors.js';
import { endsSession } from '../database/connect.js';
import { guardSql, LOCK_NOT_HELD, STATE_CHANGED, stateTableLockSql } from '../database/guards.js';
import { isServerError, simpleQuery, SimpleQueryError, type ServerError } from '../database/query.js';
import { setVersionSql, type StoredState } from '../database/state-table.js';
import { excerpt, offsetToLineColumn, serverPositionToOffset, type Statement } from '../sql/index.js';
import type { EngineEvents } from './events.js';
import type { PreparedStep } from './prepare.js';
import type { AppliedMigration } from './result.js';
import { lockTimeout, poolerDetected, type PrefixStatement, type Session } from './session.js';
import type { Version } from '../migration-version.js';

/** A failed migration; `dirty` tells whether it left golang-migrate's dirty flag set. */
export class MigrationFailure extends MigrateError {
  constructor(
    message: string,
    data: MigrateError['data'],
    readonly dirty: boolean,
  ) {
    super('sql', message, data);
  }
}

/** The state changed under a transaction-scoped lock between planning and applying: plan again. */
export class StateChanged extends Error {}

export interface ApplyOptions {
  session: Session;
  /**
   * `commit`: the step runs in a transaction of its own (BEGIN … COMMIT). `open`: inside the
   * caller's open transaction, which the caller ends (plan rolls it back).
   */
  transaction?: 'commit' | 'open';
  /** the state this migration was planned from */
  planned: StoredState;
  /** the wait for the migration lock, for lock-strategy transaction */
  lockTimeoutMs: number;
  statementLockTimeoutMs: number;
  statementLockRetries: number;
  events: EngineEvents;
  /**
   * The history row to write in the step's own transaction (with the version); given the
   * duration when the client timed the step, else the SQL times it on the server.
   */
  historySql?: (durationMs?: number) => string;
}

// A migration that failed on these was rolled back whole, so running it again is safe.
const RETRYABLE_SQLSTATES = new Set(['55P03', '40P01']); // lock_not_available, deadlock_detected

/**
 * Applies one migration and records its version.
 * - Transactional files run together with their version row as one simple query
 *   `BEGIN; <guards>; <file>; DELETE; INSERT; COMMIT`: one round trip, and a failure rolls
 *   everything back, so the database stays at its previous clean version. A lock timeout or a
 *   deadlock is retried with backoff, up to statementLockRetries times.
 * - Files that manage their own transaction or hold statements that cannot run in a transaction
 *   block run golang-migrate's way: mark dirty, run each statement, mark clean.
 */
export async function applyStep(prepared: PreparedStep, options: ApplyOptions): Promise<AppliedMigration> {
  options.events.migrationStart?.(prepared, prepared.mode, prepared.because);
  const started = performance.now();
  const retries = await withRetries(prepared, options, (attempt) =>
    prepared.mode === 'transaction'
      ? runInTransaction(prepared, options).then(() => 0)
      : runStatementByStatement(prepared, options, attempt),
  );
  const applied: AppliedMigration = {
    version: prepared.version,
    name: prepared.name,
    file: prepared.file?.displayPath ?? null,
    durationMs: performance.now() - started,
    mode: prepared.mode,
    retries,
  };
  options.events.migrationDone?.(applied);
  return applied;
}

async function withRetries(prepared: PreparedStep, options: ApplyOptions, run: (attempt: number) => Promise<number>): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      // the retries of the whole migration, and those of single statements inside it
      return attempt + (await run(attempt));
    } catch (error) {
      const retryable =
        error instanceof MigrationFailure &&
        !error.dirty &&
        options.transaction !== 'open' &&
        RETRYABLE_SQLSTATES.has(error.data.sqlState ?? '') &&
        attempt < options.statementLockRetries;
      if (!retryable) throw error;
      const delayMs = Math.min(30_000, 1000 * 2 ** attempt) * (0.8 + Math.random() * 0.4);
      options.events.migrationRetry?.(prepared, attempt + 1, options.statementLockRetries, delayMs, error.message);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

async function runInTransaction(prepared: PreparedStep, options: ApplyOptions): Promise<void> {
  const { session } = options;
  const { sql, statements, file } = prepared;
  const own = options.transaction !== 'open';
  const prefix = session.transactionPrefix(options.planned, options.statementLockTimeoutMs);
  const head = `${own ? 'BEGIN;\n' : ''}${prefix.map((statement) => `${statement.sql};\n`).join('')}`;
  // The file's text is sent unchanged after the guards; the newline before ';' ends a trailing
  // `--` comment, and an extra empty statement is ignored by PostgreSQL.
  const body = statements.length > 0 ? `${sql}\n;\n` : '';
  const history = options.historySql ? `;\n${options.historySql()}` : '';
  const text = `${head}${body}${setVersionSql(session.state, prepared.recordVersion, false)}${history}${own ? ';\nCOMMIT' : ''}`;
  try {
    await simpleQuery(session.client, text);
  } catch (error) {
    // An error leaves an explicit transaction aborted: end our own (if the connection is gone,
    // the server has rolled it back already); the caller ends an open one.
    if (own) await session.client.query('ROLLBACK').catch(() => {});
    if (!(error instanceof SimpleQueryError) || !isServerError(error.cause) || endsSession(error.cause)) {
      throw connectionLost(error, prepared.version, false);
    }
    const server = error.cause;
    // A position places the error in the text sent (a syntax error stops the whole text before
    // any statement runs); without one, the statements completed before the failure tell which
    // failed: BEGIN (when ours), then the prefix, then the file's.
    let location: SqlLocation | undefined;
    const offset = server.position ? serverPositionToOffset(text, Number(server.position)) - head.length : null;
    if (file && offset !== null && offset >= 0 && offset <= sql.length) {
      location = locate(file.displayPath, sql, offsetToLineColumn(sql, offset));
    } else {
      const failed = error.completedStatements - (own ? 1 : 0);
      const prefixStatement = prefix[failed];
      if (prefixStatement && (offset === null || offset < 0)) throw await prefixFailure(prefixStatement, server, options);
      const statement = statements[failed - prefix.length];
      if (file && statement && offset === null) location = locate(file.displayPath, sql, statement);
    }
    throw new MigrationFailure(server.message, serverData(server, prepared.version, location), false);
  }
}

async function prefixFailure(statement: PrefixStatement, server: ServerError, options: ApplyOptions): Promise<Error> {
  switch (statement.role) {
    case 'lock':
      if (server.code === '55P03') return lockTimeout(options.session.client, options.session.lockId, options.lockTimeoutMs);
      break;
    case 'guard':
      if (server.code === LOCK_NOT_HELD) return poolerDetected();
      if (server.code === STATE_CHANGED) return new StateChanged('the state changed while waiting for the lock');
      break;
    default:
      break;
  }
  return new MigrateError('sql', server.message, { sqlState: server.code ?? '' });
}

/** Returns how many times single statements were retried. */
async function runStatementByStatement(prepared: PreparedStep, options: ApplyOptions, attempt: number): Promise<number> {
  const started = performance.now();
  const { session, statementLockTimeoutMs } = options;
  const { sql, statements, version } = prepared;
  const displayPath = prepared.file!.displayPath;
  const client = session.client;
  const setLockTimeout = statementLockTimeoutMs > 0 ? `;\nSET lock_timeout = '${Math.round(statementLockTimeoutMs)}ms'` : '';
  const resetTimeout = statementLockTimeoutMs > 0 ? ';\nRESET lock_timeout' : '';
  if (attempt === 0) {
    // golang-migrate marks the target version dirty first; the mark commits only while the
    // migration lock is this session's.
    const guard = guardSql({ lockId: session.lockId, state: session.state, planned: options.planned.version, lockTimeoutMs: 0 });
    const mark = `BEGIN;\n${stateTableLockSql(session.state)};\n${guard};\n${setVersionSql(session.state, prepared.recordVersion, true)};\nCOMMIT${setLockTimeout}`;
    await simpleQuery(client, mark).catch(async (error: unknown) => {
      await client.query('ROLLBACK').catch(() => {});
      const failedGuard = error instanceof SimpleQueryError && error.completedStatements === 2 && isServerError(error.cause);
      if (failedGuard && error.cause.code === LOCK_NOT_HELD) throw poolerDetected();
      if (failedGuard && error.cause.code === STATE_CHANGED) throw new StateChanged('the state changed before the dirty mark');
      throw recordingFailed(error, version, false);
    });
  }
  let inOwnTransaction = false;
  let retries = 0;
  for (const statement of statements) {
    inOwnTransaction = tracksOwnTransaction(statement, inOwnTransaction);
    const safe = !inOwnTransaction && retrySafe(statement);
    retries += await runStatement(client, statement, displayPath, sql, version, options, safe, resetTimeout);
  }
  const history = options.historySql ? `;\n${options.historySql(performance.now() - started)}` : '';
  await simpleQuery(client, `${setVersionSql(session.state, prepared.recordVersion, false)}${history}${resetTimeout}`).catch(
    (error: unknown) => {
      throw recordingFailed(error, version, true);
    },
  );
  return retries;
}

/** Runs one statement, retrying lock timeouts when that is safe; returns the retries. */
async function runStatement(
  client: pg.Client,
  statement: Statement,
  displayPath: string,
  sql: string,
  version: Version,
  options: ApplyOptions,
  retrySafe: boolean,
  resetTimeout: string,
): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      await simpleQuery(client, statement.text);
      return attempt;
    } catch (error) {
      // The file may have left its own transaction open and aborted; the dirty flag is already
      // committed, so ending that transaction loses nothing.
      await client.query(`ROLLBACK${resetTimeout}`).catch(() => {});
      if (!(error instanceof SimpleQueryError) || !isServerError(error.cause) || endsSession(error.cause)) {
        throw connectionLost(error, version, true);
      }
      const server = error.cause;
      if (retrySafe && RETRYABLE_SQLSTATES.has(server.code ?? '') && attempt < options.statementLockRetries) {
        const delayMs = Math.min(30_000, 1000 * 2 ** attempt) * (0.8 + Math.random() * 0.4);
        options.events.migrationRetry?.(
          { version, name: `statement at line ${statement.line}` },
          attempt + 1,
          options.statementLockRetries,
          delayMs,
          server.message,
        );
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        if (resetTimeout) await client.query(`SET lock_timeout = '${Math.round(options.statementLockTimeoutMs)}ms'`);
        continue;
      }
      let position: { line: number; column: number } = statement;
      if (server.position) {
        position = offsetToLineColumn(sql, statement.start + serverPositionToOffset(statement.text, Number(server.position)));
      }
      throw new MigrationFailure(server.message, serverData(server, version, locate(displayPath, sql, position)), true);
    }
  }
}

/** Whether `statement` runs inside a transaction the file opened itself. */
function tracksOwnTransaction(statement: Statement, inside: boolean): boolean {
  if (statement.kind !== 'transaction-control') return inside;
  return /^(BEGIN|START)\b/.test(statement.keywords);
}

/**
 * A statement outside the file's own transaction that failed on a lock left nothing behind and
 * can run again — except concurrent index builds, which leave an invalid index when they fail.
 */
function retrySafe(statement: Statement): boolean {
  return !/^(CREATE( UNIQUE)? INDEX CONCURRENTLY|REINDEX)/.test(statement.keywords);
}

function locate(file: string, sql: string, position: { line: number; column: number }): SqlLocation {
  return { file, line: position.line, column: position.column, excerpt: excerpt(sql, position.line) };
}

function serverData(server: ServerError, version: Version, location: SqlLocation | undefined): MigrateError['data'] {
  return {
    version,
    ...(location ? { location } : {}),
    ...(server.code ? { sqlState: server.code } : {}),
    ...(server.detail ? { detail: server.detail } : {}),
    ...(server.hint ? { hint: server.hint } : {}),
    ...(server.where ? { where: server.where } : {}),
  };
}

function recordingFailed(error: unknown, version: Version, dirty: boolean): MigrationFailure {
  const cause = error instanceof SimpleQueryError ? error.cause : error;
  const message = cause instanceof Error ? cause.message : String(cause);
  return new MigrationFailure(`recording version ${version} failed: ${message}`, { version }, dirty);
}

/** The session ended under the migration: not the file's fault, so no location is given. */
function connectionLost(error: unknown, version: Version, dirty: boolean): MigrationFailure {
  const cause = error instanceof SimpleQueryError ? error.cause : error;
  const message = cause instanceof Error ? cause.message : String(cause);
  const outcome = dirty ? `left dirty at ${version}` : 'rolled back';
  return new MigrationFailure(`connection lost while applying version ${version} (${outcome}): ${message}`, { version }, dirty);
}
