import type { MigrateError } from '../errors.js';
import type { Version } from '../migration-version.js';
import type { Statement } from '../sql/index.js';
import type { CatalogSnapshot } from './catalog-snapshot.js';
import type { DatabaseFacts } from './table-facts.js';
import type { FullHistoryRead, HistoryRead } from './history-read.js';
import type { HistoryTable, HistoryWrite } from './history-table.js';
import type { LockHolder } from './lock.js';
import { DEADLOCK_DETECTED, LOCK_NOT_AVAILABLE } from './sqlstate.js';
import type { StateTable, StoredState } from './state-table.js';
import type { DatabaseTarget } from './url.js';

/**
 * The seam between the engine and the database, after golang-migrate's database.Driver
 * (Lock, Unlock, Run, SetVersion, Version): the engine decides what runs, in which order, and
 * when to retry, plan again or refuse; a driver does what it is asked, in as few round trips as
 * it can, and reports every expected failure as a MigrateError with a code — never as a raw
 * driver error, so that nothing above it reads message text.
 *
 * Two implementations: PostgresDriver (database/postgres-driver.ts), the only place the engine's
 * SQL is sent, and an in-memory one in the unit tests, which models the state row, the dirty
 * flag, the lock holder, lock conflicts, lost connections and history rows.
 */
export interface Driver {
  /** golang-migrate's state table, located once when the driver opened (current_schema()). */
  readonly stateTable: StateTable;
  readonly strategy: LockStrategy;

  /**
   * Lock: takes golang-migrate's session advisory lock for the rest of the session, waiting at
   * most lock-timeout and telling `events.lockWait` once who holds it meanwhile.
   * Rejects with `lock-timeout` (naming the holder) when the wait ends, and `lock-lost` when this
   * server session already holds it (a transaction-pooling proxy shares it with another client).
   * With lock-strategy `transaction` it takes nothing: every transaction takes the lock itself.
   */
  lock(): Promise<void>;

  /** Unlock: releases what lock took. close() releases it too, as ending the session does. */
  unlock(): Promise<void>;

  /**
   * Version: the state, read under the migration lock. A missing table is "no version"
   * (`exists: false`); a table that is not golang-migrate's, or holds several rows, is `state`.
   * With the session lock it also proves that the session answering is the one holding the lock
   * (`lock-lost` otherwise); with lock-strategy `transaction` it waits for the lock like a
   * migration does (`lock-timeout`).
   */
  version(): Promise<StoredState>;
  /**
   * The state as committed now, read without the migration lock: only to report where the
   * database is after the lock could not be had, instead of "no version". Not a basis for any
   * decision: the holder of the lock may change it the next moment.
   */
  peekVersion(): Promise<StoredState>;

  /** golang-migrate's own CREATE TABLE IF NOT EXISTS of the state table. */
  createStateTable(): Promise<void>;

  /**
   * Run + SetVersion for a migration that can run in a transaction: the guards, the file, the
   * version row and the history row go to the server as ONE simple-protocol message, so a
   * failure anywhere rolls everything back and the state stays at `step.planned`.
   * run() may be called again before the runs before it have settled: each message is then sent
   * at once, without waiting for the answers ahead of it (pipelining), and the runs settle in
   * call order. Each is still its own BEGIN … COMMIT, and its guard lets it commit only on the
   * state the step before it leaves: when one fails, every message sent after it fails too
   * (its transaction is aborted, or its guard finds the state unchanged) and changes nothing.
   * Resolves with how long the migration's transaction took on the server's clock (null when
   * the driver cannot tell).
   * Rejects with:
   * - `sql`, with the step's version and the place in the file when it is known, when the
   *   migration failed; isRetryable() tells a lock conflict that may simply run again;
   * - `state-changed` when the state was not `step.planned` once the lock was had (another
   *   migrator ran in between under lock-strategy transaction): plan again;
   * - `lock-timeout`, `lock-lost` when the migration lock could not be had or was not this
   *   session's; `state` when the state table itself could not be locked;
   * - `sql` with a "connection lost … (rolled back)" message when the server ended the session,
   *   and "… it may have committed …" when the socket failed (the server may have gone on).
   */
  run(step: TransactionStep): Promise<StepRun>;

  /**
   * SetVersion(version, dirty=true) before a file that cannot run in one transaction, in its own
   * transaction under the same guards as run() (`state-changed`, `lock-lost`); a failure leaves
   * the state as it was (`sql` "recording version … failed", not dirty). Afterwards, until
   * setClean(), statements wait at most `statementLockTimeoutMs` for a lock.
   */
  setDirty(mark: DirtyMark): Promise<void>;

  /**
   * One statement of such a file, sent alone (statements like CREATE INDEX CONCURRENTLY refuse
   * to share a message). On failure, any transaction the file left open is ended, and it rejects
   * with `sql`, `dirty: true` and the statement's place in the file.
   */
  runStatement(run: StatementRun): Promise<void>;

  /** SetVersion(version, dirty=false) after such a file, with its history row, in one message. */
  setClean(mark: CleanMark): Promise<void>;

  /**
   * golang-migrate's force: records `version` (null: no version) as clean, whatever the state,
   * with its history row in the same transaction.
   */
  forceVersion(version: Version | null, createTable: boolean, history?: HistoryWrite | null): Promise<void>;

