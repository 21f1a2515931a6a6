import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startPrivateServer, type PrivateServer } from '../helpers/private-server.js';
import { fixture, runAction, runCli } from '../helpers/run.js';
import { spawnRun } from '../helpers/spawn-run.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

// Whether verify drops its scratch database is watched on a server of the file's own: on the
// shared one, other runs create and drop scratch databases of their own at the same time.
let own: PrivateServer;
beforeAll(async () => {
  own = await startPrivateServer();
  const admin = await own.admin();
  await admin.query('CREATE DATABASE app');
  await admin.end();
});
afterAll(async () => {
  await own?.stop();
});

async function scratchDatabases(): Promise<string[]> {
  const admin = await own.admin();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname NOT IN ('postgres', 'app') AND NOT datistemplate`,
    );
    return rows.map((row) => row.datname);
  } finally {
    await admin.end();
  }
}

describe('verify: the migration set proves itself on a scratch database', () => {
  it('verifies the embedded oForum migrations on a scratch database of the server, and drops it', async () => {
    const run = await runAction({ 'database-url': own.url('app'), command: 'verify' });
    expect(run.code).toBe(0);
    expect(run.lines.at(-1)).toMatch(
      /^✓ Migrations verified: 5 ups, 5 downs, 5 ups on a scratch database on 127\.0\.0\.1(:\d+)?, dropped after$/,
    );
    expect(run.outputs.status).toBe('verified');
    // The database of database-url is left as it was.
    const app = new pg.Client({ connectionString: own.url('app') });
    await app.connect();
    const { rows } = await app.query(`SELECT to_regclass('users') AS users, to_regclass('schema_migrations') AS state`);
    await app.end();
    expect(rows).toEqual([{ users: null, state: null }]);
    expect(await scratchDatabases()).toEqual([]);
  });

  it('names the migration whose down forgets something, and what', async () => {
    const run = await runAction({ 'database-url': db.url, command: 'verify', 'migrations-path': fixture('bad-down') });
    expect(run.code).toBe(1);
    expect(run.lines.at(-1)).toBe(
      '✗ Verify failed: the down of migration 3 add_tags does not undo its up: table public.item_tags: only after the down',
    );
    expect(run.outputs.status).toBe('failed');
    expect(run.summary).toContain('table public.item_tags: only after the down');
  });

  it('names the migration that gives another schema the second time up', async () => {
    const run = await runCli(['verify', '--migrations-path', fixture('changing-default'), '--database-url', db.url]);
    expect(run.code).toBe(1);
    expect(run.lines.at(-1)).toMatch(
      /^✗ Verify failed: migration 2 default_from_data gives another schema the second time up \(after its down\): column public\.items\.stamped: default '[^']+'::text the second time up, default '[^']+'::text the first time up$/,
    );
  });

  it('names a failing down with its file and line', async () => {
    const run = await runCli(['verify', '--json', '--migrations-path', fixture('failing-after-dollar'), '--database-url', db.url]);
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(json.error.code).toBe('verify');
    expect(json.error.message).toBe('the up of migration 2 broken_after_function failed: syntax error at or near "CREAT"');
    expect(json.error).toMatchObject({ line: 11, column: 1 });
  });

  it('drops the scratch database even when the run is killed', async () => {
    const running = spawnRun({ args: ['verify', '--migrations-path', fixture('slow-transaction'), '--database-url', own.url('app')] });
    // Kill it once its scratch database exists: it is the only one this server has.
    let created: string[] = [];
    for (let i = 0; i < 400 && created.length === 0 && !running.exited(); i++) {
      created = await scratchDatabases();
      if (created.length === 0) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    running.kill();
    const run = await running.done;
    expect(created, run.stdout).toHaveLength(1);
    let left = created;
    for (let i = 0; i < 400 && left.length > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      left = await scratchDatabases();
    }
    expect(left).toEqual([]);
  });
});
