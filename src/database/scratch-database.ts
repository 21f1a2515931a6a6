import { randomHex } from '../crypto-on-demand.js';
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
 * Creates the scratch database on the server of `server`, guarded by a detached watchdog process
 * that drops it if this process dies first (even by SIGKILL, which runs no cleanup). The watchdog
 * starts before CREATE DATABASE is sent, so no moment exists at which the database could be left
 * behind unguarded.
 */
export async function createScratchDatabase(server: DatabaseTarget, connectTimeoutMs: number): Promise<ScratchDatabase> {
  const admin = await connect({ connectionString: server.connectionString, timeoutMs: connectTimeoutMs });
  const name = `${SCRATCH_PREFIX}${Date.now().toString(36)}_${randomHex(4)}`;
  const watchdog = startWatchdog({
    connectionString: server.connectionString,
    database: name,
    parent: process.pid,
    session: backendPid(admin),
  });
  try {
    await admin.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
  } catch (error) {
    watchdog?.kill();
    await admin.end().catch(() => {});
    if (isServerError(error) && error.code === '42501') {
      throw new MigrateError(
        'config',
        'verify creates a scratch database and the user of database-url may not (it needs CREATEDB); grant it, or run verify --embedded',
      );
    }
    throw new MigrateError('connect', `cannot create the scratch database: ${(error as Error).message}`);
  }
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

/** The server process of a connection, from its BackendKeyData; 0 when unknown. */
function backendPid(client: pg.Client): number {
  const pid = (client as unknown as { processID?: unknown }).processID;
  return typeof pid === 'number' && Number.isInteger(pid) ? pid : 0;
}

async function dropDatabase(client: pg.Client, name: string): Promise<void> {
  // WITH (FORCE) (PostgreSQL 13+) ends sessions a failed step may have left behind.
  await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
}

interface WatchdogSpec {
  connectionString: string;
  database: string;
  /** this process: the watchdog acts once it is gone */
  parent: number;
  /** the server process of the session that sends CREATE DATABASE (0: unknown) */
  session: number;
}

function startWatchdog(spec: WatchdogSpec): { kill(): void } | null {
  const script = process.argv[1];
  if (!script) return null;
  try {
    const child = spawn(process.execPath, [script], {
      detached: true,
      stdio: 'ignore',
      env: { ...process.env, [WATCHDOG_VARIABLE]: JSON.stringify(spec) },
    });
    // A watchdog that cannot start is no reason to fail the run, nor to crash on an unhandled 'error' event.
    child.on('error', () => {});
    child.unref();
    return { kill: () => void child.kill() };
  } catch {
    return null;
  }
}

// How long the watchdog waits for the creating session to end before dropping anyway (a pooler
// may keep that server session open for other clients).
const SESSION_END_WAIT_MS = 120_000;

/**
 * The watchdog's loop: wait for the parent to end, then for the server session that sent CREATE
 * DATABASE to end too (a statement already sent still runs after its client is gone, and a
 * CREATE that commits after the drop would leave the database behind), then drop the database
 * (a no-op when the parent dropped it already, or never created it). Bounded: it gives up when
 * the server stays unreachable.
 */
export async function runScratchWatchdog(text: string): Promise<void> {
  const { connectionString, database, parent, session } = JSON.parse(text) as WatchdogSpec;
  if (!database.startsWith(SCRATCH_PREFIX)) return;
  while (isAlive(parent)) await sleep(250);
  const client = await connect({ connectionString, timeoutMs: 60_000 }).catch(() => null);
  if (!client) return;
  try {
    const deadline = Date.now() + SESSION_END_WAIT_MS;
    while (session > 0 && Date.now() < deadline && (await sessionExists(client, session))) await sleep(100);
    await dropDatabase(client, database);
  } catch {
    // the server went away: nothing more this process can do
  } finally {
    await client.end().catch(() => {});
  }
}

async function sessionExists(client: pg.Client, pid: number): Promise<boolean> {
  const { rows } = await client.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]);
  return rows.length > 0;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
