import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, stateOf, tableExists, type TestDatabase } from '../helpers/database.js';
import { migrationDirectory } from '../helpers/golang-migrate.js';
import { fixture, runAction } from '../helpers/run.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

describe('check, the pre-deploy gate', () => {
  it('reports pending migrations, changes nothing and passes', async () => {
    const run = await runAction({ 'database-url': db.url, command: 'check' });
    expect(run.code).toBe(0);
    expect(run.lines[0]).toBe('⟳ Checking migrations...');
    expect(run.lines.at(-1)).toBe('✓ Safe to migrate: 5 migrations pending');
    expect(run.outputs).toMatchObject({ status: 'pending', pending: '[1,2,3,4,5]', 'pending-count': '5', applied: '[]', version: '' });
    expect(await tableExists(db, 'schema_migrations')).toBe(false);
    expect(run.summary).toContain('<th>Pending</th>');
  });

  it('fails on a pending file that up would refuse before running anything, as up does', async () => {
    for (const [content, why] of [
      ["CREATE TABLE b (id text DEFAULT 'x);\n", /^✗ Migration failed: unterminated quoted string in .*2_b\.up\.sql$/],
      [
        'BEGIN;\nCREATE TABLE b (id int);\n',
        /^✗ Migration failed: .*2_b\.up\.sql opens a transaction at line 1 \(BEGIN\) that it never ends/,
      ],
    ] as const) {
      const directory = migrationDirectory({ '1_a.up.sql': 'CREATE TABLE a (id int);\n', '2_b.up.sql': content });
      const run = await runAction({ 'database-url': db.url, 'migrations-path': directory, command: 'check' });
      expect(run.code, run.stdout).toBe(1);
      expect(run.lines.at(-1)).toMatch(why);
      expect(run.outputs).toMatchObject({ status: 'failed', pending: '[1,2]' });
      expect(await tableExists(db, 'schema_migrations')).toBe(false);
    }
  });

  it('fails when migrations are pending and fail-on-pending is set', async () => {
    const run = await runAction({ 'database-url': db.url, command: 'check', 'fail-on-pending': 'true' });
    expect(run.code).toBe(1);
    expect(run.lines.at(-1)).toBe('✗ Check failed: 5 pending migrations: 1, 2, 3, 4, 5 (fail-on-pending is set)');
    expect(run.outputs.status).toBe('pending');
  });

  it('passes on an up-to-date database even with fail-on-pending', async () => {
    await runAction({ 'database-url': db.url, 'migrations-path': fixture('basic') });
    const run = await runAction({
      'database-url': db.url,
      command: 'check',
      'fail-on-pending': 'true',
      'migrations-path': fixture('basic'),
    });
    expect(run.code).toBe(0);
    expect(run.lines.at(-1)).toBe('✓ Already up to date');
    expect(run.outputs).toMatchObject({ status: 'up-to-date', version: '2', pending: '[]' });
    expect(await stateOf(db)).toEqual({ version: 2, dirty: false });
  });
});
