import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { SERVER_URL } from './database.js';
import { freePort } from './private-server.js';

/**
 * A PgBouncer of the tests' own in front of the shared test server, to prove the lock strategies
 * against a real connection pooler rather than against an imitation of one.
 */
export interface PgBouncer {
  port: number;
  /** URL of `database` through this PgBouncer; PgBouncer passes the name on to the server unchanged */
  url(database: string): string;
  /** PgBouncer's log, for assertion messages */
  log(): string;
  /** stops PgBouncer (its server connections close with it) and removes its directory */
  stop(): Promise<void>;
}

export interface PgBouncerOptions {
  poolMode: 'transaction' | 'session';
  /**
   * PgBouncer hands out idle server connections most recently used first, so a lone client keeps
   * getting the same one; round robin makes consecutive transactions land on different ones.
   */
  serverRoundRobin?: boolean;
  poolSize?: number;
  /** where PgBouncer connects, when something (a wire watch) stands in front of the test server */
  upstream?: { host: string; port: number };
}

function findBinary(): string | null {
  const candidates = [
    process.env.TEST_PGBOUNCER_BIN,
    // Debian installs it in sbin, which is not on an ordinary user's PATH.
    ...(process.env.PATH ?? '')
      .split(path.delimiter)
      .filter(Boolean)
      .map((dir) => path.join(dir, 'pgbouncer')),
    '/usr/sbin/pgbouncer',
    '/usr/local/sbin/pgbouncer',
    '/usr/local/bin/pgbouncer',
  ];
  return candidates.find((candidate): candidate is string => !!candidate && existsSync(candidate)) ?? null;
}

export const PGBOUNCER_BIN = findBinary();
export const hasPgBouncer = PGBOUNCER_BIN !== null;

/** Directory prefix, so that leftovers of a killed test run can be recognised and reaped. */
const DIR_PREFIX = 'omt-pgb-';
/** the test process that owns a PgBouncer directory; a directory whose owner is gone is a leftover */
const OWNER_FILE = 'owner.pid';
const PID_FILE = 'pgbouncer.pid';
const LOG_FILE = 'pgbouncer.log';

const isRoot = process.getuid?.() === 0;

function postgresIds(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/** PG* variables of the test process are left out: libpq-style defaults have no place in PgBouncer. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('PG')) env[name] = value;
  return env;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The PgBouncer whose pid a directory recorded, unless that pid now belongs to another program. */
function pgbouncerPid(dir: string): number | null {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(dir, PID_FILE), 'utf8').trim());
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'pgbouncer' ? pid : null;
  } catch {
    return null;
  }
}

