import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asRoleWithoutPlpgsql, createTestDatabase, stateOf, tableExists, withServer, type TestDatabase } from '../helpers/database.js';
import { golangMigrate, migrationDirectory, requiresGolangMigrate } from '../helpers/golang-migrate.js';
import { fixture, runAction, runCli } from '../helpers/run.js';
import { migrationChecksum } from '../../src/source/checksum.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

/** A copy of a fixture that a test may edit. */
function copyOf(name: string): string {
  const directory = path.join(mkdtempSync(path.join(tmpdir(), 'omt-history-')), name);
  cpSync(fixture(name), directory, { recursive: true });
  return directory;
}

const IN_ACTIONS = {
  GITHUB_RUN_ID: '4242',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_REPOSITORY: 'oforum/forum',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  GITHUB_ACTOR: 'deployer',
};

describe('history: what was applied, when, by which run', () => {
  it('records each migration it applies, in the migration’s own transaction, with the run and commit', async () => {
    const run = await runAction({ 'database-url': db.url, 'migrations-path': fixture('basic') }, IN_ACTIONS);
    expect(run.code).toBe(0);
    const rows = await db.query<{
      version: string;
      name: string;
      checksum: string;
      duration_ms: number | null;
      applied_by: string;
      run_url: string;
      commit_sha: string;
    }>('SELECT version, name, checksum, duration_ms, applied_by, run_url, commit_sha FROM schema_migrations_history ORDER BY id');
    expect(rows.map((row) => [Number(row.version), row.name])).toEqual([
      [1, 'create_items'],
      [2, 'add_price'],
    ]);
    const file = readFileSync(path.join(fixture('basic'), '000001_create_items.up.sql'), 'utf8');
    expect(rows[0]).toMatchObject({
      checksum: migrationChecksum(file),
      applied_by: 'deployer (GitHub Actions)',
      run_url: 'https://github.com/oforum/forum/actions/runs/4242/attempts/2',
      commit_sha: IN_ACTIONS.GITHUB_SHA,
    });
    expect(rows.every((row) => typeof row.duration_ms === 'number')).toBe(true);
    // the run's own migrations are in its Applied table; a later run's history links to this run
    const check = await runAction({ 'database-url': db.url, 'migrations-path': fixture('basic'), command: 'check' }, IN_ACTIONS);
    expect(check.summary).toContain(
      '<a href="https://github.com/oforum/forum/actions/runs/4242/attempts/2">deployer (GitHub Actions)</a> <code>0123456</code>',
    );
  });

  it('records user@host outside Actions', async () => {
    const run = await runCli(['up', '--migrations-path', fixture('basic'), '--database-url', db.url]);
    expect(run.code).toBe(0);
    const [row] = await db.query<{ applied_by: string; run_url: string | null }>(
      'SELECT applied_by, run_url FROM schema_migrations_history LIMIT 1',
    );
    expect(row?.applied_by).toMatch(/^[^@\s]+@[^@\s]+$/);
    expect(row?.run_url).toBeNull();
  });

  it('leaves neither a row nor the table when the first migration fails', async () => {
    const run = await runAction({ 'database-url': db.url, 'migrations-path': fixture('failing-constraint') });
    expect(run.code).toBe(1);
    expect(await db.query('SELECT version FROM schema_migrations_history')).toEqual([{ version: '1' }]);
    const failing = await createTestDatabase();
    try {
      const dir = mkdtempSync(path.join(tmpdir(), 'omt-history-fail-'));
      writeFileSync(path.join(dir, '1_broken.up.sql'), 'CREAT TABLE x (id int);');
      expect((await runAction({ 'database-url': failing.url, 'migrations-path': dir })).code).toBe(1);
      expect(await tableExists(failing, 'schema_migrations_history')).toBe(false);
    } finally {
      await failing.drop();
    }
  });

  it('says which versions another tool applied, and records only its own', async () => {
    // What golang-migrate (the oForum server) leaves after versions 1 and 2.
    await runAction({ 'database-url': db.url, history: 'false' });
    await db.query('TRUNCATE schema_migrations');
    await db.query('INSERT INTO schema_migrations VALUES (2, false)');
    await db.query('DROP TABLE post_tags, tags');
    await db.query('ALTER TABLE posts DROP COLUMN slug');
    for (const index of [
      'posts_created_at_idx',
      'posts_user_id_created_at_idx',
      'comments_post_id_parent_id_idx',
      'comments_user_id_created_at_idx',
      'upvotes_post_id_idx',
      'upvotes_comment_id_idx',
      'upvotes_user_id_idx',
      'users_username_lower_idx',
    ]) {
      await db.query(`DROP INDEX ${index}`);
    }
    const check = await runAction({ 'database-url': db.url, command: 'check' });
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('versions 1–2 have no history: applied outside this tool, or added below the database');
    expect(check.summary).toContain('Versions 1–2 have no history: they were applied outside this tool');
    const up = await runAction({ 'database-url': db.url });
    expect(up.code).toBe(0);
    const versions = await db.query<{ version: string }>('SELECT version FROM schema_migrations_history ORDER BY version');
    expect(versions.map((row) => Number(row.version))).toEqual([3, 4, 5]);
  });

  it('still migrates, with a warning, a database where the history table cannot be created', async () => {
    await db.query('CREATE TABLE schema_migrations (version bigint not null primary key, dirty boolean not null)');
    await db.query('CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL)');
    await db.query('INSERT INTO schema_migrations VALUES (1, false)');
    const role = `${db.name}_writer`;
    await withServer(async (client) => {
      await client.query(`DROP ROLE IF EXISTS "${role}"`);
      await client.query(`CREATE ROLE "${role}" LOGIN`);
    });
    try {
      await db.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
      await db.query(`GRANT USAGE ON SCHEMA public TO "${role}"`);
      await db.query(`GRANT ALL ON schema_migrations, items TO "${role}"`);
      const dir = mkdtempSync(path.join(tmpdir(), 'omt-history-rights-'));
      writeFileSync(path.join(dir, '1_items.up.sql'), 'SELECT 1;');
      writeFileSync(path.join(dir, '2_seed.up.sql'), "INSERT INTO items VALUES (1, 'first');");
      const url = new URL(db.url);
      url.username = role;
      const run = await runAction({ 'database-url': url.toString(), 'migrations-path': dir });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(
        '! history: cannot write public.schema_migrations_history (no CREATE privilege on schema public): migrating without recording history',
      );
      expect(await stateOf(db)).toEqual({ version: 2, dirty: false });
      expect(await tableExists(db, 'schema_migrations_history')).toBe(false);
    } finally {
      await db.drop();
      await withServer((client) => client.query(`DROP ROLE IF EXISTS "${role}"`));
      db = await createTestDatabase();
    }
  });
});

