import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import type pg from 'pg';
import { MigrateError } from '../errors.js';
import { connect } from './connect.js';
import { quoteIdentifier } from './identifiers.js';
import { isServerError } from './query.js';
import { parseDatabaseUrl, type DatabaseTarget } from './url.js';
import { WATCHDOG_VARIABLE } from './watchdog-variable.js';

/** A database of verify's own, created on a server and always dropped. */
export interface ScratchDatabase {
  target: DatabaseTarget;
  drop(): Promise<void>;
}

export const SCRATCH_PREFIX = 'oforum_migrate_verify_';

/**
 * Creates the scratch database on the server of `server` and starts a detached watchdog
 * process that drops it if this process dies first (even by SIGKILL, which runs no cleanup).
 */
export async function createScratchDatabase(server: DatabaseTarget, connectTimeoutMs: number): Promise<ScratchDatabase> {
  const admin = await connect({ connectionString: server.connectionString, timeoutMs: connectTimeoutMs });
  const name = `${SCRATCH_PREFIX}${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  try {
    await admin.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
  } catch (error) {
    await admin.end().catch(() => {});
    if (isServerError(error) && error.code === '42501') {
      throw new MigrateError(
        'config',
        'verify creates a scratch database and the user of database-url may not (it needs CREATEDB); grant it, or run verify --embedded',
      );
    }
    throw new MigrateError('connect', `cannot create the scratch database: ${(error as Error).message}`);
  }
  const watchdog = startWatchdog(server.connectionString, name);
  const url = new URL(server.connectionString);
  url.pathname = `/${name}`;
  return {
    target: { ...parseDatabaseUrl(url.toString()), display: `${server.display.replace(/\/[^/]*$/, '')}/${name}` },
    async drop() {
      await dropDatabase(admin, name);
      await admin.end().catch(() => {});
      watchdog?.kill();
    },
  };
}

async function dropDatabase(client: pg.Client, name: string): Promise<void> {
  // WITH (FORCE) (PostgreSQL 13+) ends sessions a failed step may have left behind.
  await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
}

function startWatchdog(connectionString: string, database: string): { kill(): void } | null {
  const script = process.argv[1];
  if (!script) return null;
  try {
    const child = spawn(process.execPath, [script], {
      detached: true,
      stdio: 'ignore',
      env: { ...process.env, [WATCHDOG_VARIABLE]: JSON.stringify({ connectionString, database, parent: process.pid }) },
    });
    // A watchdog that cannot start is no reason to fail the run, nor to crash on an unhandled 'error' event.
    child.on('error', () => {});
    child.unref();
    return { kill: () => void child.kill() };
  } catch {
    return null;
  }
}

/**
 * The watchdog's loop: wait for the parent to end, then drop the database (a no-op when the
 * parent dropped it already). Bounded: it gives up when the server stays unreachable.
 */
export async function runScratchWatchdog(spec: string): Promise<void> {
  const { connectionString, database, parent } = JSON.parse(spec) as { connectionString: string; database: string; parent: number };
  if (!database.startsWith(SCRATCH_PREFIX)) return;
  while (isAlive(parent)) await new Promise((resolve) => setTimeout(resolve, 250));
  const client = await connect({ connectionString, timeoutMs: 60_000 }).catch(() => null);
  if (!client) return;
  await dropDatabase(client, database).catch(() => {});
  await client.end().catch(() => {});
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
