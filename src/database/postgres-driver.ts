import type pg from 'pg';
import { MigrateError } from '../errors.js';
import type { Version } from '../migration-version.js';
import type { CatalogSnapshot } from './catalog-snapshot.js';
import { readDatabaseFacts, type DatabaseFacts } from './table-facts.js';
import { cancelAgain, cancelledError, cancelOnAbort, cancelReason, closedByCancelTimeout, CLOSE_AFTER_MS, endSession } from './cancel.js';
import { connect, insideTransactionBlock, positionUnit } from './connect.js';
import type {
  CleanMark,
  DirtyMark,
  Driver,
  DriverOpener,
  DriverOptions,
  LockStrategy,
  StatementRun,
  StepRun,
  TransactionStep,
} from './driver.js';
import { connectionLost, migrationFailed, recordingFailed, stateChanged } from './driver-errors.js';
import { asDriverError, failedOnServer, messageAfterFile, placeStatementFailure, placeStepFailure, reasonOf } from './postgres-errors.js';
import { guardSql, LOCK_NOT_HELD, sessionSwitchedTo, STATE_CHANGED, stateTableLockSql, transactionLockSql } from './guards.js';
import { readFullHistory, readHistory, type FullHistoryRead, type HistoryRead } from './history-read.js';
import { historyWriteSql, mayWriteHistory, type HistoryTable, type HistoryWrite } from './history-table.js';
import { acquireLock, lockTimeout, poolerDetected, releaseLock } from './lock.js';
import { advisoryLockId } from './lock-id.js';
import { isServerError, partialQuery, queryRows, simpleQuery, SimpleQueryError, type ServerError } from './query.js';
import { qualifiedName } from './identifiers.js';
import { interpretOpening, openingSql, type Opened } from './opening.js';
import { plpgsqlUnavailable } from './read-if-present.js';
import { answered, leavePipelining, startPipelining, stopPipeliningWhenIdle, untilAnswered } from './pipelining.js';
import { LOCK_NOT_AVAILABLE, QUERY_CANCELED } from './sqlstate.js';
import {
  createStateTableSql,
  interpretState,
  locateStateTable,
  readState,
  readStateIfPresentSql,
  readStateSql,
  stateFromValue,
  setVersionSql,
  stateReadFailed,
  type StateRow,
  type StateTable,
  type StoredState,
} from './state-table.js';
import { stepText, transactionLockWaitSql, transactionPrefix, type LockContext, type PrefixStatement } from './transaction-text.js';

/**
 * Connects, finds the state table in current_schema() and computes golang-migrate's lock id:
 * from the URL's path when the target names one (as golang-migrate opened from a URL does),
 * else from the session's current_database(). One round trip after connecting; when the lock
 * is wanted at once (options.prefetch) and its id can be foreseen, that round trip also takes
 * the lock and reads the state and the history (see opening.ts).
 */
export const openPostgresDriver: DriverOpener = async (options) => {
  const client = await connect({
    connectionString: options.target.connectionString,
    timeoutMs: options.connectTimeoutMs,
    onRetry: (reason, attempt) => options.events.connectRetry?.(reason, attempt),
    signal: options.signal,
  });
  // until the driver exists, its opening query is what a cancel interrupts
  let waiting = (): boolean => true;
  const unwatch = cancelOnAbort(client, options.signal, () => waiting());
  try {
    const named: string | null = options.target.lockDatabaseName;
    const table = options.migrationsTable;
    const schema = options.migrationsSchema ?? null;
    const opening =
      options.prefetch && options.lockStrategy === 'session'
        ? openingSql({ table, schema, lockDatabaseName: named, history: options.prefetch.history })
        : null;
    let located: { state: StateTable; database: string };
    let opened: Opened | null = null;
    if (opening) {
      // the opening message sets client_connection_check_interval as locateStateTable does
      opened = interpretOpening(opening, await partialQuery(client, opening.text));
      const where = schema ?? opened.schema;
      located = { state: { schema: where, table, qualified: qualifiedName(where, table) }, database: opened.database };
    } else {
      located = await locateStateTable(client, table, schema, {
        // a session lock's session: the server ends its statement soon after the client is gone
        checkClientConnection: options.lockStrategy === 'session',
      });
    }
    const { state, database } = located;
    const driver = new PostgresDriver(
      client,
      {
        strategy: options.lockStrategy,
        lockId: advisoryLockId(state.schema, state.table, named ?? database),
        state,
        lockTimeoutMs: options.lockTimeoutMs,
      },
      options,
      unwatch,
    );
    waiting = () => driver.waiting;
    if (opened && opened.lockPid !== null) driver.adoptOpening(opened);
    return driver;
  } catch (error) {
    unwatch();
    const failure = asDriverError(client, error);
    await client.end().catch(() => {});
    throw options.signal?.aborted && failure instanceof MigrateError ? cancelled(options.signal, client, failure) : failure;
  }
};

