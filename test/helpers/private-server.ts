import { execFile, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PG_BIN } from './pg-bin.js';

/**
 * A throwaway PostgreSQL server of the tests' own, from the programs of PG_BIN (the major under
 * test): fault tests restart and kill it, which they must never do to the shared server that
 * parallel test files use; the compatibility matrix runs its suite against one.
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

export interface PrivateServerOptions {
  /** the bin directory to start it from; PG_BIN by default */
  bin?: string;
  /** max_connections; a server that a whole suite shares needs more than one test does */
  maxConnections?: number;
  /**
   * TLS only: the server's certificate and key (PEM), `ssl = on`, and a pg_hba.conf that accepts
   * TCP connections over TLS and rejects plain ones. Connections and disconnections are logged.
   */
  tls?: { certificate: string; key: string };
  /**
   * Roles that must sign in with a password over TCP, by the method pg_hba.conf names for them:
   * `scram-sha-256`, or `md5` (the role's password then stored as an MD5 hash, which md5 asks
   * for). Every other connection is trusted, as on the shared server.
   */
  passwordRoles?: readonly { name: string; password: string; method: 'scram-sha-256' | 'md5' }[];
}

/** Directory prefix, so that leftovers of a killed test run can be recognised and reaped. */
const DIR_PREFIX = 'omt-pg-';
/** the test process that owns a server directory; a directory whose owner is gone is a leftover */
const OWNER_FILE = 'owner.pid';
/** the bin directory the server was started from, whose pg_ctl stops it */
const BIN_FILE = 'bin';

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
function command(bin: string, program: string, args: string[]): [string, string[]] {
  const binary = path.join(bin, program);
  return isRoot ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args];
}

function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('PG')) env[name] = value;
  env.LC_ALL = 'C';
  return env;
}