describe('edited migrations', () => {
  it('fails check and up when an applied file changed, naming both checksums', async () => {
    const dir = copyOf('basic');
    expect((await runAction({ 'database-url': db.url, 'migrations-path': dir })).code).toBe(0);
    const file = path.join(dir, '000001_create_items.up.sql');
    const before = migrationChecksum(readFileSync(file, 'utf8'));
    writeFileSync(file, readFileSync(file, 'utf8').replace('name text NOT NULL', 'name text'));
    const after = migrationChecksum(readFileSync(file, 'utf8'));
    for (const command of ['check', 'up']) {
      const run = await runAction({ 'database-url': db.url, 'migrations-path': dir, command });
      expect(run.code).toBe(1);
      expect(run.lines.at(-1)).toBe(
        `✗ Migration failed: migration edited after being applied: 1 create_items (applied ${before.slice(0, 19)}, file now ${after.slice(0, 19)})`,
      );
      expect(run.outputs.edited).toBe('[1]');
      expect(run.summary).toContain(before.slice(0, 19));
      expect(run.summary).toContain(after.slice(0, 19));
    }
  });

  it('warns instead with allow-edited', async () => {
    const dir = copyOf('basic');
    await runAction({ 'database-url': db.url, 'migrations-path': dir });
    writeFileSync(path.join(dir, '000002_add_price.up.sql'), 'ALTER TABLE items ADD COLUMN price numeric NOT NULL DEFAULT 1;\n');
    const run = await runAction({ 'database-url': db.url, 'migrations-path': dir, command: 'check', 'allow-edited': 'true' });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/! migration edited after being applied: 2 add_price .*\(allowed by allow-edited\)/);
    expect(run.outputs.edited).toBe('[2]');
  });

  it('judges edits in a history table of an older release, which lacks direction and previous_version', async () => {
    const dir = copyOf('basic');
    expect((await runAction({ 'database-url': db.url, 'migrations-path': dir })).code).toBe(0);
    await db.query('ALTER TABLE schema_migrations_history DROP COLUMN direction, DROP COLUMN previous_version');
    const untouched = await runAction({ 'database-url': db.url, 'migrations-path': dir, command: 'check' });
    expect(untouched.code).toBe(0);
    expect(untouched.summary).toContain('<code>add_price</code>');
    writeFileSync(path.join(dir, '000002_add_price.up.sql'), 'ALTER TABLE items ADD COLUMN price numeric NOT NULL DEFAULT 1;\n');
    const edited = await runAction({ 'database-url': db.url, 'migrations-path': dir, command: 'check' });
    expect(edited.code).toBe(1);
    expect(edited.outputs.edited).toBe('[2]');
  });

  it('judges edits, and shows the history, in a database where PL/pgSQL was dropped (the history is then read plainly)', async () => {
    const dir = copyOf('basic');
    expect((await runAction({ 'database-url': db.url, 'migrations-path': dir })).code).toBe(0);
    await db.query('DROP EXTENSION plpgsql');
    const status = await runAction({ 'database-url': db.url, 'migrations-path': dir, command: 'status' });
    expect(status.code, status.stdout).toBe(0);
    expect(status.stdout).toMatch(/^ +2 +applied +add_price +applied \d{4}-/m);
    writeFileSync(path.join(dir, '000002_add_price.up.sql'), 'ALTER TABLE items ADD COLUMN price numeric NOT NULL DEFAULT 1;\n');
    const edited = await runAction({ 'database-url': db.url, 'migrations-path': dir, command: 'check' });
    expect(edited.code, edited.stdout).toBe(1);
    expect(edited.outputs.edited).toBe('[2]');
  });

  it('judges edits as a role that may not use PL/pgSQL (the history is then read plainly)', async () => {
    const dir = copyOf('basic');
    await asRoleWithoutPlpgsql(db, async (url) => {
      expect((await runAction({ 'database-url': url, 'migrations-path': dir })).code).toBe(0);
      writeFileSync(path.join(dir, '000002_add_price.up.sql'), 'ALTER TABLE items ADD COLUMN price numeric NOT NULL DEFAULT 1;\n');
      const edited = await runAction({ 'database-url': url, 'migrations-path': dir, command: 'check' });
      expect(edited.code, edited.stdout).toBe(1);
      expect(edited.outputs.edited).toBe('[2]');
    });
  });

  it('reads hostile history rows as text: markup, an infinite timestamp, a checksum that is not one', async () => {
    const dir = copyOf('basic');
    expect((await runAction({ 'database-url': db.url, 'migrations-path': dir })).code).toBe(0);
    await db.query(
      `UPDATE schema_migrations_history SET applied_at = 'infinity', name = '<b>x</b>\n::error::boom', applied_by = '", "x": [' WHERE version = 1`,
    );
    await db.query(`UPDATE schema_migrations_history SET checksum = '"]}' WHERE version = 2`);
    const run = await runAction({ 'database-url': db.url, 'migrations-path': dir, command: 'check' });
    // the forged checksum is an edit; the other row is shown, inert
    expect(run.code).toBe(1);
    expect(run.outputs.edited).toBe('[2]');
    expect(run.summary).toContain('<td>unknown</td>');
    expect(run.summary).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(run.stdout).not.toMatch(/^::error::boom/m);
  });

  it('shows the ten newest of many applied versions, newest first', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'omt-history-many-'));
    for (let version = 1; version <= 14; version++)
      writeFileSync(path.join(dir, `${version}_t${version}.up.sql`), `CREATE TABLE t${version} (id int);`);
    expect((await runAction({ 'database-url': db.url, 'migrations-path': dir })).code).toBe(0);
    const run = await runAction({ 'database-url': db.url, 'migrations-path': dir, command: 'check' });
    expect(run.code).toBe(0);
    const shown = [...run.summary.matchAll(/<code>(t\d+)<\/code>/g)].map((match) => match[1]);
    expect(shown).toEqual(['t14', 't13', 't12', 't11', 't10', 't9', 't8', 't7', 't6', 't5']);
  });

  it('does not count a change of line endings as an edit', async () => {
    const dir = copyOf('basic');
    const setup = await runAction({ 'database-url': db.url, 'migrations-path': dir });
    expect(setup.outputs).toMatchObject({ status: 'applied', applied: '[1,2]' });
    for (const name of ['000001_create_items.up.sql', '000002_add_price.up.sql']) {
      const file = path.join(dir, name);
      writeFileSync(file, readFileSync(file, 'utf8').replace(/\n/g, '\r\n'));
    }
    const run = await runAction({ 'database-url': db.url, 'migrations-path': dir, command: 'check' });
    expect(run.code).toBe(0);
    expect(run.outputs.edited).toBe('[]');
  });
});

