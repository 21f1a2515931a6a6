import type { CatalogSnapshot } from '../../../src/database/catalog-snapshot.js';
import type { DatabaseFacts } from '../../../src/database/table-facts.js';
import type {
  CleanMark,
  DirtyMark,
  Driver,
  DriverOpener,
  DriverOptions,
  LockStrategy,
  PlannedState,
  StatementRun,
  StepRun,
  TransactionStep,
} from '../../../src/database/driver.js';
import {
  connectionLost,
  locate,
  migrationFailed,
  recordingFailed,
  sessionLost,
  stateChanged,
} from '../../../src/database/driver-errors.js';
import { newestOf, type FullHistoryRead, type HistoryRead } from '../../../src/database/history-read.js';
import type { HistoryRow, HistoryTable, HistoryWrite } from '../../../src/database/history-table.js';
import { lockTimeoutError, poolerDetected, type LockHolder } from '../../../src/database/lock.js';
import type { StateTable, StoredState } from '../../../src/database/state-table.js';
import { MigrateError } from '../../../src/errors.js';
import type { Version } from '../../../src/migration-version.js';

/** Every kind of message the driver sends; one call, one message, as PostgresDriver sends them. */
export type Operation =
  | 'lock'
  | 'unlock'
  | 'version'
  | 'peekVersion'
  | 'createStateTable'
  | 'run'
  | 'setDirty'
  | 'statement'
  | 'setClean'
  | 'force'
  | 'rehearse'
  | 'readHistory'
  | 'readDatabaseFacts'
  | 'mayWriteHistory';

export type Fault =
  | { kind: 'server'; sqlState: string; message: string }
  | { kind: 'lost-connection'; reason?: string; committed?: boolean }
  /** the run was cancelled before this message: refused unsent, as PostgresDriver refuses it */
  | { kind: 'cancelled' };

export interface ScriptedFault {
  at: Operation;
  /** only a migration or statement whose SQL contains this text */
  matching?: string;
  /** how many times it strikes (default 1) */
  times?: number;
  fault: Fault;
}

/** The canonical failures of the tests. */
export const LOCK_TIMEOUT: Fault = { kind: 'server', sqlState: '55P03', message: 'canceling statement due to lock timeout' };
export const DEADLOCK: Fault = { kind: 'server', sqlState: '40P01', message: 'deadlock detected' };
export const LOST: Fault = { kind: 'lost-connection', reason: 'terminating connection due to administrator command' };

/**
 * A PostgreSQL database as the engine's rules see it: golang-migrate's state row and dirty flag,
 * the migration lock and who holds it, this tool's history rows, and what ran and stayed
 * committed. A transaction's changes are made only when nothing in it failed, as PostgreSQL's
 * rollback would leave it. Faults are scripted; `beforeMessage` lets a test act as another
 * migrator between two messages.
 */
export class MemoryDatabase {
  /** golang-migrate's table: null when it does not exist; `version: null` when it is empty */
  state: { version: Version | null; dirty: boolean } | null = null;
  /** history tables by name, each its rows oldest first */
  histories = new Map<string, HistoryRow[]>();
  historyWritable = true;
  /** another session holding the migration lock */
  lockHolder: LockHolder | null = null;
  /** a transaction-pooling proxy: the session lock does not stay with this session */
  poolerInBetween = false;
  /** the SQL of every migration file or statement that ran and stayed committed, in order */
  committed: string[] = [];
  /** every message sent, in order */
  messages: Operation[] = [];
  faults: ScriptedFault[] = [];
  beforeMessage?: (operation: Operation, database: MemoryDatabase) => void;

  readonly open: DriverOpener = async (options) => new MemoryDriver(this, options);

  /** Another migrator records `version` (as golang-migrate would, clean). */
  setVersion(version: Version | null, dirty = false): void {
    this.state = { version, dirty };
  }

  fail(fault: ScriptedFault): this {
    this.faults.push({ times: 1, ...fault });
    return this;
  }

  send(operation: Operation): void {
    this.messages.push(operation);
    this.beforeMessage?.(operation, this);
  }

  /** Takes the first scripted fault for this message, if one matches. */
  take(operation: Operation, sql = ''): Exclude<Fault, { kind: 'cancelled' }> | null {
    const index = this.faults.findIndex(
      (fault) => fault.at === operation && (fault.times ?? 1) > 0 && (fault.matching === undefined || sql.includes(fault.matching)),
    );
    if (index < 0) return null;
    const scripted = this.faults[index]!;
    scripted.times = (scripted.times ?? 1) - 1;
    if (scripted.fault.kind === 'cancelled') throw new MigrateError('cancelled', 'SIGTERM received');
    return scripted.fault;
  }

