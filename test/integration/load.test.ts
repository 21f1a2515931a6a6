import { readdirSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, stateOf, type TestDatabase } from '../helpers/database.js';
import { fixture, ROOT, runAction, type RunOutcome } from '../helpers/run.js';
import { spawnRun, type SpawnedOutcome } from '../helpers/spawn-run.js';
import { advisoryLockId } from '../../src/database/lock-id.js';

/**
 * Many runners at once on one database, as when several deploy jobs (or job retries) start
 * together: the shared lock must make every migration run exactly once, and every runner end
 * successfully at the newest version.
 */
const RUNNERS = 16;
// generous: 16 runners queue behind one another on a 2-core machine
const LOCK_TIMEOUT_SECONDS = '120';

function versionsIn(directory: string): number[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith('.up.sql'))
    .map((name) => Number(name.split('_')[0]))
    .sort((a, b) => a - b);
}

// the bundle embeds migrations/ as it was at build time, which CI keeps in step with the directory
const EMBEDDED_VERSIONS = versionsIn(path.join(ROOT, 'migrations'));
const MANY_VERSIONS = versionsIn(fixture('slow-many'));

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

function runners(inputs: Record<string, string>): Promise<RunOutcome[]> {
  return Promise.all(
    Array.from({ length: RUNNERS }, () =>
      runAction({ 'database-url': db.url, 'lock-timeout': LOCK_TIMEOUT_SECONDS, summary: 'false', ...inputs }),
    ),
  );
}

/** Every runner succeeded, and the runners together applied each version exactly once. */
async function expectEachMigrationOnce(
  runs: Pick<RunOutcome, 'code' | 'stdout' | 'stderr' | 'outputs'>[],
  versions: number[],
): Promise<void> {
  for (const run of runs) {
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs, run.stdout).toMatchObject({ version: String(versions.at(-1)), dirty: 'false', pending: '[]' });
    expect(['applied', 'up-to-date'], run.stdout).toContain(run.outputs.status);
  }
  const applied = runs.flatMap((run) => JSON.parse(run.outputs.applied!) as number[]);
  expect([...applied].sort((a, b) => a - b)).toEqual(versions);
  expect(runs.reduce((sum, run) => sum + Number(run.outputs['applied-count']), 0)).toBe(versions.length);
  // a runner that applied nothing found the database up to date: no one applied a version twice
  for (const run of runs) expect(run.outputs.status === 'applied', run.stdout).toBe(JSON.parse(run.outputs.applied!).length > 0);
  expect(await stateOf(db)).toEqual({ version: versions.at(-1), dirty: false });
}

interface TrafficReport {
  /** rows the workers inserted and committed */
  inserted: number;
  /** loops completed, over all workers */
  iterations: number;
  errors: string[];
}

interface Traffic {
  /** stops the workers and reports what they did */
  stop(): Promise<TrafficReport>;
}

/**
 * Other sessions using the database meanwhile, the way the running oForum server does: inserts,
 * reads and short transactions on a table of their own. Each worker is bounded in iterations
 * and in time, even if stop() were never called.
 */
async function startTraffic(database: TestDatabase, workers: number): Promise<Traffic> {
  await database.query('CREATE TABLE side_traffic (id bigserial PRIMARY KEY, worker int NOT NULL, n int NOT NULL, note text)');
  const clients: pg.Client[] = [];
  for (let i = 0; i < workers; i++) clients.push(await database.client());
  let stopping = false;
  const deadline = Date.now() + 50_000;
  const errors: string[] = [];
  let iterations = 0;
  const loops = clients.map(async (client, worker) => {
    let inserted = 0;
    for (let n = 0; n < 20_000 && !stopping && Date.now() < deadline; n++) {
      try {
        await client.query('INSERT INTO side_traffic (worker, n) VALUES ($1, $2)', [worker, n]);
        inserted++;
        await client.query('SELECT count(*) FROM side_traffic WHERE worker = $1', [worker]);
        await client.query('BEGIN');
        await client.query('INSERT INTO side_traffic (worker, n, note) VALUES ($1, $2, $3)', [worker, n, 'in a transaction']);
        await client.query(`UPDATE side_traffic SET note = 'updated' WHERE worker = $1 AND n = $2 AND note IS NULL`, [worker, n]);
        await client.query('COMMIT');
        inserted++;
        iterations++;
      } catch (error) {
        errors.push((error as Error).message);
        await client.query('ROLLBACK').catch(() => {});
        if (errors.length > 20) break;
      }
    }
    return inserted;
  });
  return {
    async stop() {
      stopping = true;
      const counts = await Promise.all(loops);
      return { inserted: counts.reduce((a, b) => a + b, 0), iterations, errors };
    },
  };
}

