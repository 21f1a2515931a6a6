import { describe, expect, it } from 'vitest';
import { stateOf, tableExists, useTestDatabase } from '../helpers/database.js';
import { golangMigrate, migrationDirectory, requiresGolangMigrate } from '../helpers/golang-migrate.js';
import { runAction } from '../helpers/run.js';

// Each case runs golang-migrate's own CLI and this tool on the same files and one database, and
// compares what each did (docs/compatibility.md lists what is identical and what differs).
const noGolangMigrate = requiresGolangMigrate();
const db = useTestDatabase();

/** golang-migrate's URL for the test database: lib/pq wants sslmode spelled out. */
function migrateUrl(query = ''): string {
  return `${db().url}?sslmode=disable${query}`;
}

describe.skipIf(noGolangMigrate)('file names, matched with golang-migrate’s own pattern', () => {
  const files = {
    '1_a.up.sql': 'CREATE TABLE a (id int);',
    // Go's `.` does not match a newline: golang-migrate ignores this file
    '2_b\nnote.up.sql': 'CREATE TABLE b (id int);',
    // … but it matches a carriage return: golang-migrate applies this one
    '3_c\r.up.sql': 'CREATE TABLE c (id int);',
  };

  it('golang-migrate ignores a name with a newline and applies one with a carriage return', async () => {
    const theirs = await golangMigrate(migrationDirectory(files), migrateUrl(), ['up']);
    expect(theirs.code, theirs.output).toBe(0);
    expect(await stateOf(db())).toEqual({ version: 3, dirty: false });
    expect(await tableExists(db(), 'b')).toBe(false);
    expect(await tableExists(db(), 'c')).toBe(true);
  });

  it('this tool does the same', async () => {
    const ours = await runAction({ 'database-url': db().url, 'migrations-path': migrationDirectory(files) });
    expect(ours.code, ours.stdout).toBe(0);
    expect(ours.outputs).toMatchObject({ applied: '[1,3]', version: '3' });
    expect(await tableExists(db(), 'b')).toBe(false);
    expect(await tableExists(db(), 'c')).toBe(true);
  });
});
