import { describe, expect, it } from 'vitest';
import { stateOf, tableExists, useTestDatabase } from '../helpers/database.js';
import { golangMigrate, migrationDirectory, requiresGolangMigrate } from '../helpers/golang-migrate.js';
import { runAction, workflowCommands } from '../helpers/run.js';

// Each case runs golang-migrate's own CLI and this tool on the same files and one database, and
// compares what each did (docs/compatibility.md lists what is identical and what differs).
const noGolangMigrate = requiresGolangMigrate();
const db = useTestDatabase();

/** golang-migrate's URL for the test database: lib/pq wants sslmode spelled out. */
function migrateUrl(query = ''): string {
  return `${db().url}?sslmode=disable${query}`;
}

describe.skipIf(noGolangMigrate)('file names, matched with golang-migrate’s own pattern', () => {
  const files = {
    '1_a.up.sql': 'CREATE TABLE a (id int);',
    // Go's `.` does not match a newline: golang-migrate ignores this file
    '2_b\nnote.up.sql': 'CREATE TABLE b (id int);',
    // … but it matches a carriage return: golang-migrate applies this one
    '3_c\r.up.sql': 'CREATE TABLE c (id int);',
  };

  it('golang-migrate ignores a name with a newline and applies one with a carriage return', async () => {
    const theirs = await golangMigrate(migrationDirectory(files), migrateUrl(), ['up']);
    expect(theirs.code, theirs.output).toBe(0);
    expect(await stateOf(db())).toEqual({ version: 3, dirty: false });
    expect(await tableExists(db(), 'b')).toBe(false);
    expect(await tableExists(db(), 'c')).toBe(true);
  });

  it('this tool does the same', async () => {
    const ours = await runAction({ 'database-url': db().url, 'migrations-path': migrationDirectory(files) });
    expect(ours.code, ours.stdout).toBe(0);
    expect(ours.outputs).toMatchObject({ applied: '[1,3]', version: '3' });
    expect(await tableExists(db(), 'b')).toBe(false);
    expect(await tableExists(db(), 'c')).toBe(true);
  });
});

describe.skipIf(noGolangMigrate)('two state tables in one schema', () => {
  const forum = { '1_users.up.sql': 'CREATE TABLE users (id int);', '2_posts.up.sql': 'CREATE TABLE posts (id int);' };
  // the same versions, other files: a shared history would call these "edited after being applied"
  const plugin = { '1_plugin.up.sql': 'CREATE TABLE plugin (id int);', '2_plugin_b.up.sql': 'CREATE TABLE plugin_b (id int);' };

  it('golang-migrate keeps them apart', async () => {
    expect((await golangMigrate(migrationDirectory(forum), migrateUrl(), ['up'])).code).toBe(0);
    const theirs = await golangMigrate(migrationDirectory(plugin), migrateUrl('&x-migrations-table=plugin_migrations'), ['up']);
    expect(theirs.code, theirs.output).toBe(0);
    expect(await stateOf(db(), 'plugin_migrations')).toEqual({ version: 2, dirty: false });
  });

  it('this tool keeps their histories apart too, each named after its state table', async () => {
    const first = await runAction({ 'database-url': db().url, 'migrations-path': migrationDirectory(forum) });
    expect(first.code, first.stdout).toBe(0);
    const second = await runAction({
      'database-url': db().url,
      'migrations-path': migrationDirectory(plugin),
      'migrations-table': 'plugin_migrations',
    });
    expect(second.code, second.stdout).toBe(0);
    expect(second.outputs).toMatchObject({ applied: '[1,2]', version: '2' });
    expect(await stateOf(db(), 'plugin_migrations')).toEqual({ version: 2, dirty: false });
    const names = async (table: string) =>
      (await db().query<{ name: string }>(`SELECT name FROM ${table} ORDER BY id`)).map((row) => row.name);
    expect(await names('schema_migrations_history')).toEqual(['users', 'posts']);
    expect(await names('plugin_migrations_history')).toEqual(['plugin', 'plugin_b']);
    // and a later run of each still finds its own files unedited
    const again = await runAction({ 'database-url': db().url, 'migrations-path': migrationDirectory(forum), command: 'check' });
    expect(again.code, again.stdout).toBe(0);
    expect(again.outputs).toMatchObject({ status: 'up-to-date' });
  });

  it('first runs at once, with different locks and one history table, both record their history', async () => {
    const runs = await Promise.all(
      ['a_migrations', 'b_migrations', 'c_migrations'].map((table) =>
        runAction({
          'database-url': db().url,
          'migrations-path': migrationDirectory({ '1_one.up.sql': `CREATE TABLE ${table}_t (id int);` }),
          'migrations-table': table,
          'history-table': 'shared_history',
        }),
      ),
    );
    for (const run of runs) expect(run.code, run.stdout).toBe(0);
    expect(await db().query('SELECT count(*)::int AS n FROM shared_history')).toEqual([{ n: 3 }]);
  });
});

