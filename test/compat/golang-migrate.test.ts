import { describe, expect, it } from 'vitest';
import { stateOf, useTestDatabase } from '../helpers/database.js';
import { golangMigrateCli, requiresGolangMigrate } from '../helpers/golang-migrate.js';
import { fixture, runAction } from '../helpers/run.js';

// golang-migrate's own CLI, the oForum server's library, and this tool take turns on one database
// of the server under test: each must read what the other wrote.
const noGolangMigrate = requiresGolangMigrate();
const db = useTestDatabase();

/** golang-migrate's URL for the test database: lib/pq wants sslmode spelled out for a plain connection. */
function migrateUrl(): string {
  return `${db().url}?sslmode=disable`;
}

describe.skipIf(noGolangMigrate)('turn about with golang-migrate', () => {
  it('golang-migrate reads the version this tool recorded, and finds nothing left to do', async () => {
    expect((await runAction({ 'database-url': db().url, 'migrations-path': fixture('basic') })).code).toBe(0);
    const version = await golangMigrateCli(['-path', fixture('basic'), '-database', migrateUrl(), 'version']);
    expect(version.code, version.stderr).toBe(0);
    expect(`${version.stdout}${version.stderr}`.trim()).toBe('2');
    const up = await golangMigrateCli(['-path', fixture('basic'), '-database', migrateUrl(), 'up']);
    expect(up.code, up.stderr).toBe(0);
    expect(`${up.stdout}${up.stderr}`).toContain('no change');
  });

  it('this tool continues from the version golang-migrate recorded, and after its down', async () => {
    const first = await golangMigrateCli(['-path', fixture('basic'), '-database', migrateUrl(), 'up', '1']);
    expect(first.code, first.stderr).toBe(0);
    const run = await runAction({ 'database-url': db().url, 'migrations-path': fixture('basic') });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ 'previous-version': '1', applied: '[2]', version: '2' });
    const down = await golangMigrateCli(['-path', fixture('basic'), '-database', migrateUrl(), 'down', '1']);
    expect(down.code, down.stderr).toBe(0);
    expect(await stateOf(db())).toEqual({ version: 1, dirty: false });
    const check = await runAction({ 'database-url': db().url, 'migrations-path': fixture('basic'), command: 'check' });
    expect(check.outputs).toMatchObject({ status: 'pending', version: '1', pending: '[2]' });
  });
});
