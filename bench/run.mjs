// Benchmark of dist/index.js against the floor (one psql process sending each migration as one
// message) and two peers (dbmate, node-pg-migrate). See bench/README.md.
//
// Knobs (environment):
//   BENCH_REPS        "5" (W1 and W3 take it, W2 three times it) or "w1=5,w2=15,w3=5"
//   BENCH_ONLY        comma list of w1,w2,w3,mem (default: all)
//   BENCH_W1_COUNT    migrations in W1 (default 1000; the targets are judged at 1000)
//   BENCH_MEM_SIZES   sizes of the memory series (default 10,1000,10000)
//   BENCH_TIMEOUT_S   limit for one runner process (default 300)
//   BENCH_SETTLE_MS   longest wait for a quiet machine before each timed run (default 3000; 0: none)
//   BENCH_NODE        the node binary for every Node process measured (default: this one)
//   BENCH_ADMIN_URL   loopback server (default postgres://postgres@127.0.0.1:5432/postgres)
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Admin, alive, databaseUrl, inspect, PREFIX, serverUrl } from './lib/db.mjs';
import { cleanEnv, killRunning, measuredRun, measureMethod, timedRun } from './lib/proc.mjs';
import { median, percentile, round, summarize, table } from './lib/report.mjs';
import { settle } from './lib/settle.mjs';
import { heavyMigration, oforumMigrations, psqlTimings, smallMigrations, W3_ROWS, writeLayouts } from './lib/workloads.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist', 'index.js');
// The runs use a copy of the bundle taken at start: others may rebuild dist/ while this runs,
// and one benchmark must measure one bundle.
let BUNDLE = DIST;
// every Node process of the benchmark (ours, node -e 0, the peers' Node parts) uses this one
const NODE = process.env.BENCH_NODE ?? process.execPath;
const NPM_BIN = join(ROOT, 'node_modules', 'node-pg-migrate', 'bin', 'node-pg-migrate.js');
const PROBE = join(ROOT, 'bench', 'lib', 'connect-probe.mjs');
const require = createRequire(join(ROOT, 'package.json'));

// ---------------------------------------------------------------- configuration

function parseReps(raw) {
  const reps = { w1: 5, w2: 15, w3: 5 };
  if (!raw) return reps;
  if (/^\d+$/.test(raw.trim())) {
    const k = Math.max(1, Number(raw));
    return { w1: k, w2: 3 * k, w3: k };
  }
  for (const part of raw.split(',')) {
    const [key, value] = part.split('=').map((s) => s.trim());
    if (!(key in reps) || !/^\d+$/.test(value ?? '')) throw new Error(`BENCH_REPS: cannot read "${part}" (want e.g. w1=5,w2=15,w3=5)`);
    reps[key] = Math.max(1, Number(value));
  }
  return reps;
}

function usage(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

let reps;
try {
  reps = parseReps(process.env.BENCH_REPS);
} catch (error) {
  usage(error.message);
}

const config = {
  reps,
  only: new Set(
    (process.env.BENCH_ONLY ?? 'w1,w2,w3,mem')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ),
  w1Count: Number(process.env.BENCH_W1_COUNT ?? 1000),
  memSizes: (process.env.BENCH_MEM_SIZES ?? '10,1000,10000')
    .split(',')
    .map(Number)
    .filter((n) => n > 0),
  timeoutMs: Number(process.env.BENCH_TIMEOUT_S ?? 300) * 1000,
  settleMs: Number(process.env.BENCH_SETTLE_MS ?? 3000),
};
for (const part of config.only)
  if (!['w1', 'w2', 'w3', 'mem'].includes(part)) usage(`BENCH_ONLY: unknown part "${part}" (want w1, w2, w3, mem)`);
if (!(config.w1Count > 0)) usage('BENCH_W1_COUNT must be a positive number');
if (!(config.timeoutMs > 0)) usage('BENCH_TIMEOUT_S must be a positive number');

const quietness = { runs: 0, quiet: 0, waitedMs: 0 };
async function settleBeforeRun() {
  if (!(config.settleMs > 0)) return null;
  const state = await settle(admin, { maxMs: config.settleMs });
  quietness.runs += 1;
  quietness.quiet += state.quiet ? 1 : 0;
  quietness.waitedMs += state.waitedMs;
  return state;
}

const TARGETS = { w1: 1.15, w2: 1.5, w3: 1.02 };

// ---------------------------------------------------------------- runners

/** dbmate's npm package starts its Go binary from a Node wrapper; the binary itself is the peer. */
function dbmateBinary() {
  try {
    return {
      path: require.resolve(`@dbmate/${platform()}-${arch()}/bin/dbmate`),
      note: "Go binary (without the npm package's Node wrapper)",
    };
  } catch {
    return { path: join(ROOT, 'node_modules', '.bin', 'dbmate'), note: 'npm wrapper (Go binary not found)' };
  }
}
const DBMATE = dbmateBinary();

const ours = (db, dir, command = 'up') => [
  NODE,
  [BUNDLE, command, '--database-url', databaseUrl(db), ...(dir ? ['--migrations-path', dir] : []), '--json'],
];
const floorPsql = (db, script) => ['psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', databaseUrl(db), '-f', script]];
const dbmate = (db, dir) => {
  const url = new URL(databaseUrl(db));
  url.searchParams.set('sslmode', 'disable');
  return [DBMATE.path, ['--url', url.toString(), '--migrations-dir', dir, '--no-dump-schema', 'up']];
};
// how a Node project would usually start dbmate (`npx dbmate`): the npm package's Node wrapper
const DBMATE_WRAPPER = join(ROOT, 'node_modules', 'dbmate', 'dist', 'cli.js');
const dbmateViaNpm = (db, dir) => {
  const [, args] = dbmate(db, dir);
  return [NODE, [DBMATE_WRAPPER, ...args]];
};
const npmUp = (db, dir) => [
  NODE,
  [NPM_BIN, 'up', '-m', dir, '--database-url-var', 'DATABASE_URL', '--no-verbose'],
  { DATABASE_URL: databaseUrl(db) },
];

