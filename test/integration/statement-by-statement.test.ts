import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, stateOf, tableExists, type TestDatabase } from '../helpers/database.js';
import { migrationDirectory } from '../helpers/golang-migrate.js';
import { fixture, runAction, runCli, workflowCommands } from '../helpers/run.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

describe('files that cannot run in one transaction', () => {
  it('runs CREATE INDEX CONCURRENTLY outside a transaction block and records the version clean', async () => {
    const run = await runAction({ 'database-url': db.url, 'migrations-path': fixture('concurrently') });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2 index_items_name runs statement by statement (CREATE INDEX CONCURRENTLY at line 2)');
    expect(run.outputs).toMatchObject({ applied: '[1,2,3]', version: '3', dirty: 'false' });
    const [index] = await db.query<{ valid: boolean }>(
      `SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = 'items_name_idx'::regclass`,
    );
    expect(index?.valid).toBe(true);
    expect(await stateOf(db)).toEqual({ version: 3, dirty: false });
  });

  it('runs a file with its own BEGIN/COMMIT', async () => {
    const run = await runAction({ 'database-url': db.url, 'migrations-path': fixture('own-transaction') });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('runs statement by statement (BEGIN at line 1)');
    expect(await stateOf(db)).toEqual({ version: 2, dirty: false });
    expect(
      await db.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'items' AND column_name = 'sku'`),
    ).toHaveLength(1);
  });

  it('refuses a file that opens a transaction and never ends it, before anything runs', async () => {
    // Run statement by statement, its clean mark would join the open transaction and be rolled
    // back with it when the session ends: reported applied, left dirty, its table gone.
    const directory = migrationDirectory({
      '1_base.up.sql': 'CREATE TABLE base (id int);\n',
      '2_open.up.sql': '-- opened here\nBEGIN;\nCREATE TABLE opened (id int);\n',
      '3_chained.up.sql': 'BEGIN;\nCREATE TABLE chained (id int);\nCOMMIT;\n',
    });
    const run = await runAction({ 'database-url': db.url, 'migrations-path': directory });
    expect(run.code).toBe(1);
    expect(run.lines.at(-1)).toMatch(
      /^✗ Migration failed: .*2_open\.up\.sql opens a transaction at line 2 \(BEGIN\) that it never ends: what runs after it would not commit; end it with COMMIT/,
    );
    expect(workflowCommands(run.stdout, 'error')[0]?.properties).toMatchObject({ line: '2', col: '1' });
    expect(run.outputs).toMatchObject({ status: 'failed', dirty: 'false', applied: '[]', warnings: '[]' });
    // the lint's catalog read, ended with the session, is not a warning of its own
    expect(run.stdout).not.toContain('the lint could not finish');
    expect(await tableExists(db, 'base')).toBe(false);
    expect(await stateOf(db).catch(() => null)).toBeNull();
  });

  it('leaves the database dirty at that version when such a file fails, and force repairs it', async () => {
    const run = await runAction({ 'database-url': db.url, 'migrations-path': fixture('failing-concurrently') });
    expect(run.code).toBe(1);
    expect(run.lines.at(-1)).toBe('✗ Migration failed: division by zero');
    expect(run.outputs).toMatchObject({ status: 'failed', version: '2', dirty: 'true', applied: '[1]' });
    expect(workflowCommands(run.stdout, 'error')[0]?.properties).toMatchObject({ line: '2', col: '1' });
    expect(run.stdout).toContain('oforum-migrate force 2');
    expect(await stateOf(db)).toEqual({ version: 2, dirty: true });

    const again = await runAction({ 'database-url': db.url, 'migrations-path': fixture('failing-concurrently') });
    expect(again.lines.at(-1)).toBe('✗ Migration failed: Dirty database version 2. Fix and force version.');

    const force = await runCli(['force', '2', '--database-url', db.url, '--migrations-path', fixture('failing-concurrently')]);
    expect(force.code).toBe(0);
    expect(force.lines.at(-1)).toBe('✓ Forced version 2 (was 2, dirty)');
    expect(await stateOf(db)).toEqual({ version: 2, dirty: false });
  });
});
