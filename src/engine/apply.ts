import type { Driver, MigrationText, PlannedState, TransactionStep } from '../database/driver.js';
import { MigrateError } from '../errors.js';
import { isLockConflict, isRetryable } from '../database/driver.js';
import type { HistoryWrite } from '../database/history-table.js';
import { insideOwnTransaction, type Statement } from '../sql/index.js';
import type { Clock } from './clock.js';
import type { EngineEvents } from './events.js';
import type { PreparedStep } from './prepare.js';
import type { AppliedMigration } from './result.js';
import { retrying } from './retry.js';

export interface ApplyOptions {
  driver: Driver;
  /**
   * `own`: the step runs in a transaction of its own (BEGIN … COMMIT). `open`: inside the
   * driver's rehearsal, which is rolled back (plan); it is never retried there.
   */
  scope?: 'own' | 'open';
  /** the state this migration was planned from */
  planned: PlannedState;
  statementLockTimeoutMs: number;
  statementLockRetries: number;
  events: EngineEvents;
  clock: Clock;
  /**
   * The history row to write in the step's own transaction (with the version); given the
   * duration when the engine timed the step, else the server times it.
   */
  history?: ((durationMs?: number) => HistoryWrite) | null;
}

/**
 * Applies one migration and records its version.
 * - Transactional files run together with their version row as one message (Driver.run): a
 *   failure rolls everything back, so the database stays at its previous clean version. A lock
 *   timeout or a deadlock is retried with backoff, up to statementLockRetries times.
 * - Files that manage their own transaction or hold statements that cannot run in a transaction
 *   block run golang-migrate's way: mark dirty, run each statement, mark clean.
 */
export async function applyStep(prepared: PreparedStep, options: ApplyOptions): Promise<AppliedMigration> {
  options.events.migrationStart?.(prepared, prepared.mode, prepared.because);
  const started = options.clock.now();
  const retries =
    prepared.mode === 'transaction' ? await runInTransaction(prepared, options) : await runStatementByStatement(prepared, options);
  const applied = appliedOf(prepared, options.clock.now() - started, retries);
  options.events.migrationDone?.(applied);
  return applied;
}

/** What the result and the reporters are told of a step that is done. */
export function appliedOf(prepared: PreparedStep, durationMs: number, retries: number): AppliedMigration {
  return {
    version: prepared.version,
    name: prepared.name,
    file: prepared.file?.displayPath ?? null,
    durationMs,
    mode: prepared.mode,
    retries,
    ...(prepared.direction === 'down' ? { direction: 'down' as const } : {}),
  };
}

/** The driver's step for a transactional migration planned from `planned`. */
export function transactionStep(
  prepared: PreparedStep,
  planned: PlannedState,
  statementLockTimeoutMs: number,
  history: HistoryWrite | null,
  scope: 'own' | 'open' = 'own',
): TransactionStep {
  return { migration: textOf(prepared), recordVersion: prepared.recordVersion, planned, statementLockTimeoutMs, history, scope };
}

function runInTransaction(prepared: PreparedStep, options: ApplyOptions): Promise<number> {
  const scope = options.scope ?? 'own';
  return retrying(
    async () => {
      await options.driver.run(
        transactionStep(prepared, options.planned, options.statementLockTimeoutMs, options.history?.() ?? null, scope),
      );
    },
    {
      // a rehearsal's transaction is aborted by the failure: there is nothing to run again in
      retries: scope === 'own' ? options.statementLockRetries : 0,
      canRetry: isRetryable,
      onRetry: (attempt, delayMs, error) =>
        options.events.migrationRetry?.(prepared, attempt, options.statementLockRetries, delayMs, error.message),
      clock: options.clock,
    },
  );
}

/** Returns how many times single statements were retried. */
async function runStatementByStatement(prepared: PreparedStep, options: ApplyOptions): Promise<number> {
  const { driver, clock, statementLockTimeoutMs } = options;
  const started = clock.now();
  const migration = textOf(prepared);
  await driver.setDirty({
    version: prepared.version,
    recordVersion: prepared.recordVersion,
    planned: options.planned.version,
    createTable: !options.planned.exists,
    statementLockTimeoutMs,
  });
  let inOwnTransaction = false;
  let retries = 0;
  for (const statement of prepared.statements) {
    // Only a statement outside the file's own transaction may run again: inside one, a failure
    // has ended the transaction, and the statement would run again without what came before.
    const outside = !inOwnTransaction;
    inOwnTransaction = insideOwnTransaction(statement, inOwnTransaction);
    const safe = outside && !inOwnTransaction && retrySafe(statement);
    // A CONCURRENTLY statement waits, as golang-migrate lets it, under the session's own
    // lock_timeout (0: none, unless the URL or the role sets one): see waitsUnbounded.
    const timeout = waitsUnbounded(statement) ? 0 : statementLockTimeoutMs;
    retries += await stillDirty(prepared, `before line ${statement.line}`, () =>
      retrying(() => driver.runStatement({ migration, statement, statementLockTimeoutMs: timeout }), {
        retries: safe ? options.statementLockRetries : 0,
        canRetry: isLockConflict,
        onRetry: (attempt, delayMs, error) =>
          options.events.migrationRetry?.(
            { version: prepared.version, name: `statement at line ${statement.line}` },
            attempt,
            options.statementLockRetries,
            delayMs,
            error.message,
          ),
        clock,
      }),
    );
  }
  await stillDirty(prepared, 'after its last statement, before it was recorded clean', () =>
    driver.setClean({
      version: prepared.version,
      recordVersion: prepared.recordVersion,
      history: options.history?.(clock.now() - started) ?? null,
      statementLockTimeoutMs,
    }),
  );
  return retries;
}

/**
 * A cancel between two messages of a file that runs statement by statement is refused before the
 * next is sent: nothing failed on the server, but the dirty mark is committed, and the result
 * must say so.
 */
async function stillDirty<T>(prepared: PreparedStep, where: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof MigrateError) || error.code !== 'cancelled' || error.data.dirty) throw error;
    const version = prepared.version;
    throw new MigrateError(
      'cancelled',
      `${error.message} while migration ${version} ran statement by statement: it stopped ${where} and left the database dirty at version ${version}`,
      { version, dirty: true },
    );
  }
}

function textOf(prepared: PreparedStep): MigrationText {
  return { version: prepared.version, file: prepared.file?.displayPath ?? null, sql: prepared.sql, statements: prepared.statements };
}

/**
 * The CONCURRENTLY forms (CREATE INDEX, REINDEX, DROP INDEX, DETACH PARTITION) wait for the
 * transactions already running to end, and for their SHARE UPDATE EXCLUSIVE lock, which no read
 * or write of the application conflicts with: nothing queues behind them, so statement-lock-
 * timeout protects nothing there. It only turned a slow success into a failure that leaves an
 * invalid index (or a pending detach) and a dirty database for a person to repair.
 */
function waitsUnbounded(statement: Statement): boolean {
  return statement.kind === 'no-transaction' && / CONCURRENTLY$/.test(statement.keywords);
}

/**
 * A statement outside the file's own transaction that failed on a lock left nothing behind and
 * can run again — except concurrent index builds, which leave an invalid index when they fail.
 */
function retrySafe(statement: Statement): boolean {
  return !/^(CREATE( UNIQUE)? INDEX CONCURRENTLY|REINDEX)/.test(statement.keywords);
}
