import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advisoryLockId } from '../../src/database/lock-id.js';
import { startPrivateServer, type PrivateServer } from '../helpers/private-server.js';
import { fixture, runAction, runCli } from '../helpers/run.js';
import { spawnRun, type SpawnedOutcome, type SpawnedRun } from '../helpers/spawn-run.js';

/**
 * Faults from outside: the runner killed at random points, PostgreSQL restarted mid-run, the
 * run's connection terminated. They run on a private server, so that restarting it never
 * disturbs the shared server that parallel test files use.
 *
 * The kill delays come from a seeded generator; OMT_FAULT_SEED replays a failing sequence.
 * Delays can only aim at a phase (the moments in between depend on the machine), so each
 * trial asserts what holds wherever the kill landed, and each group asserts that its phase was
 * hit at least once.
 */
const SEED = Number(process.env.OMT_FAULT_SEED || 0x5eed_2024);

function generator(seed: number): () => number {
  // mulberry32: small, and the same sequence on every platform
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const APPLICATION_NAME = 'oforum-migrate';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `promise`'s value, or null when it has not settled within `ms` */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

let server: PrivateServer;
let admin: pg.Client;
let databaseCounter = 0;

beforeAll(async () => {
  server = await startPrivateServer();
  admin = await server.admin();
});

afterAll(async () => {
  await admin?.end().catch(() => {});
  await server?.stop();
});

/** the admin connection, opened again when a restart ended the previous one */
async function adminQuery<T extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<T[]> {
  try {
    return (await admin.query<T>(text, values)).rows;
  } catch (error) {
    if (!/terminat|not queryable|ended|ECONNRESET/i.test((error as Error).message)) throw error;
    await admin.end().catch(() => {});
    admin = await server.admin();
    return (await admin.query<T>(text, values)).rows;
  }
}

interface TrialDatabase {
  name: string;
  url: string;
  query<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<T[]>;
  client(applicationName: string): Promise<pg.Client>;
  /** closes the test's connections (a restart has ended them) */
  close(): Promise<void>;
  drop(): Promise<void>;
}

async function createDatabase(label: string): Promise<TrialDatabase> {
  const name = `omt_fault_${label}_${process.pid}_${++databaseCounter}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  return handleOn(name);
}

function handleOn(name: string): TrialDatabase {
  const url = server.url(name);
  const clients: pg.Client[] = [];
  let shared: pg.Client | undefined;
  const open = async (applicationName: string): Promise<pg.Client> => {
    const client = new pg.Client({ connectionString: url, application_name: applicationName });
    client.on('error', () => {});
    await client.connect();
    clients.push(client);
    return client;
  };
  const close = async (): Promise<void> => {
    await Promise.all(clients.splice(0).map((client) => client.end().catch(() => {})));
    shared = undefined;
  };
  return {
    name,
    url,
    async query(text, values) {
      shared ??= await open('omt-test');
      return (await shared.query(text, values)).rows;
    },
    client: open,
    close,
    async drop() {
      await close();
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

interface State {
  table: boolean;
  version: number | null;
  dirty: boolean;
}

async function stateOf(db: TrialDatabase): Promise<State> {
  const [exists] = await db.query<{ t: boolean }>(`SELECT to_regclass('schema_migrations') IS NOT NULL AS t`);
  if (!exists!.t) return { table: false, version: null, dirty: false };
  const rows = await db.query<{ version: string; dirty: boolean }>('SELECT version, dirty FROM schema_migrations');
  // golang-migrate's table holds one row, or none before the first version is written
  expect(rows.length).toBeLessThanOrEqual(1);
  return { table: true, version: rows[0] ? Number(rows[0].version) : null, dirty: rows[0]?.dirty ?? false };
}

async function tableExists(db: TrialDatabase, name: string): Promise<boolean> {
  const [row] = await db.query<{ t: boolean }>('SELECT to_regclass($1) IS NOT NULL AS t', [name]);
  return row!.t;
}

/**
 * A killed client's server session lives on until it notices: it finishes the statement it was
 * running (a COMMIT included) and ends when it next talks to the client. Only then is the
 * database's state final.
 */
async function sessionsGone(db: TrialDatabase, timeoutMs = 20_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; i < 2000 && Date.now() < deadline; i++) {
    const [row] = await adminQuery<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = $2',
      [db.name, APPLICATION_NAME],
    );
    if (row!.n === 0) return true;
    await sleep(25);
  }
  return false;
}

/** the run's server session while it runs a query that contains `text` */
async function sessionRunning(db: TrialDatabase, text: string, timeoutMs = 20_000): Promise<number | null> {
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; i < 4000 && Date.now() < deadline; i++) {
    const [row] = await adminQuery<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = $2 AND state = 'active' AND position($3 IN query) > 0`,
      [db.name, APPLICATION_NAME, text],
    );
    if (row) return row.pid;
    await sleep(10);
  }
  return null;
}