/**
 * A failure that the cancel caused, told as one: what ran, and what the database is left with.
 * A failure of its own (an error in the SQL that came first) is reported as it is.
 */
function cancelled(signal: AbortSignal, client: pg.Client, error: MigrateError): MigrateError {
  if (error.code === 'cancelled') return error;
  const { sqlState, version, dirty, location } = error.data;
  const causedByCancel =
    sqlState === QUERY_CANCELED || error.code === 'connection-lost' || (error.code === 'sql' && sqlState === undefined);
  if (!causedByCancel) return error;
  const closed = closedByCancelTimeout(client);
  const received = `${cancelReason(signal)} received`;
  const closing = `the statement did not stop within ${CLOSE_AFTER_MS / 1000} s of the cancel request, so the connection was closed`;
  if (version === undefined) return cancelledError(signal, closed ? `${received}; ${closing}` : received);
  if (dirty) {
    const where = location ? ` at line ${location.line}` : '';
    return cancelledError(
      signal,
      `${received} while migration ${version} ran statement by statement: it stopped${where}${closed ? ` (${closing})` : ''} and left the database dirty at version ${version}`,
      { version, dirty, ...(location ? { location } : {}) },
    );
  }
  // Closed without its answer, the migration (and any sent behind it) may have committed first.
  return cancelledError(
    signal,
    closed
      ? `${received} while migration ${version} ran; ${closing}: PostgreSQL rolls back what had not committed once it notices (within about a second from PostgreSQL 14)`
      : `${received} while migration ${version} ran: it was rolled back`,
    closed ? { version, outcomeUnknown: true } : { version },
  );
}

/** The only place the engine's SQL is sent. See Driver for each method's contract. */
export class PostgresDriver implements Driver {
  readonly stateTable: StateTable;
  readonly strategy: LockStrategy;
  /** the server pid that took the session lock */
  private lockPid: number | null = null;
  /** whether the session's lock_timeout is set for statements run one by one */
  private statementTimeoutSet = false;
  /** driver calls still waiting for the server, which a cancel must interrupt */
  private busy = 0;
  /** the state and history read with the lock by the opening message, each answered once */
  private opened: Opened | null = null;
  /** this role cannot run a DO block (the opening found it): the state is read plainly */
  private plainReads = false;
  /**
   * The lock was taken in the opening message, and the session answering has not been seen
   * since: the first write carries the proof that the session answering is still the one holding
   * the lock in its own guard (proofToCarry), so that a transaction-pooling proxy is seen before
   * anything is written, as the state read after the lock sees it on the old path; any other
   * call that needs it is preceded by the proof as a message of its own (prove).
   */
  private unproven = false;
  /** the proof in progress: every call that needs it waits for the same one */
  private proving: Promise<void> | null = null;
  /** run()s sent and not yet settled: more than one means their messages are pipelined */
  private runs = 0;

  constructor(
    private readonly client: pg.Client,
    private readonly context: LockContext,
    private readonly options: DriverOptions,
    private readonly unwatch: () => void = () => {},
  ) {
    this.stateTable = context.state;
    this.strategy = context.strategy;
  }

  /** The opening message took the lock (see opening.ts). */
  adoptOpening(opened: Opened): void {
    this.opened = opened;
    this.plainReads = opened.plainReads;
    this.lockPid = opened.lockPid;
    this.unproven = true;
  }

