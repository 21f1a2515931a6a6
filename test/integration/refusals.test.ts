import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, stateOf, tableExists, type TestDatabase } from '../helpers/database.js';
import { fixture, runAction, workflowCommands } from '../helpers/run.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
  await db.query('CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL)');
});
afterEach(async () => {
  await db.drop();
});

describe('databases that up and check refuse', () => {
  it('refuses a dirty database with golang-migrate’s message and changes nothing', async () => {
    await db.query('INSERT INTO schema_migrations VALUES (2, true)');
    for (const command of ['up', 'check']) {
      const run = await runAction({ 'database-url': db.url, command });
      expect(run.code).toBe(1);
      expect(run.lines.at(-1)).toBe('✗ Migration failed: Dirty database version 2. Fix and force version.');
      expect(run.outputs).toMatchObject({ status: 'dirty', dirty: 'true', version: '2', 'previous-version': '2', applied: '[]' });
      expect(workflowCommands(run.stdout, 'error')).toHaveLength(1);
    }
    expect(await stateOf(db)).toEqual({ version: 2, dirty: true });
    expect(await tableExists(db, 'users')).toBe(false);
  });

  it('refuses a database ahead of the newest migration', async () => {
    await db.query('INSERT INTO schema_migrations VALUES (99, false)');
    const run = await runAction({ 'database-url': db.url });
    expect(run.code).toBe(1);
    expect(run.lines.at(-1)).toBe('✗ Migration failed: version is ahead of binary');
    expect(run.lines.join('\n')).toContain('the database is at version 99, newer than the newest migration 5');
    expect(run.outputs).toMatchObject({ status: 'ahead', version: '99', dirty: 'false' });
    expect(await stateOf(db)).toEqual({ version: 99, dirty: false });
  });

  it('refuses a version that has no file below the newest, saying so', async () => {
    await db.query('INSERT INTO schema_migrations VALUES (3, false)');
    const run = await runAction({ 'database-url': db.url, 'migrations-path': fixture('gap') });
    expect(run.code).toBe(1);
    expect(run.lines.at(-1)).toBe(
      '✗ Migration failed: no migration found for version 3: the database is at version 3, which has no file in the migration set (' +
        fixture('gap') +
        '), whose newest is 4',
    );
    expect(run.outputs.status).toBe('failed');
    expect(await stateOf(db)).toEqual({ version: 3, dirty: false });
  });

  it('refuses a state table that is not golang-migrate’s', async () => {
    await db.query('DROP TABLE schema_migrations');
    await db.query('CREATE TABLE schema_migrations (version text PRIMARY KEY)');
    const run = await runAction({ 'database-url': db.url });
    expect(run.code).toBe(1);
    expect(run.lines.at(-1)).toMatch(/^✗ Migration failed: public\.schema_migrations is not golang-migrate's state table/);
  });
});
