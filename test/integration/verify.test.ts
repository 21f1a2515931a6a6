import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, tableExists, withServer, type TestDatabase } from '../helpers/database.js';
import { fixture, runAction, runCli } from '../helpers/run.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

async function scratchDatabases(): Promise<string[]> {
  return withServer(async (client) =>
    (
      await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'oforum\\_migrate\\_verify\\_%'`)
    ).rows.map((row) => row.datname),
  );
}

describe('verify: the migration set proves itself on a scratch database', () => {
  it('verifies the embedded oForum migrations on a scratch database of the server, and drops it', async () => {
    const before = await scratchDatabases();
    const run = await runAction({ 'database-url': db.url, command: 'verify' });
    expect(run.code).toBe(0);
    expect(run.lines.at(-1)).toMatch(
      /^✓ Migrations verified: 5 ups, 5 downs, 5 ups on a scratch database on 127\.0\.0\.1(:\d+)?, dropped after$/,
    );
    expect(run.outputs.status).toBe('verified');
    expect(await tableExists(db, 'users')).toBe(false);
    expect(await scratchDatabases()).toEqual(before);
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
    const { spawn } = await import('node:child_process');
    const { BUNDLE, ROOT } = await import('../helpers/run.js');
    const before = await scratchDatabases();
    const child = spawn(process.execPath, [BUNDLE, 'verify', '--migrations-path', fixture('slow-transaction'), '--database-url', db.url], {
      cwd: ROOT,
      stdio: 'ignore',
      env: { PATH: process.env.PATH },
    });
    // Kill it once its scratch database exists.
    let created = false;
    for (let i = 0; i < 200 && !created; i++) {
      created = (await scratchDatabases()).some((name) => !before.includes(name));
      if (!created) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    child.kill('SIGKILL');
    expect(created).toBe(true);
    let left = ['pending'];
    for (let i = 0; i < 200 && left.length > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      left = (await scratchDatabases()).filter((name) => !before.includes(name));
    }
    expect(left).toEqual([]);
  });
});