describe.skipIf(noGolangMigrate)('a file added below the database’s version', () => {
  const before = { '1_add_a.up.sql': 'CREATE TABLE a (id int);', '3_add_c.up.sql': 'CREATE TABLE c (id int);' };
  const after = { ...before, '2_add_b.up.sql': 'CREATE TABLE b (id int);' };

  it('golang-migrate never applies it, and says nothing', async () => {
    expect((await golangMigrate(migrationDirectory(before), migrateUrl(), ['up'])).code).toBe(0);
    const theirs = await golangMigrate(migrationDirectory(after), migrateUrl(), ['up']);
    expect(theirs.code, theirs.output).toBe(0);
    expect(theirs.output).toContain('no change');
    expect(await tableExists(db(), 'b')).toBe(false);
  });

  it('this tool, whose history shows it went from 1 to 3 without it, fails check and up with one line', async () => {
    expect((await runAction({ 'database-url': db().url, 'migrations-path': migrationDirectory(before) })).code).toBe(0);
    const message =
      "migration 2 add_b is below the database's version 3 and was not applied by this tool: its history shows a step from version 1 to 3 that went over it, so it did not run then; unless golang-migrate or the oForum server has since reverted below it and migrated up again (which this history cannot see), it was never applied";
    const check = await runAction({
      'database-url': db().url,
      'migrations-path': migrationDirectory(after),
      command: 'check',
      'fail-on-pending': 'true',
    });
    expect(check.code, check.stdout).toBe(1);
    expect(check.stdout).toContain(message);
    expect(check.outputs['out-of-order']).toBe('[2]');
    const up = await runAction({ 'database-url': db().url, 'migrations-path': migrationDirectory(after) });
    expect(up.code, up.stdout).toBe(1);
    expect(up.stdout).toContain(message);
    expect(up.outputs).toMatchObject({ 'out-of-order': '[2]', version: '3', applied: '[]' });
    expect(up.summary).not.toContain('applied outside this tool (by');
    // what golang-migrate would do is what happened: nothing
    expect(await tableExists(db(), 'b')).toBe(false);
  });

  it('without history evidence (golang-migrate applied 1 and 3), it says the history cannot tell', async () => {
    expect((await golangMigrate(migrationDirectory(before), migrateUrl(), ['up'])).code).toBe(0);
    const check = await runAction({ 'database-url': db().url, 'migrations-path': migrationDirectory(after), command: 'check' });
    expect(check.code, check.stdout).toBe(0);
    expect(check.outputs['out-of-order']).toBe('[]');
    expect(check.stdout).toContain('have no history: applied outside this tool, or added below the database');
    expect(check.stdout).toContain('the history cannot tell');
  });
});

