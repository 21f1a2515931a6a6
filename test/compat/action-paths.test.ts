import { describe, expect, it } from 'vitest';
import { stateOf, tableExists, useTestDatabase } from '../helpers/database.js';
import { fixture, runAction, workflowCommands } from '../helpers/run.js';

// The main paths of the action, end to end on the server under test: the built bundle run as the
// runner runs it, its exit code, outputs, annotations and what it left in the database.
const db = useTestDatabase();

async function golangMigrateState(version: number, dirty: boolean): Promise<void> {
  await db().query('CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL)');
  await db().query('INSERT INTO schema_migrations VALUES ($1, $2)', [version, dirty]);
}

describe('up', () => {
  it('migrates a fresh database with the embedded oForum migrations', async () => {
    const run = await runAction({ 'database-url': db().url });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ status: 'applied', 'previous-version': '', version: '5', applied: '[1,2,3,4,5]', dirty: 'false' });
    expect(run.outputs['migrations-digest']).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(run.lines.at(-1)).toMatch(/^✓ /);
    expect(run.summary).not.toBe('');
    expect(await stateOf(db())).toEqual({ version: 5, dirty: false });
    expect(await tableExists(db(), 'users')).toBe(true);
  });

  it('finds a migrated database up to date and changes nothing', async () => {
    expect((await runAction({ 'database-url': db().url })).code).toBe(0);
    const run = await runAction({ 'database-url': db().url });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ status: 'up-to-date', 'previous-version': '5', version: '5', applied: '[]', 'applied-count': '0' });
  });

  it('points a failing migration at its file, line and column, and rolls it back', async () => {
    const run = await runAction({ 'database-url': db().url, 'migrations-path': fixture('failing-after-dollar') });
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ status: 'failed', version: '1', dirty: 'false', applied: '[1]' });
    const [annotation] = workflowCommands(run.stdout, 'error');
    expect(annotation?.properties).toMatchObject({
      file: 'test/fixtures/migrations/failing-after-dollar/000002_broken_after_function.up.sql',
      line: '11',
      col: '1',
    });
    expect(annotation?.message).toContain('syntax error at or near "CREAT"');
    expect(run.stdout).toContain('000002_broken_after_function.up.sql:11:1');
    expect(await stateOf(db())).toEqual({ version: 1, dirty: false });
    expect(await tableExists(db(), 'audit')).toBe(false);
  });

  it('refuses a dirty database, changing nothing', async () => {
    await golangMigrateState(1, true);
    const run = await runAction({ 'database-url': db().url, 'migrations-path': fixture('basic') });
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ status: 'dirty', dirty: 'true', version: '1' });
    expect(await stateOf(db())).toEqual({ version: 1, dirty: true });
  });

  it('refuses a database migrated by a newer oForum (ahead), changing nothing', async () => {
    await golangMigrateState(99, false);
    const run = await runAction({ 'database-url': db().url, 'migrations-path': fixture('basic') });
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ status: 'ahead', version: '99', dirty: 'false' });
    expect(await stateOf(db())).toEqual({ version: 99, dirty: false });
  });
});
