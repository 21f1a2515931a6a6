import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createGate,
  createTestDatabase,
  openGate,
  sleepingIn,
  stateOf,
  tableExists,
  WAIT_FOR_GATE,
  type TestDatabase,
} from '../helpers/database.js';
import { migrationDirectory } from '../helpers/golang-migrate.js';
import { runAction } from '../helpers/run.js';
import { spawnRun } from '../helpers/spawn-run.js';
import { advisoryLockId } from '../../src/database/lock-id.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

/** A session holding golang-migrate's lock for this database, as a migrating oForum server would. */
async function holdServerLock(): Promise<{ pid: number; release: () => Promise<void> }> {
  const client = await db.client();
  await client.query(`SET application_name = 'oforum-server'`);
  const id = advisoryLockId('public', 'schema_migrations', `/${db.name}`);
  await client.query(`SELECT pg_advisory_lock(${id})`);
  const [row] = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
  return { pid: row!.pid, release: async () => void (await client.query(`SELECT pg_advisory_unlock(${id})`)) };
}

describe('the migration lock shared with the oForum server', () => {
  it('gives up after lock-timeout and names the session that holds the lock', async () => {
    const holder = await holdServerLock();
    const run = await runAction({ 'database-url': db.url, 'lock-timeout': '1' });
    expect(run.code).toBe(1);
    const last = run.lines.at(-1)!;
    expect(last).toMatch(/^✗ Migration failed: could not get the migration lock within 1 s: held by pid \d+/);
    expect(last).toContain(`held by pid ${holder.pid} (application_name "oforum-server"`);
    expect(last).toMatch(/connected since \d{4}-\d\d-\d\dT/);
    expect(run.outputs.status).toBe('failed');
    expect(await db.query(`SELECT to_regclass('users') AS t`)).toEqual([{ t: null }]);
  });

  it('still says where the database is when the lock could not be had', async () => {
    expect((await runAction({ 'database-url': db.url })).code).toBe(0);
    const holder = await holdServerLock();
    const run = await runAction({ 'database-url': db.url, command: 'check', 'lock-timeout': '1' });
    await holder.release();
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ status: 'failed', 'previous-version': '5', version: '5', dirty: 'false' });
    expect(run.summary).toContain('version <code>5</code> (read without the migration lock)');
  });

  it('waits while the lock is held and migrates once it is released', async () => {
    const holder = await holdServerLock();
    const running = spawnRun({ inputs: { 'database-url': db.url, 'lock-timeout': '30' } });
    // Release only once the run says it is waiting, and for whom.
    const waiting = await running.waitForOutput(/waiting for the migration lock, held by pid \d+/, 30_000);
    await holder.release();
    const run = await running.done;
    expect(waiting, run.stdout).toBe(true);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`waiting for the migration lock, held by pid ${holder.pid}`);
    expect(await stateOf(db)).toEqual({ version: 5, dirty: false });
  });

  it('lets concurrent runs apply every migration exactly once', async () => {
    const runs = await Promise.all(Array.from({ length: 6 }, () => runAction({ 'database-url': db.url })));
    for (const run of runs) expect(run.code).toBe(0);
    const applied = runs.flatMap((run) => JSON.parse(run.outputs.applied!) as number[]);
    expect(applied.sort()).toEqual([1, 2, 3, 4, 5]);
    expect(runs.filter((run) => run.outputs.status === 'applied')).toHaveLength(1);
    expect(await stateOf(db)).toEqual({ version: 5, dirty: false });
  });
});

describe("the guard in each migration's own transaction", () => {
  it('stops a migration once this session no longer holds the lock, even when every check before it passed', async () => {
    // Migration 1 lets go of the session lock itself; while it waits, another session takes the
    // lock, as the oForum server would. Migration 2's message (already on the wire, pipelined) must
    // not commit: only the guard inside its transaction can see this.
    const files = {
      '1_release.up.sql': `CREATE TABLE one (id int);\nSELECT pg_advisory_unlock_all();\n${WAIT_FOR_GATE}\n`,
      '2_two.up.sql': 'CREATE TABLE two (id int);\n',
    };
    await createGate(db);
    const run = spawnRun({ inputs: { 'database-url': db.url, 'migrations-path': migrationDirectory(files), summary: 'false' } });
    expect(await sleepingIn(db), run.stdout()).toBe(true);
    // The migration's transaction holds the lock too (its guard's transaction lock) until it
    // commits: the other session queues for it, and PostgreSQL grants it at that commit, before
    // migration 2's guard asks.
    const other = await db.client();
    const id = advisoryLockId('public', 'schema_migrations', `/${db.name}`);
    const [{ pid } = { pid: 0 }] = (await other.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
    const taking = other.query(`SELECT pg_advisory_lock(${id})`);
    let queued = false;
    for (let i = 0; i < 400 && !queued; i++) {
      queued = (await db.query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND pid = $1`, [pid])).length > 0;
      if (!queued) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(queued).toBe(true);
    await openGate(db);
    const outcome = await run.done;
    await taking;
    await other.query(`SELECT pg_advisory_unlock(${id})`);
    expect(outcome.code, outcome.stdout).toBe(1);
    expect(outcome.lines.at(-1)).toMatch(/^✗ Migration failed: this connection no longer holds the migration lock/);
    expect(outcome.outputs).toMatchObject({ status: 'failed', version: '1', dirty: 'false', applied: '[1]' });
    expect(await stateOf(db)).toEqual({ version: 1, dirty: false });
    expect(await tableExists(db, 'two')).toBe(false);
  });
});
