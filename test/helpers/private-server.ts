import { execFile, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * A throwaway PostgreSQL 15 server of the tests' own: fault tests restart and kill it, which
 * they must never do to the shared server on 5432 that parallel test files use.
 */
export interface PrivateServer {
  port: number;
  /** URL of `database` on this server (user postgres, trust) */
  url(database?: string): string;
  /** a connection to the `postgres` database, closed by the caller */
  admin(): Promise<pg.Client>;
  /** stops (fast mode: sessions are terminated, transactions rolled back) and starts again */
  restart(): Promise<void>;
  /** an abrupt stop (immediate mode: no shutdown checkpoint, crash recovery at the next start); restart() starts it again */
  kill(): Promise<void>;
  /** stops the server and removes its directory */
  stop(): Promise<void>;
  /** the server's log, for assertion messages */
  log(): string;
}

export const POSTGRES_BIN = process.env.TEST_POSTGRES_BIN || '/usr/lib/postgresql/15/bin';

/** Directory prefix, so that leftovers of a killed test run can be recognised and reaped. */
const DIR_PREFIX = 'omt-pg-';
/** the test process that owns a server directory; a directory whose owner is gone is a leftover */
const OWNER_FILE = 'owner.pid';

const isRoot = process.getuid?.() === 0;

function postgresIds(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/**
 * PostgreSQL refuses to run as root, so as root its programs run as the `postgres` OS user.
 * PG* variables of the test process are left out: they would redirect pg_ctl's readiness check.
 */
function command(program: string, args: string[]): [string, string[]] {
  const binary = path.join(POSTGRES_BIN, program);
  return isRoot ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args];
}

function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('PG')) env[name] = value;
  env.LC_ALL = 'C';
  return env;
}

function runPg(program: string, args: string[], cwd: string, timeoutMs = 60_000): Promise<string> {
  const [file, argv] = command(program, args);
  return new Promise((resolve, reject) => {
    execFile(file, argv, { cwd, env: cleanEnv(), timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${program} ${args.join(' ')} failed: ${error.message}\n${stdout}${stderr}`));
      else resolve(stdout);
    });
  });
}

function runPgSync(program: string, args: string[], cwd: string): void {
  const [file, argv] = command(program, args);
  try {
    execFileSync(file, argv, { cwd, env: cleanEnv(), timeout: 30_000, stdio: 'ignore' });
  } catch {
    // best effort: used only to clean up
  }
}

/** A port that was free a moment ago: the kernel's pick for port 0. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Stops and removes the servers of earlier test runs that were killed before their cleanup ran.
 * Only directories whose owning test process is gone are touched: a concurrent run's server is
 * left alone.
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
    const data = path.join(dir, 'data');
    if (existsSync(path.join(data, 'postmaster.pid'))) runPgSync('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w', '-t', '20'], dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

const running = new Set<{ dir: string; data: string }>();
let exitHookInstalled = false;

/** If the test process ends without stop() (a failed hook, a crash), its servers go with it. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const server of running) {
      runPgSync('pg_ctl', ['stop', '-D', server.data, '-m', 'immediate', '-w', '-t', '20'], server.dir);
      rmSync(server.dir, { recursive: true, force: true });
    }
  });
}

/**
 * A detached watchdog that stops the server and removes its directory once the test process is
 * gone, even when it was killed (no exit hook runs then) and no later run comes to reap it. It
 * ends by itself when stop() has removed the directory.
 */
function startWatchdog(dir: string, data: string): void {
  const [file, argv] = command('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w', '-t', '20']);
  const stopCommand = [file, ...argv].map((word) => `'${word.replace(/'/g, `'\\''`)}'`).join(' ');
  const script = [
    `while kill -0 ${process.pid} 2>/dev/null && [ -d '${dir}' ]; do sleep 1; done`,
    `if [ -d '${dir}' ]; then cd '${dir}' && ${stopCommand} >/dev/null 2>&1; cd / && rm -rf '${dir}'; fi`,
  ].join('\n');
  const watchdog = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore', env: cleanEnv() });
  watchdog.unref();
}

export async function startPrivateServer(): Promise<PrivateServer> {
  reapLeftovers();
  installExitHook();
  const dir = mkdtempSync(path.join(tmpdir(), DIR_PREFIX));
  writeFileSync(path.join(dir, OWNER_FILE), `${process.pid}\n`);
  if (isRoot) {
    const { uid, gid } = postgresIds();
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  const entry = { dir, data };
  running.add(entry);
  startWatchdog(dir, data);
  try {
    await runPg(
      'initdb',
      ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'],
      dir,
    );
  } catch (error) {
    running.delete(entry);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  let port = 0;
  let up = false;
  const start = async (): Promise<void> => {
    await runPg('pg_ctl', ['start', '-D', data, '-l', logFile, '-w', '-t', '30'], dir);
    up = true;
  };
  // The port was free when picked but another process may take it before the server binds:
  // try a few fresh ones.
  let lastError: unknown;
  for (let attempt = 0; attempt < 5 && !up; attempt++) {
    port = await freePort();
    appendFileSync(
      path.join(data, 'postgresql.conf'),
      [
        '',
        `port = ${port}`,
        `listen_addresses = '127.0.0.1'`,
        // a socket directory of its own: no clash with the system server's lock files
        `unix_socket_directories = '${dir}'`,
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
        'shared_buffers = 16MB',
        'max_connections = 60',
        `log_min_messages = warning`,
        '',
      ].join('\n'),
    );
    try {
      await start();
    } catch (error) {
      lastError = error;
    }
  }
  if (!up) {
    running.delete(entry);
    runPgSync('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w', '-t', '20'], dir);
    rmSync(dir, { recursive: true, force: true });
    throw lastError instanceof Error ? lastError : new Error(String(lastError));
  }

  const url = (database = 'postgres'): string => `postgres://postgres@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  let stopped = false;
  return {
    port,
    url,
    async admin() {
      const client = new pg.Client({ connectionString: url('postgres') });
      client.on('error', () => {});
      await client.connect();
      return client;
    },
    async restart() {
      if (stopped) throw new Error('the private server was stopped');
      if (up) await runPg('pg_ctl', ['restart', '-D', data, '-l', logFile, '-m', 'fast', '-w', '-t', '30'], dir);
      else await start();
      up = true;
    },
    async kill() {
      if (!up) return;
      await runPg('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w', '-t', '30'], dir);
      up = false;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        if (up) await runPg('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w', '-t', '30'], dir);
      } finally {
        up = false;
        running.delete(entry);
        rmSync(dir, { recursive: true, force: true });
      }
    },
    log() {
      try {
        return readFileSync(logFile, 'utf8');
      } catch {
        return '';
      }
    },
  };
}
