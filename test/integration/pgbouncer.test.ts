import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { advisoryLockId } from '../../src/database/lock-id.js';
import { createTestDatabase, SERVER_URL, stateOf, tableExists, type TestDatabase } from '../helpers/database.js';
import { hasPgBouncer, scratchDir, startPgBouncer, type PgBouncer } from '../helpers/pgbouncer.js';
import { requires } from '../helpers/requirements.js';
import { fixture, ROOT, runAction, type RunOutcome } from '../helpers/run.js';
import { spawnRun } from '../helpers/spawn-run.js';
import { startWireWatch, type WireWatch } from '../helpers/wire-watch.js';

const ALL_VERSIONS = [1, 2, 3, 4, 5];

// CI installs PgBouncer: there, a missing one fails rather than skipping these tests unseen.
const noPgBouncer = requires(
  'PgBouncer',
  hasPgBouncer ? null : 'pgbouncer is not installed (apt-get install pgbouncer, or set TEST_PGBOUNCER_BIN)',
);

describe.skipIf(noPgBouncer)('through a real PgBouncer', () => {
  let transactionPooler: PgBouncer | undefined;
  let sessionPooler: PgBouncer | undefined;
  let scratch: string | undefined;
  let firstThree: string | undefined;

  beforeAll(async () => {
    // Round robin in both: consecutive transactions of one client go to different server
    // sessions whenever the pool has more than one, the worst case for a session lock.
    transactionPooler = await startPgBouncer({ poolMode: 'transaction', serverRoundRobin: true, poolSize: 12 });
    sessionPooler = await startPgBouncer({ poolMode: 'session', serverRoundRobin: true, poolSize: 12 });
    // The embedded migrations up to version 3, to bring a database part of the way directly.
    scratch = scratchDir();
    firstThree = path.join(scratch, 'migrations');
    mkdirSync(firstThree);
    for (const name of readdirSync(path.join(ROOT, 'migrations')).filter((file) => /^00000[123]_/.test(file))) {
      copyFileSync(path.join(ROOT, 'migrations', name), path.join(firstThree, name));
    }
  });

  afterAll(async () => {
    // Stopping PgBouncer closes its server connections, and with them any lock they still hold.
    const results = await Promise.allSettled([transactionPooler?.stop(), sessionPooler?.stop()]);
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    for (const result of results) if (result.status === 'rejected') throw result.reason;
  });

  const databases: TestDatabase[] = [];
  async function database(): Promise<TestDatabase> {
    const db = await createTestDatabase();
    databases.push(db);
    return db;
  }
  afterEach(async () => {
    // WITH (FORCE) also ends PgBouncer's server connections to it.
    const dropping = databases.splice(0).map((db) => db.drop());
    const results = await Promise.allSettled(dropping);
    for (const result of results) if (result.status === 'rejected') throw result.reason;
  });

  function pooled(): PgBouncer {
    if (!transactionPooler) throw new Error('the transaction-pooling PgBouncer did not start');
    return transactionPooler;
  }

  /** What a run printed and PgBouncer logged, so that a failed expectation shows why. */
  function explain(run: RunOutcome | { lines: string[]; stderr: string }, pooler: PgBouncer | undefined = transactionPooler): string {
    return `${run.lines.join('\n')}\n${run.stderr}\n--- pgbouncer log (tail) ---\n${pooler?.log().slice(-3000) ?? ''}`;
  }

  /**
   * Opens `size` server sessions in the database's pool at once: each client holds a
   * transaction open, which pins a server session of its own in transaction pooling. Once
   * committed they all wait idle in the pool, so round robin has several to rotate through.
   */
  async function warmUp(pooler: PgBouncer, db: TestDatabase, size = 3): Promise<number[]> {
    const clients: pg.Client[] = [];
    try {
      for (let i = 0; i < size; i++) {
        const client = new pg.Client({ connectionString: pooler.url(db.name) });
        client.on('error', () => {});
        clients.push(client);
        await client.connect();
        await client.query('BEGIN');
      }
      const pids: number[] = [];
      for (const client of clients) pids.push((await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid);
      for (const client of clients) await client.query('COMMIT');
      return pids;
    } finally {
      await Promise.all(clients.map((client) => client.end().catch(() => {})));
    }
  }

  /** A direct session holding golang-migrate's lock for this database, as a migrating oForum server would. */
  async function holdServerLock(db: TestDatabase): Promise<{ pid: number; release: () => Promise<void> }> {
    const client = await db.client();
    await client.query(`SET application_name = 'oforum-server'`);
    const id = advisoryLockId('public', 'schema_migrations', `/${db.name}`);
    await client.query(`SELECT pg_advisory_lock(${id})`);
    const [row] = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
    return { pid: row!.pid, release: async () => void (await client.query(`SELECT pg_advisory_unlock(${id})`)) };
  }

  /** The server session that holds this database's migration lock, seen directly. */
  async function lockHolderPid(db: TestDatabase): Promise<number | null> {
    const id = advisoryLockId('public', 'schema_migrations', `/${db.name}`);
    const rows = await db.query<{ pid: number }>(
      `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = 0 AND objid = ${id} AND objsubid = 1
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    return rows[0]?.pid ?? null;
  }

  function appliedBy(runs: RunOutcome[]): number[] {
    return runs.flatMap((run) => JSON.parse(run.outputs.applied ?? '[]') as number[]).sort((a, b) => a - b);
  }

  describe('lock-strategy transaction through transaction pooling', () => {
    it('applies every embedded migration to a fresh database, then finds it up to date', async () => {
      const db = await database();
      // several idle server sessions, so that round robin moves the run from one to the next
      await warmUp(pooled(), db);
      const url = pooled().url(db.name);
      const run = await runAction({ 'database-url': url, 'lock-strategy': 'transaction' });
      expect(run.code, explain(run)).toBe(0);
      expect(run.lines).toContain(`  database 127.0.0.1:${pooled().port}/${db.name}, migrations embedded`);
      expect(run.lines.at(-1)).toBe('✓ Migrations applied');
      expect(run.outputs.applied).toBe(JSON.stringify(ALL_VERSIONS));
      expect(await stateOf(db)).toEqual({ version: 5, dirty: false });
      expect(await tableExists(db, 'posts')).toBe(true);

      const again = await runAction({ 'database-url': url, 'lock-strategy': 'transaction' });
      expect(again.code, explain(again)).toBe(0);
      expect(again.lines.at(-1)).toBe('✓ Already up to date');
      expect(again.outputs.applied).toBe('[]');

      const check = await runAction({ 'database-url': url, 'lock-strategy': 'transaction', command: 'check' });
      expect(check.code, explain(check)).toBe(0);
      expect(check.outputs.status).toBe('up-to-date');
    });

    it('lets 8 concurrent runs apply every migration exactly once', async () => {
      const db = await database();
      const runs = await Promise.all(
        Array.from({ length: 8 }, () => runAction({ 'database-url': pooled().url(db.name), 'lock-strategy': 'transaction' })),
      );
      for (const run of runs) expect(run.code, explain(run)).toBe(0);
      expect(appliedBy(runs)).toEqual(ALL_VERSIONS);
      expect(await stateOf(db)).toEqual({ version: 5, dirty: false });
    });

    it('applies every migration exactly once alongside direct session-lock runs, as the oForum server migrates', async () => {
      const db = await database();
      const runs = await Promise.all([
        ...Array.from({ length: 5 }, () => runAction({ 'database-url': pooled().url(db.name), 'lock-strategy': 'transaction' })),
        ...Array.from({ length: 2 }, () => runAction({ 'database-url': db.url, 'lock-strategy': 'session' })),
      ]);
      for (const run of runs) expect(run.code, explain(run)).toBe(0);
      expect(appliedBy(runs)).toEqual(ALL_VERSIONS);
      expect(await stateOf(db)).toEqual({ version: 5, dirty: false });
    });

    it('waits while a direct session holds the lock, and migrates once it is released', async () => {
      const db = await database();
      const holder = await holdServerLock(db);
      const running = spawnRun({ inputs: { 'database-url': pooled().url(db.name), 'lock-strategy': 'transaction', 'lock-timeout': '60' } });
      try {
        // The run waits inside the server, in pg_advisory_xact_lock, on a pooled server session.
        let waiting = false;
        for (let i = 0; i < 400 && !waiting && !running.exited(); i++) {
          const rows = await db.query(
            `SELECT 1 FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'
                AND query LIKE '%pg_advisory_xact_lock%'`,
          );
          waiting = rows.length > 0;
          if (!waiting) await new Promise((resolve) => setTimeout(resolve, 50));
        }
        expect(waiting, `the run was never seen waiting for the lock:\n${running.stdout()}`).toBe(true);
        expect(running.exited()).toBe(false);
        expect(await tableExists(db, 'schema_migrations')).toBe(false);
        await holder.release();
        const run = await running.done;
        expect(run.code, explain(run)).toBe(0);
        expect(run.outputs.applied).toBe(JSON.stringify(ALL_VERSIONS));
        expect(await stateOf(db)).toEqual({ version: 5, dirty: false });
      } finally {
        running.kill();
        await running.done;
      }
    });

    it('gives up after lock-timeout and names the direct session that holds the lock', async () => {
      const db = await database();
      const holder = await holdServerLock(db);
      const run = await runAction({ 'database-url': pooled().url(db.name), 'lock-strategy': 'transaction', 'lock-timeout': '1' });
      expect(run.code, explain(run)).toBe(1);
      const last = run.lines.at(-1)!;
      expect(last).toMatch(/^✗ Migration failed: could not get the migration lock within 1 s: held by pid \d+/);
      expect(last).toContain(`held by pid ${holder.pid} (application_name "oforum-server"`);
      expect(run.outputs.status).toBe('failed');
      expect(await tableExists(db, 'schema_migrations')).toBe(false);
      expect(await tableExists(db, 'users')).toBe(false);
    });

    it('refuses files that run statement by statement, before applying anything', async () => {
      const db = await database();
      const run = await runAction({
        'database-url': pooled().url(db.name),
        'lock-strategy': 'transaction',
        'migrations-path': fixture('concurrently'),
      });
      expect(run.code, explain(run)).toBe(2);
      const last = run.lines.at(-1)!;
      expect(last).toMatch(/^✗ /);
      expect(last).toContain('migration 2 runs statement by statement');
      expect(last).toContain('lock-strategy transaction cannot protect');
      expect(run.outputs.applied).toBe('[]');
      expect(await tableExists(db, 'items')).toBe(false);
      expect(await tableExists(db, 'schema_migrations')).toBe(false);
    });
  });

  describe('lock-strategy session through transaction pooling', () => {
    // Half the rounds start from a fresh database, half from one at version 3 with a version row.
    const ROUNDS = 6;

    it('is detected before anything is applied, every time', async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const db = await database();
        const partly = round % 2 === 1;
        if (partly) {
          const direct = await runAction({ 'database-url': db.url, 'migrations-path': firstThree! });
          expect(direct.code, explain(direct)).toBe(0);
          expect(await stateOf(db)).toEqual({ version: 3, dirty: false });
        }
        const pids = await warmUp(pooled(), db);
        expect(new Set(pids).size, `round ${round}: the pool did not open separate server sessions`).toBe(pids.length);

        const run = await runAction({ 'database-url': pooled().url(db.name), 'lock-timeout': '10' });
        const context = `round ${round}:\n${explain(run)}`;
        expect(run.code, context).toBe(1);
        const last = run.lines.at(-1)!;
        const match =
          /^✗ Migration failed: the migration lock was taken by server process (\d+), but this connection is now served by (\d+): a transaction-pooling proxy \(such as PgBouncer\) is in between/.exec(
            last,
          );
        expect(match, context).not.toBeNull();
        const [lockPid, servedBy] = [Number(match![1]), Number(match![2])];
        expect(servedBy).not.toBe(lockPid);
        expect(pids).toContain(lockPid);
        expect(pids).toContain(servedBy);
        expect(run.outputs.status).toBe('failed');
        expect(run.outputs.applied).toBe('[]');

        // Nothing was applied: no version row written, no object of any pending migration.
        if (partly) {
          expect(await stateOf(db)).toEqual({ version: 3, dirty: false });
          expect(await db.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'posts' AND column_name = 'slug'`)).toEqual(
            [],
          );
        } else {
          expect(await tableExists(db, 'schema_migrations')).toBe(false);
          expect(await tableExists(db, 'users')).toBe(false);
        }
        // The message names the pooled server session that kept the lock, as its hint says.
        expect(await lockHolderPid(db)).toBe(lockPid);
        await databases.pop()!.drop();
      }
    });

    it('cannot commit a migration on a server session that does not hold the lock, even when the detection was lucky', async () => {
      for (let round = 0; round < 3; round++) {
        const db = await database();
        const direct = await runAction({ 'database-url': db.url, 'migrations-path': firstThree! });
        expect(direct.code, explain(direct)).toBe(0);
        const warm = await warmUp(pooled(), db, 2);
        expect(new Set(warm).size).toBe(2);

        // Pin one of the two server sessions to a client of the test's own, so that the run's
        // lock and state read both land on the other: the pid check then sees no switch.
        const pinner = new pg.Client({ connectionString: pooled().url(db.name) });
        pinner.on('error', () => {});
        // Hold the run inside its state read (a direct session locks the state table) until the
        // pinned session is back in the pool, queued before the one that holds the lock.
        const blocker = await db.client();
        let running: ReturnType<typeof spawnRun> | undefined;
        try {
          await pinner.connect();
          await pinner.query('BEGIN');
          const pinned = (await pinner.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
          const [free] = warm.filter((pid) => pid !== pinned);
          await blocker.query('BEGIN');
          await blocker.query('LOCK TABLE schema_migrations IN ACCESS EXCLUSIVE MODE');

          // Without history and lint: their reads would shift which pooled session the migration lands on.
          running = spawnRun({ inputs: { 'database-url': pooled().url(db.name), 'lock-timeout': '10', history: 'false', lint: 'off' } });
          const blockerPid = (await blocker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
          let reader: number | undefined;
          for (let i = 0; i < 400 && reader === undefined && !running.exited(); i++) {
            const rows = await db.query<{ pid: number }>(
              `SELECT pid FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'relation' AND pid <> ${blockerPid}`,
            );
            reader = rows[0]?.pid;
            if (reader === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
          }
          expect(reader, `round ${round}: the run was never seen reading the state:\n${running.stdout()}`).toBe(free);
          expect(await lockHolderPid(db)).toBe(free);

          await pinner.query('COMMIT');
          await blocker.query('COMMIT');
          const run = await running.done;
          const context = `round ${round}:\n${explain(run)}`;
          expect(run.code, context).toBe(1);
          // The lock and the state read share the run's first message, so the next one is the
          // proof that the session holding the lock still answers: seen there (naming both), or
          // else by the guard of the first write.
          expect(run.lines.at(-1), context).toMatch(
            /^✗ Migration failed: (this connection no longer holds the migration lock|the migration lock was taken by server process (\d+), but this connection is now served by (\d+)): a transaction-pooling proxy \(such as PgBouncer\) is in between/,
          );
          expect(run.outputs.applied).toBe('[]');
          expect(await stateOf(db)).toEqual({ version: 3, dirty: false });
          expect(await db.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'posts' AND column_name = 'slug'`)).toEqual(
            [],
          );
        } finally {
          running?.kill();
          await running?.done;
          await pinner.end().catch(() => {});
        }
        await databases.pop()!.drop();
      }
    });
  });

  describe('lock-strategy session through transaction pooling, the end of a failed answer arriving late', () => {
    // The server's ReadyForQuery after an ErrorResponse reaches PgBouncer 300 ms late, as a busy
    // machine or network may deliver it a packet behind; PgBouncer passes the error on at once.
    let wire: WireWatch | undefined;
    let late: PgBouncer | undefined;
    beforeAll(async () => {
      const server = new URL(SERVER_URL);
      wire = await startWireWatch(Number(server.port || 5432), { upstreamHost: server.hostname || '127.0.0.1', readyAfterErrorMs: 300 });
      late = await startPgBouncer({
        poolMode: 'transaction',
        serverRoundRobin: true,
        poolSize: 12,
        upstream: { host: '127.0.0.1', port: wire.port },
      });
    });
    afterAll(async () => {
      const results = await Promise.allSettled([late?.stop(), wire?.close()]);
      for (const result of results) if (result.status === 'rejected') throw result.reason;
    });

    it('proves the lock on the next server session, not on the one still finishing the failed read', async () => {
      // A fresh database: the state read of the opening message fails (no state table yet). Until
      // that answer's ReadyForQuery, PgBouncer keeps the connection on the session holding the
      // lock; a proof sent meanwhile would land there and pass.
      const db = await database();
      const pids = await warmUp(late!, db);
      expect(new Set(pids).size).toBe(pids.length);
      const run = await runAction({ 'database-url': late!.url(db.name), 'lock-timeout': '10' });
      const context = explain(run, late);
      expect(run.code, context).toBe(1);
      const match =
        /^✗ Migration failed: the migration lock was taken by server process (\d+), but this connection is now served by (\d+)/.exec(
          run.lines.at(-1)!,
        );
      expect(match, context).not.toBeNull();
      expect(pids).toContain(Number(match![1]));
      expect(pids).toContain(Number(match![2]));
      expect(match![2]).not.toBe(match![1]);
      expect(await tableExists(db, 'schema_migrations')).toBe(false);
      expect(await tableExists(db, 'users')).toBe(false);
    });
  });

  describe('lock-strategy session through a transaction pool of one server session', () => {
    // Every client shares the one server session, where advisory locks are re-entrant: a lock
    // taken by one client is "held" by all of them.
    let single: PgBouncer | undefined;
    beforeAll(async () => {
      single = await startPgBouncer({ poolMode: 'transaction', poolSize: 1 });
    });
    afterAll(async () => {
      await single?.stop();
    });

    it('refuses a lock that another client of the same server session holds, applying nothing', async () => {
      const db = await database();
      const other = new pg.Client({ connectionString: single!.url(db.name) });
      other.on('error', () => {});
      await other.connect();
      try {
        await other.query(`SELECT pg_try_advisory_lock(${advisoryLockId('public', 'schema_migrations', `/${db.name}`)})`);
        const run = await runAction({ 'database-url': single!.url(db.name) });
        expect(run.code, explain(run, single)).toBe(1);
        expect(run.lines.at(-1)).toMatch(
          /^✗ Migration failed: the migration lock is already held by server process \d+, which this connection shares with another client: a transaction-pooling proxy/,
        );
        expect(await tableExists(db, 'users')).toBe(false);
      } finally {
        await other.end().catch(() => {});
      }
    });

    it('applies every migration exactly once when concurrent runs share the session', async () => {
      const db = await database();
      // Idempotent migrations, the kind that would silently run twice: each logs itself.
      const directory = path.join(scratch!, `idempotent-${db.name}`);
      mkdirSync(directory);
      const { writeFileSync } = await import('node:fs');
      for (let version = 1; version <= 20; version++) {
        writeFileSync(
          path.join(directory, `${version}_step.up.sql`),
          `CREATE TABLE IF NOT EXISTS applied_log (version int NOT NULL);\nINSERT INTO applied_log VALUES (${version});\n`,
        );
      }
      const runs = await Promise.all(
        Array.from({ length: 3 }, () =>
          runAction({ 'database-url': single!.url(db.name), 'migrations-path': directory, 'lock-timeout': '30' }),
        ),
      );
      const logged = await db.query<{ version: number }>('SELECT version FROM applied_log ORDER BY version');
      expect(logged.map((row) => row.version)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(await stateOf(db)).toEqual({ version: 20, dirty: false });
      for (const run of runs) expect([0, 1]).toContain(run.code);
    });
  });

  describe('lock-strategy session through session pooling', () => {
    function sessionPooled(): PgBouncer {
      if (!sessionPooler) throw new Error('the session-pooling PgBouncer did not start');
      return sessionPooler;
    }

    it('applies every migration, as over a direct connection', async () => {
      const db = await database();
      await warmUp(sessionPooled(), db);
      const run = await runAction({ 'database-url': sessionPooled().url(db.name) });
      expect(run.code, explain(run, sessionPooler)).toBe(0);
      expect(run.lines.at(-1)).toBe('✓ Migrations applied');
      expect(run.outputs.applied).toBe(JSON.stringify(ALL_VERSIONS));
      expect(await stateOf(db)).toEqual({ version: 5, dirty: false });
      // the lock went back with the session, as over a direct connection
      expect(await lockHolderPid(db)).toBeNull();
    });

    it('lets concurrent runs apply every migration exactly once', async () => {
      const db = await database();
      await warmUp(sessionPooled(), db);
      const runs = await Promise.all(Array.from({ length: 4 }, () => runAction({ 'database-url': sessionPooled().url(db.name) })));
      for (const run of runs) expect(run.code, explain(run, sessionPooler)).toBe(0);
      expect(appliedBy(runs)).toEqual(ALL_VERSIONS);
      expect(await stateOf(db)).toEqual({ version: 5, dirty: false });
    });
  });
});