const RUNNERS = ['ours', 'floor', 'dbmate', 'npm'];
// W1 also runs two diagnostic variants of the floor: with the engine's guard statements, to
// split ours − floor into the server's cost of the guards and the client's cost; and with the
// version written by DELETE rather than TRUNCATE, to show what TRUNCATE costs per migration
const W1_RUNNERS = ['ours', 'floor', 'guards', 'deleteWrite', 'dbmate', 'npm'];
const LABELS = {
  ours: 'ours',
  floor: 'floor',
  guards: 'floor + engine SQL',
  deleteWrite: 'floor, DELETE',
  dbmate: 'dbmate',
  npm: 'node-pg-migrate',
};

function commandFor(runner, db, layout) {
  switch (runner) {
    case 'ours':
      return ours(db, layout.golang);
    case 'floor':
      return floorPsql(db, layout.floor);
    case 'guards':
      return floorPsql(db, layout.guards);
    case 'deleteWrite':
      return floorPsql(db, layout.deleteWrite);
    case 'dbmate':
      return dbmate(db, layout.dbmate);
    case 'npm':
      return npmUp(db, layout.npm);
    default:
      throw new Error(runner);
  }
}

/** Why a runner's database does not show the work done, or null when it does. */
function verify(runner, facts, expect) {
  const problems = [];
  if (expect.tables !== undefined && facts.tables !== expect.tables) problems.push(`${facts.tables} tables t_%, want ${expect.tables}`);
  if (expect.vIndexes !== undefined && facts.vIndexes !== expect.vIndexes)
    problems.push(`${facts.vIndexes} indexes t_%_v_idx, want ${expect.vIndexes}`);
  if (expect.bigRows !== undefined && facts.bigRows !== expect.bigRows)
    problems.push(`big has ${facts.bigRows} rows, want ${expect.bigRows}`);
  if (expect.bigIndexes !== undefined && facts.bigIndexes !== expect.bigIndexes)
    problems.push(`big has ${facts.bigIndexes} indexes, want ${expect.bigIndexes}`);
  if (expect.appTables !== undefined && facts.appTables !== expect.appTables)
    problems.push(`${facts.appTables} oForum tables, want ${expect.appTables}`);
  const n = expect.versions;
  if (['ours', 'floor', 'guards', 'deleteWrite'].includes(runner)) {
    const rows = facts.golang;
    if (!rows || rows.length !== 1 || rows[0].version !== String(n) || rows[0].dirty !== false)
      problems.push(`schema_migrations is ${JSON.stringify(rows)}, want one row (${n}, false)`);
  } else if (runner === 'dbmate') {
    const row = facts.dbmate?.[0];
    if (!row || row.n !== n || row.version !== String(n))
      problems.push(`dbmate's schema_migrations is ${JSON.stringify(facts.dbmate)}, want ${n} rows up to ${n}`);
  } else if (runner === 'npm') {
    const row = facts.npm?.[0];
    if (!row || row.n !== n) problems.push(`pgmigrations is ${JSON.stringify(facts.npm)}, want ${n} rows`);
  }
  return problems.length ? problems.join('; ') : null;
}

function exitProblem(result) {
  if (result.error) return `could not start: ${result.error}`;
  if (result.timedOut) return 'timed out';
  if (result.code !== 0)
    return `exit ${result.code ?? result.signal}: ${(result.stderr || result.stdout).trim().split('\n').slice(-3).join(' | ')}`;
  return null;
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

const log = (line) => process.stderr.write(`${line}\n`);

// ---------------------------------------------------------------- state kept for cleanup

const admin = new Admin();
let scratch = null;
let workDir = null;

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
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}

let interrupted = false;
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

// ---------------------------------------------------------------- workloads

/**
 * Applies a workload with each runner on a fresh database, interleaved (ours, floor, dbmate,
 * npm, then again; each repetition starts one runner further, so that no runner always follows
 * the same one), after a CHECKPOINT so that no checkpoint started by the previous run's writes
 * lands inside the next, and after waiting for a quiet machine. The last repetition's databases
 * are kept when `keep` is set.
 */