function runPg(bin: string, program: string, args: string[], cwd: string, timeoutMs = 60_000): Promise<string> {
  const [file, argv] = command(bin, program, args);
  return new Promise((resolve, reject) => {
    execFile(file, argv, { cwd, env: cleanEnv(), timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${program} ${args.join(' ')} failed: ${error.message}\n${stdout}${stderr}`));
      else resolve(stdout);
    });
  });
}

function runPgSync(bin: string, program: string, args: string[], cwd: string): void {
  const [file, argv] = command(bin, program, args);
  try {
    execFileSync(file, argv, { cwd, env: cleanEnv(), timeout: 30_000, stdio: 'ignore' });
  } catch {
    // best effort: used only to clean up
  }
}

/** The major version of the programs in `bin` (`initdb (PostgreSQL) 13.23` → 13). */
export function majorOf(bin: string): number {
  const [file, argv] = command(bin, 'initdb', ['--version']);
  const out = execFileSync(file, argv, { env: cleanEnv(), encoding: 'utf8' });
  const major = Number(/\(PostgreSQL\) (\d+)/.exec(out)?.[1]);
  if (!Number.isInteger(major)) throw new Error(`cannot tell the PostgreSQL version of ${bin}: ${out.trim()}`);
  return major;
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

function stopImmediately(bin: string, dir: string): void {
  const data = path.join(dir, 'data');
  if (existsSync(path.join(data, 'postmaster.pid')))
    runPgSync(bin, 'pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w', '-t', '20'], dir);
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
    let bin = PG_BIN;
    try {
      bin = readFileSync(path.join(dir, BIN_FILE), 'utf8').trim() || PG_BIN;
    } catch {
      // an older layout: the default programs
    }
    stopImmediately(bin, dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

const running = new Set<{ dir: string; bin: string }>();
let exitHookInstalled = false;

/** If the test process ends without stop() (a failed hook, a crash), its servers go with it. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const server of running) {
      stopImmediately(server.bin, server.dir);
      rmSync(server.dir, { recursive: true, force: true });
    }
  });
}

/**
 * A detached watchdog that stops the server and removes its directory once the test process is
 * gone, even when it was killed (no exit hook runs then) and no later run comes to reap it. It
 * ends by itself when stop() has removed the directory.
 */
function startWatchdog(bin: string, dir: string, data: string): void {
  const [file, argv] = command(bin, 'pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w', '-t', '20']);
  const stopCommand = [file, ...argv].map((word) => `'${word.replace(/'/g, `'\\''`)}'`).join(' ');
  const script = [
    `while kill -0 ${process.pid} 2>/dev/null && [ -d '${dir}' ]; do sleep 1; done`,
    `if [ -d '${dir}' ]; then cd '${dir}' && ${stopCommand} >/dev/null 2>&1; cd / && rm -rf '${dir}'; fi`,
  ].join('\n');
  const watchdog = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore', env: cleanEnv() });
  watchdog.unref();
}

/**
 * Starts a server of the tests' own: as the `postgres` OS user when the tests run as root (CI
 * does; PostgreSQL refuses root), listening on 127.0.0.1 only, on a free port, with its data and
 * socket in a temporary directory that stop() removes.
 */
/** See PrivateServerOptions.tls. The key must belong to the server's user and be private to it. */
function configureTls(data: string, tls: { certificate: string; key: string }): void {
  const owned = (file: string, text: string): void => {
    writeFileSync(file, text, { mode: 0o600 });
    if (isRoot) {
      const { uid, gid } = postgresIds();
      chownSync(file, uid, gid);
    }
  };
  owned(path.join(data, 'server.crt'), tls.certificate);
  owned(path.join(data, 'server.key'), tls.key);
  owned(path.join(data, 'pg_hba.conf'), 'local all all trust\nhostssl all all 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 reject\n');
  appendFileSync(path.join(data, 'postgresql.conf'), ['', 'ssl = on', 'log_connections = on', 'log_disconnections = on', ''].join('\n'));
}

export async function startPrivateServer(options: PrivateServerOptions = {}): Promise<PrivateServer> {
  const bin = options.bin ?? PG_BIN;
  reapLeftovers();
  installExitHook();
  const dir = mkdtempSync(path.join(tmpdir(), DIR_PREFIX));
  writeFileSync(path.join(dir, OWNER_FILE), `${process.pid}\n`);
  writeFileSync(path.join(dir, BIN_FILE), `${bin}\n`);
  if (isRoot) {
    const { uid, gid } = postgresIds();
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  const entry = { dir, bin };
  running.add(entry);
  startWatchdog(bin, dir, data);
  try {
    // --no-instructions exists from PostgreSQL 14 on; the instructions only go to stdout.
    const quiet = majorOf(bin) >= 14 ? ['--no-instructions'] : [];
    await runPg(bin, 'initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync', ...quiet], dir);
  } catch (error) {
    running.delete(entry);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  if (options.tls) configureTls(data, options.tls);
  else if (options.passwordRoles?.length) {
    const lines = options.passwordRoles.map((role) => `host all ${role.name} 127.0.0.1/32 ${role.method}`);
    writeFileSync(path.join(data, 'pg_hba.conf'), ['local all all trust', ...lines, 'host all all 127.0.0.1/32 trust', ''].join('\n'));
  }

  let port = 0;
  let up = false;
  const start = async (): Promise<void> => {
    await runPg(bin, 'pg_ctl', ['start', '-D', data, '-l', logFile, '-w', '-t', '30'], dir);
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
        `max_connections = ${options.maxConnections ?? 60}`,
        // a TLS server's log shows how each session ended (see configureTls)
        `log_min_messages = ${options.tls ? 'log' : 'warning'}`,
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
    stopImmediately(bin, dir);
    rmSync(dir, { recursive: true, force: true });
    throw lastError instanceof Error ? lastError : new Error(String(lastError));
  }

  const url = (database = 'postgres'): string => `postgres://postgres@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  for (const role of options.passwordRoles ?? []) {
    const client = new pg.Client({ connectionString: url('postgres') });
    await client.connect();
    try {
      await client.query(`SET password_encryption = '${role.method}'`);
      await client.query(`CREATE ROLE "${role.name}" LOGIN SUPERUSER PASSWORD '${role.password.replace(/'/g, "''")}'`);
    } finally {
      await client.end();
    }
  }
  let stopped = false;
  return {
    port,
    url,
    async admin() {
      // a TLS server refuses plain TCP: its own Unix-domain socket instead
      const client = new pg.Client(
        options.tls ? { host: dir, port, user: 'postgres', database: 'postgres' } : { connectionString: url('postgres') },
      );
      client.on('error', () => {});
      await client.connect();
      return client;
    },
    async restart() {
      if (stopped) throw new Error('the private server was stopped');
      if (up) await runPg(bin, 'pg_ctl', ['restart', '-D', data, '-l', logFile, '-m', 'fast', '-w', '-t', '30'], dir);
      else await start();
      up = true;
    },
    async kill() {
      if (!up) return;
      await runPg(bin, 'pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w', '-t', '30'], dir);
      up = false;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        if (up) await runPg(bin, 'pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w', '-t', '30'], dir);
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
