import { createServer, type AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { advisoryLockId } from '../../src/database/lock-id.js';
import { createTestDatabase, stateOf, tableExists, type TestDatabase } from '../helpers/database.js';
import { migrationDirectory } from '../helpers/golang-migrate.js';
import { spawnRun, type SpawnedRun } from '../helpers/spawn-run.js';

/**
 * A cancelled job, as GitHub cancels one (SIGINT, then SIGTERM about 7.5 s later, then SIGKILL)
 * and as Ctrl-C does. Each test waits for the run's own line and for its statement to be seen
 * running on the server before it signals; nothing is timed.
 */
let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `condition` holds; false when it still does not after `timeoutMs`. */
async function eventually(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
}

/** The run's sessions on the test database, and what each waits on. */
async function sessions(): Promise<{ pid: number; wait_event: string | null }[]> {
  return db.query(`SELECT pid, wait_event FROM pg_stat_activity WHERE datname = $1 AND application_name = 'oforum-migrate'`, [db.name]);
}

/** Waits for the run's line, then for its migration's pg_sleep to be running on the server. */
async function whenSleeping(run: SpawnedRun, line: RegExp): Promise<void> {
  expect(await run.waitForOutput(line, 60_000), run.stdout()).toBe(true);
  const sleeping = await eventually(async () => (await sessions()).some((session) => session.wait_event === 'PgSleep'), 60_000);
  expect(sleeping, run.stdout()).toBe(true);
}

async function advisoryLocks(): Promise<number> {
  const rows = await db.query<{ count: string }>(
    `SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = $1`,
    [db.name],
  );
  return Number(rows[0]!.count);
}

/** The server is done with the run: no session of it is left. */
async function sessionsGone(timeoutMs: number): Promise<boolean> {
  return eventually(async () => (await sessions()).length === 0, timeoutMs);
}

const FIRST = { '1_first.up.sql': 'CREATE TABLE first (id int);\n' };

describe('SIGINT or SIGTERM while a migration runs', () => {
  it('SIGTERM in a transactional migration: cancelled on the server, rolled back, lock released, reported', async () => {
    const directory = migrationDirectory({ ...FIRST, '2_slow.up.sql': 'CREATE TABLE slow (id int);\nSELECT pg_sleep(600);\n' });
    const run = spawnRun({ inputs: { 'database-url': db.url, 'migrations-path': directory } });
    await whenSleeping(run, /version none, 2 pending/);
    run.child.kill('SIGTERM');
    const outcome = await run.done;

    expect(outcome.code, outcome.stdout).toBe(1);
    expect(outcome.lines).toContain('  SIGTERM received: cancelling the running statement');
    expect(outcome.lines.at(-1)).toBe(
      '✗ Migration cancelled: SIGTERM received while migration 2 ran: it was rolled back; 1 migration applied before; the database is at version 1',
    );
    expect(outcome.stderr).toBe('');
    expect(outcome.outputs).toMatchObject({ status: 'cancelled', result: 'failure', version: '1', applied: '[1]', dirty: 'false' });
    expect(outcome.outputs.pending).toBe('[2]');
    expect(outcome.summary).toContain('❌ Cancelled');
    expect(outcome.summary).toContain('✗ Migration cancelled: SIGTERM received while migration 2 ran: it was rolled back');
    expect(outcome.stdout).toMatch(/^::error title=Cancelled::Migration cancelled: SIGTERM received/m);

    // The run's session ended with the run: nothing of it is left on the server.
    expect(await sessions()).toEqual([]);
    expect(await advisoryLocks()).toBe(0);
    expect(await stateOf(db)).toEqual({ version: 1, dirty: false });
    expect(await tableExists(db, 'first')).toBe(true);
    expect(await tableExists(db, 'slow')).toBe(false);
  });

  it('SIGINT in a file that runs statement by statement: the statement stops, the database is dirty, honestly', async () => {
    const directory = migrationDirectory({
      ...FIRST,
      '2_index.up.sql': 'CREATE TABLE indexed (id int);\nSELECT pg_sleep(600);\nCREATE INDEX CONCURRENTLY indexed_id ON indexed (id);\n',
    });
    const run = spawnRun({ inputs: { 'database-url': db.url, 'migrations-path': directory } });
    await whenSleeping(run, /2 index runs statement by statement/);
    run.child.kill('SIGINT');
    const outcome = await run.done;

    expect(outcome.code, outcome.stdout).toBe(1);
    expect(outcome.lines.at(-1)).toBe(
      '✗ Migration cancelled: SIGINT received while migration 2 ran statement by statement: it stopped at line 2 and left the database dirty at version 2',
    );
    expect(outcome.lines.some((line) => line.includes('command: force and force-version: 2'))).toBe(true);
    expect(outcome.outputs).toMatchObject({ status: 'cancelled', version: '2', dirty: 'true', applied: '[1]' });
    expect(outcome.summary).toContain('❌ Cancelled, database dirty at version 2');
    expect(outcome.summary).toContain('To repair');

    expect(await sessions()).toEqual([]);
    expect(await advisoryLocks()).toBe(0);
    expect(await stateOf(db)).toEqual({ version: 2, dirty: true });
    expect(await tableExists(db, 'indexed')).toBe(true);
    expect(await tableExists(db, 'indexed_id')).toBe(false);
  });

  it('SIGTERM while waiting for the migration lock: cancelled at once, nothing changed', async () => {
    const directory = migrationDirectory(FIRST);
    const holder = await db.client();
    await holder.query(`SELECT pg_advisory_lock(${advisoryLockId('public', 'schema_migrations', `/${db.name}`)})`);
    const run = spawnRun({ inputs: { 'database-url': db.url, 'migrations-path': directory, 'lock-timeout': '600' } });
    expect(await run.waitForOutput(/waiting for the migration lock/, 60_000), run.stdout()).toBe(true);
    run.child.kill('SIGTERM');
    const outcome = await run.done;

    expect(outcome.code, outcome.stdout).toBe(1);
    expect(outcome.lines.at(-1)).toBe('✗ Migration cancelled: SIGTERM received');
    expect(outcome.outputs).toMatchObject({ status: 'cancelled', applied: '[]' });
    expect(await sessions()).toEqual([]);
    expect(await tableExists(db, 'first')).toBe(false);
  });
});

describe('a signal before the session is open', () => {
  it('SIGINT while the server has not yet answered the connection: cancelled at once', async () => {
    // a server that accepts the connection and never answers its start-up packet
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    try {
      const run = spawnRun({ inputs: { 'database-url': `postgres://postgres@127.0.0.1:${port}/db`, 'connect-timeout': '600' } });
      expect(await run.waitForOutput(/Running migrations/, 60_000), run.stdout()).toBe(true);
      run.child.kill('SIGINT');
      const outcome = await run.done;
      expect(outcome.code, outcome.stdout).toBe(1);
      expect(outcome.lines.at(-1)).toBe('✗ Migration cancelled: SIGINT received');
      // not the way out of a run that would not stop
      expect(outcome.stdout).not.toContain('did not stop within');
    } finally {
      silent.close();
    }
  });
});

// A function that traps query_canceled ignores the cancel request, as a proxy that drops it would.
// It traps every cancel, in a loop: the server signals a cancel request to the backend and to its
// process group, and the backend sometimes takes the two signals as two cancels, the second of
// which would end a single handler's sleep. Only the end of the connection stops it.
const TRAPPED = {
  ...FIRST,
  '2_trapped.up.sql': `CREATE TABLE trapped (id int);
DO $$ BEGIN LOOP BEGIN PERFORM pg_sleep(600); EXCEPTION WHEN query_canceled THEN NULL; END; END LOOP; END $$;
`,
};

describe('a statement that does not stop when cancelled', () => {
  it('the connection is closed, the run reports it, and the server rolls the migration back', async () => {
    const run = spawnRun({ inputs: { 'database-url': db.url, 'migrations-path': migrationDirectory(TRAPPED) } });
    await whenSleeping(run, /version none, 2 pending/);
    run.child.kill('SIGTERM');
    const outcome = await run.done;

    expect(outcome.code, outcome.stdout).toBe(1);
    expect(outcome.lines.at(-1)).toBe(
      '✗ Migration cancelled: SIGTERM received while migration 2 ran; the statement did not stop within 3 s of the cancel request, so the connection was closed: PostgreSQL rolls back what had not committed once it notices (within about a second from PostgreSQL 14); read again on a new session, the database is at version 1',
    );
    expect(outcome.outputs).toMatchObject({ status: 'cancelled', version: '1', dirty: 'false' });
    // client_connection_check_interval: the server ends the orphaned statement
    expect(await sessionsGone(30_000)).toBe(true);
    expect(await advisoryLocks()).toBe(0);
    expect(await stateOf(db)).toEqual({ version: 1, dirty: false });
    expect(await tableExists(db, 'trapped')).toBe(false);
  });

  it('a second signal exits at once', async () => {
    const run = spawnRun({ inputs: { 'database-url': db.url, 'migrations-path': migrationDirectory(TRAPPED) } });
    await whenSleeping(run, /version none, 2 pending/);
    run.child.kill('SIGINT');
    expect(await run.waitForOutput(/SIGINT received: cancelling the running statement/, 60_000)).toBe(true);
    run.child.kill('SIGTERM');
    const outcome = await run.done;

    expect(outcome.code, outcome.stdout).toBe(1);
    expect(outcome.lines.at(-1)).toMatch(/^✗ Migration cancelled: SIGTERM received again, exiting at once; /);
    expect(outcome.stderr).toBe('');
    expect(await sessionsGone(30_000)).toBe(true);
    expect(await advisoryLocks()).toBe(0);
    expect(await stateOf(db)).toEqual({ version: 1, dirty: false });
    expect(await tableExists(db, 'trapped')).toBe(false);
  });
});

describe('SIGKILL, where the client can do nothing', () => {
  it('client_connection_check_interval: the server aborts the orphaned migration instead of committing it later', async () => {
    const [{ version } = { version: 0 }] = await db.query<{ version: number }>(
      `SELECT current_setting('server_version_num')::int AS version`,
    );
    if (version < 140000) return; // PostgreSQL 13 has no such setting: see RELIABILITY.md
    const directory = migrationDirectory({ ...FIRST, '2_slow.up.sql': 'CREATE TABLE slow (id int);\nSELECT pg_sleep(600);\n' });
    const run = spawnRun({ inputs: { 'database-url': db.url, 'migrations-path': directory } });
    await whenSleeping(run, /version none, 2 pending/);
    run.kill();
    const outcome = await run.done;
    expect(outcome.signal).toBe('SIGKILL');
    // Without the setting the backend would sleep on for ten minutes, holding the lock.
    expect(await sessionsGone(30_000)).toBe(true);
    expect(await advisoryLocks()).toBe(0);
    expect(await stateOf(db)).toEqual({ version: 1, dirty: false });
    expect(await tableExists(db, 'slow')).toBe(false);
  });

  it('the migration session runs with client_connection_check_interval 1s, unless the URL sets it', async () => {
    const directory = migrationDirectory({
      '1_show.up.sql': `CREATE TABLE shown AS SELECT current_setting('client_connection_check_interval', true) AS value;\n`,
    });
    const server = await db.query<{ version: number }>(`SELECT current_setting('server_version_num')::int AS version`);
    const run = spawnRun({ inputs: { 'database-url': db.url, 'migrations-path': directory } });
    expect((await run.done).code).toBe(0);
    expect(await db.query('SELECT value FROM shown')).toEqual([{ value: server[0]!.version >= 140000 ? '1s' : null }]);
    if (server[0]!.version < 140000) return;

    await db.query('DROP TABLE shown; DROP TABLE schema_migrations');
    const url = `${db.url}?options=${encodeURIComponent('-c client_connection_check_interval=5s')}`;
    const own = spawnRun({ inputs: { 'database-url': url, 'migrations-path': directory } });
    expect((await own.done).code).toBe(0);
    expect(await db.query('SELECT value FROM shown')).toEqual([{ value: '5s' }]);
  });
});