async function benchApply(id, runners, layout, reps, expect, { keep = false } = {}) {
  const per = Object.fromEntries(runners.map((r) => [r, { ms: [], quiet: [], cpuS: [], rssKiB: [], latency: [], failures: [] }]));
  const pairs = [];
  const oursApplyMs = [];
  const kept = {};
  for (let rep = 0; rep < reps; rep++) {
    const repMs = {};
    const order = runners.map((_, i) => runners[(i + rep) % runners.length]);
    for (const runner of order) {
      if (interrupted) throw new Error('interrupted');
      const db = await admin.create(`${id}_${runner}`);
      await admin.checkpoint();
      const quiet = await settleBeforeRun();
      const [cmd, args, extraEnv] = commandFor(runner, db, layout);
      const result = await measuredRun(cmd, args, { env: cleanEnv(extraEnv), cwd: workDir, timeoutMs: config.timeoutMs, scratch });
      const problem = exitProblem(result) ?? verify(runner, await inspect(admin, db), expect);
      const slot = per[runner];
      if (problem) slot.failures.push(problem);
      else {
        slot.ms.push(result.ms);
        slot.quiet.push(quiet ? quiet.quiet : null);
        repMs[runner] = result.ms;
        if (result.cpuS !== null) slot.cpuS.push(result.cpuS);
        if (result.maxRssKiB !== null) slot.rssKiB.push(result.maxRssKiB);
        const latency = latenciesOf(runner, result.stdout, layout.count);
        if (latency) slot.latency.push(latency);
        if (runner === 'ours') oursApplyMs.push(parseJson(result.stdout)?.migrations?.reduce((sum, m) => sum + m['duration-ms'], 0) ?? NaN);
      }
      const noisy =
        quiet && !quiet.quiet ? `  (not quiet: ${quiet.otherActive} other active queries, CPU ${Math.round(quiet.idle * 100)}% idle)` : '';
      log(
        `  ${id} rep ${rep + 1}/${reps} ${runner.padEnd(6)} ${result.ms.toFixed(0).padStart(6)} ms${problem ? `  INVALID: ${problem}` : ''}${noisy}`,
      );
      if (keep && rep === reps - 1 && !problem) kept[runner] = db;
      else await admin.drop(db);
    }
    pairs.push(repMs);
  }
  return { per, pairs, oursApplyMs: oursApplyMs.filter(Number.isFinite), kept };
}

/** Each migration's round trip: ours reports it in --json, psql prints it under \\timing. */
function latenciesOf(runner, stdout, count) {
  let times = null;
  if (runner === 'ours') times = parseJson(stdout)?.migrations?.map((m) => m['duration-ms']) ?? null;
  // the floor script's first message creates the state table; the guards script's second takes the lock
  else if (runner === 'floor' || runner === 'deleteWrite') times = psqlTimings(stdout).slice(1, 1 + count);
  else if (runner === 'guards') times = psqlTimings(stdout).slice(3, 3 + count);
  if (!times || times.length !== count) return null;
  return { p50: percentile(times, 0.5), p90: percentile(times, 0.9), p99: percentile(times, 0.99), sum: times.reduce((a, b) => a + b, 0) };
}

function workloadSummary(run, runners) {
  const floor = run.per.floor;
  const floorMedian = floor.failures.length === 0 ? median(floor.ms) : null;
  const out = {};
  for (const runner of runners) {
    const slot = run.per[runner];
    const s = summarize(slot.ms);
    const valid = slot.failures.length === 0 && s.n > 0;
    // the ratio to the floor of the same repetition, which shares its moment's machine load
    const paired = run.pairs.filter((p) => p[runner] !== undefined && p.floor !== undefined).map((p) => p[runner] / p.floor);
    out[runner] = {
      ...(valid ? s : { n: s.n, median: null, min: null, max: null }),
      valid,
      refused: valid ? null : (slot.failures[0] ?? 'no run'),
      ratioToFloor: valid && floorMedian ? round(s.median / floorMedian, 3) : null,
      pairedRatioMedian: valid && floorMedian ? round(median(paired), 3) : null,
      // the absolute gap is steadier than the ratio: the server's commit latency moves the floor
      pairedGapMs:
        valid && floorMedian
          ? round(median(run.pairs.filter((p) => p[runner] !== undefined && p.floor !== undefined).map((p) => p[runner] - p.floor)))
          : null,
      cpuMsMedian: slot.cpuS.length ? round(median(slot.cpuS) * 1000) : null,
      maxRssKiBMedian: slot.rssKiB.length ? median(slot.rssKiB) : null,
      perMigrationMs: slot.latency.length
        ? {
            p50: round(median(slot.latency.map((l) => l.p50)), 3),
            p90: round(median(slot.latency.map((l) => l.p90)), 3),
            p99: round(median(slot.latency.map((l) => l.p99)), 3),
            sum: round(median(slot.latency.map((l) => l.sum))),
          }
        : null,
      samplesMs: slot.ms.map((v) => round(v)),
      // whether each sample's run started on a quiet machine (null: not checked)
      samplesQuiet: slot.quiet,
    };
  }
  return out;
}

