import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, stateOf, tableExists, type TestDatabase } from '../helpers/database.js';
import { golangMigrate, migrationDirectory, requiresGolangMigrate, runActionAsRunner } from '../helpers/golang-migrate.js';
import { runCli } from '../helpers/run.js';

/** target-version, down, goto and status, on PostgreSQL, with golang-migrate as the referee. */
let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

const FILES = {
  '1_a.up.sql': 'CREATE TABLE a (id int);\n',
  '1_a.down.sql': 'DROP TABLE a;\n',
  '2_b.up.sql': 'CREATE TABLE b (id int);\n',
  '2_b.down.sql': 'DROP TABLE b;\n',
  '3_c.up.sql': 'CREATE TABLE c (id int);\n',
  '3_c.down.sql': 'DROP TABLE c;\n',
};

const cli = (dir: string, ...args: string[]) => runCli([...args, '--database-url', db.url, '--migrations-path', dir]);
const gmVersion = async (dir: string) => (await golangMigrate(dir, `${db.url}?sslmode=disable`, ['version'])).output.trim();
const json = (stdout: string) => JSON.parse(stdout) as Record<string, unknown>;

describe('target-version', () => {
  it('up applies up to the target; what lies beyond stays pending and is in the outputs', async () => {
    const dir = migrationDirectory(FILES);
    const run = await runActionAsRunner({ 'database-url': db.url, 'migrations-path': dir, 'target-version': '2' });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ status: 'applied', version: '2', applied: '[1,2]', pending: '[]', 'beyond-target': '[3]' });
    expect(await stateOf(db)).toEqual({ version: 2, dirty: false });
    expect(await tableExists(db, 'c')).toBe(false);
  });

  it('a target without a file is exit 2, and nothing runs', async () => {
    const dir = migrationDirectory(FILES);
    const run = await cli(dir, 'up', '--target-version', '7');
    expect(run.code).toBe(2);
    expect(run.lines.at(-1)).toMatch(/^✗ target-version 7 has no migration file in .* \(newest 3\)$/);
    expect(await tableExists(db, 'schema_migrations')).toBe(false);
  });
});