function killQuietly(pid: number | null | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Stops and removes the PgBouncers of earlier test runs that were killed before their cleanup
 * ran. Only directories whose owning test process is gone are touched.
 */
function reapLeftovers(): void {
  const base = tmpdir();
  let entries: string[];
  try {
    entries = readdirSync(base).filter((name) => name.startsWith(DIR_PREFIX));
  } catch {
    return;
  }
  for (const name of entries.slice(0, 50)) {
    const dir = path.join(base, name);
    let owner: number;
    try {
      owner = Number(readFileSync(path.join(dir, OWNER_FILE), 'utf8').trim());
    } catch {
      continue; // being set up right now, or not ours
    }
    if (!Number.isInteger(owner) || owner <= 0 || processAlive(owner)) continue;
    killQuietly(pgbouncerPid(dir), 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Running {
  dir: string;
  child: ChildProcess;
}
const running = new Set<Running>();
let exitHookInstalled = false;

/** If the test process ends without stop() (a failed hook, a crash), its PgBouncers go with it. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const entry of running) {
      killQuietly(pgbouncerPid(entry.dir), 'SIGKILL');
      killQuietly(entry.child.pid, 'SIGKILL');
      rmSync(entry.dir, { recursive: true, force: true });
    }
  });
}

interface ServerAddress {
  host: string;
  port: number;
  user: string;
  password: string;
}

function serverAddress(): ServerAddress {
  const url = new URL(SERVER_URL);
  return {
    host: decodeURIComponent(url.hostname) || '127.0.0.1',
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username) || 'postgres',
    password: decodeURIComponent(url.password),
  };
}

function quoted(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

function config(dir: string, port: number, server: ServerAddress, options: PgBouncerOptions): string {
  return [
    '[databases]',
    // The fallback entry passes the client's database name to the server unchanged: a URL
    // through PgBouncer then has the same path, so the same lock id, as a direct connection.
    `* = host=${server.host} port=${server.port}`,
    '',
    '[pgbouncer]',
    'listen_addr = 127.0.0.1',
    `listen_port = ${port}`,
    // no Unix socket: it would live in a shared directory, named only by the port
    'unix_socket_dir =',
    'auth_type = trust',
    `auth_file = ${path.join(dir, 'userlist.txt')}`,
    `admin_users = ${server.user}`,
    `pool_mode = ${options.poolMode}`,
    `server_round_robin = ${options.serverRoundRobin ? 1 : 0}`,
    `default_pool_size = ${options.poolSize ?? 20}`,
    // a wire watch in between reads the protocol, which TLS would hide from it
    ...(options.upstream === undefined ? [] : ['server_tls_sslmode = disable']),
    'max_client_conn = 200',
    // node-postgres sends neither, but other clients (and some drivers' defaults) do
    'ignore_startup_parameters = extra_float_digits,options',
    `logfile = ${path.join(dir, LOG_FILE)}`,
    `pidfile = ${path.join(dir, PID_FILE)}`,
    '',
  ].join('\n');
}

const READY_ATTEMPTS = 200;
const READY_DELAY_MS = 50;

/**
 * Ready once PgBouncer's own admin console answers on the port: a query only a PgBouncer
 * understands, so another program that took the port meanwhile is not mistaken for it.
 */
async function waitUntilReady(port: number, user: string, child: ChildProcess): Promise<boolean> {
  for (let attempt = 0; attempt < READY_ATTEMPTS; attempt++) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    const client = new pg.Client({ host: '127.0.0.1', port, user, database: 'pgbouncer', connectionTimeoutMillis: 2000 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('SHOW VERSION');
      return child.exitCode === null && child.signalCode === null;
    } catch {
      // not listening yet
    } finally {
      await client.end().catch(() => {});
    }
    await new Promise((resolve) => setTimeout(resolve, READY_DELAY_MS));
  }
  return false;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Immediate shutdown (SIGTERM drops clients and server connections), SIGKILL if that hangs. */
async function terminate(entry: Running): Promise<void> {
  // As root the child is runuser; the pid file names PgBouncer itself.
  const pid = pgbouncerPid(entry.dir) ?? entry.child.pid;
  killQuietly(pid, 'SIGTERM');
  if (await waitForExit(entry.child, 10_000)) return;
  killQuietly(pgbouncerPid(entry.dir), 'SIGKILL');
  killQuietly(entry.child.pid, 'SIGKILL');
  await waitForExit(entry.child, 10_000);
}

/**
 * A scratch directory of the test process's own, reaped like a PgBouncer's when a killed run
 * leaves it behind; the caller removes it when done.
 */
export function scratchDir(): string {
  reapLeftovers();
  const dir = mkdtempSync(path.join(tmpdir(), DIR_PREFIX));
  writeFileSync(path.join(dir, OWNER_FILE), `${process.pid}\n`);
  return dir;
}

export async function startPgBouncer(options: PgBouncerOptions): Promise<PgBouncer> {
  if (!PGBOUNCER_BIN) throw new Error('pgbouncer is not installed (set TEST_PGBOUNCER_BIN to its path)');
  reapLeftovers();
  installExitHook();
  const server = { ...serverAddress(), ...options.upstream };
  const dir = mkdtempSync(path.join(tmpdir(), DIR_PREFIX));
  writeFileSync(path.join(dir, OWNER_FILE), `${process.pid}\n`);
  // trust still needs the user listed; the password is what PgBouncer logs in to the server with
  writeFileSync(path.join(dir, 'userlist.txt'), `${quoted(server.user)} ${quoted(server.password)}\n`);
  // PgBouncer refuses to run as root: it runs as the postgres OS user, which writes its log and pid here.
  if (isRoot) {
    const { uid, gid } = postgresIds();
    chownSync(dir, uid, gid);
  }
  const configFile = path.join(dir, 'pgbouncer.ini');
  const logFile = path.join(dir, LOG_FILE);
  const log = (): string => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };

  let entry: Running | undefined;
  let port = 0;
  let output = '';
  // The port was free when picked but another process may take it before PgBouncer binds:
  // try a few fresh ones.
  for (let attempt = 0; attempt < 5 && !entry; attempt++) {
    port = await freePort();
    writeFileSync(configFile, config(dir, port, server, options));
    const [file, args] = isRoot
      ? ['runuser', ['-u', 'postgres', '--', PGBOUNCER_BIN, '-q', configFile]]
      : [PGBOUNCER_BIN, ['-q', configFile]];
    const child = spawn(file, args, { cwd: dir, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    // Read what it prints, capped: an unread pipe would fill up and stall PgBouncer.
    const collect = (chunk: string): void => {
      if (output.length < 64_000) output += chunk;
    };
    child.stdout!.setEncoding('utf8').on('data', collect);
    child.stderr!.setEncoding('utf8').on('data', collect);
    child.on('error', (error) => collect(`${error.message}\n`));
    const candidate: Running = { dir, child };
    running.add(candidate);
    if (await waitUntilReady(port, server.user, child)) {
      entry = candidate;
    } else {
      await terminate(candidate);
      running.delete(candidate);
    }
  }
  if (!entry) {
    const details = `${output}${log()}`.slice(-4000);
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`PgBouncer did not start:\n${details}`);
  }

  const started = entry;
  let stopped = false;
  return {
    port,
    url: (database) => `postgres://${encodeURIComponent(server.user)}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    log,
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await terminate(started);
      } finally {
        running.delete(started);
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