  /**
   * A transaction-pooling proxy may hand the next message to another server session than the
   * one that took the lock: it is seen here, before anything is written, naming both.
   */
  private prove(): Promise<void> {
    if (!this.unproven) return Promise.resolve();
    // Pipelined runs wait for one proof, and so still go out in the order they were called.
    this.proving ??= (async () => {
      // Sent before the last answer's ReadyForQuery (it follows a failed read's error), the proof
      // would be kept on that same server session by a pooler and prove nothing of the next one.
      if (!answered(this.client)) await untilAnswered(this.client);
      const [row] = await queryRows<{ pid: number }>(this.client, 'SELECT pg_catalog.pg_backend_pid() AS pid');
      if (row?.pid !== this.lockPid) throw poolerDetected(this.lockPid ?? undefined, row?.pid ?? null);
      this.unproven = false;
    })();
    return this.proving;
  }

  /**
   * A read while the proof is still owed goes out right behind it, without waiting for its
   * answer (pipeline mode): one round trip for both. Reading before the proof is checked is
   * harmless (a pooler's other session only answers a read); nothing is written before it, since
   * every other call waits for the same proof. A failed proof is what the call reports.
   */
  private async readAlongsideProof<T>(read: () => Promise<T>): Promise<T> {
    // Waited for here, not only in prove(): the read would otherwise go out while the proof
    // waits, ahead of it and on the server session still finishing the last answer.
    if (this.unproven && !answered(this.client)) await untilAnswered(this.client);
    if (!this.unproven || this.proving !== null) {
      await this.prove();
      return read();
    }
    startPipelining(this.client);
    const proof = this.prove();
    const value = read();
    try {
      await proof;
      return await value;
    } catch (error) {
      value.catch(() => {});
      throw error;
    } finally {
      stopPipeliningWhenIdle(this.client);
    }
  }

  lock(): Promise<void> {
    // taken by the opening message: nothing is sent
    if (this.strategy === 'session' && this.lockPid !== null) return this.guarded(async () => {}, false);
    return this.guarded(async () => {
      if (this.strategy !== 'session') return;
      this.lockPid = await acquireLock(this.client, {
        lockId: this.context.lockId,
        timeoutMs: this.options.lockTimeoutMs,
        onWait: (holder) => this.options.events.lockWait?.(holder),
      });
    });
  }

  unlock(): Promise<void> {
    // the release tells itself whether this session held the lock: no proof first
    return this.guarded(async () => {
      if (this.strategy !== 'session') return;
      const { released, pid } = await releaseLock(this.client, this.context.lockId);
      // Nothing was written since the opening message: a session that did not hold the lock
      // means a transaction-pooling proxy answered from another one all along.
      if (!released && this.unproven) throw poolerDetected(this.lockPid ?? undefined, pid);
    }, false);
  }

  version(): Promise<StoredState> {
    const prefetched = this.strategy === 'session' ? this.opened?.state : undefined;
    if (prefetched && this.opened) {
      // read with the lock in the opening message: nothing is sent
      this.opened = { ...this.opened, state: null };
      return this.guarded(async () => prefetched.read(), false);
    }
    return this.guarded(async () => {
      if (this.strategy === 'transaction') return this.versionUnderTransactionLock();
      const read = await readState(this.client, this.context.state, { plain: this.plainReads });
      const pid = read.pid ?? (await queryRows<{ pid: number }>(this.client, 'SELECT pg_backend_pid() AS pid'))[0]?.pid;
      if (pid !== this.lockPid) throw poolerDetected(this.lockPid ?? undefined, pid ?? null);
      return { version: read.version, dirty: read.dirty, exists: read.exists };
    });
  }

  async peekVersion(): Promise<StoredState> {
    const read = await readState(this.client, this.context.state, { plain: this.plainReads });
    return { version: read.version, dirty: read.dirty, exists: read.exists };
  }

