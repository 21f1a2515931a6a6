import type pg from 'pg';
import { MigrateError } from '../errors.js';
import { connect, lostReason } from '../database/connect.js';
import { guardSql, stateTableLockSql, transactionLockSql } from '../database/guards.js';
import { acquireLock, describeHolder, findLockHolder, releaseLock } from '../database/lock.js';
import { advisoryLockId } from '../database/lock-id.js';
import { isServerError, queryRows } from '../database/query.js';
import {
  createStateTableSql,
  interpretState,
  locateStateTable,
  readState,
  readStateSql,
  stateReadFailed,
  type StateRow,
  type StateTable,
  type StoredState,
} from '../database/state-table.js';
import type { DatabaseTarget } from '../database/url.js';
import type { EngineEvents } from './events.js';

/**
 * - `session`: golang-migrate's session advisory lock, held for the whole run, as the oForum
 *   server takes it. Needs a direct connection (or session pooling).
 * - `transaction`: the same lock id taken per transaction (pg_advisory_xact_lock), which works
 *   through a transaction-pooling proxy such as PgBouncer; each migration re-checks the state it
 *   was planned from. It cannot protect files that run statement by statement.
 */
export type LockStrategy = 'session' | 'transaction';

export interface SessionOptions {
  target: DatabaseTarget;
  migrationsTable: string;
  /** the state table's schema when the settings name one (x-migrations-table-quoted); else current_schema() */
  migrationsSchema?: string | null;
  lockTimeoutMs: number;
  connectTimeoutMs: number;
  lockStrategy: LockStrategy;
  events: EngineEvents;
}

/** What a statement placed after BEGIN is for, so that its failure can be explained. */
export type PrefixRole = 'lock' | 'guard' | 'setup';
export interface PrefixStatement {
  sql: string;
  role: PrefixRole;
}

export interface Session {
  client: pg.Client;
  state: StateTable;
  lockId: string;
  strategy: LockStrategy;
  /** reads golang-migrate's state under the migration lock */
  readState(): Promise<StoredState>;
  /**
   * The statements that open a migration's transaction: the lock (or the proof that it is held),
   * the state the plan was made from (none for `force`, which overrides any state), and
   * PostgreSQL's lock_timeout for the migration's statements.
   */
  transactionPrefix(planned: StoredState | null, statementLockTimeoutMs: number): PrefixStatement[];
}

/**
 * Runs `work` on one connection under the migration lock, the way the oForum server does before
 * it migrates: connect, find the state table, lock, work, unlock, close.
 */
export async function withSession<T>(options: SessionOptions, work: (session: Session) => Promise<T>): Promise<T> {
  const client = await connect({
    connectionString: options.target.connectionString,
    timeoutMs: options.connectTimeoutMs,
    onRetry: (reason, attempt) => options.events.connectRetry?.(reason, attempt),
  });
  try {
    const state = await locateStateTable(client, options.migrationsTable, options.migrationsSchema ?? null);
    // golang-migrate asks the session when the URL has no path (null), as for `?dbname=` alone.
    const lockDatabase = options.target.lockDatabaseName ?? (await currentDatabase(client));
    const lockId = advisoryLockId(state.schema, state.table, lockDatabase);
    if (options.lockStrategy === 'transaction') {
      return await work(transactionSession(client, state, lockId, options));
    }
    const lockPid = await acquireLock(client, {
      lockId,
      timeoutMs: options.lockTimeoutMs,
      onWait: (holder) => options.events.lockWait?.(holder),
    });
    const result = await work(sessionLockSession(client, state, lockId, lockPid));
    await releaseLock(client, lockId);
    return result;
  } catch (error) {
    // The driver reports a closed session as "not queryable"; the server's own reason is better.
    const reason = lostReason(client);
    if (reason && !(error instanceof MigrateError)) throw new MigrateError('connection-lost', `connection lost: ${reason}`);
    throw error;
  } finally {
    // Closing the session also releases the lock when work failed or the unlock was not sent.
    await client.end().catch(() => {});
  }
}

async function currentDatabase(client: pg.Client): Promise<string> {
  const [row] = await queryRows<{ database: string }>(client, 'SELECT current_database() AS database');
  return row!.database;
}

