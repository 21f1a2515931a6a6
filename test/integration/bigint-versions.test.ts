import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { ROOT, runAction, runCli } from '../helpers/run.js';

/**
 * golang-migrate stores any int64 as a version. These tests hand versions above 2^53 (where a
 * JavaScript number stops being exact) back and forth between golang-migrate's own CLI and this
 * tool on one database: each must read exactly what the other wrote.
 */
const GOLANG_MIGRATE = process.env.GOLANG_MIGRATE || path.resolve(ROOT, '../shared/tools/golang-migrate');
const available = existsSync(GOLANG_MIGRATE);
if (!available && process.env.CI) throw new Error(`golang-migrate is required under CI, and is not at ${GOLANG_MIGRATE}`);

const BIG = '9007199254740993'; // 2^53 + 1: as a JavaScript number it reads 9007199254740992
const MAX = '9223372036854775807'; // 2^63 - 1, the largest bigint

let db: TestDatabase;
let directory: string;
beforeEach(async () => {
  db = await createTestDatabase();
  directory = mkdtempSync(path.join(tmpdir(), 'omt-bigint-'));
});
afterEach(async () => {
  await db.drop();
  rmSync(directory, { recursive: true, force: true });
});

function files(entries: Record<string, string>): string {
  for (const [name, sql] of Object.entries(entries)) writeFileSync(path.join(directory, name), sql);
  return directory;
}

/** golang-migrate's CLI on the test database; it reports the version on stderr. */
function golangMigrate(...args: string[]): { code: number | null; output: string } {
  const url = `${db.url}?sslmode=disable`;
  const run = spawnSync(GOLANG_MIGRATE, ['-path', directory, '-database', url, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

async function stateText(): Promise<{ version: string; dirty: boolean }[]> {
  return db.query<{ version: string; dirty: boolean }>('SELECT version::text AS version, dirty FROM schema_migrations');
}

const SET = {
  '1_a.up.sql': 'CREATE TABLE a (id int);',
  [`${BIG}_b.up.sql`]: 'CREATE TABLE b (id int);',
  [`${MAX}_c.up.sql`]: 'CREATE TABLE c (id int);',
};

describe.skipIf(!available)('versions above 2^53, between golang-migrate and this tool', () => {
  it('reads the row golang-migrate wrote at 2^53 + 1 exactly, in the outputs and in --json', async () => {
    files(SET);
    expect(golangMigrate('goto', BIG).code).toBe(0);
    expect(await stateText()).toEqual([{ version: BIG, dirty: false }]);

    const action = await runAction({ 'database-url': db.url, 'migrations-path': directory, command: 'check' });
    expect(action.code, action.stdout).toBe(0);
    expect(action.outputs).toMatchObject({ status: 'pending', version: BIG, 'previous-version': BIG, pending: `[${MAX}]` });
    expect(action.stdout).toContain(`version ${BIG}, 1 pending`);
    expect(action.summary).toContain(BIG);

    const cli = await runCli(['check', '--json', '--database-url', db.url, '--migrations-path', directory]);
    expect(cli.code, cli.stdout).toBe(0);
    expect(cli.stdout).toContain(`"version":${BIG},`);
    expect(cli.stdout).toContain(`"pending":[${MAX}]`);
  });

  it('reads a version golang-migrate forced, and golang-migrate reads the one this tool forced', async () => {
    files(SET);
    expect(golangMigrate('force', BIG).code).toBe(0);
    const check = await runCli(['check', '--json', '--database-url', db.url, '--migrations-path', directory]);
    expect(check.stdout).toContain(`"previous-version":${BIG},`);

    const force = await runCli(['force', MAX, '--database-url', db.url, '--migrations-path', directory]);
    expect(force.code, force.stdout).toBe(0);
    expect(force.stdout).toContain(`✓ Forced version ${MAX} (was ${BIG}, clean)`);
    expect(golangMigrate('version').output.trim()).toBe(MAX);
  });

  it('applies versions up to the largest bigint, and golang-migrate agrees on where it stands', async () => {
    files(SET);
    const run = await runAction({ 'database-url': db.url, 'migrations-path': directory });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ status: 'applied', version: MAX, applied: `[1,${BIG},${MAX}]` });
    expect(await stateText()).toEqual([{ version: MAX, dirty: false }]);
    const history = await db.query<{ version: string }>('SELECT version::text AS version FROM schema_migrations_history ORDER BY id');
    expect(history.map((row) => row.version)).toEqual(['1', BIG, MAX]);

    expect(golangMigrate('version').output.trim()).toBe(MAX);
    const again = golangMigrate('up');
    expect(again.output).toContain('no change');
  });

  it('refuses a file above the largest bigint, on which golang-migrate crashes', async () => {
    files({ '1_a.up.sql': 'CREATE TABLE a (id int);', '9223372036854775808_big.up.sql': 'SELECT 1;' });
    const theirs = golangMigrate('up');
    expect(theirs.code).not.toBe(0);
    expect(theirs.output).toContain('panic');

    const ours = await runAction({ 'database-url': db.url, 'migrations-path': directory });
    expect(ours.code).toBe(2);
    expect(ours.lines.at(-1)).toMatch(/version 9223372036854775808 is above 9223372036854775807, the largest a bigint holds/);
  });

  it('refuses a file above the largest unsigned 64-bit number, which golang-migrate skips without a word', async () => {
    files({ '1_a.up.sql': 'CREATE TABLE a (id int);', '18446744073709551616_huge.up.sql': 'CREATE TABLE huge (id int);' });
    expect(golangMigrate('up').code).toBe(0);
    expect(await stateText()).toEqual([{ version: '1', dirty: false }]);

    const ours = await runAction({ 'database-url': db.url, 'migrations-path': directory, command: 'check' });
    expect(ours.code).toBe(2);
    expect(ours.lines.at(-1)).toContain('golang-migrate skips this file without a word');
  });
});