  private async versionUnderTransactionLock(): Promise<StoredState> {
    const { state, lockId } = this.context;
    // only when the table exists (read-if-present.ts); plainly where PL/pgSQL cannot run
    const reads = this.plainReads ? [readStateSql(state)] : readStateIfPresentSql(state);
    let results: pg.QueryResult[];
    try {
      results = await simpleQuery(
        this.client,
        `BEGIN;\n${transactionLockWaitSql(this.options.lockTimeoutMs)};\n${transactionLockSql(lockId)};\n${reads.join(';\n')};\nCOMMIT`,
      );
    } catch (failure) {
      const error = failure instanceof SimpleQueryError ? failure.cause : failure;
      await this.client.query('ROLLBACK').catch(() => {});
      if (isServerError(error) && error.code === LOCK_NOT_AVAILABLE)
        throw await lockTimeout(this.client, lockId, this.options.lockTimeoutMs);
      if (!this.plainReads && plpgsqlUnavailable(error)) {
        this.plainReads = true;
        return this.versionUnderTransactionLock();
      }
      const read = stateReadFailed(error, state);
      return { version: read.version, dirty: read.dirty, exists: read.exists };
    }
    const answer = results[3 + reads.length - 1]!.rows;
    const read = this.plainReads
      ? interpretState(answer as StateRow[], state)
      : stateFromValue(answer[0] as { pid?: unknown; value?: unknown } | undefined, state);
    return { version: read.version, dirty: read.dirty, exists: read.exists };
  }

  createStateTable(): Promise<void> {
    return this.guarded(async () => {
      await this.client.query(createStateTableSql(this.context.state));
    });
  }

  run(step: TransactionStep): Promise<StepRun> {
    this.runs++;
    const sessionPid = this.proofToCarry();
    return this.guarded(async () => {
      const sent = stepText(sessionPid === null ? this.context : { ...this.context, sessionPid }, step);
      try {
        // behind the runs still on the wire, or a read not yet answered (the lint's catalog read)
        if (this.runs > 1 || !answered(this.client)) startPipelining(this.client);
        const results = await simpleQuery(this.client, sent.text);
        if (sessionPid !== null) this.unproven = false;
        // A cancel that reached the server between two messages was dropped: ask again.
        if (this.runs > 1 && this.options.signal?.aborted) cancelAgain(this.client);
        const ms = step.scope === 'own' ? (results.at(-2)?.rows[0] as { ms?: unknown } | undefined)?.ms : undefined;
        return { serverMs: typeof ms === 'number' ? ms : null };
      } catch (error) {
        // An error leaves an explicit transaction aborted: end our own (if the connection is
        // gone, the server has rolled it back already); rehearse() ends an open one.
        if (step.scope === 'own') await this.client.query('ROLLBACK').catch(() => {});
        const server = failedOnServer(error);
        if (!server) {
          // The server ending the session (57P01–57P04: terminated, shut down) rolled it back; a
          // failed socket says nothing of what the server went on to do.
          const cause = error instanceof SimpleQueryError ? error.cause : error;
          const ended = isServerError(cause) && /^57P/.test(cause.code ?? '');
          const unsure = ended || step.scope !== 'own' ? undefined : { sentAfter: this.runs - 1 };
          throw connectionLost(reasonOf(this.client, error), step.migration.version, false, unsure);
        }
        const place = placeStepFailure(error as SimpleQueryError, server, sent, step.migration, positionUnit(this.client));
        if ('prefix' in place) throw await this.prefixFailure(place.prefix, server);
        const message = messageAfterFile(server.message, place.after);
        throw migrationFailed({ ...server, message }, step.migration.version, place.location, false);
      }
    }, sessionPid === null).finally(() => {
      this.runs--;
      if (this.runs === 0) stopPipeliningWhenIdle(this.client);
    });
  }

  /**
   * The lock's proof, carried by a write's own guard instead of a round trip before it: the
   * server process that took the lock, while the proof is owed and no read has begun it. The
   * write's transaction then goes on only on that very session, so that nothing is written on
   * another one (a transaction-pooling proxy), and seen there naming both (guards.ts).
   */
  private proofToCarry(): number | null {
    return this.strategy === 'session' && this.unproven && this.proving === null ? this.lockPid : null;
  }

  /** A failed guard or lock explained; anything else there is the state table's problem. */
  private async prefixFailure(statement: PrefixStatement, server: ServerError): Promise<MigrateError> {
    if (statement.role === 'lock' && server.code === LOCK_NOT_AVAILABLE) {
      return lockTimeout(this.client, this.context.lockId, this.options.lockTimeoutMs);
    }
    if (statement.role === 'guard' && server.code === LOCK_NOT_HELD) return poolerDetected();
    const servedBy = statement.role === 'guard' ? sessionSwitchedTo(server.code, server.message) : null;
    if (servedBy !== null) return poolerDetected(this.lockPid ?? undefined, servedBy);
    if (statement.role === 'guard' && server.code === STATE_CHANGED) return stateChanged('while waiting for the lock');
    return new MigrateError('state', server.message, { sqlState: server.code ?? '' });
  }

