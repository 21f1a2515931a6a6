import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, stateOf, type TestDatabase } from '../helpers/database.js';
import { COMPARE_WITH_GOLANG_MIGRATE, golangMigrate, migrationDirectory, runActionAsRunner } from '../helpers/golang-migrate.js';

/** `command: force` in the action: the recovery a dirty database's message asks for, from CI. */
let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
  await db.query('CREATE TABLE schema_migrations (version bigint not null primary key, dirty boolean not null)');
  await db.query('INSERT INTO schema_migrations VALUES (2, true)');
});
afterEach(async () => {
  await db.drop();
});

const FILES = {
  '1_a.up.sql': 'CREATE TABLE a (id int);\n',
  '1_a.down.sql': 'DROP TABLE a;\n',
  '2_b.up.sql': 'CREATE TABLE b (id int);\n',
  '2_b.down.sql': 'DROP TABLE b;\n',
};

describe('command: force in the action', () => {
  it('records force-version as clean, and says so in the outputs and the summary', async () => {
    const run = await runActionAsRunner({
      'database-url': db.url,
      command: 'force',
      'force-version': '1',
      'migrations-path': migrationDirectory(FILES),
    });
    expect(run.code, run.stdout).toBe(0);
    expect(await stateOf(db)).toEqual({ version: 1, dirty: false });
    expect(run.outputs).toMatchObject({ status: 'forced', 'previous-version': '2', version: '1', dirty: 'false' });
    expect(run.summary).not.toBe('');
    // Nothing else was run: version 2's file is not applied by force.
    expect(await db.query(`SELECT to_regclass('b') AS t`)).toEqual([{ t: null }]);
  });

  it('force-version -1 records no version', async () => {
    const run = await runActionAsRunner({
      'database-url': db.url,
      command: 'force',
      'force-version': '-1',
      'migrations-path': migrationDirectory(FILES),
    });
    expect(run.code, run.stdout).toBe(0);
    expect(await stateOf(db)).toBeNull();
  });

  it('is refused without force-version, changing nothing', async () => {
    const run = await runActionAsRunner({ 'database-url': db.url, command: 'force' });
    expect(run.code).toBe(2);
    expect(run.lines.at(-1)).toBe('✗ force needs the force-version input: the version to record as clean (-1: none)');
    expect(await stateOf(db)).toEqual({ version: 2, dirty: true });
  });

  it.runIf(COMPARE_WITH_GOLANG_MIGRATE)('leaves a state golang-migrate reads as clean, and can migrate on from', async () => {
    const run = await runActionAsRunner({
      'database-url': db.url,
      command: 'force',
      'force-version': '1',
      'migrations-path': migrationDirectory(FILES),
    });
    expect(run.code, run.stdout).toBe(0);
    await db.query('CREATE TABLE a (id int)');
    const url = `${db.url}?sslmode=disable`;
    expect((await golangMigrate(migrationDirectory(FILES), url, ['version'])).output.trim()).toBe('1');
    expect((await golangMigrate(migrationDirectory(FILES), url, ['up'])).code).toBe(0);
    expect(await stateOf(db)).toEqual({ version: 2, dirty: false });
  });
});