/** W2: nothing to do on an up-to-date database; the floor is `node -e 0` + one connection. */
async function benchNoop(id, { oursDb, oursDir, dbmateDb, dbmateDir, npmDb, npmDir, versions, expect }, reps) {
  const series = {
    oursUp: [],
    oursCheck: [],
    nodeStart: [],
    psqlConnect: [],
    dbmate: [],
    dbmateNpm: [],
    npm: [],
    oursVersion: [],
    probeWall: [],
    probeLoad: [],
    probeConnect: [],
  };
  const failures = Object.fromEntries(Object.keys(series).map((k) => [k, []]));
  const env = cleanEnv();
  const plan = [
    [
      'oursUp',
      () => ours(oursDb, oursDir, 'up'),
      (r) => {
        const json = parseJson(r.stdout);
        return json?.status === 'up-to-date' && json.version === versions ? null : `status ${json?.status}, version ${json?.version}`;
      },
    ],
    [
      'oursCheck',
      () => ours(oursDb, oursDir, 'check'),
      (r) => {
        const json = parseJson(r.stdout);
        return json?.status === 'up-to-date' && json.version === versions ? null : `status ${json?.status}, version ${json?.version}`;
      },
    ],
    ['nodeStart', () => [NODE, ['-e', '0']], () => null],
    [
      'psqlConnect',
      () => ['psql', ['-X', '-At', '-d', databaseUrl(oursDb), '-c', 'SELECT 1']],
      (r) => (r.stdout.trim() === '1' ? null : `psql printed ${r.stdout}`),
    ],
    ['dbmate', () => dbmate(dbmateDb, dbmateDir), async () => verify('dbmate', await inspect(admin, dbmateDb), expect)],
    ['dbmateNpm', () => dbmateViaNpm(dbmateDb, dbmateDir), async () => verify('dbmate', await inspect(admin, dbmateDb), expect)],
    ['npm', () => npmUp(npmDb, npmDir), async () => verify('npm', await inspect(admin, npmDb), expect)],
    ['oursVersion', () => [NODE, [BUNDLE, '--version']], (r) => (/\d+\.\d+\.\d+/.test(r.stdout) ? null : 'no version printed')],
    ['probe', () => [NODE, [PROBE, databaseUrl(oursDb)]], (r) => (parseJson(r.stdout)?.connectQueryMs ? null : 'probe printed nothing')],
  ];
  for (let rep = 0; rep < reps; rep++) {
    await settleBeforeRun();
    for (const [key, build, check] of plan) {
      if (interrupted) throw new Error('interrupted');
      const [cmd, args, extraEnv] = build();
      const result = await timedRun(cmd, args, { env: extraEnv ? cleanEnv(extraEnv) : env, cwd: workDir, timeoutMs: config.timeoutMs });
      const problem = exitProblem(result) ?? (await check(result));
      if (key === 'probe') {
        if (problem) failures.probeWall.push(problem);
        else {
          const probe = parseJson(result.stdout);
          series.probeWall.push(result.ms);
          series.probeLoad.push(probe.loadMs);
          series.probeConnect.push(probe.connectQueryMs);
        }
      } else if (problem) failures[key].push(problem);
      else series[key].push(result.ms);
      if (problem) log(`  ${id} rep ${rep + 1}/${reps} ${key} INVALID: ${problem}`);
    }
    log(
      `  ${id} rep ${rep + 1}/${reps} up ${series.oursUp.at(-1)?.toFixed(0)} ms, check ${series.oursCheck.at(-1)?.toFixed(0)} ms, node -e 0 ${series.nodeStart.at(-1)?.toFixed(0)} ms, psql ${series.psqlConnect.at(-1)?.toFixed(0)} ms, dbmate ${series.dbmate.at(-1)?.toFixed(0)} ms, npm ${series.npm.at(-1)?.toFixed(0)} ms`,
    );
  }
  const out = {};
  for (const [key, values] of Object.entries(series)) {
    const failed = failures[key]?.length > 0;
    out[key] = {
      ...(failed ? { n: values.length, median: null } : summarize(values)),
      valid: !failed,
      refused: failed ? failures[key][0] : null,
      samplesMs: values.map((v) => round(v)),
    };
  }
  const floor = out.nodeStart.valid && out.psqlConnect.valid ? round(out.nodeStart.median + out.psqlConnect.median) : null;
  out.floor = { median: floor, valid: floor !== null, note: 'median(node -e 0) + median(psql -c "SELECT 1")' };
  for (const key of ['oursUp', 'oursCheck', 'dbmate', 'dbmateNpm', 'npm'])
    out[key].ratioToFloor = out[key].valid && floor ? round(out[key].median / floor, 3) : null;
  return out;
}

// ---------------------------------------------------------------- machine