  /** Runs `work` inside one transaction that is rolled back whatever happens (plan). */
  rehearse<T>(work: () => Promise<T>): Promise<T>;

  /**
   * This tool's history: the latest row of each version in short, and the newest of them in
   * full; a missing table is empty.
   */
  readHistory(table: HistoryTable): Promise<HistoryRead>;
  /** The latest row of each version in full (status). */
  readFullHistory(table: HistoryTable): Promise<FullHistoryRead>;

  /**
   * Whether this user may write the history: INSERT on the table, or CREATE in its schema; for
   * `down` rows also the direction column, or the table's ownership to add it.
   */
  mayWriteHistory(table: HistoryTable, exists: boolean, down?: boolean): Promise<boolean>;

  /** The schema's catalog, for verify and drift; the named tables are left out. */
  snapshotSchema(excludeTables: readonly string[]): Promise<CatalogSnapshot>;

  /**
   * What lint grades its findings with: size and shape of the named relations (resolved on this
   * session's search_path, as the migrations will resolve them) and which of the named functions
   * are volatile. One round trip; it may wait briefly on locks, never long.
   */
  readDatabaseFacts(relations: readonly string[], functions: readonly string[]): Promise<DatabaseFacts>;

  /** Ends the session (which also releases a session lock); never rejects. */
  close(): Promise<void>;
}

/**
 * - `session`: golang-migrate's session advisory lock, held for the whole run, as the oForum
 *   server takes it. Needs a direct connection (or session pooling).
 * - `transaction`: the same lock id taken per transaction (pg_advisory_xact_lock), which works
 *   through a transaction-pooling proxy such as PgBouncer; each migration re-checks the state it
 *   was planned from. It cannot protect files that run statement by statement.
 */
export type LockStrategy = 'session' | 'transaction';

/** What a driver tells while it waits. */
export interface DriverEvents {
  connectRetry?(reason: string, attempt: number): void;
  lockWait?(holder: LockHolder | null): void;
}

export interface DriverOptions {
  target: DatabaseTarget;
  migrationsTable: string;
  /** the state table's schema when the settings name one (x-migrations-table-quoted); else current_schema() */
  migrationsSchema?: string | null;
  lockTimeoutMs: number;
  connectTimeoutMs: number;
  lockStrategy: LockStrategy;
  events: DriverEvents;
  /**
   * The run's cancellation (SIGINT, SIGTERM): on abort the session's running statement is
   * cancelled on the server, nothing new starts, and failures are `cancelled` (database/cancel.ts).
   */
  signal?: AbortSignal | undefined;
  /**
   * The session lock is wanted at once (lock() follows open): the driver may take it, and read
   * the state and this history table (null: none), in its first round trip. version() and
   * readHistory() then answer from that read once.
   */
  prefetch?: { history: string | null };
}

/** Connects and locates the state table; rejects with `connect` (or `config`, `state`). */
export type DriverOpener = (options: DriverOptions) => Promise<Driver>;

/** A migration file as it is sent, and what places an error in it. */
export interface MigrationText {
  version: Version;
  /** the path shown with an error; null for a version without a file (an empty migration) */
  file: string | null;
  sql: string;
  statements: readonly Statement[];
}

/** The state a step was planned from: its transaction goes on only while the table says so. */
export interface PlannedState {
  version: Version | null;
  exists: boolean;
}

export interface TransactionStep {
  migration: MigrationText;
  /** what the state table holds after the commit; null: no version (the last down) */
  recordVersion: Version | null;
  planned: PlannedState;
  /** PostgreSQL's lock_timeout for the migration's statements; 0 leaves the server's */
  statementLockTimeoutMs: number;
  history: HistoryWrite | null;
  /** `own`: BEGIN … COMMIT of its own; `open`: inside rehearse()'s transaction */
  scope: 'own' | 'open';
}

/** What a committed run() tells. */
export interface StepRun {
  /** the transaction's duration on the server, in milliseconds */
  serverMs: number | null;
}

export interface DirtyMark {
  version: Version;
  recordVersion: Version | null;
  planned: Version | null;
  /** the state table does not exist yet: the mark's transaction makes it first */
  createTable: boolean;
  statementLockTimeoutMs: number;
}

export interface StatementRun {
  migration: MigrationText;
  statement: Statement;
  /** lock_timeout for the statement; 0: the session's own (RESET), as golang-migrate runs it */
  statementLockTimeoutMs: number;
}

export interface CleanMark {
  version: Version;
  recordVersion: Version | null;
  history: HistoryWrite | null;
  statementLockTimeoutMs: number;
}

// lock_not_available (lock_timeout) and deadlock_detected: the statement was cancelled for
// waiting, not for what it does, so running it again can succeed.
const LOCK_CONFLICTS = new Set([LOCK_NOT_AVAILABLE, DEADLOCK_DETECTED]);

/** A statement failed on a lock conflict. */
export function isLockConflict(error: MigrateError): boolean {
  return error.code === 'sql' && LOCK_CONFLICTS.has(error.data.sqlState ?? '');
}

/** A migration that failed on a lock conflict and left nothing behind: it may run again. */
export function isRetryable(error: MigrateError): boolean {
  return isLockConflict(error) && error.data.dirty !== true;
}
