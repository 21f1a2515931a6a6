import { describe, expect, it as base } from 'vitest';
import { createTestDatabase, SERVER_URL, tableExists, type TestDatabase } from '../helpers/database.js';
import {
  advisoryLocksDuring,
  COMPARE_WITH_GOLANG_MIGRATE,
  GOLANG_MIGRATE,
  golangMigrate,
  migrationDirectory,
  runActionAsRunner,
} from '../helpers/golang-migrate.js';
import { runCli } from '../helpers/run.js';

/**
 * The URL means to this tool what it means to golang-migrate (and so to the oForum server):
 * golang-migrate's own CLI and this tool run on the same database with the same URL, and what
 * each did is compared: which database, which state table, which version, which lock id.
 */
base.runIf(!GOLANG_MIGRATE && !!process.env.CI)('has golang-migrate in CI', () => {
  expect(GOLANG_MIGRATE, 'set GOLANG_MIGRATE or install it at ../shared/tools/golang-migrate').not.toBeNull();
});

/**
 * The tests of each block run side by side (most of their time is spent in golang-migrate's and
 * this tool's runs, and in the migrations' sleeps): each makes the databases it needs through the
 * `database` it is handed, and they are dropped after it.
 */
const it = base.extend<{ database: () => Promise<TestDatabase> }>({
  // eslint-disable-next-line no-empty-pattern -- vitest reads the fixtures this one needs from the pattern
  database: async ({}, use) => {
    const made: TestDatabase[] = [];
    try {
      await use(async () => {
        const db = await createTestDatabase();
        made.push(db);
        return db;
      });
    } finally {
      await Promise.all(made.map((db) => db.drop()));
    }
  },
});

/** The server's scheme, user and host, to which each test adds its own path and query. */
const server = ((): string => {
  const url = new URL(SERVER_URL);
  return `postgres://${url.username}${url.password ? `:${url.password}` : ''}@${url.host}`;
})();

// golang-migrate's driver (lib/pq) requires TLS unless told otherwise; the test server has none.
const SLEEP = 'SELECT pg_sleep(1.2);';
const FIRST = { '1_first.up.sql': `CREATE TABLE first_t (id int);\n${SLEEP}\n`, '1_first.down.sql': 'DROP TABLE first_t;\n' };
const BOTH = { ...FIRST, '2_second.up.sql': `CREATE TABLE second_t (id int);\n${SLEEP}\n`, '2_second.down.sql': 'DROP TABLE second_t;\n' };

async function relations(db: TestDatabase): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
  );
  return rows.map((row) => row.name);
}

async function versionBy(url: string): Promise<string> {
  const outcome = await golangMigrate(migrationDirectory(FIRST), url, ['version']);
  return outcome.output.trim();
}

