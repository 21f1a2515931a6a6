import type pg from 'pg';
import { MigrateError } from '../errors.js';
import { queryRows } from './query.js';
import { destroyConnection } from './cancel.js';
import { visibleLineBreaks } from '../visible-line-breaks.js';

/** A session that holds an advisory lock, from pg_locks joined to pg_stat_activity. */
export interface LockHolder {
  pid: number;
  applicationName: string;
  user: string | null;
  clientAddress: string | null;
  backendStart: Date | null;
  state: string | null;
  stateChange: Date | null;
}

export interface AcquireLockOptions {
  /** golang-migrate's advisory lock id, decimal */
  lockId: string;
  timeoutMs: number;
  /** told once, when the lock is found taken, who holds it */
  onWait?: (holder: LockHolder | null) => void;
}

/**
 * Takes golang-migrate's session-level advisory lock and returns the server pid that holds it.
 * pg_advisory_lock would wait without bound (and a statement_timeout would break it for the
 * server too), so the lock is polled with pg_try_advisory_lock and the wait ends at
 * `timeoutMs`, naming who holds the lock.
 *
 * Advisory locks are re-entrant within a server session: if this session already holds the
 * lock, another client shares the session (a transaction-pooling proxy) and the lock would
 * protect nothing, so it is not taken again but refused.
 */
export async function acquireLock(client: pg.Client, options: AcquireLockOptions): Promise<number> {
  const deadline = Date.now() + options.timeoutMs;
  // Each poll is bounded by the deadline too: on a connection that has gone silent (no answer, no
  // close), the wait for the lock would otherwise never end, however short lock-timeout.
  const bounded = <T>(query: Promise<T>): Promise<T> => answeredBy(client, query, deadline + SILENT_GRACE_MS, options.timeoutMs);
  let delay = 25;
  let told = false;
  for (;;) {
    const [row] = await bounded(
      queryRows<{ held: boolean; locked: boolean; pid: number }>(
        client,
        `WITH mine AS MATERIALIZED (${heldByThisSessionSql(options.lockId)} AS held)
       SELECT mine.held, CASE WHEN mine.held THEN false ELSE pg_try_advisory_lock(${options.lockId}) END AS locked, pg_backend_pid() AS pid FROM mine`,
      ),
    );
    if (row?.held) throw lockShared(row.pid);
    // The server session that took it: a later query answered by another one means a
    // transaction-pooling proxy is in between, and the session lock protects nothing.
    if (row?.locked) return row.pid;
    if (!told) {
      told = true;
      options.onWait?.(await bounded(findLockHolder(client, options.lockId)));
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw lockTimeoutError(await bounded(findLockHolder(client, options.lockId)), options.timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, Math.min(delay, remaining)));
    delay = Math.min(delay * 2, 500);
  }
}

// How long past lock-timeout a poll may take to answer before the connection counts as silent.
const SILENT_GRACE_MS = 5000;

/**
 * The query's answer, or, when none has come by `until`, a lock timeout: the connection is then
 * destroyed (a lock the server granted meanwhile ends with the session, so nothing is left held).
 */
async function answeredBy<T>(client: pg.Client, query: Promise<T>, until: number, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const silent = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => {
        destroyConnection(client);
        const seconds = Math.round(timeoutMs / 100) / 10;
        reject(
          new MigrateError(
            'lock-timeout',
            `could not get the migration lock within ${seconds} s: the server stopped answering (the connection was closed)`,
          ),
        );
      },
      Math.max(0, until - Date.now()),
    );
  });
  try {
    return await Promise.race([query, silent]);
  } finally {
    clearTimeout(timer);
    query.catch(() => {});
  }
}

export function heldByThisSessionSql(lockId: string): string {
  return `SELECT EXISTS (SELECT FROM pg_catalog.pg_locks WHERE locktype = 'advisory' AND pid = pg_catalog.pg_backend_pid() AND classid = 0 AND objid = ${lockId} AND objsubid = 1 AND granted)`;
}

/** The wait for the migration lock ended at lock-timeout: who holds it is named. */
export function lockTimeoutError(holder: LockHolder | null, timeoutMs: number): MigrateError {
  const seconds = Math.round(timeoutMs / 100) / 10;
  return new MigrateError('lock-timeout', `could not get the migration lock within ${seconds} s: ${describeHolder(holder)}`);
}

/** A lock timeout seen by a statement: the holder is looked up once more (best effort). */
export async function lockTimeout(client: pg.Client, lockId: string, timeoutMs: number): Promise<MigrateError> {
  return lockTimeoutError(await findLockHolder(client, lockId).catch(() => null), timeoutMs);
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

export function lockShared(pid: number): MigrateError {
  return new MigrateError(
    'lock-lost',
    `the migration lock is already held by server process ${pid}, which this connection shares with another client: a transaction-pooling proxy (such as PgBouncer) is in between; connect directly or through session pooling, or set lock-strategy to transaction`,
  );
}

/** Releases the session lock; `released` is false when this server session did not hold it. */
export async function releaseLock(client: pg.Client, lockId: string): Promise<{ released: boolean; pid: number }> {
  const [row] = await queryRows<{ released: boolean; pid: number }>(
    client,
    `SELECT pg_catalog.pg_advisory_unlock(${lockId}) AS released, pg_catalog.pg_backend_pid() AS pid`,
  );
  return { released: row?.released === true, pid: row?.pid ?? 0 };
}

/**
 * pg_advisory_lock(bigint) shows in pg_locks with the key's high half as classid and its low
 * half as objid, objsubid 1 (see the pg_locks documentation); our ids fit in 32 bits.
 */
export async function findLockHolder(client: pg.Client, lockId: string): Promise<LockHolder | null> {
  const rows = await queryRows<{
    pid: number;
    application_name: string;
    usename: string | null;
    client_addr: string | null;
    backend_start: Date | null;
    state: string | null;
    state_change: Date | null;
  }>(
    client,
    `SELECT a.pid, a.application_name, a.usename, host(a.client_addr) AS client_addr, a.backend_start, a.state, a.state_change
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = ${lockId} AND l.objsubid = 1
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
      LIMIT 1`,
  );
  const row = rows[0];
  if (!row) return null;
  return {
    pid: row.pid,
    applicationName: row.application_name,
    user: row.usename,
    clientAddress: row.client_addr,
    backendStart: row.backend_start,
    state: row.state,
    stateChange: row.state_change,
  };
}

export function describeHolder(holder: LockHolder | null): string {
  if (!holder) return 'the holder could not be seen (it may have just released it, or pg_stat_activity is hidden from this user)';
  const parts = [`held by pid ${holder.pid}`];
  // names any session may choose: kept to the message's one line
  const who = [
    holder.applicationName ? `application_name "${visibleLineBreaks(holder.applicationName)}"` : 'no application_name',
    holder.user ? `user ${visibleLineBreaks(holder.user)}` : null,
    holder.clientAddress ? `from ${holder.clientAddress}` : null,
  ].filter(Boolean);
  parts.push(`(${who.join(', ')})`);
  if (holder.backendStart) parts.push(`connected since ${holder.backendStart.toISOString()}`);
  if (holder.state) {
    parts.push(`${holder.state}${holder.stateChange ? ` since ${holder.stateChange.toISOString()}` : ''}`);
  }
  return parts.join(', ').replace(', (', ' (');
}
