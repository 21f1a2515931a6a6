import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asRoleWithoutPlpgsql, createTestDatabase, stateOf, type TestDatabase } from '../helpers/database.js';
import { fixture, runAction } from '../helpers/run.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

// The state is read by a DO block, only when its table exists (no error in the server's log for a
// database never migrated: server-log.test.ts). Where this role cannot run one, plainly.
describe('the state read where PL/pgSQL cannot run', () => {
  for (const strategy of ['session', 'transaction']) {
    it(`checks, migrates and checks again a database never migrated where PL/pgSQL was dropped (lock-strategy ${strategy})`, async () => {
      await db.query('DROP EXTENSION plpgsql');
      const inputs = { 'database-url': db.url, 'migrations-path': fixture('basic'), 'lock-strategy': strategy };
      const before = await runAction({ ...inputs, command: 'check' });
      expect(before.code, before.stdout).toBe(0);
      expect(before.outputs).toMatchObject({ status: 'pending', version: '', 'pending-count': '2' });
      const up = await runAction(inputs);
      expect(up.code, up.stdout).toBe(0);
      expect(up.outputs).toMatchObject({ version: '2', applied: '[1,2]' });
      expect(await stateOf(db)).toEqual({ version: 2, dirty: false });
      const after = await runAction({ ...inputs, command: 'check' });
      expect(after.code, after.stdout).toBe(0);
      expect(after.outputs).toMatchObject({ status: 'up-to-date', version: '2' });
    });

    it(`migrates and reads a dirty state as a role that may not use PL/pgSQL (lock-strategy ${strategy})`, async () => {
      await asRoleWithoutPlpgsql(db, async (url) => {
        const inputs = { 'database-url': url, 'migrations-path': fixture('basic'), 'lock-strategy': strategy };
        const up = await runAction(inputs);
        expect(up.code, up.stdout).toBe(0);
        expect(up.outputs).toMatchObject({ version: '2', applied: '[1,2]' });
        await db.query('UPDATE schema_migrations SET dirty = true');
        const dirty = await runAction({ ...inputs, command: 'check' });
        expect(dirty.code, dirty.stdout).toBe(1);
        expect(dirty.outputs).toMatchObject({ status: 'dirty', version: '2', dirty: 'true' });
      });
    });
  }

  it('refuses a state table of another shape before anything runs, as the plain read did', async () => {
    await db.query('CREATE TABLE schema_migrations (version text NOT NULL, dirty boolean NOT NULL)');
    const run = await runAction({ 'database-url': db.url, 'migrations-path': fixture('basic') });
    expect(run.code).toBe(1);
    expect(run.lines.at(-1)).toMatch(/public\.schema_migrations is not golang-migrate's state table/);
    const missing = await runAction({ 'database-url': db.url, 'migrations-path': fixture('basic'), 'migrations-table': 'no_dirty' });
    expect(missing.code).toBe(0);
    await db.query('CREATE TABLE odd (version bigint NOT NULL)');
    const noColumn = await runAction({
      'database-url': db.url,
      'migrations-path': fixture('basic'),
      'migrations-table': 'odd',
      command: 'check',
    });
    expect(noColumn.code).toBe(1);
    expect(noColumn.lines.at(-1)).toMatch(/public\.odd is not golang-migrate's state table/);
  });
});