describe.runIf(COMPARE_WITH_GOLANG_MIGRATE).concurrent('the same database and lock as golang-migrate', () => {
  /**
   * golang-migrate applies 1 (holding its lock while 1 sleeps), this tool applies 2 on the same
   * URL (holding its own): both lock ids are seen in pg_locks and must be one.
   */
  async function takeTurns(url: string, migrated: TestDatabase): Promise<{ golang: string[]; tool: string[]; lines: string[] }> {
    const golang = await advisoryLocksDuring(migrated.name, () => golangMigrate(migrationDirectory(FIRST), url, ['up']));
    expect(golang.result.code, golang.result.output).toBe(0);
    const tool = await advisoryLocksDuring(migrated.name, () =>
      runCli(['up', '--database-url', url, '--migrations-path', migrationDirectory(BOTH)]),
    );
    expect(tool.result.code, tool.result.stdout).toBe(0);
    return { golang: golang.lockIds, tool: tool.lockIds, lines: tool.result.lines };
  }

  it.for([
    ['a path', (name: string) => `/${name}?sslmode=disable`],
    ['?dbname= after a bare slash (lock name "/")', (name: string) => `/?dbname=${name}&sslmode=disable`],
    ['?dbname= and no path (lock name current_database())', (name: string) => `?dbname=${name}&sslmode=disable`],
  ] as const)('%s: one database printed, locked and migrated', async ([, form], { database }) => {
    const db = await database();
    const url = `${server}${form(db.name)}`;
    const turns = await takeTurns(url, db);
    expect(turns.golang).toHaveLength(1);
    expect(turns.tool).toEqual(turns.golang);
    expect(turns.lines.join('\n')).toContain(`/${db.name},`);
    expect(await db.query('SELECT version::int, dirty FROM schema_migrations')).toEqual([{ version: 2, dirty: false }]);
    expect(await versionBy(url)).toBe('2');
  });

  it.for([
    ['?dbname= sorts last', (low: string, high: string) => `/${low}?dbname=${high}&sslmode=disable`],
    ['the path sorts last', (low: string, high: string) => `/${high}?dbname=${low}&sslmode=disable`],
  ] as const)('a path and a different ?dbname= (%s): the database that sorts last, as lib/pq takes it', async ([, form], { database }) => {
    const [low, high] = [await database(), await database()].sort((a, b) => (a.name < b.name ? -1 : 1)) as [TestDatabase, TestDatabase];
    const url = `${server}${form(low.name, high.name)}`;
    const turns = await takeTurns(url, high);
    expect(turns.golang).toHaveLength(1);
    expect(turns.tool).toEqual(turns.golang);
    expect(turns.lines.join('\n')).toContain(`/${high.name},`);
    expect(await relations(low)).toEqual([]);
    expect(await high.query('SELECT version::int FROM schema_migrations')).toEqual([{ version: 2 }]);
  });

  it('search_path=app: state in app.schema_migrations for both, one lock', async ({ database }) => {
    const db = await database();
    await db.query('CREATE SCHEMA app');
    const url = `${server}/${db.name}?sslmode=disable&search_path=app`;
    const turns = await takeTurns(url, db);
    expect(turns.tool).toEqual(turns.golang);
    expect(await relations(db)).toEqual(['app.first_t', 'app.schema_migrations', 'app.schema_migrations_history', 'app.second_t']);
    expect(await db.query('SELECT version::int FROM app.schema_migrations')).toEqual([{ version: 2 }]);
    expect(await versionBy(url)).toBe('2');
  });

  it('x-migrations-table-quoted: "app"."mig" is table mig in schema app, for both', async ({ database }) => {
    const db = await database();
    await db.query('CREATE SCHEMA app');
    const url = `${server}/${db.name}?sslmode=disable&x-migrations-table=%22app%22.%22mig%22&x-migrations-table-quoted=1`;
    const turns = await takeTurns(url, db);
    expect(turns.tool).toEqual(turns.golang);
    expect(await db.query('SELECT version::int, dirty FROM app.mig')).toEqual([{ version: 2, dirty: false }]);
    expect(await relations(db)).toEqual(['app.mig', 'app.mig_history', 'public.first_t', 'public.second_t']);
    expect(await versionBy(url)).toBe('2');
  });

  it('an unknown run-time parameter fails the connection for both, as the server refuses it', async ({ database }) => {
    const db = await database();
    const url = `${server}/${db.name}?sslmode=disable&no_such_setting=1`;
    const golang = await golangMigrate(migrationDirectory(FIRST), url, ['up']);
    expect(golang.output).toContain('unrecognized configuration parameter "no_such_setting"');
    const tool = await runCli(['up', '--database-url', url, '--migrations-path', migrationDirectory(FIRST), '--connect-timeout', '0']);
    expect(tool.code).toBe(1);
    expect(tool.lines.at(-1)).toBe('✗ Failed to connect: unrecognized configuration parameter "no_such_setting"');
  });
});

describe.runIf(COMPARE_WITH_GOLANG_MIGRATE).concurrent('settings the URL carries, in the action', () => {
  it('x-migrations-table in the URL is kept when migrations-table is left at its default', async ({ database }) => {
    const db = await database();
    const url = `${server}/${db.name}?sslmode=disable&x-migrations-table=versions`;
    expect((await golangMigrate(migrationDirectory(FIRST), url, ['up'])).code).toBe(0);
    const run = await runActionAsRunner({ 'database-url': url, 'migrations-path': migrationDirectory(BOTH) });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs.applied).toBe('[2]');
    expect(await db.query('SELECT version::int FROM versions')).toEqual([{ version: 2 }]);
    expect(await db.query(`SELECT to_regclass('schema_migrations') AS t`)).toEqual([{ t: null }]);
    expect(await versionBy(url)).toBe('2');
  });

  it('a migrations-table that disagrees with the URL is exit 2, naming both', async ({ database }) => {
    const db = await database();
    const url = `${server}/${db.name}?sslmode=disable&x-migrations-table=versions`;
    const run = await runActionAsRunner({
      'database-url': url,
      'migrations-table': 'schema_migrations',
      'migrations-path': migrationDirectory(BOTH),
    });
    expect(run.code).toBe(2);
    expect(run.lines.at(-1)).toBe(
      `✗ migrations-table "schema_migrations" disagrees with database-url's x-migrations-table "versions": set one of them, or the same in both`,
    );
    expect(await relations(db)).toEqual([]);
  });

  it('a lock_timeout in the URL is kept when statement-lock-timeout is left empty, and a different one is refused', async ({
    database,
  }) => {
    const db = await database();
    const url = `${server}/${db.name}?sslmode=disable&lock_timeout=1234`;
    const directory = migrationDirectory({ '1_show.up.sql': `CREATE TABLE shown AS SELECT current_setting('lock_timeout') AS value;\n` });
    const run = await runActionAsRunner({ 'database-url': url, 'migrations-path': directory });
    expect(run.code, run.stdout).toBe(0);
    expect(await db.query('SELECT value FROM shown')).toEqual([{ value: '1234ms' }]);
    const refused = await runActionAsRunner({ 'database-url': url, 'statement-lock-timeout': '10', 'migrations-path': directory });
    expect(refused.code).toBe(2);
    expect(refused.lines.at(-1)).toBe(
      `✗ statement-lock-timeout 10 s disagrees with database-url's lock_timeout "1234": set one of them, or the same in both`,
    );
  });
});