  setDirty(mark: DirtyMark): Promise<void> {
    const sessionPid = this.proofToCarry();
    return this.guarded(async () => {
      const { state, lockId } = this.context;
      // golang-migrate marks the target version dirty first; the mark commits only while the
      // migration lock is this session's and the state is the planned one.
      const guard = guardSql({ lockId, state, planned: mark.planned, lockTimeoutMs: 0, sessionPid });
      const timeout = mark.statementLockTimeoutMs > 0 ? `;\nSET lock_timeout = '${Math.round(mark.statementLockTimeoutMs)}ms'` : '';
      const create = mark.createTable ? `${createStateTableSql(state)};\n` : '';
      const text = `BEGIN;\n${create}${stateTableLockSql(state)};\n${guard};\n${setVersionSql(state, mark.recordVersion, true)};\nCOMMIT${timeout}`;
      try {
        await simpleQuery(this.client, text);
      } catch (error) {
        await this.client.query('ROLLBACK').catch(() => {});
        const server = failedOnServer(error);
        const guardFailed = server !== null && (error as SimpleQueryError).completedStatements === (mark.createTable ? 3 : 2);
        if (guardFailed && server.code === LOCK_NOT_HELD) throw poolerDetected();
        const servedBy = guardFailed ? sessionSwitchedTo(server.code, server.message) : null;
        if (servedBy !== null) throw poolerDetected(this.lockPid ?? undefined, servedBy);
        if (guardFailed && server.code === STATE_CHANGED) throw stateChanged('before the dirty mark');
        throw recordingFailed(reasonOf(this.client, error), mark.version, false, server === null);
      }
      if (sessionPid !== null) this.unproven = false;
      this.statementTimeoutSet = mark.statementLockTimeoutMs > 0;
    }, sessionPid === null);
  }

  runStatement(run: StatementRun): Promise<void> {
    return this.guarded(async () => {
      const { statement, statementLockTimeoutMs } = run;
      try {
        // Set again after a failed attempt reset it (the dirty mark set it the first time), or a
        // statement that waits under the session's own setting (0) reset it.
        if (statementLockTimeoutMs > 0 && !this.statementTimeoutSet) {
          await this.client.query(`SET lock_timeout = '${Math.round(statementLockTimeoutMs)}ms'`);
          this.statementTimeoutSet = true;
        } else if (statementLockTimeoutMs === 0 && this.statementTimeoutSet) {
          await this.client.query('RESET lock_timeout');
          this.statementTimeoutSet = false;
        }
        await simpleQuery(this.client, statement.text);
        return;
      } catch (error) {
        // The file may have left its own transaction open and aborted; the dirty flag is
        // already committed, so ending that transaction loses nothing.
        await this.client.query(`ROLLBACK${statementLockTimeoutMs > 0 ? ';\nRESET lock_timeout' : ''}`).catch(() => {});
        this.statementTimeoutSet = false;
        const server = failedOnServer(error);
        if (!server) throw connectionLost(reasonOf(this.client, error), run.migration.version, true);
        throw migrationFailed(
          server,
          run.migration.version,
          placeStatementFailure(server, statement, run.migration, positionUnit(this.client)),
          true,
        );
      }
    });
  }

  setClean(mark: CleanMark): Promise<void> {
    return this.guarded(async () => {
      const history = mark.history ? `;\n${historyWriteSql(mark.history)}` : '';
      const reset = mark.statementLockTimeoutMs > 0 ? ';\nRESET lock_timeout' : '';
      // The file left its own transaction open (the lexer refuses a BEGIN without COMMIT before
      // anything runs; this is what it cannot see): the clean mark would join that transaction
      // and be rolled back with it when the session ends. It stays dirty, as golang-migrate
      // leaves it.
      if (insideTransactionBlock(this.client)) {
        await this.client.query(`ROLLBACK${reset}`).catch(() => {});
        this.statementTimeoutSet = false;
        throw new MigrateError(
          'sql',
          `migration ${mark.version} ended inside a transaction it opened itself: what ran since its BEGIN was rolled back, and the database is left dirty at version ${mark.version}; end the transaction with COMMIT`,
          { version: mark.version, dirty: true },
        );
      }
      try {
        await simpleQuery(this.client, `${setVersionSql(this.context.state, mark.recordVersion, false)}${history}${reset}`);
      } catch (error) {
        throw recordingFailed(reasonOf(this.client, error), mark.version, true, failedOnServer(error) === null);
      }
      this.statementTimeoutSet = false;
    });
  }

