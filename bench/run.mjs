// Benchmark of dist/index.js against the floor (one psql process sending each migration as one
// message) and two peers (dbmate, node-pg-migrate), on loopback and over a delaying link; judges
// the targets and writes bench/results.json. See bench/README.md for the workloads and knobs:
//   BENCH_ONLY       comma list of w1,w2,w3,w4,w2link,mem (default: all)
//   BENCH_REPS       "5" or "w1=5,w2=15,w3=5,w4=3,w2link=5"
//   BENCH_W1_COUNT, BENCH_W4_COUNT, BENCH_W4_RTT_MS, BENCH_W4_PEER_REPS, BENCH_MEM_SIZES,
//   BENCH_TIMEOUT_S, BENCH_SETTLE_MS, BENCH_NODE, BENCH_ADMIN_URL, BENCH_RESULTS
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readConfig } from './lib/config.mjs';
import { Admin, alive, PREFIX, serverUrl } from './lib/db.mjs';
import { checkFloorIsOneMessage, machine } from './lib/machine.mjs';
import { cleanEnv, killRunning, timedRun } from './lib/proc.mjs';
import { median, round } from './lib/report.mjs';
import { commands, NODE, ROOT } from './lib/runners.mjs';
import { settle } from './lib/settle.mjs';
import { judge } from './lib/targets.mjs';
import * as w1 from './workloads/w1.mjs';
import * as w2 from './workloads/w2.mjs';
import * as w2link from './workloads/w2-link.mjs';
import * as w3 from './workloads/w3.mjs';
import * as w4 from './workloads/w4.mjs';
import * as mem from './workloads/memory.mjs';

// in this order: W2 runs its no-op on the databases W1 leaves
const WORKLOADS = [
  ['w1', w1],
  ['w2', w2],
  ['w3', w3],
  ['w4', w4],
  ['w2link', w2link],
  ['mem', mem],
];
const DIST = join(ROOT, 'dist', 'index.js');
const log = (line) => process.stderr.write(`${line}\n`);

let config;
try {
  config = readConfig();
} catch (error) {
  process.stderr.write(`bench: ${error.message}\n`);
  process.exit(2);
}
const RESULTS = config.resultsPath ? resolve(config.resultsPath) : join(ROOT, 'bench', 'results.json');

const quietness = { runs: 0, quiet: 0, waitedMs: 0 };
let interrupted = false;
const admin = new Admin();
/** What every workload gets: the knobs, the admin connection, the temp dirs, the bundle's copy. */
const ctx = {
  config,
  admin,
  root: ROOT,
  node: NODE,
  bundle: DIST,
  scratch: null,
  workDir: null,
  log,
  throwIfInterrupted() {
    if (interrupted) throw new Error('interrupted');
  },
  /** Waits, at most BENCH_SETTLE_MS, for a quiet machine before a timed run; null when off. */
  async settle() {
    if (!(config.settleMs > 0)) return null;
    const state = await settle(admin, { maxMs: config.settleMs });
    quietness.runs += 1;
    quietness.quiet += state.quiet ? 1 : 0;
    quietness.waitedMs += state.waitedMs;
    return state;
  },
};

/** Removes the temp dirs of earlier benchmark processes that are no longer running. */
function removeLeftoverDirs() {
  const removed = [];
  for (const entry of readdirSync(tmpdir())) {
    const match = /^omb_(\d+)_/.exec(entry);
    if (!match || Number(match[1]) === process.pid || alive(Number(match[1]))) continue;
    rmSync(join(tmpdir(), entry), { recursive: true, force: true });
    removed.push(entry);
  }
  return removed;
}

async function cleanup() {
  await admin.dropAllCreated();
  await admin.close();
  if (ctx.scratch) rmSync(ctx.scratch, { recursive: true, force: true });
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    log(`\n${signal}: ending the runner, dropping the benchmark's databases`);
    killRunning();
    const hardStop = setTimeout(() => process.exit(130), 15_000);
    hardStop.unref();
    cleanup().finally(() => process.exit(130));
  });
}

/** node -e 0 on its own, for W3's target when W2 (which measures it) is not run. */
async function nodeStartMs() {
  const samples = [];
  for (let i = 0; i < 5; i++) {
    await ctx.settle();
    const [cmd, args] = commands.nodeStart(ctx);
    const result = await timedRun(cmd, args, { env: cleanEnv(), cwd: ctx.workDir });
    if (result.code === 0) samples.push(result.ms);
  }
  return round(median(samples));
}

/** sha256 over the files of a dist/ directory and its subdirectories, paths and contents. */
function distHash(dir) {
  const hash = createHash('sha256');
  const walk = (relative) => {
    for (const name of readdirSync(join(dir, relative)).sort()) {
      const path = join(relative, name);
      if (statSync(join(dir, path)).isDirectory()) walk(path);
      else hash.update(path).update(readFileSync(join(dir, path)));
    }
  };
  walk('');
  return hash.digest('hex');
}