function machine(pgVersion) {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const tool = (cmd, args) => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
    } catch {
      return null;
    }
  };
  return {
    date: new Date().toISOString(),
    nproc: Number(tool('nproc', [])) || cpus().length,
    cpu: /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    postgres: pgVersion,
    node: tool(NODE, ['--version']) ?? process.version,
    psql: tool('psql', ['--version']),
    dbmate: `${tool(DBMATE.path, ['--version'])} (${DBMATE.note})`,
    nodePgMigrate: JSON.parse(readFileSync(join(ROOT, 'node_modules', 'node-pg-migrate', 'package.json'), 'utf8')).version,
    measureMethod,
  };
}

/** Proves the floor's premise on this psql: `\;`-joined statements arrive as one Query message. */
async function checkFloorIsOneMessage(db) {
  const script = join(scratch, 'one-message-check.sql');
  writeFileSync(script, 'SELECT 1 AS probe \\; SELECT query FROM pg_catalog.pg_stat_activity WHERE pid = pg_catalog.pg_backend_pid();\n');
  const result = await timedRun('psql', ['-X', '-At', '-v', 'ON_ERROR_STOP=1', '-d', databaseUrl(db), '-f', script], { cwd: workDir });
  if (result.code !== 0 || !/SELECT 1 AS probe\s*;\s*SELECT query/.test(result.stdout)) {
    throw new Error(`psql did not send the \\;-joined statements as one message: ${result.stdout || result.stderr}`);
  }
}

// ---------------------------------------------------------------- main