describe('down and goto', () => {
  const skip = requiresGolangMigrate();

  it.skipIf(skip)('after down and goto, golang-migrate reads the same version, and the history records each down', async () => {
    const dir = migrationDirectory(FILES);
    expect((await cli(dir, 'up')).code).toBe(0);
    const down = await cli(dir, 'down', '--json');
    expect(down.code, down.stdout).toBe(0);
    expect(json(down.stdout)).toMatchObject({ status: 'reverted', version: 2, reverted: [3], 'reverted-count': 1 });
    expect(await gmVersion(dir)).toBe('2');
    expect(await tableExists(db, 'c')).toBe(false);

    const below = await cli(dir, 'goto', '1');
    expect(below.code, below.stdout).toBe(0);
    expect(below.lines.filter((line) => /^ {2}↓ 2 b reverted \(/.test(line))).toHaveLength(1);
    expect(await gmVersion(dir)).toBe('1');

    const all = await cli(dir, 'down', '1');
    expect(all.code, all.stdout).toBe(0);
    // below the first migration: no row, which golang-migrate reads as no version
    expect(await db.query('SELECT count(*)::int AS n FROM schema_migrations')).toEqual([{ n: 0 }]);
    expect((await golangMigrate(dir, `${db.url}?sslmode=disable`, ['version'])).output).toContain('no migration');

    const rows = await db.query('SELECT version::int, direction FROM schema_migrations_history ORDER BY id');
    expect(rows).toEqual([
      { version: 1, direction: 'up' },
      { version: 2, direction: 'up' },
      { version: 3, direction: 'up' },
      { version: 3, direction: 'down' },
      { version: 2, direction: 'down' },
      { version: 1, direction: 'down' },
    ]);
    const up = await cli(dir, 'goto', '3');
    expect(up.code, up.stdout).toBe(0);
    expect(await gmVersion(dir)).toBe('3');
  });

  it.skipIf(skip)("after golang-migrate's goto, status says what is applied and what is pending", async () => {
    const dir = migrationDirectory(FILES);
    expect((await cli(dir, 'up', '--target-version', '2')).code).toBe(0);
    expect((await golangMigrate(dir, `${db.url}?sslmode=disable`, ['goto', '3'])).code).toBe(0);
    expect((await golangMigrate(dir, `${db.url}?sslmode=disable`, ['goto', '1'])).code).toBe(0);
    const status = await cli(dir, 'status', '--json');
    expect(status.code, status.stdout).toBe(0);
    const fields = json(status.stdout);
    expect(fields).toMatchObject({ status: 'pending', version: 1, pending: [2, 3] });
    expect((fields.migrations as { version: number; state: string }[]).map((m) => [m.version, m.state])).toEqual([
      [1, 'applied'],
      [2, 'pending'],
      [3, 'pending'],
    ]);
    expect((await golangMigrate(dir, `${db.url}?sslmode=disable`, ['goto', '3'])).code).toBe(0);
    const again = json((await cli(dir, 'status', '--json')).stdout);
    expect((again.migrations as { version: number; state: string }[]).map((m) => [m.version, m.state])).toEqual([
      [1, 'applied'],
      [2, 'applied'],
      [3, 'outside'],
    ]);
    const text = await cli(dir, 'status');
    expect(text.lines.some((line) => /^\s+3 {2}applied outside this tool {2}c$/.test(line))).toBe(true);
  });

  it.skipIf(skip)('a down that fails halfway leaves the database clean at the version before it', async () => {
    const dir = migrationDirectory({ ...FILES, '2_b.down.sql': 'DROP TABLE b;\nDROP TABLE no_such_table;\n' });
    expect((await cli(dir, 'up')).code).toBe(0);
    const run = await cli(dir, 'down', '3');
    expect(run.code).toBe(1);
    expect(run.lines.at(-1)).toBe('✗ Migration failed: table "no_such_table" does not exist');
    expect(run.stdout).toContain(`✗ 2 b (down) failed at ${dir}/2_b.down.sql:2:1`);
    expect(await stateOf(db)).toEqual({ version: 2, dirty: false });
    expect(await tableExists(db, 'b')).toBe(true);
    expect(await tableExists(db, 'c')).toBe(false);
    expect(await gmVersion(dir)).toBe('2');
  });
});

describe('refusals, before anything runs', () => {
  it('the action goes down only with allow-down', async () => {
    const dir = migrationDirectory(FILES);
    expect((await cli(dir, 'up')).code).toBe(0);
    const down = await runActionAsRunner({ 'database-url': db.url, 'migrations-path': dir, command: 'down' });
    expect(down.code).toBe(2);
    expect(down.lines.at(-1)).toBe('✗ down runs down files, which destroy data: set allow-down: true as well as command: down');
    const goto = await runActionAsRunner({ 'database-url': db.url, 'migrations-path': dir, command: 'goto', 'target-version': '1' });
    expect(goto.code).toBe(2);
    expect(goto.lines.at(-1)).toBe('✗ going down to version 1 runs the down files of 3, 2, which destroy data: set allow-down: true');
    expect(await stateOf(db)).toEqual({ version: 3, dirty: false });
    const allowed = await runActionAsRunner({
      'database-url': db.url,
      'migrations-path': dir,
      command: 'goto',
      'target-version': '1',
      'allow-down': 'true',
      lint: 'off',
    });
    expect(allowed.code, allowed.stdout).toBe(0);
    expect(allowed.outputs).toMatchObject({ status: 'reverted', reverted: '[3,2]', 'reverted-count': '2', version: '1' });
    expect(allowed.summary).toContain('<th>Reverted</th>');
  });

  it('a missing down file, a dirty and an ahead database', async () => {
    const files = Object.fromEntries(Object.entries(FILES).filter(([name]) => name !== '2_b.down.sql'));
    const dir = migrationDirectory(files);
    expect((await cli(dir, 'up')).code).toBe(0);
    const missing = await cli(dir, 'down', '2');
    expect(missing.code).toBe(1);
    expect(missing.lines.at(-1)).toBe('✗ Migration failed: migration 2 b has no .down.sql file: nothing was reverted');
    expect(await stateOf(db)).toEqual({ version: 3, dirty: false });
    expect(await tableExists(db, 'c')).toBe(true);

    await db.query('UPDATE schema_migrations SET dirty = true');
    const dirty = await cli(dir, 'down');
    expect(dirty.code).toBe(1);
    expect(dirty.lines.at(-1)).toBe('✗ Migration failed: Dirty database version 3. Fix and force version.');

    await db.query('UPDATE schema_migrations SET version = 9, dirty = false');
    const ahead = await cli(dir, 'goto', '1');
    expect(ahead.code).toBe(1);
    expect(ahead.lines.at(-1)).toBe('✗ Migration failed: version is ahead of binary');
    expect(await stateOf(db)).toEqual({ version: 9, dirty: false });
    expect(await tableExists(db, 'c')).toBe(true);
  });

  it('lint at error refuses a down that drops a table with rows', async () => {
    const dir = migrationDirectory(FILES);
    expect((await cli(dir, 'up')).code).toBe(0);
    await db.query('INSERT INTO c SELECT generate_series(1, 1000)');
    const run = await cli(dir, 'down', '--lint', 'error', '--json');
    expect(run.code).toBe(1);
    expect(JSON.stringify(json(run.stdout).lint)).toContain('down-drops-data');
    expect(await tableExists(db, 'c')).toBe(true);
  });
});

describe('force in the action', () => {
  it('records a history row beside the version', async () => {
    const dir = migrationDirectory(FILES);
    expect((await cli(dir, 'up')).code).toBe(0);
    await db.query('UPDATE schema_migrations SET dirty = true');
    const run = await runActionAsRunner({ 'database-url': db.url, 'migrations-path': dir, command: 'force', 'force-version': '2' });
    expect(run.code, run.stdout).toBe(0);
    expect(await stateOf(db)).toEqual({ version: 2, dirty: false });
    expect(await db.query(`SELECT version::int, name, direction FROM schema_migrations_history WHERE direction = 'force'`)).toEqual([
      { version: 2, name: 'b', direction: 'force' },
    ]);
  });
});

describe('a history table made before downs were recorded', () => {
  it('gets its direction column from the first down, every earlier row an up', async () => {
    const dir = migrationDirectory(FILES);
    expect((await cli(dir, 'up')).code).toBe(0);
    await db.query('ALTER TABLE schema_migrations_history DROP COLUMN direction');
    const down = await cli(dir, 'down');
    expect(down.code, down.stdout).toBe(0);
    expect(await db.query('SELECT version::int, direction FROM schema_migrations_history ORDER BY id')).toEqual([
      { version: 1, direction: 'up' },
      { version: 2, direction: 'up' },
      { version: 3, direction: 'up' },
      { version: 3, direction: 'down' },
    ]);
  });
});