/**
 * Starts the runners while the test holds the migration lock, and releases it only once all of
 * them say they are waiting for it: then they surely contend, however the machine schedules their
 * start.
 */
async function gatedRunners(inputs: Record<string, string>): Promise<{ runs: SpawnedOutcome[]; allWaited: boolean }> {
  const gate = await db.client();
  await gate.query(`SET application_name = 'omt-gate'`);
  const id = advisoryLockId('public', 'schema_migrations', `/${db.name}`);
  await gate.query(`SELECT pg_advisory_lock(${id})`);
  const started = Array.from({ length: RUNNERS }, () =>
    spawnRun({ inputs: { 'database-url': db.url, 'lock-timeout': LOCK_TIMEOUT_SECONDS, summary: 'false', ...inputs } }),
  );
  let waited: boolean[];
  try {
    waited = await Promise.all(started.map((run) => run.waitForOutput(/waiting for the migration lock/, 50_000)));
  } finally {
    await gate.query(`SELECT pg_advisory_unlock(${id})`);
  }
  return { runs: await Promise.all(started.map((run) => run.done)), allWaited: waited.every(Boolean) };
}

/** Runs `work` while `workers` sessions serve traffic, and stops them however `work` ends. */
async function underTraffic<T>(workers: number, work: () => Promise<T>): Promise<[T, TrafficReport]> {
  const traffic = await startTraffic(db, workers);
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await traffic.stop();
    throw error;
  }
  return [result, await traffic.stop()];
}

describe(`${RUNNERS} runners started at once on one database`, () => {
  it('with the embedded migrations: all succeed and each migration runs exactly once', async () => {
    await expectEachMigrationOnce(await runners({}), EMBEDDED_VERSIONS);
    expect(await db.query(`SELECT to_regclass('users') IS NOT NULL AS t`)).toEqual([{ t: true }]);
  });

  it('while the database serves other traffic: the same, and the traffic is unharmed', async () => {
    const [runs, done] = await underTraffic(3, () => runners({}));
    await expectEachMigrationOnce(runs, EMBEDDED_VERSIONS);
    expect(done.errors).toEqual([]);
    expect(done.iterations).toBeGreaterThan(0);
    expect(await db.query('SELECT count(*)::int AS n FROM side_traffic')).toEqual([{ n: done.inserted }]);
  });

  it(`with ${MANY_VERSIONS.length} small migrations, while the database serves other traffic: the same`, async () => {
    const [{ runs, allWaited }, done] = await underTraffic(2, () => gatedRunners({ 'migrations-path': fixture('slow-many') }));
    expect(allWaited).toBe(true);
    for (const run of runs) expect(run.stdout).toContain('waiting for the migration lock');
    await expectEachMigrationOnce(runs, MANY_VERSIONS);
    const [{ n }] = (await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'step\\_%'`,
    )) as [{ n: number }];
    expect(n).toBe(MANY_VERSIONS.length);
    expect(done.errors).toEqual([]);
    expect(done.iterations).toBeGreaterThan(0);
    expect(await db.query('SELECT count(*)::int AS n FROM side_traffic')).toEqual([{ n: done.inserted }]);
  });
});
