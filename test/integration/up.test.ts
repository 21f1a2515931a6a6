import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, stateOf, tableExists, type TestDatabase } from '../helpers/database.js';
import { fixture, runAction } from '../helpers/run.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

describe('up on the embedded oForum migrations', () => {
  it('migrates a fresh database and reports every applied version', async () => {
    const run = await runAction({ 'database-url': db.url });
    expect(run.code).toBe(0);
    expect(run.lines[0]).toBe('⟳ Running migrations...');
    expect(run.lines.at(-1)).toBe('✓ Migrations applied');
    expect(run.lines.filter((line) => /^ {2}✓ \d+ \S+ \(/.test(line)).length).toBe(5);
    expect(run.outputs).toMatchObject({
      status: 'applied',
      'previous-version': '',
      version: '5',
      applied: '[1,2,3,4,5]',
      'applied-count': '5',
      pending: '[]',
      'pending-count': '0',
      dirty: 'false',
    });
    expect(run.outputs['migrations-digest']).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await stateOf(db)).toEqual({ version: 5, dirty: false });
    expect(await tableExists(db, 'users')).toBe(true);
    expect(run.summary).toContain('Migrations applied');
    expect(run.summary).toContain('<td><code>add_roles</code></td>');
  });

  it('finds nothing to do on a database that is up to date', async () => {
    await runAction({ 'database-url': db.url });
    const run = await runAction({ 'database-url': db.url });
    expect(run.code).toBe(0);
    expect(run.lines.at(-1)).toBe('✓ Already up to date');
    expect(run.outputs).toMatchObject({ status: 'up-to-date', 'previous-version': '5', version: '5', applied: '[]', 'applied-count': '0' });
  });

  it('creates the state table exactly as golang-migrate does', async () => {
    await runAction({ 'database-url': db.url });
    const columns = await db.query<{ column_name: string; data_type: string; is_nullable: string }>(
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = 'schema_migrations' ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: 'version', data_type: 'bigint', is_nullable: 'NO' },
      { column_name: 'dirty', data_type: 'boolean', is_nullable: 'NO' },
    ]);
    const [pk] = await db.query<{ columns: string }>(
      `SELECT string_agg(a.attname, ',') AS columns FROM pg_index i
         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
        WHERE i.indrelid = 'schema_migrations'::regclass AND i.indisprimary`,
    );
    expect(pk!.columns).toBe('version');
    expect((await db.query('SELECT * FROM schema_migrations')).length).toBe(1);
  });

  it('continues from a version the oForum server (golang-migrate) recorded', async () => {
    // What golang-migrate leaves after applying version 1: its table, one clean row.
    await db.query('CREATE TABLE schema_migrations (version bigint not null primary key, dirty boolean not null)');
    await db.query('CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL)');
    await db.query('INSERT INTO schema_migrations (version, dirty) VALUES (1, false)');
    const run = await runAction({ 'database-url': db.url, 'migrations-path': fixture('basic') });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ 'previous-version': '1', version: '2', applied: '[2]' });
    expect(await stateOf(db)).toEqual({ version: 2, dirty: false });
  });
});

describe('up on a migrations directory', () => {
  it('applies a golang-migrate-layout directory given by migrations-path', async () => {
    const run = await runAction({ 'database-url': db.url, 'migrations-path': 'test/fixtures/migrations/basic' });
    expect(run.code).toBe(0);
    expect(run.outputs.applied).toBe('[1,2]');
    expect(await db.query('SELECT price FROM items')).toEqual([]);
  });

  it('keeps its state in migrations-table when one is named', async () => {
    const run = await runAction({ 'database-url': db.url, 'migrations-path': fixture('basic'), 'migrations-table': 'app_versions' });
    expect(run.code).toBe(0);
    expect(await stateOf(db, 'app_versions')).toEqual({ version: 2, dirty: false });
    expect(await tableExists(db, 'schema_migrations')).toBe(false);
  });

  it('honours x-migrations-table in the URL, as golang-migrate does', async () => {
    const run = await runAction({ 'database-url': `${db.url}?x-migrations-table=from_url`, 'migrations-path': fixture('basic') });
    expect(run.code).toBe(0);
    expect(await stateOf(db, 'from_url')).toEqual({ version: 2, dirty: false });
  });

  it('keeps the state table in the current schema of the connection', async () => {
    await db.query('CREATE SCHEMA app');
    const url = `${db.url}?options=${encodeURIComponent('-c search_path=app')}`;
    const run = await runAction({ 'database-url': url, 'migrations-path': fixture('basic') });
    expect(run.code).toBe(0);
    expect(await tableExists(db, 'app.schema_migrations')).toBe(true);
    expect(await tableExists(db, 'app.items')).toBe(true);
    expect(await tableExists(db, 'public.schema_migrations')).toBe(false);
  });
});