function sessionLockSession(client: pg.Client, state: StateTable, lockId: string, lockPid: number): Session {
  return {
    client,
    state,
    lockId,
    strategy: 'session',
    async readState() {
      const stored = await readState(client, state);
      const pid = stored.pid ?? (await queryRows<{ pid: number }>(client, 'SELECT pg_backend_pid() AS pid'))[0]?.pid;
      if (pid !== lockPid) throw poolerDetected(lockPid, pid ?? null);
      return stored;
    },
    transactionPrefix(planned, statementLockTimeoutMs) {
      // The state check also stops a run that shares its server session with another migrator
      // (re-entrant advisory locks let both pass the lock check) from applying twice.
      return compact([
        planned ? { sql: stateTableLockSql(state), role: 'setup' } : null,
        { sql: guardSql({ lockId, state, planned: planned?.version, lockTimeoutMs: statementLockTimeoutMs }), role: 'guard' },
      ]);
    },
  };
}

function transactionSession(client: pg.Client, state: StateTable, lockId: string, options: SessionOptions): Session {
  // lock_timeout bounds the wait for pg_advisory_xact_lock; 0 would mean "forever".
  const lockWait = `SET LOCAL lock_timeout = '${Math.max(1, Math.round(options.lockTimeoutMs))}ms'`;
  return {
    client,
    state,
    lockId,
    strategy: 'transaction',
    async readState() {
      let results: pg.QueryResult[];
      try {
        results = (await client.query(
          `BEGIN;\n${lockWait};\n${transactionLockSql(lockId)};\n${readStateSql(state)};\nCOMMIT`,
        )) as unknown as pg.QueryResult[];
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        if (isServerError(error) && error.code === '55P03') {
          throw await lockTimeout(client, lockId, options.lockTimeoutMs);
        }
        return stateReadFailed(error, state);
      }
      return interpretState(results[3]!.rows as StateRow[], state);
    },
    transactionPrefix(planned, statementLockTimeoutMs) {
      return compact([
        { sql: lockWait, role: 'setup' },
        { sql: transactionLockSql(lockId), role: 'lock' },
        planned?.exists === false ? { sql: createStateTableSql(state), role: 'setup' } : null,
        planned ? { sql: stateTableLockSql(state), role: 'setup' } : null,
        // After the wait for the lock, the migration's own lock_timeout (or the session's).
        statementLockTimeoutMs > 0 ? null : { sql: 'SET LOCAL lock_timeout = DEFAULT', role: 'setup' },
        { sql: guardSql({ lockId: null, state, planned: planned?.version, lockTimeoutMs: statementLockTimeoutMs }), role: 'guard' },
      ]);
    },
  };
}

export async function lockTimeout(client: pg.Client, lockId: string, timeoutMs: number): Promise<MigrateError> {
  const holder = await findLockHolder(client, lockId).catch(() => null);
  const seconds = Math.round(timeoutMs / 100) / 10;
  return new MigrateError('lock-timeout', `could not get the migration lock within ${seconds} s: ${describeHolder(holder)}`);
}

/**
 * The session lock did not stay with this connection's server session: it was taken by one and
 * the next query was answered by another, which only a transaction-pooling proxy does.
 */
export function poolerDetected(lockPid?: number, pid?: number | null): MigrateError {
  const seen =
    lockPid === undefined
      ? 'this connection no longer holds the migration lock'
      : `the migration lock was taken by server process ${lockPid}, but this connection is now served by ${pid ?? 'another'}`;
  return new MigrateError(
    'lock-lost',
    `${seen}: a transaction-pooling proxy (such as PgBouncer) is in between; connect directly or through session pooling, or set lock-strategy to transaction`,
    lockPid === undefined
      ? {}
      : {
          hint: `the lock may stay held by the pooled server process ${lockPid} until the pooler closes that connection; the oForum server waits for it meanwhile`,
        },
  );
}

function compact(statements: (PrefixStatement | null)[]): PrefixStatement[] {
  return statements.filter((statement): statement is PrefixStatement => statement !== null);
}
