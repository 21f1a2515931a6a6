import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeEach } from 'vitest';

/** The server of a machine set up as this project's are: PostgreSQL on the default address. */
export const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * The server the tests use; each test gets a database of its own on it. The global setup sets
 * TEST_DATABASE_URL before the test processes start when it had to start a server itself.
 */
export const SERVER_URL = process.env.TEST_DATABASE_URL || DEFAULT_SERVER_URL;

/** Prefix of every database the tests create, so leftovers of a killed run can be recognised. */
export const TEST_DATABASE_PREFIX = 'omt_';

export interface TestDatabase {
  name: string;
  /** URL of the new database, with the server's credentials */
  url: string;
  query<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<T[]>;
  /** a connection of the test's own, closed by drop() */
  client(): Promise<pg.Client>;
  /** closes the test's connections and keeps the database: a template may have none */
  disconnect(): Promise<void>;
  drop(): Promise<void>;
}

export function urlFor(database: string, base = SERVER_URL): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withServer<T>(work: (client: pg.Client) => Promise<T>, url = SERVER_URL): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * How a test database is copied from its template. From PostgreSQL 15 the default (WAL_LOG) copies
 * it through the WAL, about 0.2 s of the server's CPU for template1's 7.5 MB; FILE_COPY copies its
 * files, for a third of that. The suite is bound by the CPU of two cores, and makes hundreds.
 */
let copyStrategy: Promise<string> | undefined;
function strategyFor(client: pg.Client): Promise<string> {
  copyStrategy ??= client
    .query<{ n: string }>('SELECT current_setting($1) AS n', ['server_version_num'])
    .then(({ rows }) => (Number(rows[0]?.n) >= 150000 ? ' STRATEGY FILE_COPY' : ''));
  return copyStrategy;
}

/** `template`: a copy of that database (which must have no connection), not of template1 */
export async function createTestDatabase(options: { template?: string; encoding?: string } = {}): Promise<TestDatabase> {
  const name = `${TEST_DATABASE_PREFIX}${process.pid}_${randomBytes(5).toString('hex')}`;
  // another encoding than the server's needs template0 and the C locale
  const template = options.encoding
    ? ` TEMPLATE template0 ENCODING '${options.encoding}' LC_COLLATE 'C' LC_CTYPE 'C'`
    : options.template
      ? ` TEMPLATE "${options.template}"`
      : '';
  await withServer(async (client) => client.query(`CREATE DATABASE "${name}"${template}${await strategyFor(client)}`));
  const url = urlFor(name);
  const clients: pg.Client[] = [];
  const open = async (): Promise<pg.Client> => {
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => {});
    await client.connect();
    clients.push(client);
    return client;
  };
  let shared: pg.Client | undefined;
  return {
    name,
    url,
    async query(text, values) {
      shared ??= await open();
      return (await shared.query(text, values as unknown[])).rows;
    },
    client: open,
    async disconnect() {
      await Promise.all(clients.splice(0).map((client) => client.end().catch(() => {})));
      shared = undefined;
    },
    async drop() {
      await Promise.all(clients.map((client) => client.end().catch(() => {})));
      await withServer((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

/** golang-migrate's state, read the way golang-migrate reads it. */
export async function stateOf(db: TestDatabase, table = 'schema_migrations'): Promise<{ version: number; dirty: boolean } | null> {
  const rows = await db.query<{ version: string; dirty: boolean }>(`SELECT version, dirty FROM "${table}" LIMIT 1`);
  const row = rows[0];
  return row ? { version: Number(row.version), dirty: row.dirty } : null;
}

export async function tableExists(db: TestDatabase, name: string): Promise<boolean> {
  const rows = await db.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [name]);
  return rows[0]!.exists;
}

/**
 * A fresh database for each test of the enclosing file or describe block, dropped after it:
 *
 *     const db = useTestDatabase();
 *     it('…', async () => { await runAction({ 'database-url': db().url }); });
 */
export function useTestDatabase(): () => TestDatabase {
  let current: TestDatabase | undefined;
  beforeEach(async () => {
    current = await createTestDatabase();
  });
  afterEach(async () => {
    await current?.drop();
    current = undefined;
  });
  return () => {
    if (!current) throw new Error('useTestDatabase(): the database exists only while a test runs');
    return current;
  };
}

/**
 * Waits until a session of `db` sleeps in pg_sleep (a migration that sleeps on purpose has
 * reached that point); false when none does within `timeoutMs`.
 */
export async function sleepingIn(db: TestDatabase, timeoutMs = 30_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const rows = await db.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'PgSleep'`);
    if (rows.length > 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

/**
 * A migration statement that waits until the test opens the gate (`openGate`): a migration held
 * in the middle for as long as the test needs, however slow the machine, where a fixed
 * pg_sleep would race it. It polls in pg_sleep, so `sleepingIn` sees it waiting. Each poll reads
 * with a fresh snapshot (READ COMMITTED), inside the migration's own transaction.
 */
export const WAIT_FOR_GATE = 'DO $$ BEGIN WHILE NOT EXISTS (SELECT FROM gate) LOOP PERFORM pg_sleep(0.05); END LOOP; END $$;';

/** The table WAIT_FOR_GATE polls, closed: create it before the run starts. */
export async function createGate(db: TestDatabase): Promise<void> {
  await db.query('CREATE TABLE gate ()');
}

export async function openGate(db: TestDatabase): Promise<void> {
  await db.query('INSERT INTO gate DEFAULT VALUES');
}

/**
 * Runs `work` with the URL of a login role of the test's own that may use `db`'s public schema
 * but not PL/pgSQL there (USAGE on the language revoked from PUBLIC in `db`). The role, and what
 * it made in `db`, are dropped afterwards; `db` itself stays for the test's own clean-up.
 */
export async function asRoleWithoutPlpgsql<T>(db: TestDatabase, work: (url: string) => Promise<T>): Promise<T> {
  const role = `${db.name}_nopl`;
  await withServer(async (client) => {
    await client.query(`DROP ROLE IF EXISTS "${role}"`);
    await client.query(`CREATE ROLE "${role}" LOGIN`);
  });
  try {
    await db.query('REVOKE USAGE ON LANGUAGE plpgsql FROM PUBLIC');
    await db.query(`GRANT ALL ON SCHEMA public TO "${role}"`);
    const url = new URL(db.url);
    url.username = role;
    return await work(url.toString());
  } finally {
    await db.query(`DROP OWNED BY "${role}"`);
    await withServer((client) => client.query(`DROP ROLE IF EXISTS "${role}"`));
  }
}