interface Kill {
  outcome: SpawnedOutcome;
  /** the process died of the SIGKILL (rather than finishing before it) */
  killed: boolean;
  /** stdout when the signal was sent */
  printed: string;
}

/**
 * Spawns a run, waits for `after` on its stdout (or for nothing), waits `delayMs` more and
 * kills it. The run is bounded: a run that neither prints `after` nor ends is killed anyway.
 */
async function killRun(inputs: Record<string, string>, after: RegExp | null, delayMs: number): Promise<Kill> {
  const run: SpawnedRun = spawnRun({ inputs: { summary: 'false', ...inputs } });
  if (after) await run.waitForOutput(after, 15_000);
  await sleep(delayMs);
  const printed = run.stdout();
  run.kill();
  const outcome = await run.done;
  return { outcome, killed: outcome.signal === 'SIGKILL', printed };
}

function between(random: () => number, low: number, high: number): number {
  return Math.round(low + random() * (high - low));
}

describe('the runner killed with SIGKILL at random points', () => {
  it('while waiting for the lock: takes nothing and changes nothing', async () => {
    const random = generator(SEED ^ 0x1);
    const path = fixture('basic');
    const trials = 6;
    let killedWhileWaiting = 0;
    for (let trial = 0; trial < trials; trial++) {
      const why = `trial ${trial} (OMT_FAULT_SEED=${SEED})`;
      const db = await createDatabase('lock');
      try {
        // golang-migrate's lock, held the way a migrating oForum server holds it
        const holder = await db.client('oforum-server');
        const id = advisoryLockId('public', 'schema_migrations', `/${db.name}`);
        await holder.query(`SELECT pg_advisory_lock(${id})`);
        const [{ pid: holderPid }] = (await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows as [{ pid: number }];

        // Alternately: once it is seen waiting, or at any moment from its start (connecting included).
        const waitFirst = trial % 2 === 0;
        const kill = await killRun(
          { 'database-url': db.url, 'migrations-path': path, 'lock-timeout': '30' },
          waitFirst ? /waiting for the migration lock/ : null,
          waitFirst ? between(random, 0, 300) : between(random, 0, 400),
        );
        expect(kill.killed, why).toBe(true);
        if (/waiting for the migration lock/.test(kill.printed)) killedWhileWaiting++;
        expect(await sessionsGone(db), why).toBe(true);

        expect(await stateOf(db), why).toEqual({ table: false, version: null, dirty: false });
        const held = await db.query(
          `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = 0 AND objid = ${id} AND objsubid = 1 AND pid = $1`,
          [holderPid],
        );
        expect(held, why).toHaveLength(1);

        await holder.query(`SELECT pg_advisory_unlock(${id})`);
        const rerun = await runAction({ 'database-url': db.url, 'migrations-path': path, summary: 'false' });
        expect(rerun.code, `${why}\n${rerun.stdout}`).toBe(0);
        expect(await stateOf(db), why).toEqual({ table: true, version: 2, dirty: false });
      } finally {
        await db.drop();
      }
    }
    expect(killedWhileWaiting, `OMT_FAULT_SEED=${SEED}`).toBeGreaterThan(0);
  });

  it('inside a transactional migration: the version and the migration are committed together or not at all', async () => {
    const random = generator(SEED ^ 0x2);
    const path = fixture('slow-transaction');
    const trials = 8;
    let killedInside = 0;
    for (let trial = 0; trial < trials; trial++) {
      const why = `trial ${trial} (OMT_FAULT_SEED=${SEED})`;
      const db = await createDatabase('tx');
      try {
        // Mostly aimed at the 0.3 s of 000002 (the first trial at its start), sometimes anywhere from
        // the run's start.
        const aimed = trial % 4 !== 3;
        const kill = await killRun(
          { 'database-url': db.url, 'migrations-path': path },
          aimed ? /✓ 1 create_base/ : null,
          aimed ? between(random, 0, trial === 0 ? 50 : 400) : between(random, 0, 700),
        );
        if (kill.killed && /✓ 1 create_base/.test(kill.printed) && !/✓ 2 slow_fill/.test(kill.printed)) killedInside++;
        // The whole BEGIN … COMMIT went to the server as one message: the session commits it,
        // or (client_connection_check_interval, PostgreSQL 14 and later) aborts it within about a
        // second of the client's death, whichever comes first. Either way the version and the
        // migration's objects go together.
        expect(await sessionsGone(db), why).toBe(true);

        const state = await stateOf(db);
        expect(state.dirty, why).toBe(false);
        const version = state.version ?? 0;
        expect(version, why).toBeLessThanOrEqual(3);
        if (!kill.killed) expect(version, why).toBe(3);
        // no partial effects: a migration's objects exist exactly when its version was recorded
        expect(await tableExists(db, 'base'), why).toBe(version >= 1);
        expect(await tableExists(db, 'slow_fill'), why).toBe(version >= 2);
        expect(await tableExists(db, 'slow_fill_id_idx'), why).toBe(version >= 2);
        expect(await tableExists(db, 'after_slow'), why).toBe(version >= 3);
        if (version >= 2) expect(await db.query('SELECT count(*)::int AS n FROM slow_fill'), why).toEqual([{ n: 1000 }]);

        const rerun = await runAction({ 'database-url': db.url, 'migrations-path': path, summary: 'false' });
        expect(rerun.code, `${why}\n${rerun.stdout}`).toBe(0);
        expect(await stateOf(db), why).toEqual({ table: true, version: 3, dirty: false });
        expect(await db.query('SELECT count(*)::int AS n FROM slow_fill'), why).toEqual([{ n: 1000 }]);
      } finally {
        await db.drop();
      }
    }
    expect(killedInside, `OMT_FAULT_SEED=${SEED}`).toBeGreaterThan(0);
  });

  it('inside a statement-by-statement migration: dirty at exactly that version, and force after a repair converges', async () => {
    const random = generator(SEED ^ 0x3);
    const path = fixture('slow-concurrently');
    const trials = 9;
    let dirtyOutcomes = 0;
    for (let trial = 0; trial < trials; trial++) {
      const why = `trial ${trial} (OMT_FAULT_SEED=${SEED})`;
      const db = await createDatabase('sbs');
      try {
        // Mostly aimed at 000002, which runs statement by statement (the first trial at its start).
        const aimed = trial % 5 !== 4;
        const kill = await killRun(
          { 'database-url': db.url, 'migrations-path': path },
          aimed ? /2 index_then_sleep runs statement by statement/ : null,
          aimed ? between(random, 0, trial === 0 ? 50 : 450) : between(random, 0, 700),
        );
        expect(await sessionsGone(db), why).toBe(true);

        const state = await stateOf(db);
        const [index] = await db.query<{ valid: boolean }>(
          `SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = to_regclass('items_name_idx')`,
        );
        const noteColumn = await db.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'items' AND column_name = 'note'`);
        if (state.dirty) {
          // only the file that runs statement by statement can be left half-way
          dirtyOutcomes++;
          expect(kill.killed, why).toBe(true);
          expect(state.version, why).toBe(2);
          expect(await tableExists(db, 'items'), why).toBe(true);
          expect(noteColumn, why).toHaveLength(0);
          // Repair by hand, towards one side or the other, then record that version.
          let forceTo: number;
          if (random() < 0.5) {
            await db.query('DROP INDEX CONCURRENTLY IF EXISTS items_name_idx');
            forceTo = 1;
          } else {
            if (!index?.valid) {
              await db.query('DROP INDEX CONCURRENTLY IF EXISTS items_name_idx');
              await db.query('CREATE INDEX CONCURRENTLY items_name_idx ON items (name)');
            }
            forceTo = 2;
          }
          if (dirtyOutcomes === 1) {
            // a dirty database is refused until forced (once is enough: it does not depend on the kill)
            const refused = await runAction({ 'database-url': db.url, 'migrations-path': path, summary: 'false' });
            expect(refused.code, why).toBe(1);
            expect(refused.lines.at(-1), why).toBe('✗ Migration failed: Dirty database version 2. Fix and force version.');
          }
          const force = await runCli(['force', String(forceTo), '--database-url', db.url, '--migrations-path', path]);
          expect(force.code, `${why}\n${force.stdout}`).toBe(0);
          expect(force.lines.at(-1), why).toBe(`✓ Forced version ${forceTo} (was 2, dirty)`);
        } else {
          const version = state.version ?? 0;
          if (!kill.killed) expect(version, why).toBe(3);
          expect(await tableExists(db, 'items'), why).toBe(version >= 1);
          if (version >= 1) expect(await db.query('SELECT count(*)::int AS n FROM items'), why).toEqual([{ n: 2000 }]);
          // clean at 2 or 3: the index was built; clean below 2: its dirty mark was never written
          expect(index ? index.valid : null, why).toBe(version >= 2 ? true : null);
          expect(noteColumn, why).toHaveLength(version >= 3 ? 1 : 0);
        }

        const rerun = await runAction({ 'database-url': db.url, 'migrations-path': path, summary: 'false' });
        expect(rerun.code, `${why}\n${rerun.stdout}`).toBe(0);
        expect(await stateOf(db), why).toEqual({ table: true, version: 3, dirty: false });
        const [rebuilt] = await db.query<{ valid: boolean }>(
          `SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = 'items_name_idx'::regclass`,
        );
        expect(rebuilt?.valid, why).toBe(true);
        expect(
          await db.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'items' AND column_name = 'note'`),
          why,
        ).toHaveLength(1);
      } finally {
        await db.drop();
      }
    }
    expect(dirtyOutcomes, `OMT_FAULT_SEED=${SEED}`).toBeGreaterThan(0);
  });

  it('between many small migrations: always clean, with exactly the recorded migrations applied', async () => {
    const random = generator(SEED ^ 0x4);
    const path = fixture('slow-many');
    const newest = 40;
    const trials = 8;
    let killedMidway = 0;
    for (let trial = 0; trial < trials; trial++) {
      const why = `trial ${trial} (OMT_FAULT_SEED=${SEED})`;
      const db = await createDatabase('many');
      try {
        const kill = await killRun(
          { 'database-url': db.url, 'migrations-path': path },
          /✓ 1 step_01/,
          between(random, 0, trial === 0 ? 100 : 500),
        );
        expect(await sessionsGone(db), why).toBe(true);

        const state = await stateOf(db);
        expect(state.dirty, why).toBe(false);
        const version = state.version ?? 0;
        if (!kill.killed) expect(version, why).toBe(newest);
        if (kill.killed && version > 1 && version < newest) killedMidway++;
        const [{ n }] = (await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'step\\_%'`,
        )) as [{ n: number }];
        expect(n, why).toBe(version);
        expect(await tableExists(db, `step_${String(Math.max(version, 1)).padStart(2, '0')}`), why).toBe(version >= 1);

        const rerun = await runAction({ 'database-url': db.url, 'migrations-path': path, summary: 'false' });
        expect(rerun.code, `${why}\n${rerun.stdout}`).toBe(0);
        const applied = JSON.parse(rerun.outputs.applied!) as number[];
        expect(applied, why).toEqual(Array.from({ length: newest - version }, (_, i) => version + i + 1));
        expect(await stateOf(db), why).toEqual({ table: true, version: newest, dirty: false });
      } finally {
        await db.drop();
      }
    }
    expect(killedMidway, `OMT_FAULT_SEED=${SEED}`).toBeGreaterThan(0);
  });
});

/** The expectations shared by a restart and a terminated session during migration 2. */
async function expectCleanFailure(db: TrialDatabase, outcome: SpawnedOutcome): Promise<void> {
  const detail = `${outcome.stdout}\n${outcome.stderr}`;
  expect(outcome.code, detail).toBe(1);
  const failures = outcome.lines.filter((line) => line.startsWith('✗ Migration failed'));
  expect(failures, detail).toHaveLength(1);
  expect(outcome.lines.at(-1), detail).toBe(failures[0]);
  expect(failures[0], detail).toMatch(/terminat|connection/i);
  expect(outcome.stdout, detail).not.toContain('Internal error');
  expect(outcome.stderr, detail).not.toMatch(/^\s+at /m);
  expect(outcome.outputs, detail).toMatchObject({ status: 'failed', version: '1', dirty: 'false', applied: '[1]' });

  expect(await sessionsGone(db), detail).toBe(true);
  expect(await stateOf(db)).toEqual({ table: true, version: 1, dirty: false });
  expect(await tableExists(db, 'slow_fill')).toBe(false);
}

async function rerunConverges(db: TrialDatabase): Promise<void> {
  const rerun = await runAction({ 'database-url': db.url, 'migrations-path': fixture('slow-transaction'), summary: 'false' });
  expect(rerun.code, rerun.stdout).toBe(0);
  expect(rerun.outputs.applied).toBe('[2,3]');
  expect(await stateOf(db)).toEqual({ table: true, version: 3, dirty: false });
  expect(await db.query('SELECT count(*)::int AS n FROM slow_fill')).toEqual([{ n: 1000 }]);
}

describe('the connection lost during a transactional migration', () => {
  /**
   * Migration 2 sleeps for as long as its database's omt.sleep_seconds says: long enough that
   * the fault surely lands inside it, and reset so that the rerun is quick.
   */
  async function slowRun(db: TrialDatabase): Promise<{ run: SpawnedRun; pid: number }> {
    await adminQuery(`ALTER DATABASE "${db.name}" SET omt.sleep_seconds = '30'`);
    const run = spawnRun({ inputs: { 'database-url': db.url, 'migrations-path': fixture('slow-transaction'), summary: 'false' } });
    const pid = await sessionRunning(db, 'pg_sleep');
    if (pid === null) {
      run.kill();
      throw new Error(`the run never reached migration 2:\n${run.stdout()}`);
    }
    return { run, pid };
  }

  async function endSleep(db: TrialDatabase): Promise<void> {
    await adminQuery(`ALTER DATABASE "${db.name}" RESET omt.sleep_seconds`);
  }

  it('PostgreSQL restarted: exits 1 with one clear line, the version is not recorded half-way, and a rerun converges', async () => {
    const db = await createDatabase('restart');
    try {
      const { run } = await slowRun(db);
      await server.restart();
      const outcome = await within(run.done, 20_000);
      if (!outcome) {
        run.kill();
        throw new Error(`the run did not end after the restart:\n${run.stdout()}`);
      }
      // the test's own connections ended with the restart
      await db.close();
      await expectCleanFailure(db, outcome);
      await endSleep(db);
      await rerunConverges(db);
    } finally {
      await db.drop();
    }
  });

  it('its session terminated (pg_terminate_backend): the same', async () => {
    const db = await createDatabase('terminate');
    try {
      const { run, pid } = await slowRun(db);
      const [terminated] = await adminQuery<{ ok: boolean }>('SELECT pg_terminate_backend($1) AS ok', [pid]);
      expect(terminated?.ok).toBe(true);
      const outcome = await within(run.done, 20_000);
      if (!outcome) {
        run.kill();
        throw new Error(`the run did not end after its session was terminated:\n${run.stdout()}`);
      }
      await expectCleanFailure(db, outcome);
      await endSleep(db);
      await rerunConverges(db);
    } finally {
      await db.drop();
    }
  });
});