  writeHistory(write: HistoryWrite): void {
    let rows = this.histories.get(write.table.table);
    if (!rows) {
      if (!write.create) throw new Error(`history table ${write.table.table} written before it was created`);
      rows = [];
      this.histories.set(write.table.table, rows);
    }
    rows.push({
      version: write.entry.version,
      name: write.entry.name,
      checksum: write.entry.checksum,
      appliedAt: new Date(),
      durationMs: write.entry.durationMs ?? 1,
      appliedBy: write.entry.appliedBy,
      runUrl: write.entry.runUrl,
      ...(write.entry.previousVersion === undefined ? {} : { previousVersion: write.entry.previousVersion }),
      commit: write.entry.commit,
      ...(write.entry.direction ? { direction: write.entry.direction } : {}),
    });
  }
}

class MemoryDriver implements Driver {
  readonly stateTable: StateTable;
  readonly strategy: LockStrategy;
  private holdsLock = false;
  private closed = false;
  /**
   * A run's transaction failed and the driver has not yet ended it: as on the server, every
   * message sent meanwhile (pipelined behind it) fails without changing anything.
   */
  private aborted = false;

  constructor(
    private readonly db: MemoryDatabase,
    private readonly options: DriverOptions,
  ) {
    this.stateTable = { schema: 'public', table: options.migrationsTable, qualified: `"public"."${options.migrationsTable}"` };
    this.strategy = options.lockStrategy;
  }

  async lock(): Promise<void> {
    this.message('lock');
    if (this.strategy !== 'session') return;
    this.takeLock();
    this.holdsLock = true;
  }

  async unlock(): Promise<void> {
    this.message('unlock');
    this.holdsLock = false;
  }

  async version(): Promise<StoredState> {
    this.message('version');
    if (this.strategy === 'transaction') this.takeLock();
    if (this.strategy === 'session' && this.db.poolerInBetween) throw poolerDetected(4242, 4343);
    const state = this.db.state;
    return state ? { version: state.version, dirty: state.dirty, exists: true } : { version: null, dirty: false, exists: false };
  }

  async peekVersion(): Promise<StoredState> {
    this.message('peekVersion');
    const state = this.db.state;
    return state ? { version: state.version, dirty: state.dirty, exists: true } : { version: null, dirty: false, exists: false };
  }

  async createStateTable(): Promise<void> {
    this.message('createStateTable');
    this.db.state ??= { version: null, dirty: false };
  }

  async run(step: TransactionStep): Promise<StepRun> {
    const { version } = step.migration;
    if (this.aborted && step.scope === 'own') {
      this.db.send('run');
      throw migrationFailed(
        { message: 'current transaction is aborted, commands ignored until end of transaction block', code: '25P02' },
        version,
        undefined,
        false,
      );
    }
    try {
      return this.runOwn(step);
    } catch (error) {
      if (step.scope !== 'own' || this.closed) throw error;
      // The driver's ROLLBACK goes out after the messages already sent: it lands once they failed.
      this.aborted = true;
      await new Promise((resolve) => setImmediate(resolve));
      this.aborted = false;
      throw error;
    }
  }

  private runOwn(step: TransactionStep): StepRun {
    this.message('run');
    const { version } = step.migration;
    if (this.strategy === 'transaction') this.takeLock();
    // a database never migrated: the first message makes the table, in its own transaction
    const created = step.planned.exists === false && this.db.state === null;
    if (created) this.db.state = { version: null, dirty: false };
    try {
      this.guard(step.planned.version, 'while waiting for the lock');
    } catch (error) {
      if (created) this.db.state = null;
      throw error;
    }
    const fault = this.db.take('run', step.migration.sql);
    if (fault && created && !(fault.kind === 'lost-connection' && fault.committed)) this.db.state = null;
    if (fault?.kind === 'lost-connection' && fault.committed) {
      // the answer was lost, not the message: the server committed it (and the messages behind it
      // run too, as the test's later faults or the lack of them say)
      this.db.state = { version: step.recordVersion, dirty: false };
      if (step.migration.sql.trim() !== '') this.db.committed.push(step.migration.sql);
      throw this.lose(connectionLost(fault.reason ?? 'connection lost', version, false, { sentAfter: 0 }));
    }
    if (fault?.kind === 'lost-connection') throw this.lose(connectionLost(fault.reason ?? 'connection lost', version, false));
    if (fault) throw migrationFailed({ message: fault.message, code: fault.sqlState }, version, undefined, false);
    this.db.state = { version: step.recordVersion, dirty: false };
    if (step.history) this.db.writeHistory(step.history);
    if (step.migration.sql.trim() !== '') this.db.committed.push(step.migration.sql);
    return { serverMs: null };
  }

  async setDirty(mark: DirtyMark): Promise<void> {
    this.message('setDirty');
    const created = mark.createTable && this.db.state === null;
    if (created) this.db.state = { version: null, dirty: false };
    try {
      this.guard(mark.planned, 'before the dirty mark');
    } catch (error) {
      if (created) this.db.state = null;
      throw error;
    }
    const fault = this.db.take('setDirty');
    if (fault && created) this.db.state = null;
    if (fault?.kind === 'lost-connection') throw this.lose(recordingFailed(fault.reason ?? 'connection lost', mark.version, false));
    if (fault) throw recordingFailed(fault.message, mark.version, false);
    this.db.state = { version: mark.recordVersion, dirty: true };
  }