  forceVersion(version: Version | null, createTable: boolean, history: HistoryWrite | null = null): Promise<void> {
    return this.guarded(async () => {
      const prefix = transactionPrefix(this.context, null, 0);
      const create = createTable ? `${createStateTableSql(this.context.state)};\n` : '';
      const head = `BEGIN;\n${prefix.map((statement) => `${statement.sql};\n`).join('')}`;
      try {
        const row = history ? `${historyWriteSql(history)};\n` : '';
        await simpleQuery(this.client, `${head}${create}${setVersionSql(this.context.state, version, false)};\n${row}COMMIT`);
      } catch (error) {
        await this.client.query('ROLLBACK').catch(() => {});
        const server = failedOnServer(error);
        const prefixStatement = server ? prefix[(error as SimpleQueryError).completedStatements - 1] : undefined;
        if (server && prefixStatement) throw await this.prefixFailure(prefixStatement, server);
        throw error;
      }
    });
  }

  rehearse<T>(work: () => Promise<T>): Promise<T> {
    return this.guarded(async () => {
      await this.client.query('BEGIN');
      try {
        return await work();
      } finally {
        await this.client.query('ROLLBACK').catch(() => {});
      }
    });
  }

  readHistory(table: HistoryTable): Promise<HistoryRead> {
    const prefetched = this.opened?.history;
    if (prefetched && this.opened && prefetched.table.qualified === table.qualified) {
      this.opened = { ...this.opened, history: null };
      return Promise.resolve(prefetched.read);
    }
    return this.guarded(() => this.readAlongsideProof(() => readHistory(this.client, table)), false);
  }

  readFullHistory(table: HistoryTable): Promise<FullHistoryRead> {
    return this.guarded(() => readFullHistory(this.client, table));
  }

  mayWriteHistory(table: HistoryTable, exists: boolean, down = false): Promise<boolean> {
    // asked by the opening message for a table not there yet: nothing is sent
    const asked = this.opened?.historyCreate;
    if (!exists && asked && asked.table.qualified === table.qualified) return Promise.resolve(asked.allowed);
    return this.guarded(() => this.readAlongsideProof(() => mayWriteHistory(this.client, table, exists, down)), false);
  }

  snapshotSchema(excludeTables: readonly string[]): Promise<CatalogSnapshot> {
    return this.guarded(async () => {
      // Loaded only by verify and drift: the catalog queries stay out of up's start-up.
      const { snapshotSchema } = await import('./catalog-snapshot.js');
      return snapshotSchema(this.client, { excludeTables: [...excludeTables] });
    });
  }

  readDatabaseFacts(relations: readonly string[], functions: readonly string[]): Promise<DatabaseFacts> {
    // A read needs no proof (the next write carries it, and unlock() finds a lost lock), and it
    // is on the wire when this returns: a migration sent next goes right behind it.
    return this.guarded(() => readDatabaseFacts(this.client, relations, functions), false);
  }

  async close(): Promise<void> {
    this.unwatch();
    leavePipelining(this.client);
    await endSession(this.client);
  }

  /** Whether a cancel must interrupt this session: a driver call waits for the server. */
  get waiting(): boolean {
    return this.busy > 0;
  }

  /**
   * Every failure leaves the driver typed: see asDriverError. After a cancel nothing new starts,
   * and a failure the cancel caused is `cancelled`.
   */
  private async guarded<T>(work: () => Promise<T>, proof = true): Promise<T> {
    const signal = this.options.signal;
    if (signal?.aborted) throw cancelledError(signal);
    this.busy++;
    try {
      if (proof) await this.prove();
      return await work();
    } catch (error) {
      const typed = asDriverError(this.client, error);
      throw signal?.aborted && typed instanceof MigrateError ? cancelled(signal, this.client, typed) : typed;
    } finally {
      this.busy--;
    }
  }
}
