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
import { runAction, workflowCommands } from '../helpers/run.js';
import { spawnRun } from '../helpers/spawn-run.js';
import { startWireWatch, type WireWatch } from '../helpers/wire-watch.js';

/**
 * Transactional migrations are pipelined: each one's message (BEGIN … COMMIT with its version and
 * history rows) goes out before the answer to the one ahead of it. What is on the wire is read by
 * a proxy that parses the protocol (test/helpers/wire-watch.ts), and what committed by the server.
 */

let db: TestDatabase;
let wire: WireWatch;
beforeEach(async () => {
  db = await createTestDatabase();
  wire = await startWireWatch(Number(new URL(db.url).port || 5432), { upstreamHost: new URL(db.url).hostname });
});
afterEach(async () => {
  await wire.close();
  await db.drop();
});

/** The test database's URL through the proxy. */
function watchedUrl(): string {
  const url = new URL(db.url);
  url.hostname = '127.0.0.1';
  url.port = String(wire.port);
  return url.toString();
}

function tables(from: number, to: number, extra: Record<string, string> = {}): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = from; i <= to; i++) files[`${i}_t${i}.up.sql`] = `CREATE TABLE t${i} (id int);\n`;
  return { ...files, ...extra };
}

async function existing(from: number, to: number): Promise<number[]> {
  const found: number[] = [];
  for (let i = from; i <= to; i++) if (await tableExists(db, `t${i}`)) found.push(i);
  return found;
}

async function historyVersions(): Promise<{ version: string; duration_ms: number }[]> {
  return db.query('SELECT version::text, duration_ms FROM schema_migrations_history ORDER BY applied_at, version');
}

