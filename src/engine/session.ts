import type pg from 'pg';
import { connect } from '../database/connect.js';
import { acquireLock, releaseLock } from '../database/lock.js';
import { advisoryLockId } from '../database/lock-id.js';
import { locateStateTable, type StateTable } from '../database/state-table.js';
import type { DatabaseTarget } from '../database/url.js';
import type { EngineEvents } from './events.js';

export interface SessionOptions {
  target: DatabaseTarget;
  migrationsTable: string;
  lockTimeoutMs: number;
  connectTimeoutMs: number;
  events: EngineEvents;
}

export interface Session {
  client: pg.Client;
  state: StateTable;
}

/**
 * Runs `work` on one connection that holds golang-migrate's migration lock, the way the oForum
 * server does before it migrates: connect, find the state table, lock, work, unlock, close.
 * Everything that reads or writes the version happens under the lock.
 */
export async function withLockedSession<T>(options: SessionOptions, work: (session: Session) => Promise<T>): Promise<T> {
  const client = await connect({
    connectionString: options.target.connectionString,
    timeoutMs: options.connectTimeoutMs,
    onRetry: (reason, attempt) => options.events.connectRetry?.(reason, attempt),
  });
  try {
    const state = await locateStateTable(client, options.migrationsTable);
    const lockId = advisoryLockId(state.schema, state.table, options.target.lockDatabaseName);
    await acquireLock(client, {
      lockId,
      timeoutMs: options.lockTimeoutMs,
      onWait: (holder) => options.events.lockWait?.(holder),
    });
    const result = await work({ client, state });
    await releaseLock(client, lockId);
    return result;
  } finally {
    // Closing the session also releases the lock when work failed or the unlock was not sent.
    await client.end().catch(() => {});
  }
}
