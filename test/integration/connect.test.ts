import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, urlFor, type TestDatabase } from '../helpers/database.js';
import { runAction, runCli } from '../helpers/run.js';
import { connect } from '../../src/database/connect.js';
import { spawnRun } from '../helpers/spawn-run.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

describe('connecting', () => {
  it('gives up on an unreachable server after connect-timeout with oForum’s line', async () => {
    const run = await runAction({ 'database-url': 'postgres://postgres@127.0.0.1:1/nothing', 'connect-timeout': '1' });
    expect(run.code).toBe(1);
    expect(run.lines.at(-1)).toMatch(/^✗ Failed to connect: connection refused \(127\.0\.0\.1:1\)/);
    expect(run.stdout).toContain('waiting for the database (connection refused');
    expect(run.outputs.status).toBe('failed');
  });

  it('reads the files while it connects: the wait is told after the run’s first lines', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'omt-connect-'));
    writeFileSync(path.join(dir, '1_a.up.sql'), 'CREATE TABLE a (id int);');
    const run = await runAction({
      'database-url': 'postgres://postgres@127.0.0.1:1/nothing',
      'connect-timeout': '1',
      'migrations-path': dir,
    });
    expect(run.code).toBe(1);
    expect(run.lines[0]).toBe('⟳ Running migrations...');
    expect(run.lines[1]).toMatch(/^ {2}database 127\.0\.0\.1:1\/nothing, migrations /);
    expect(run.lines[2]).toMatch(/^ {2}waiting for the database \(connection refused/);
    expect(run.lines.at(-1)).toMatch(/^✗ Failed to connect: connection refused \(127\.0\.0\.1:1\)/);
  });

  it('stops connecting when the files are refused, and says why, without waiting for connect-timeout', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'omt-connect-'));
    writeFileSync(path.join(dir, '1_a.up.sql'), 'CREATE TABLE a (id int);');
    writeFileSync(path.join(dir, '1_b.up.sql'), 'CREATE TABLE b (id int);');
    // were the connection not stopped, the run would wait ten minutes for the server
    const run = await runAction({
      'database-url': 'postgres://postgres@127.0.0.1:1/nothing',
      'connect-timeout': '600',
      'migrations-path': dir,
    });
    expect(run.code).toBe(2);
    expect(run.lines).toHaveLength(1);
    expect(run.lines[0]).toBe('✗ duplicate migration file: 1_b.up.sql (version 1 up is also 1_a.up.sql)');
    expect(run.stdout).not.toContain('waiting for the database');
  });

  it('fails at once, without retrying, on a database that does not exist', async () => {
    const run = await runAction({ 'database-url': urlFor(`${db.name}_missing`), 'connect-timeout': '30' });
    expect(run.code).toBe(1);
    expect(run.lines.at(-1)).toBe(`✗ Failed to connect: database "${db.name}_missing" does not exist`);
    expect(run.stdout).not.toContain('waiting for the database');
  });

  it('requires a database URL, exit 2, and never falls back to another database', async () => {
    const run = await runAction({ 'database-url': '' }, { PGHOST: '127.0.0.1', PGDATABASE: db.name, PGUSER: 'postgres' });
    expect(run.code).toBe(2);
    expect(run.lines).toHaveLength(1);
    // Both names, and why a secret may be empty.
    expect(run.lines[0]).toMatch(
      /^✗ DATABASE_URL is required: the database-url input and the DATABASE_URL environment variable are both empty/,
    );
    expect(run.lines[0]).toMatch(/secret exists/);
    expect(run.lines[0]).toMatch(/pull requests from forks/);
    expect(run.outputs.status).toBe('failed');
    expect(await db.query(`SELECT to_regclass('schema_migrations') AS t`)).toEqual([{ t: null }]);
    const cli = await runCli(['up']);
    expect(cli.code).toBe(2);
    expect(cli.lines).toEqual(['✗ DATABASE_URL is required: give --database-url URL or set the DATABASE_URL environment variable']);
  });

  it('uses DATABASE_URL from the environment when the input is empty, and says so', async () => {
    const run = await runAction({ 'database-url': '' }, { DATABASE_URL: db.url });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('(from DATABASE_URL)');
    expect(run.outputs.version).toBe('5');
  });

  it('rejects a URL that is not PostgreSQL’s with exit 2', async () => {
    const run = await runAction({ 'database-url': 'mysql://root@127.0.0.1:3306/test' });
    expect(run.code).toBe(2);
    expect(run.lines).toEqual(['✗ database-url must start with postgres:// or postgresql://, not mysql://']);
  });

  it('names the application on its connection, so lock holders can be identified', async () => {
    // While the lock is held by us, a second run waits: its connection is visible.
    const client = await db.client();
    const lockId = (await import('../../src/database/lock-id.js')).advisoryLockId('public', 'schema_migrations', `/${db.name}`);
    await client.query(`SELECT pg_advisory_lock(${lockId})`);
    const running = spawnRun({ inputs: { 'database-url': db.url, 'lock-timeout': '30' } });
    const waiting = await running.waitForOutput(/waiting for the migration lock/, 30_000);
    // The run's own connection: the only session on this test's database besides the holder.
    const others = await client.query<{ application_name: string }>(
      'SELECT application_name FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    running.kill();
    const run = await running.done;
    expect(waiting, run.stdout).toBe(true);
    expect(others.rows.map((row) => row.application_name)).toEqual(['oforum-migrate']);
  });
});

describe('connect() cancelled', () => {
  it('settles when the run is cancelled before the socket has connected (pg alone would never settle it)', async () => {
    const controller = new AbortController();
    const connecting = connect({ connectionString: db.url, timeoutMs: 30_000, signal: controller.signal });
    controller.abort('SIGINT');
    await expect(connecting).rejects.toMatchObject({ code: 'cancelled', message: 'SIGINT received' });
  });
});