async function main() {
  const started = performance.now();
  await admin.open();
  const droppedDbs = await admin.dropLeftovers();
  const removedDirs = removeLeftoverDirs();
  if (droppedDbs.length || removedDirs.length)
    log(`leftovers of interrupted runs: dropped ${droppedDbs.length} databases, removed ${removedDirs.length} temp dirs`);
  scratch = mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}_`));
  workDir = join(scratch, 'work');
  mkdirSync(workDir);
  // The whole of dist/: the entry loads the run bundle (dist/run/) and its chunks from beside it.
  cpSync(join(ROOT, 'dist'), join(scratch, 'dist'), { recursive: true });
  BUNDLE = join(scratch, 'dist', 'index.js');
  const bundle = readFileSync(BUNDLE);
  const bundleSha256 = createHash('sha256').update(bundle).digest('hex');

  const [{ version: pgVersion }] = await admin.query('SELECT version()');
  const info = machine(pgVersion);
  log(
    `bench: ${info.date}, ${info.nproc} cores ${info.cpu}, ${info.memoryGiB} GiB, node ${info.node}; reps ${JSON.stringify(config.reps)}`,
  );
  const probeDb = await admin.create('probe');
  await checkFloorIsOneMessage(probeDb);
  await admin.drop(probeDb);

  const results = {
    machine: info,
    config: { ...config, only: [...config.only], targets: TARGETS, server: serverUrl().host },
    bundleBytes: bundle.length,
    bundleSha256,
    bundleMtime: statSync(DIST).mtime.toISOString(),
    loadAverageAtStart: loadavg().map((v) => round(v, 2)),
    workloads: {},
    rss: {},
    targets: [],
    // filled in below; the figures of W1 and W3 come from every timed run
  };

  let w1Layout = null;
  let w1Kept = {};
  const n = config.w1Count;
  if (config.only.has('w1') || config.only.has('w2')) w1Layout = writeLayouts(join(scratch, 'w1'), smallMigrations(n, true));

  if (config.only.has('w1')) {
    log(`W1: ${n} small migrations, fresh database per run`);
    const run = await benchApply(
      'w1',
      W1_RUNNERS,
      w1Layout,
      config.reps.w1,
      { tables: n, vIndexes: n, versions: n },
      { keep: config.only.has('w2') },
    );
    w1Kept = run.kept;
    const runners = workloadSummary(run, W1_RUNNERS);
    const { ours: o, floor: f, guards: g } = runners;
    const both = o.valid && f.valid;
    results.workloads.w1 = {
      migrations: n,
      runners,
      oursApplySumMs: summarize(run.oursApplyMs),
      floorPerMigrationMs: f.valid ? round(f.median / n, 3) : null,
      // the whole gap spread over the migrations, fixed costs included
      gapPerMigrationMs: both ? round((o.median - f.median) / n, 3) : null,
      // the gap in the typical migration's round trip, which bursts of machine load barely move
      gapP50Ms: both && o.perMigrationMs && f.perMigrationMs ? round(o.perMigrationMs.p50 - f.perMigrationMs.p50, 3) : null,
      guardsServerP50Ms:
        g.valid && f.valid && g.perMigrationMs && f.perMigrationMs ? round(g.perMigrationMs.p50 - f.perMigrationMs.p50, 3) : null,
      truncateP50Ms:
        runners.deleteWrite.valid && f.valid && runners.deleteWrite.perMigrationMs && f.perMigrationMs
          ? round(f.perMigrationMs.p50 - runners.deleteWrite.perMigrationMs.p50, 3)
          : null,
      oursCpuPerMigrationMs: o.cpuMsMedian !== null && f.cpuMsMedian !== null ? round((o.cpuMsMedian - f.cpuMsMedian) / n, 3) : null,
    };
    results.rss.w1 = { maxRssKiB: o.maxRssKiBMedian };
  }

  if (config.only.has('w2')) {
    log('W2: nothing to do (embedded oForum set already applied)');
    const set = oforumMigrations(ROOT);
    const layout = writeLayouts(join(scratch, 'w2'), set, { floor: false });
    const expect = { appTables: 5, versions: set.length };
    const oursDb = await admin.create('w2_ours');
    const dbmateDb = await admin.create('w2_dbmate');
    const npmDb = await admin.create('w2_npm');
    for (const [runner, db, [cmd, args, extraEnv]] of [
      ['ours', oursDb, ours(oursDb, null)],
      ['dbmate', dbmateDb, dbmate(dbmateDb, layout.dbmate)],
      ['npm', npmDb, npmUp(npmDb, layout.npm)],
    ]) {
      const setup = await timedRun(cmd, args, { env: cleanEnv(extraEnv), cwd: workDir, timeoutMs: config.timeoutMs });
      const problem = exitProblem(setup) ?? verify(runner, await inspect(admin, db), expect);
      if (problem) throw new Error(`W2 setup: ${runner} could not apply the oForum set: ${problem}`);
    }
    results.workloads.w2 = {
      set: `embedded oForum migrations (${set.length})`,
      ...(await benchNoop(
        'w2',
        { oursDb, oursDir: null, dbmateDb, dbmateDir: layout.dbmate, npmDb, npmDir: layout.npm, versions: set.length, expect },
        config.reps.w2,
      )),
    };
    for (const db of [oursDb, dbmateDb, npmDb]) await admin.drop(db);

    if (w1Kept.ours && w1Kept.dbmate && w1Kept.npm) {
      log(`W2/${n}: nothing to do (W1's ${n} files already applied)`);
      results.workloads.w2Files = {
        set: `W1's ${n} files`,
        ...(await benchNoop(
          'w2-files',
          {
            oursDb: w1Kept.ours,
            oursDir: w1Layout.golang,
            dbmateDb: w1Kept.dbmate,
            dbmateDir: w1Layout.dbmate,
            npmDb: w1Kept.npm,
            npmDir: w1Layout.npm,
            versions: n,
            expect: { tables: n, versions: n },
          },
          Math.max(3, Math.ceil(config.reps.w2 / 3)),
        )),
      };
    }
  }
  for (const db of Object.values(w1Kept)) await admin.drop(db);

  if (config.only.has('w3')) {
    log(`W3: one heavy migration (${W3_ROWS} rows, three indexes)`);
    const layout = writeLayouts(join(scratch, 'w3'), heavyMigration());
    const run = await benchApply('w3', RUNNERS, layout, config.reps.w3, { tables: 0, bigRows: W3_ROWS, bigIndexes: 3, versions: 1 });
    const runners = workloadSummary(run, RUNNERS);
    results.workloads.w3 = {
      rows: W3_ROWS,
      runners,
      oursApplySumMs: summarize(run.oursApplyMs),
      gapMs: runners.ours.valid && runners.floor.valid ? round(runners.ours.median - runners.floor.median) : null,
    };
    results.rss.w3 = { maxRssKiB: runners.ours.maxRssKiBMedian };
  }

  if (config.only.has('mem')) {
    log(`memory series: ${config.memSizes.join(', ')} migrations of one CREATE TABLE each`);
    results.rss.series = [];
    for (const size of config.memSizes) {
      const layout = writeLayouts(join(scratch, `mem${size}`), smallMigrations(size, false), { floor: false, peers: false });
      const db = await admin.create(`mem${size}`);
      await admin.checkpoint();
      const rss = await measuredRun(...ours(db, layout.golang), { cwd: workDir, scratch, timeoutMs: config.timeoutMs });
      const problem = exitProblem(rss) ?? verify('ours', await inspect(admin, db), { tables: size, versions: size });
      // The live heap: what the run keeps, as V8's full collections find it (--trace-gc), apart
      // from the heap V8 reserves, which peak RSS counts. A second run on a fresh database.
      const heap = problem ? null : await liveHeap(admin, size, layout.golang);
      results.rss.series.push(
        problem
          ? { migrations: size, refused: problem }
          : {
              migrations: size,
              maxRssKiB: rss.maxRssKiB,
              cpuMs: round(rss.cpuS * 1000),
              wallMs: round(rss.ms),
              msPerMigration: round(rss.ms / size, 3),
              liveHeapMiB: heap?.liveMiB ?? null,
              liveHeapMeasuredBy: heap?.liveMeasuredBy ?? null,
              heapHeldMiB: heap?.heapHeldMiB ?? null,
            },
      );
      log(
        `  ${size} migrations: ${problem ? `INVALID: ${problem}` : `${rss.maxRssKiB} KiB peak RSS, ${rss.ms.toFixed(0)} ms; live heap ${heap?.liveMiB ?? '?'} MiB (${heap?.liveMeasuredBy ?? 'not measured'}), JS heap held at most ${heap?.heapHeldMiB ?? '?'} MiB`}`,
      );
      await admin.drop(db);
      rmSync(join(scratch, `mem${size}`), { recursive: true, force: true });
    }
  }

  async function liveHeap(admin, size, dir) {
    const db = await admin.create(`heap${size}`);
    try {
      const [command, args] = ours(db, dir);
      const run = await timedRun(command, ['--trace-gc', ...args], { cwd: workDir, timeoutMs: config.timeoutMs });
      // "Scavenge 10.6 (15.3) -> 7.3 (15.6) MB": heap used before -> after a collection, with the
      // heap V8 holds in parentheses. After a full collection (Mark-Compact) the rest is live.
      const events = [...run.stdout.matchAll(/(Scavenge|Mark-Compact) [\d.]+ \(([\d.]+)\) -> ([\d.]+) \(([\d.]+)\)/g)].map((match) => ({
        full: match[1] === 'Mark-Compact',
        after: Number(match[3]),
        held: Math.max(Number(match[2]), Number(match[4])),
      }));
      if (events.length === 0) return null;
      const full = events.filter((event) => event.full);
      return {
        liveMiB: (full.at(-1) ?? events.at(-1)).after,
        liveMeasuredBy: full.length > 0 ? 'last full collection' : 'last collection (no full one ran)',
        heapHeldMiB: Math.max(...events.map((event) => event.held)),
      };
    } finally {
      await admin.drop(db);
    }
  }

  results.loadAverageAtEnd = loadavg().map((v) => round(v, 2));
  results.quietness = {
    ...quietness,
    note: `timed runs (W2: repetitions) that found, within ${config.settleMs} ms, no other active query and ≥ 75% CPU idle`,
  };
  const now = createHash('sha256').update(readFileSync(DIST)).digest('hex');
  results.distChangedDuringRun = now !== bundleSha256;
  results.targets = judge(results);
  results.totalSeconds = round((performance.now() - started) / 1000);
  writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  print(results);
}