describe.skipIf(noGolangMigrate)('files the oForum server would fail on', () => {
  const concurrently = {
    '1_t.up.sql': 'CREATE TABLE t (id int);',
    '1_t.down.sql': 'DROP TABLE t;',
    '2_indexes.up.sql': 'CREATE INDEX CONCURRENTLY t_a ON t (id);\nCREATE INDEX CONCURRENTLY t_b ON t (id);\n',
    '2_indexes.down.sql': 'DROP INDEX t_a;\nDROP INDEX t_b;\n',
  };
  const bom = {
    '1_t.up.sql': '\uFEFFCREATE TABLE t (id int);',
    '1_t.down.sql': 'DROP TABLE t;',
  };

  it('golang-migrate fails on two CREATE INDEX CONCURRENTLY in one file, and leaves the database dirty', async () => {
    const theirs = await golangMigrate(migrationDirectory(concurrently), migrateUrl(), ['up']);
    expect(theirs.code).not.toBe(0);
    expect(theirs.output).toContain('cannot run inside a transaction block');
    expect(await stateOf(db())).toEqual({ version: 2, dirty: true });
  });

  it('this tool runs it, and warns in the log, the summary and an annotation on the file', async () => {
    const ours = await runAction({ 'database-url': db().url, 'migrations-path': migrationDirectory(concurrently) });
    expect(ours.code, ours.stdout).toBe(0);
    expect(await stateOf(db())).toEqual({ version: 2, dirty: false });
    expect(ours.outputs.result).toBe('warning');
    const warning =
      /2_indexes\.up\.sql has 2 statements, one of them CREATE INDEX CONCURRENTLY at line 1, which cannot run in a transaction block: .*golang-migrate \(the oForum server on a fresh database\) sends the file as one query and fails/;
    expect(ours.stdout).toMatch(warning);
    expect(ours.summary).toMatch(/2_indexes\.up\.sql has 2 statements/);
    const annotation = workflowCommands(ours.stdout, 'warning').find((found) => found.properties.title === 'golang-migrate would fail');
    expect(annotation?.properties.file).toMatch(/2_indexes\.up\.sql$/);
    expect(annotation?.message).toMatch(warning);
  });

  it('golang-migrate fails on a byte-order mark; this tool drops it and warns', async () => {
    const theirs = await golangMigrate(migrationDirectory(bom), migrateUrl(), ['up']);
    expect(theirs.code).not.toBe(0);
    expect(theirs.output).toContain('syntax error');
    expect(await stateOf(db())).toEqual({ version: 1, dirty: true });

    await db().query('DROP TABLE schema_migrations');
    const ours = await runAction({ 'database-url': db().url, 'migrations-path': migrationDirectory(bom) });
    expect(ours.code, ours.stdout).toBe(0);
    expect(ours.stdout).toMatch(
      /1_t\.up\.sql starts with a UTF-8 byte-order mark: this tool drops it, but golang-migrate .* fails with a syntax error/,
    );
    const annotation = workflowCommands(ours.stdout, 'warning').find((found) => found.properties.title === 'golang-migrate would fail');
    expect(annotation?.properties.file).toMatch(/1_t\.up\.sql$/);
  });

  it('verify fails on such files', async () => {
    for (const files of [concurrently, bom]) {
      const run = await runAction({ 'database-url': db().url, command: 'verify', 'migrations-path': migrationDirectory(files) });
      expect(run.code, run.stdout).toBe(1);
      expect(run.lines.at(-1)).toMatch(/golang-migrate \(the oForum server on a fresh database\)/);
    }
  });
});

describe.skipIf(noGolangMigrate)('lock-strategy transaction, while golang-migrate runs between two migrations', () => {
  const files = {
    '1_slow.up.sql': 'CREATE TABLE slow (id int); SELECT pg_sleep(1.5);',
    '2_b.up.sql': 'CREATE TABLE b (id int);',
    '3_c.up.sql': 'CREATE TABLE c (id int);',
  };

  it('each applies a migration once, and this tool reports what is true after it planned again', async () => {
    const directory = migrationDirectory(files);
    let settled = false;
    const ours = runAction({ 'database-url': db().url, 'migrations-path': directory, 'lock-strategy': 'transaction' }).finally(
      () => (settled = true),
    );
    // golang-migrate starts while this tool's first migration holds the lock: it queues for it
    while (!settled) {
      const rows = await db().query(
        `SELECT 1 FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%pg_sleep(1.5)%' AND pid <> pg_backend_pid()`,
      );
      if (rows.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const [run, theirs] = await Promise.all([ours, golangMigrate(directory, migrateUrl(), ['up'])]);
    expect(theirs.code, theirs.output).toBe(0);
    expect(run.code, run.stdout).toBe(0);
    const theyApplied = [...theirs.output.matchAll(/^(\d+)\/u /gm)].map((match) => Number(match[1]));
    const weApplied = JSON.parse(run.outputs.applied!) as number[];
    // between them every migration ran, and none twice
    expect([...weApplied, ...theyApplied].sort()).toEqual([1, 2, 3]);
    expect(weApplied).toContain(1);
    expect(await stateOf(db())).toEqual({ version: 3, dirty: false });
    expect(run.outputs).toMatchObject({ status: 'applied', version: '3', pending: '[]', dirty: 'false' });
    expect(run.lines.join('\n')).not.toMatch(/✓ failed/);
  });
});