describe('drift: the schema against its migrations', () => {
  it('finds none on a database its migrations made', async () => {
    const setup = await runAction({ 'database-url': db.url });
    expect(setup.outputs).toMatchObject({ status: 'applied', applied: '[1,2,3,4,5]' });
    const run = await runAction({ 'database-url': db.url, command: 'check', drift: 'true', 'fail-on-drift': 'true' });
    expect(run.code).toBe(0);
    expect(run.outputs.drift).toBe('[]');
    expect(run.stdout).toContain('no drift: the schema is what its migrations make');
  });

  it('lists a hand-made index, a changed type and a dropped constraint, and fails when asked', async () => {
    await runAction({ 'database-url': db.url, 'migrations-path': fixture('basic') });
    await db.query('CREATE INDEX items_by_hand_idx ON items (name)');
    await db.query('ALTER TABLE items ALTER COLUMN price TYPE numeric(12, 2)');
    await db.query('ALTER TABLE items ALTER COLUMN name DROP NOT NULL');
    const expected = [
      'column public.items.name: nullable in the database, not null from the migrations',
      'column public.items.price: type numeric(12,2) in the database, type numeric(10,2) from the migrations',
      'index public.items_by_hand_idx: only in the database',
    ];
    const report = await runAction({ 'database-url': db.url, 'migrations-path': fixture('basic'), command: 'check', drift: 'true' });
    expect(report.code).toBe(0);
    expect(JSON.parse(report.outputs.drift!)).toEqual(expected);
    expect(report.stdout).toContain('! drift: the schema differs from its migrations in 3 ways:');
    expect(report.summary).toContain('index public.items_by_hand_idx: only in the database');

    const gate = await runAction({
      'database-url': db.url,
      'migrations-path': fixture('basic'),
      command: 'check',
      'fail-on-drift': 'true',
    });
    expect(gate.code).toBe(1);
    expect(gate.lines.at(-1)).toBe('✗ Check failed: the schema differs from its migrations in 3 ways (fail-on-drift)');
    for (const line of expected) expect(gate.lines.filter((printed) => printed.includes(line))).toHaveLength(1);
  });
});