// ---------------------------------------------------------------- targets and output

function judge(results) {
  const targets = [];
  const add = (name, value, limit, pass, detail) => targets.push({ name, value, limit, pass, detail });
  const w1 = results.workloads.w1;
  if (w1) {
    const o = w1.runners.ours;
    const spread = `(paired ${o.pairedRatioMedian}×, ours − floor ${o.pairedGapMs} ms)`;
    add(
      'W1 ours ≤ 1.15× floor',
      o.ratioToFloor,
      TARGETS.w1,
      o.ratioToFloor === null ? null : o.ratioToFloor <= TARGETS.w1,
      w1.migrations === 1000 ? spread : `${spread} judged at ${w1.migrations}, not 1000`,
    );
    for (const peer of ['dbmate', 'npm']) {
      const p = w1.runners[peer];
      add(
        `W1 ours faster than ${peer}`,
        o.median,
        p.median,
        o.valid && p.valid ? o.median < p.median : null,
        p.valid ? '' : `${peer} refused: ${p.refused}`,
      );
    }
  }
  const w2 = results.workloads.w2;
  if (w2) {
    for (const key of ['oursUp', 'oursCheck'])
      add(
        `W2 ${key === 'oursUp' ? 'up' : 'check'} ≤ 1.5× floor`,
        w2[key].ratioToFloor,
        TARGETS.w2,
        w2[key].ratioToFloor === null ? null : w2[key].ratioToFloor <= TARGETS.w2,
        '',
      );
    for (const peer of ['dbmate', 'npm']) {
      add(
        `W2 ours faster than ${peer}`,
        w2.oursUp.median,
        w2[peer].median,
        w2.oursUp.valid && w2[peer].valid ? w2.oursUp.median < w2[peer].median : null,
        '',
      );
    }
  }
  const w3 = results.workloads.w3;
  if (w3) {
    const o = w3.runners.ours;
    add(
      'W3 ours ≤ 1.02× floor',
      o.ratioToFloor,
      TARGETS.w3,
      o.ratioToFloor === null ? null : o.ratioToFloor <= TARGETS.w3,
      `(paired ${o.pairedRatioMedian}×, ours − floor ${o.pairedGapMs} ms)`,
    );
  }
  return targets;
}