describe.runIf(COMPARE_WITH_GOLANG_MIGRATE).concurrent("golang-migrate's x- parameters", () => {
  it('x-statement-timeout stops a migration that runs longer, for both', async ({ database }) => {
    const slow = { '1_slow.up.sql': 'CREATE TABLE slow_t (id int);\nSELECT pg_sleep(3);\n', '1_slow.down.sql': 'DROP TABLE slow_t;\n' };
    const [forGolang, forTool] = [await database(), await database()];
    const query = '?sslmode=disable&x-statement-timeout=300';
    const golang = await golangMigrate(migrationDirectory(slow), `${server}/${forGolang.name}${query}`, ['up']);
    expect(golang.code).toBe(1);
    expect(golang.output).toContain('canceling statement');
    const tool = await runActionAsRunner({
      'database-url': `${server}/${forTool.name}${query}`,
      'migrations-path': migrationDirectory(slow),
    });
    expect(tool.code).toBe(1);
    expect(tool.lines.at(-1)).toBe('✗ Migration failed: canceling statement due to statement timeout');
    // golang-migrate leaves the database dirty; here the migration's transaction is rolled back.
    expect(await forGolang.query('SELECT version::int, dirty FROM schema_migrations')).toEqual([{ version: 1, dirty: true }]);
    // golang-migrate made its table before the migration; here the migration's own transaction did,
    // and it rolled back with it: no version either way
    expect(await tableExists(forTool, 'schema_migrations')).toBe(false);
    expect(await relations(forTool)).not.toContain('public.slow_t');
  });

  it('x-multi-statement=false and x-multi-statement-max-size change nothing, for both', async ({ database }) => {
    const [forGolang, forTool] = [await database(), await database()];
    const files = { '1_a.up.sql': 'CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n', '1_a.down.sql': 'DROP TABLE a, b;\n' };
    const query = '?sslmode=disable&x-multi-statement=false&x-multi-statement-max-size=64';
    expect((await golangMigrate(migrationDirectory(files), `${server}/${forGolang.name}${query}`, ['up'])).code).toBe(0);
    const tool = await runCli([
      'up',
      '--database-url',
      `${server}/${forTool.name}${query}`,
      '--migrations-path',
      migrationDirectory(files),
    ]);
    expect(tool.code).toBe(0);
    const golangRelations = await relations(forGolang);
    expect((await relations(forTool)).filter((name) => !name.endsWith('_history'))).toEqual(golangRelations);
  });

  it.for([
    ['x-multi-statement=true', /^✗ database-url: x-multi-statement=true is not supported: /],
    ['x-lock-strategy=table', /^✗ database-url has the parameter "x-lock-strategy", which golang-migrate's postgres driver does not know/],
    [
      'target_session_attrs=any',
      /^✗ database-url: target_session_attrs is a libpq setting that golang-migrate's driver \(lib\/pq\) does not know/,
    ],
  ] as const)('%s is refused with exit 2 before anything runs', async ([parameter, line], { database }) => {
    const db = await database();
    const run = await runActionAsRunner({
      'database-url': `${server}/${db.name}?sslmode=disable&${parameter}`,
      'migrations-path': migrationDirectory(FIRST),
    });
    expect(run.code).toBe(2);
    expect(run.lines.at(-1)).toMatch(line);
    expect(await relations(db)).toEqual([]);
  });
});