describe('pipelined transactional migrations', () => {
  it('has several messages on the wire at once, and commits each with its version and history row', async () => {
    const run = await runAction({ 'database-url': watchedUrl(), 'migrations-path': migrationDirectory(tables(1, 30)), summary: 'false' });
    expect(run.code, run.stdout).toBe(0);
    expect(wire.mostOutstanding()).toBeGreaterThan(1);
    expect(run.lines.filter((line) => line.startsWith('  ✓ '))).toHaveLength(30);
    expect(run.outputs.applied).toBe(JSON.stringify(Array.from({ length: 30 }, (_, i) => i + 1)));
    expect(await stateOf(db)).toEqual({ version: 30, dirty: false });
    expect(await existing(1, 30)).toHaveLength(30);
    const history = await historyVersions();
    expect(history.map((row) => row.version)).toEqual(Array.from({ length: 30 }, (_, i) => String(i + 1)));
    for (const row of history) expect(row.duration_ms).toBeGreaterThan(0);
  });

  it('a failure in migration 6 with 7–12 behind it on the wire: 1–5 committed, 6 placed at its line, nothing after it', async () => {
    const files = tables(1, 12, {
      '6_t6.up.sql': 'CREATE TABLE t6 (id int);\nSELECT pg_sleep(0.2);\nINSERT INTO nowhere VALUES (1);\n',
    });
    const directory = migrationDirectory(files);
    const run = await runAction({ 'database-url': watchedUrl(), 'migrations-path': directory, summary: 'false' });
    expect(run.code, run.stdout).toBe(1);
    expect(run.lines.at(-1)).toBe('✗ Migration failed: relation "nowhere" does not exist');
    expect(run.stdout).toContain(`failed at ${directory}/6_t6.up.sql:3:13`);
    const [annotation] = workflowCommands(run.stdout, 'error');
    expect(annotation?.properties).toMatchObject({ title: 'Migration 6 t6 failed', line: '3', col: '13' });
    expect(run.outputs).toMatchObject({
      status: 'failed',
      version: '5',
      dirty: 'false',
      applied: '[1,2,3,4,5]',
      pending: '[6,7,8,9,10,11,12]',
    });
    // 7–12 had been sent while 6 slept
    expect(wire.mostOutstanding()).toBeGreaterThan(2);
    expect(await stateOf(db)).toEqual({ version: 5, dirty: false });
    expect(await existing(1, 12)).toEqual([1, 2, 3, 4, 5]);
    expect((await historyVersions()).map((row) => row.version)).toEqual(['1', '2', '3', '4', '5']);
  });

  it('a failure at COMMIT (a deferred constraint) leaves no aborted transaction, and the guard still stops the messages behind it', async () => {
    const files = tables(1, 8, {
      '4_t4.up.sql': `CREATE TABLE parent (id int PRIMARY KEY);
CREATE TABLE child (parent int REFERENCES parent DEFERRABLE INITIALLY DEFERRED);
INSERT INTO child VALUES (1);
SELECT pg_sleep(0.2);
`,
    });
    const run = await runAction({ 'database-url': watchedUrl(), 'migrations-path': migrationDirectory(files), summary: 'false' });
    expect(run.code, run.stdout).toBe(1);
    expect(run.lines.at(-1)).toBe(
      '✗ Migration failed: insert or update on table "child" violates foreign key constraint "child_parent_fkey" (when the migration\'s transaction committed, after its last statement: a deferred constraint)',
    );
    // pipelined too, the failure is placed in its migration, at the end of its file
    expect(run.stdout).toMatch(/4 t4 failed at \S*4_t4\.up\.sql:4:22\n/);
    expect(run.outputs).toMatchObject({ status: 'failed', version: '3', dirty: 'false', applied: '[1,2,3]' });
    expect(wire.mostOutstanding()).toBeGreaterThan(2);
    expect(await stateOf(db)).toEqual({ version: 3, dirty: false });
    expect(await existing(1, 8)).toEqual([1, 2, 3]);
    expect(await tableExists(db, 'parent')).toBe(false);
    expect((await historyVersions()).map((row) => row.version)).toEqual(['1', '2', '3']);
  });

  it('a lock timeout in migration 3: retried alone with backoff, then the rest sent again, each applied once', async () => {
    await db.query('CREATE TABLE items (id int)');
    const files = tables(1, 8, { '3_t3.up.sql': 'CREATE TABLE t3 (id int);\nALTER TABLE items ADD COLUMN price int;\n' });
    const reader = await db.client();
    await reader.query('BEGIN');
    await reader.query('SELECT count(*) FROM items');
    const run = spawnRun({
      inputs: {
        'database-url': watchedUrl(),
        'migrations-path': migrationDirectory(files),
        'statement-lock-timeout': '0.2',
        'statement-lock-retries': '5',
        summary: 'false',
      },
    });
    // end the reader's transaction once the first retry has been announced
    expect(await run.waitForOutput(/↻ 3 t3: canceling statement due to lock timeout; retry 1 of 5/, 60_000), run.stdout()).toBe(true);
    await reader.query('COMMIT');
    const outcome = await run.done;
    expect(outcome.code, outcome.stdout).toBe(0);
    expect(outcome.lines.filter((line) => line.startsWith('  ✓ ')).map((line) => line.trim().split(' ')[1])).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
    ]);
    expect(outcome.stdout).toMatch(/✓ 3 t3 \(.*retr(y|ies)\)/);
    expect(await stateOf(db)).toEqual({ version: 8, dirty: false });
    expect(await existing(1, 8)).toHaveLength(8);
    expect((await historyVersions()).map((row) => row.version)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    expect(await db.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'items' AND column_name = 'price'`)).toHaveLength(1);
  });

  it('SIGTERM while migration 3 runs with 4–10 behind it: 3 cancelled and rolled back, nothing after it, the lock released', async () => {
    const files = tables(1, 10, { '3_t3.up.sql': 'CREATE TABLE t3 (id int);\nSELECT pg_sleep(60);\n' });
    const run = spawnRun({ inputs: { 'database-url': watchedUrl(), 'migrations-path': migrationDirectory(files), summary: 'false' } });
    expect(await sleepingIn(db), run.stdout()).toBe(true);
    // the run has read the answers to 1 and 2 (the lint, running alongside, may hold it up a moment)
    expect(await run.waitForOutput(/✓ 2 t2 /, 60_000), run.stdout()).toBe(true);
    run.child.kill('SIGTERM');
    const outcome = await run.done;
    expect(outcome.code, outcome.stdout).toBe(1);
    expect(outcome.lines.at(-1)).toBe(
      '✗ Migration cancelled: SIGTERM received while migration 3 ran: it was rolled back; 2 migrations applied before; the database is at version 2',
    );
    expect(outcome.outputs).toMatchObject({ status: 'cancelled', version: '2', dirty: 'false', applied: '[1,2]' });
    expect(wire.mostOutstanding()).toBeGreaterThan(2);
    expect(await stateOf(db)).toEqual({ version: 2, dirty: false });
    expect(await existing(1, 10)).toEqual([1, 2]);
    const locks = await db.query(
      `SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = current_database()`,
    );
    expect(locks).toEqual([]);
  });

  it('the network fails during migration 3: the run says what may have committed, and a rerun converges', async () => {
    // 3 waits until the test opens the gate (after the cut): however slow the machine, the cut
    // comes while 3 runs, and the server then goes on with what it had received
    await createGate(db);
    const files = tables(1, 10, { '3_t3.up.sql': `CREATE TABLE t3 (id int);\n${WAIT_FOR_GATE}\n` });
    const directory = migrationDirectory(files);
    const run = spawnRun({ inputs: { 'database-url': watchedUrl(), 'migrations-path': directory, summary: 'false' } });
    expect(await sleepingIn(db), run.stdout()).toBe(true);
    // the run has read the answers to 1 and 2: a reset discards what the socket has not yet read
    expect(await run.waitForOutput(/✓ 2 t2 /, 60_000), run.stdout()).toBe(true);
    wire.cut();
    await openGate(db);
    const outcome = await run.done;
    expect(outcome.code, outcome.stdout).toBe(1);
    const last = outcome.lines.at(-1)!;
    expect(last).toMatch(
      /^✗ Migration failed: connection lost while applying version 3: .+; it may have committed with its version row, and so may the \d+ sent after it; read again on a new session, the database is at version \d+$/,
    );
    // read under the lock, once the old session had finished: where the database is
    const reread = /version (\d+)$/.exec(last)![1]!;
    expect(outcome.outputs).toMatchObject({ status: 'failed', version: reread });
    expect(JSON.parse(outcome.outputs.applied!)).toEqual(Array.from({ length: Number(reread) }, (_, i) => i + 1));
    // whatever the server did after the cut, each migration went with its version row
    for (let i = 0; i < 200; i++) {
      const rows = await db.query(
        `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'oforum-migrate'`,
      );
      if (rows.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const state = await stateOf(db);
    expect(state?.dirty).toBe(false);
    expect(String(state?.version)).toBe(reread);
    expect(await existing(1, 10)).toEqual(Array.from({ length: state?.version ?? 0 }, (_, i) => i + 1));
    const rerun = await runAction({ 'database-url': db.url, 'migrations-path': directory, summary: 'false' });
    expect(rerun.code, rerun.stdout).toBe(0);
    expect(await stateOf(db)).toEqual({ version: 10, dirty: false });
    expect(await existing(1, 10)).toHaveLength(10);
  });
});