  async runStatement(run: StatementRun): Promise<void> {
    this.message('statement');
    const { version, file, sql } = run.migration;
    const fault = this.db.take('statement', run.statement.text);
    if (fault?.kind === 'lost-connection') throw this.lose(connectionLost(fault.reason ?? 'connection lost', version, true));
    if (fault) {
      throw migrationFailed(
        { message: fault.message, code: fault.sqlState },
        version,
        file ? locate(file, sql, run.statement) : undefined,
        true,
      );
    }
    this.db.committed.push(run.statement.text);
  }

  async setClean(mark: CleanMark): Promise<void> {
    this.message('setClean');
    const fault = this.db.take('setClean');
    if (fault?.kind === 'lost-connection') throw this.lose(recordingFailed(fault.reason ?? 'connection lost', mark.version, true));
    if (fault) throw recordingFailed(fault.message, mark.version, true);
    this.db.state = { version: mark.recordVersion, dirty: false };
    if (mark.history) this.db.writeHistory(mark.history);
  }

  async forceVersion(version: Version | null, createTable: boolean, history: HistoryWrite | null = null): Promise<void> {
    this.message('force');
    if (createTable) this.db.state ??= { version: null, dirty: false };
    this.db.state = { version, dirty: false };
    if (history) this.db.writeHistory(history);
  }

  async rehearse<T>(work: () => Promise<T>): Promise<T> {
    this.message('rehearse');
    const saved = {
      state: this.db.state && { ...this.db.state },
      histories: new Map([...this.db.histories].map(([name, rows]) => [name, [...rows]])),
      committed: this.db.committed.length,
    };
    try {
      return await work();
    } finally {
      this.db.state = saved.state;
      this.db.histories = saved.histories;
      this.db.committed.length = saved.committed;
    }
  }

  async readHistory(table: HistoryTable): Promise<HistoryRead> {
    this.message('readHistory');
    return this.latestHistory(table);
  }

  async readFullHistory(table: HistoryTable): Promise<FullHistoryRead> {
    this.message('readHistory');
    return this.latestHistory(table);
  }

  private latestHistory(table: HistoryTable): FullHistoryRead {
    const rows = this.db.histories.get(table.table);
    if (!rows) return { rows: [], recent: [], exists: false, recordsPrevious: true };
    // the latest row of each version, as DISTINCT ON (version) … ORDER BY version, id DESC
    const latest = new Map<Version, HistoryRow>();
    for (const row of rows) latest.set(row.version, row);
    const all = [...latest.values()].sort((a, b) => (a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
    return { rows: all, recent: newestOf(all), exists: true, recordsPrevious: true };
  }

  async mayWriteHistory(): Promise<boolean> {
    this.message('mayWriteHistory');
    return this.db.historyWritable;
  }

  snapshotSchema(): Promise<CatalogSnapshot> {
    return Promise.reject(new Error('the in-memory driver has no catalog: verify and drift are tested on PostgreSQL'));
  }

  /** An empty catalog: what the lint grades with is tested on PostgreSQL; when it is read is tested here. */
  async readDatabaseFacts(): Promise<DatabaseFacts> {
    this.message('readDatabaseFacts');
    return { relations: new Map(), volatileFunctions: new Set(), serverVersion: 150000 };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.holdsLock = false;
  }

  /** One message: refused once the session is gone; a lost connection may be scripted for it. */
  private message(operation: Operation): void {
    if (this.closed) throw sessionLost('Client has encountered a connection error and is not queryable');
    this.db.send(operation);
    if (['run', 'setDirty', 'statement', 'setClean'].includes(operation)) return; // scripted per migration
    const fault = this.db.take(operation);
    if (fault?.kind === 'lost-connection') throw this.lose(sessionLost(fault.reason ?? 'connection lost'));
    if (fault) throw new MigrateError('state', fault.message, { sqlState: fault.sqlState });
  }

  private takeLock(): void {
    const holder = this.db.lockHolder;
    if (!holder) return;
    this.options.events.lockWait?.(holder);
    throw lockTimeoutError(holder, this.options.lockTimeoutMs);
  }

  /** The guards of a migration's transaction: the lock is ours, the state is the planned one. */
  private guard(planned: PlannedState['version'], when: string): void {
    if (this.strategy === 'session' && (!this.holdsLock || this.db.poolerInBetween)) throw poolerDetected();
    const state = this.db.state;
    if (!state) throw new MigrateError('state', `relation "${this.stateTable.qualified}" does not exist`, { sqlState: '42P01' });
    if (state.dirty || state.version !== planned) throw stateChanged(when);
  }

  private lose(error: MigrateError): MigrateError {
    this.closed = true;
    this.holdsLock = false;
    return error;
  }
}

/** A clock that never waits: it records each wait and moves time on by it. */
export class FakeClock {
  time = 0;
  readonly sleeps: number[] = [];
  now = (): number => this.time;
  sleep = async (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    this.time += ms;
  };
  /** the middle of the jitter: waits are exactly 1 s, 2 s, 4 s, … */
  random = (): number => 0.5;
}
