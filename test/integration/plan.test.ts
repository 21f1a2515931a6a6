import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, stateOf, tableExists, type TestDatabase } from '../helpers/database.js';
import { fixture, runAction, runCli, workflowCommands } from '../helpers/run.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

describe('plan: the pending migrations, tried on this very database and rolled back', () => {
  it('reports which would apply and changes nothing', async () => {
    const run = await runAction({ 'database-url': db.url, command: 'plan' });
    expect(run.code).toBe(0);
    expect(run.lines[0]).toBe('⟳ Planning migrations (in a transaction that is rolled back)...');
    expect(run.lines.at(-1)).toBe('✓ Plan: 5 migrations apply to this database (rolled back)');
    expect(run.outputs).toMatchObject({ status: 'planned', applied: '[]', pending: '[1,2,3,4,5]', version: '' });
    expect(await tableExists(db, 'users')).toBe(false);
    expect(await tableExists(db, 'schema_migrations')).toBe(false);
    expect(run.summary).toContain('<th>Applies</th>');
  });

  it('reports the first failure with its file, line and column, and changes nothing', async () => {
    await runAction({ 'database-url': db.url, 'migrations-path': fixture('basic') });
    // version 2 is applied: plan the failing set from version 1 on a fresh database instead
    const fresh = await createTestDatabase();
    try {
      const run = await runAction({ 'database-url': fresh.url, command: 'plan', 'migrations-path': fixture('failing-after-dollar') });
      expect(run.code).toBe(1);
      expect(run.lines.at(-1)).toBe('✗ Migration failed: syntax error at or near "CREAT"');
      expect(workflowCommands(run.stdout, 'error')[0]?.properties).toMatchObject({ line: '11', col: '1' });
      expect(run.outputs).toMatchObject({ status: 'failed', applied: '[]' });
      expect(await tableExists(fresh, 'items')).toBe(false);
      expect(await tableExists(fresh, 'schema_migrations')).toBe(false);
    } finally {
      await fresh.drop();
    }
  });

  it('does not try files that cannot run in a transaction, nor those after them, and says why', async () => {
    const run = await runCli(['plan', '--json', '--migrations-path', fixture('concurrently')], { DATABASE_URL: db.url });
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.status).toBe('planned');
    expect(json.tried).toEqual([1]);
    expect(json['not-tried']).toEqual([
      { version: 2, because: 'runs statement by statement (CREATE INDEX CONCURRENTLY at line 2), which cannot be rolled back' },
      { version: 3, because: 'comes after migration 2, which was not tried' },
    ]);
    expect(await tableExists(db, 'items')).toBe(false);
  });

  it('refuses a dirty database as up does', async () => {
    await db.query('CREATE TABLE schema_migrations (version bigint not null primary key, dirty boolean not null)');
    await db.query('INSERT INTO schema_migrations VALUES (1, true)');
    const run = await runAction({ 'database-url': db.url, command: 'plan' });
    expect(run.code).toBe(1);
    expect(run.lines.at(-1)).toBe('✗ Migration failed: Dirty database version 1. Fix and force version.');
    expect(await stateOf(db)).toEqual({ version: 1, dirty: true });
  });
});

describe('plan judges the history as up does', () => {
  /** A directory of migration files, written for the test. */
  function directory(files: Record<string, string>): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'omt-plan-'));
    for (const [name, sql] of Object.entries(files)) writeFileSync(path.join(dir, name), sql);
    return dir;
  }
  const FILES = { '1_a.up.sql': 'CREATE TABLE a (id int);', '2_b.up.sql': 'CREATE TABLE b (id int);' };

  it('fails where up fails on an edited migration, with the same outputs, and warns with allow-edited', async () => {
    await runAction({ 'database-url': db.url, 'migrations-path': directory({ '1_a.up.sql': FILES['1_a.up.sql'] }) });
    const edited = directory({ ...FILES, '1_a.up.sql': 'CREATE TABLE a (id bigint);' });
    const plan = await runAction({ 'database-url': db.url, command: 'plan', 'migrations-path': edited });
    const up = await runAction({ 'database-url': db.url, 'migrations-path': edited });
    expect(plan.code).toBe(1);
    expect(up.code).toBe(1);
    expect(plan.lines.at(-1)).toMatch(/^✗ Migration failed: migration edited after being applied: 1 a /);
    expect(plan.lines.at(-1)).toBe(up.lines.at(-1));
    expect(plan.outputs).toMatchObject({ edited: '[1]', pending: '[2]', version: '1' });
    expect(up.outputs).toMatchObject({ edited: '[1]', pending: '[2]', version: '1' });
    const allowed = await runAction({ 'database-url': db.url, command: 'plan', 'migrations-path': edited, 'allow-edited': 'true' });
    expect(allowed.code).toBe(0);
    expect(allowed.outputs).toMatchObject({ status: 'planned', result: 'warning', edited: '[1]' });
    expect(await tableExists(db, 'b')).toBe(false);
  });

  it('fails where up fails on a file below the version that this tool stepped over', async () => {
    const first = directory({ '1_a.up.sql': FILES['1_a.up.sql'], '3_c.up.sql': 'CREATE TABLE c (id int);' });
    await runAction({ 'database-url': db.url, 'migrations-path': first });
    const later = directory({ ...FILES, '3_c.up.sql': 'CREATE TABLE c (id int);' });
    const plan = await runCli(['plan', '--migrations-path', later, '--database-url', db.url, '--json']);
    expect(plan.code).toBe(1);
    const json = JSON.parse(plan.stdout) as Record<string, unknown>;
    expect(json['out-of-order']).toEqual([2]);
    expect((json.error as { code: string }).code).toBe('out-of-order');
  });
});
