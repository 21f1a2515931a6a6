// W4: W1 (1000 small migrations) over a 20 ms round trip, through a delaying TCP proxy of the
// benchmark's own on loopback (bench/lib/delay-proxy.mjs), which also counts the round trips
// each runner asks for. Also W2 over the same link: a no-op `up` and `check` with all applied.
// The floor is psql sending each migration as one message on loopback: the server's own work.
// See bench/README.md.
//
// Knobs (environment):
//   BENCH_W4_COUNT     migrations (default 1000)
//   BENCH_W4_RTT_MS    the round trip the proxy adds (default 20)
//   BENCH_W4_RUNNERS   comma list of ours,floor,dbmate,npm (default: all)
//   BENCH_ADMIN_URL    loopback server (default postgres://postgres@127.0.0.1:5432/postgres)
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Admin, databaseUrl, inspect } from './lib/db.mjs';
import { startDelayProxy } from './lib/delay-proxy.mjs';
import { cleanEnv, timedRun } from './lib/proc.mjs';
import { smallMigrations, writeLayouts } from './lib/workloads.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(ROOT, 'package.json'));
const NODE = process.execPath;
const COUNT = Number(process.env.BENCH_W4_COUNT ?? 1000);
const RTT = Number(process.env.BENCH_W4_RTT_MS ?? 20);
const RUNNERS = (process.env.BENCH_W4_RUNNERS ?? 'ours,floor,dbmate,npm').split(',').map((s) => s.trim());

function dbmatePath() {
  try {
    return require.resolve(`@dbmate/${platform()}-${arch()}/bin/dbmate`);
  } catch {
    return join(ROOT, 'node_modules', '.bin', 'dbmate');
  }
}

/** The database's URL through the proxy (port), or on loopback directly (null). */
function urlOf(db, port) {
  const url = new URL(databaseUrl(db));
  if (port !== null) url.port = String(port);
  url.searchParams.set('sslmode', 'disable');
  return url.toString();
}

const commands = {
  ours: (db, layout, port, command = 'up') => [
    NODE,
    [join(ROOT, 'dist', 'index.js'), command, '--database-url', urlOf(db, port), '--migrations-path', layout.golang, '--json'],
  ],
  floor: (db, layout) => ['psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', urlOf(db, null), '-f', layout.floor]],
  dbmate: (db, layout, port) => [dbmatePath(), ['--url', urlOf(db, port), '--migrations-dir', layout.dbmate, '--no-dump-schema', 'up']],
  npm: (db, layout, port) => [
    NODE,
    [
      join(ROOT, 'node_modules', 'node-pg-migrate', 'bin', 'node-pg-migrate.js'),
      'up',
      '-m',
      layout.npm,
      '--database-url-var',
      'DATABASE_URL',
      '--no-verbose',
    ],
    { DATABASE_URL: urlOf(db, port) },
  ],
};

async function main() {
  const admin = new Admin();
  await admin.open();
  const scratch = mkdtempSync(join(tmpdir(), 'omb-w4-'));
  const proxy = await startDelayProxy({ roundTripMs: RTT });
  const layout = writeLayouts(join(scratch, 'w1'), smallMigrations(COUNT, true));
  const rows = [];
  try {
    for (const runner of RUNNERS) {
      const db = await admin.create(`w4_${runner}`);
      const [command, args, extra] = commands[runner](db, layout, proxy.port);
      proxy.reset();
      const run = await timedRun(command, args, { env: cleanEnv(extra ?? {}), cwd: scratch, timeoutMs: 900_000 });
      const { roundTrips } = proxy.stats();
      const facts = await inspect(admin, db);
      const ok = run.code === 0 && facts.tables === COUNT;
      const row = { runner, ms: Math.round(run.ms), roundTrips: runner === 'floor' ? null : roundTrips, ok };
      if (runner === 'ours') {
        for (const noop of ['up', 'check']) {
          const [c, a] = commands.ours(db, layout, proxy.port, noop);
          proxy.reset();
          const again = await timedRun(c, a, { env: cleanEnv(), cwd: scratch });
          row[`noop_${noop}`] = { ms: Math.round(again.ms), roundTrips: proxy.stats().roundTrips, ok: again.code === 0 };
        }
      }
      if (!ok) row.error = `${run.code}: ${String(run.stderr ?? '').slice(0, 300)}`;
      rows.push(row);
      process.stderr.write(`${JSON.stringify(row)}\n`);
      await admin.drop(db);
    }
  } finally {
    await proxy.close();
    await admin.close();
    rmSync(scratch, { recursive: true, force: true });
  }
  process.stdout.write(`${JSON.stringify({ workload: 'W4', migrations: COUNT, roundTripMs: RTT, runners: rows }, null, 2)}\n`);
}

await main();