function print(results) {
  const out = [];
  const m = results.machine;
  const f = (v, d = 1) => (v === null || v === undefined ? '—' : Number(v).toFixed(d));
  const x = (v) => (v === null || v === undefined ? '—' : `${Number(v).toFixed(3)}×`);
  out.push(`oforum-migrate benchmark — ${m.date}`);
  out.push(
    `${m.nproc} × ${m.cpu}, ${m.memoryGiB} GiB, ${m.postgres.split(' on ')[0]}, node ${m.node}, ${m.psql}, dbmate ${m.dbmate}, node-pg-migrate ${m.nodePgMigrate}`,
  );
  out.push(
    `bundle dist/index.js: ${results.bundleBytes} bytes, sha256 ${results.bundleSha256.slice(0, 12)}… (built ${results.bundleMtime}; runs used a copy taken at start${results.distChangedDuringRun ? ', dist/ was rebuilt during the run' : ''})`,
  );
  out.push(`load average at start ${results.loadAverageAtStart.join(' ')}, at end ${results.loadAverageAtEnd.join(' ')}`);
  const applyHeader = [
    'runner',
    'median ms',
    'min',
    'max',
    'n',
    '× floor',
    'paired ×',
    '− floor',
    'CPU ms',
    'RSS MiB',
    'p50/migr',
    'p90/migr',
    'note',
  ];
  for (const [id, title] of [
    ['w1', `W1: ${results.workloads.w1?.migrations} small migrations (fresh database each run)`],
    ['w3', `W3: one heavy migration (${W3_ROWS} rows, three indexes)`],
  ]) {
    const w = results.workloads[id];
    if (!w) continue;
    const rows = Object.entries(w.runners).map(([r, s]) => [
      LABELS[r],
      f(s.median),
      f(s.min),
      f(s.max),
      String(s.n),
      x(s.ratioToFloor),
      x(s.pairedRatioMedian),
      f(s.pairedGapMs, 0),
      f(s.cpuMsMedian, 0),
      f(s.maxRssKiBMedian === null ? null : s.maxRssKiBMedian / 1024),
      f(s.perMigrationMs?.p50, 2),
      f(s.perMigrationMs?.p90, 2),
      s.valid ? (r === 'guards' || r === 'deleteWrite' ? 'diagnostic' : '') : `REFUSED: ${s.refused}`,
    ]);
    out.push(table(title, applyHeader, rows));
    out.push(
      `ours: sum of its per-migration apply times ${w.oursApplySumMs.median} ms (median); the rest of its wall clock is start-up, reading, connecting, closing`,
    );
    if (id === 'w1') {
      out.push(
        `floor ${w.floorPerMigrationMs} ms per migration; (ours − floor) / ${w.migrations} = ${w.gapPerMigrationMs} ms; p50 round trip ours − floor = ${w.gapP50Ms} ms, of which the guards' server cost ${w.guardsServerP50Ms} ms; ours' extra CPU time, start-up included, ${w.oursCpuPerMigrationMs} ms per migration`,
      );
      out.push(
        `TRUNCATE rather than DELETE in the version write costs ${w.truncateP50Ms} ms per migration (p50 round trip, floor − floor with DELETE)`,
      );
    } else out.push(`ours − floor = ${w.gapMs} ms`);
  }
  const noopHeader = ['runner', 'median ms', 'min', 'max', 'n', '× floor', 'note'];
  for (const id of ['w2', 'w2Files']) {
    const w = results.workloads[id];
    if (!w) continue;
    const row = (label, s, note = '') => [
      label,
      f(s?.median),
      f(s?.min),
      f(s?.max),
      String(s?.n ?? '—'),
      x(s?.ratioToFloor),
      s && s.valid === false ? `REFUSED: ${s.refused}` : note,
    ];
    out.push(
      table(`W2: nothing to do, ${w.set}`, noopHeader, [
        row('ours up', w.oursUp),
        row('ours check', w.oursCheck),
        row('floor', { median: w.floor.median, n: w.nodeStart.n, ratioToFloor: w.floor.median ? 1 : null }, w.floor.note),
        row('  node -e 0', w.nodeStart),
        row('  psql SELECT 1', w.psqlConnect),
        row('dbmate', w.dbmate, 'Go binary'),
        row('dbmate (npm wrapper)', w.dbmateNpm, 'node_modules/.bin/dbmate: Node starts the binary'),
        row('node-pg-migrate', w.npm),
        row('ours --version', w.oursVersion, 'start-up and bundle load only'),
        row('node + pg connect', w.probeWall, `in-process: load pg ${w.probeLoad.median} ms, connect+query ${w.probeConnect.median} ms`),
      ]),
    );
  }
  out.push(`\nours, peak RSS (${m.measureMethod})`);
  if (results.rss.w1) out.push(`  W1: ${f(results.rss.w1.maxRssKiB / 1024)} MiB (median of the runs)`);
  if (results.rss.w3) out.push(`  W3: ${f(results.rss.w3.maxRssKiB / 1024)} MiB (median of the runs)`);
  for (const s of results.rss.series ?? []) {
    out.push(
      `  ${String(s.migrations).padStart(6)} migrations of one CREATE TABLE: ${s.refused ? `REFUSED: ${s.refused}` : `${f(s.maxRssKiB / 1024)} MiB, CPU ${s.cpuMs} ms, wall ${s.wallMs} ms, ${s.msPerMigration} ms/migration`}`,
    );
  }
  out.push('\ntargets');
  for (const t of results.targets) {
    const verdict = t.pass === null ? 'n/a ' : t.pass ? 'PASS' : 'FAIL';
    out.push(`  ${verdict}  ${t.name}: ${t.value ?? '—'} (limit ${t.limit ?? '—'})${t.detail ? `  ${t.detail}` : ''}`);
  }
  const q = results.quietness;
  if (q?.runs)
    out.push(`\nquiet start: ${q.quiet} of ${q.runs} timed runs found the machine quiet (waited ${f(q.waitedMs / 1000)} s in all)`);
  out.push(`\ntotal ${results.totalSeconds} s; bench/results.json written`);
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