async function main() {
  const started = performance.now();
  await admin.open();
  const droppedDbs = await admin.dropLeftovers();
  const removedDirs = removeLeftoverDirs();
  if (droppedDbs.length || removedDirs.length)
    log(`leftovers of interrupted runs: dropped ${droppedDbs.length} databases, removed ${removedDirs.length} temp dirs`);
  ctx.scratch = mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}_`));
  ctx.workDir = join(ctx.scratch, 'work');
  mkdirSync(ctx.workDir);
  // The runs use a copy of the bundle taken at start: others may rebuild dist/ while this runs,
  // and one benchmark must measure one bundle.
  // (the whole of dist/: the bundle loads its chunks when a command needs them)
  cpSync(join(ROOT, 'dist'), join(ctx.scratch, 'dist'), { recursive: true });
  ctx.bundle = join(ctx.scratch, 'dist', 'index.js');
  const bundle = readFileSync(ctx.bundle);
  const distSha256 = distHash(join(ctx.scratch, 'dist'));

  const [{ version: pgVersion }] = await admin.query('SELECT version()');
  const info = machine(pgVersion);
  log(
    `bench: ${info.date}, ${info.nproc} cores ${info.cpu}, ${info.memoryGiB} GiB, node ${info.node}; parts ${[...config.only].join(',')}; reps ${JSON.stringify(config.reps)}`,
  );
  const probeDb = await admin.create('probe');
  await checkFloorIsOneMessage(ctx, probeDb);
  await admin.drop(probeDb);

  const results = {
    machine: info,
    config: { ...config, only: [...config.only], server: serverUrl().host },
    bundleBytes: bundle.length,
    distSha256,
    bundleMtime: statSync(DIST).mtime.toISOString(),
    loadAverageAtStart: loadavg().map((v) => round(v, 2)),
    workloads: {},
    targets: [],
  };
  const shared = {};
  for (const [id, workload] of WORKLOADS) {
    if (!config.only.has(id)) continue;
    const partStarted = performance.now();
    results.workloads[id] = await workload.run(ctx, shared);
    results.workloads[id].seconds = round((performance.now() - partStarted) / 1000);
    log(`  (${id}: ${results.workloads[id].seconds} s)`);
  }
  for (const db of Object.values(shared.w1Kept ?? {})) await admin.drop(db);
  results.nodeStartMs = results.workloads.w2?.embedded.nodeStart.median ?? (config.only.has('w3') ? await nodeStartMs() : null);

  results.loadAverageAtEnd = loadavg().map((v) => round(v, 2));
  results.quietness = {
    ...quietness,
    note: `timed runs (W2: repetitions) that found, within ${config.settleMs} ms, no other active query and ≥ 75% CPU idle`,
  };
  results.distChangedDuringRun = distHash(join(ROOT, 'dist')) !== distSha256;
  results.targets = judge(results);
  results.totalSeconds = round((performance.now() - started) / 1000);
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  print(results);
}

function print(results) {
  const m = results.machine;
  const out = [
    `oforum-migrate benchmark — ${m.date}`,
    `${m.nproc} × ${m.cpu}, ${m.memoryGiB} GiB, ${m.postgres.split(' on ')[0]}, node ${m.node}, ${m.psql}, dbmate ${m.dbmate}, node-pg-migrate ${m.nodePgMigrate}, pg ${m.pg}; peak RSS by ${m.measureMethod}`,
    `bundle dist/index.js: ${results.bundleBytes} bytes, dist/ sha256 ${results.distSha256.slice(0, 12)}… (built ${results.bundleMtime}; runs used a copy taken at start${results.distChangedDuringRun ? ', dist/ was rebuilt during the run' : ''})`,
    `load average at start ${results.loadAverageAtStart.join(' ')}, at end ${results.loadAverageAtEnd.join(' ')}`,
  ];
  for (const [id, workload] of WORKLOADS) if (results.workloads[id]) out.push(...workload.print(results.workloads[id]));
  const rows = results.targets.map((t) => [
    t.pass === null ? 'n/a' : t.pass ? 'PASS' : 'FAIL',
    t.name,
    String(t.value ?? '—'),
    String(t.limit ?? '—'),
    t.detail,
  ]);
  const widths = [
    4,
    Math.max(...rows.map((r) => r[1].length), 6),
    Math.max(...rows.map((r) => r[2].length), 5),
    Math.max(...rows.map((r) => r[3].length), 5),
  ];
  out.push('\ntargets');
  out.push([''.padEnd(4), 'target'.padEnd(widths[1]), 'value'.padStart(widths[2]), 'limit'.padStart(widths[3]), 'detail'].join('  '));
  for (const r of rows)
    out.push([r[0].padEnd(4), r[1].padEnd(widths[1]), r[2].padStart(widths[2]), r[3].padStart(widths[3]), r[4]].join('  '));
  const q = results.quietness;
  if (q.runs)
    out.push(
      `\nquiet start: ${q.quiet} of ${q.runs} timed runs found the machine quiet (waited ${(q.waitedMs / 1000).toFixed(1)} s in all)`,
    );
  out.push(`\ntotal ${results.totalSeconds} s; ${RESULTS} written`);
  process.stdout.write(`${out.join('\n')}\n`);
}

try {
  await main();
} catch (error) {
  if (!interrupted) {
    log(`benchmark failed: ${error.stack ?? error}`);
    process.exitCode = 1;
  }
} finally {
  if (!interrupted) await cleanup();
}