const noGolangMigrate = requiresGolangMigrate();

describe.skipIf(noGolangMigrate)('a file below the version that golang-migrate applied by a down and an up since', () => {
  const before = {
    '10_a.up.sql': 'CREATE TABLE a (id int);',
    '10_a.down.sql': 'DROP TABLE a;',
    '30_c.up.sql': 'CREATE TABLE c (id int);',
    '30_c.down.sql': 'DROP TABLE c;',
  };
  const after = { ...before, '20_b.up.sql': 'CREATE TABLE b (id int);', '20_b.down.sql': 'DROP TABLE b;' };

  it('is refused honestly (the file may have run), and force at the same version lets the next run go on', async () => {
    const first = migrationDirectory(before);
    expect((await runAction({ 'database-url': db.url, 'migrations-path': first })).outputs.applied).toBe('[10,30]');
    const later = migrationDirectory(after);
    const url = `${db.url}?sslmode=disable`;
    expect((await golangMigrate(first, url, ['down', '1'])).code).toBe(0);
    expect((await golangMigrate(later, url, ['up'])).code).toBe(0);
    expect(await tableExists(db, 'b')).toBe(true); // 20 did run: renumbering it would run it twice

    const check = await runAction({ 'database-url': db.url, 'migrations-path': later, command: 'check' });
    expect(check.code, check.stdout).toBe(1);
    expect(check.outputs['out-of-order']).toBe('[20]');
    expect(check.stdout).toContain(
      "✗ Migration failed: migration 20 b is below the database's version 30 and was not applied by this tool: its history shows a step from version 10 to 30 that went over it, so it did not run then; unless golang-migrate or the oForum server has since reverted below it and migrated up again (which this history cannot see), it was never applied",
    );
    expect(check.stdout).toContain('If they are, it did run: do not renumber it (it would run twice); record that with force 30');
    expect(check.stdout).not.toContain('renumber it above');

    const forced = await runCli(['force', '30', '--migrations-path', later, '--database-url', db.url]);
    expect(forced.code, forced.stdout).toBe(0);
    expect(await stateOf(db)).toEqual({ version: 30, dirty: false });
    const again = await runAction({ 'database-url': db.url, 'migrations-path': later, command: 'check' });
    expect(again.code, again.stdout).toBe(0);
    expect(again.outputs['out-of-order']).toBe('[]');
  });
});
