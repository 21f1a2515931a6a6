// W2: a run with nothing to do on loopback, cold process start included: the cost of the
// pre-deploy check. Twice: with the embedded oForum set applied, and with W1's files applied.
// Next to the runners: `node -e 0`, `psql -c 'SELECT 1'`, ours `--version` and Node loading `pg`
// and running one query, measured in the same repetitions.
import { join } from 'node:path';
import { inspect } from '../lib/db.mjs';
import { cleanEnv, timedRun } from '../lib/proc.mjs';
import { fixed, median, round, summarize, table, times } from '../lib/report.mjs';
import { commands, exitProblem, parseJson, verify } from '../lib/runners.mjs';
import { oforumMigrations, writeLayouts } from '../lib/workloads.mjs';
import { w1Layout } from './w1.mjs';

export async function run(ctx, shared) {
  const out = {};
  ctx.log('W2: nothing to do (embedded oForum set already applied)');
  const set = oforumMigrations(ctx.root);
  const layout = writeLayouts(join(ctx.scratch, 'w2'), set, { floor: false });
  const expect = { appTables: 5, versions: set.length };
  // ours runs with its embedded set (no --migrations-path); the peers with their copy of it
  const dbs = await applied(ctx, { ours: null, dbmate: layout.dbmate, npm: layout.npm }, expect, 'w2');
  out.embedded = {
    set: `embedded oForum migrations (${set.length})`,
    ...(await benchNoop(ctx, 'w2', { dbs, dirs: { ours: null, dbmate: layout.dbmate, npm: layout.npm }, versions: set.length, expect })),
  };
  for (const db of Object.values(dbs)) await ctx.admin.drop(db);

  const n = ctx.config.w1Count;
  ctx.log(`W2/${n}: nothing to do (W1's ${n} files already applied)`);
  const files = w1Layout(ctx, shared);
  const dirs = { ours: files.golang, dbmate: files.dbmate, npm: files.npm };
  const filesExpect = { tables: n, versions: n };
  const kept = shared.w1Kept ?? {};
  const filesDbs = kept.ours && kept.dbmate && kept.npm ? kept : await applied(ctx, dirs, filesExpect, 'w2f');
  out.files = { set: `W1's ${n} files`, ...(await benchNoop(ctx, 'w2-files', { dbs: filesDbs, dirs, versions: n, expect: filesExpect })) };
  for (const db of Object.values(filesDbs)) await ctx.admin.drop(db);
  shared.w1Kept = {};
  return out;
}

/** Fresh databases on which ours, dbmate and node-pg-migrate each applied the set. */
async function applied(ctx, dirs, expect, tag) {
  const dbs = {};
  for (const runner of ['ours', 'dbmate', 'npm']) {
    dbs[runner] = await ctx.admin.create(`${tag}_${runner}`);
    const [cmd, args, extraEnv] = commands[runner](ctx, dbs[runner], dirs[runner]);
    const setup = await timedRun(cmd, args, { env: cleanEnv(extraEnv), cwd: ctx.workDir, timeoutMs: ctx.config.timeoutMs });
    const problem = exitProblem(setup) ?? verify(runner, await inspect(ctx.admin, dbs[runner]), expect);
    if (problem) throw new Error(`W2 setup: ${runner} could not apply the set: ${problem}`);
  }
  return dbs;
}

/** Repetitions of every no-op runner and baseline, one after the other, after a quiet moment. */
async function benchNoop(ctx, id, { dbs, dirs, versions, expect }) {
  const upToDate = (r) => {
    const json = parseJson(r.stdout);
    return json?.status === 'up-to-date' && json.version === versions ? null : `status ${json?.status}, version ${json?.version}`;
  };
  const plan = [
    ['oursUp', () => commands.ours(ctx, dbs.ours, dirs.ours, { command: 'up' }), upToDate],
    ['oursCheck', () => commands.ours(ctx, dbs.ours, dirs.ours, { command: 'check' }), upToDate],
    ['nodeStart', () => commands.nodeStart(ctx), () => null],
    ['psqlConnect', () => commands.psqlSelect1(ctx, dbs.ours), (r) => (r.stdout.trim() === '1' ? null : `psql printed ${r.stdout}`)],
    ['pgBaseline', () => commands.pgBaseline(ctx, dbs.ours), () => null],
    ['oursVersion', () => commands.oursVersion(ctx), (r) => (/\d+\.\d+\.\d+/.test(r.stdout) ? null : 'no version printed')],
    [
      'dbmate',
      () => commands.dbmate(ctx, dbs.dbmate, dirs.dbmate),
      async () => verify('dbmate', await inspect(ctx.admin, dbs.dbmate), expect),
    ],
    [
      'dbmateNpm',
      () => commands.dbmateViaNpm(ctx, dbs.dbmate, dirs.dbmate),
      async () => verify('dbmate', await inspect(ctx.admin, dbs.dbmate), expect),
    ],
    ['npm', () => commands.npm(ctx, dbs.npm, dirs.npm), async () => verify('npm', await inspect(ctx.admin, dbs.npm), expect)],
  ];
  const series = Object.fromEntries(plan.map(([key]) => [key, []]));
  const failures = Object.fromEntries(plan.map(([key]) => [key, []]));
  // per repetition, so that differences can be taken between neighbouring runs
  const pairs = [];
  const reps = ctx.config.reps.w2;
  for (let rep = 0; rep < reps; rep++) {
    await ctx.settle();
    const repMs = {};
    for (const [key, build, check] of plan) {
      ctx.throwIfInterrupted();
      const [cmd, args, extraEnv] = build();
      const result = await timedRun(cmd, args, { env: cleanEnv(extraEnv), cwd: ctx.workDir, timeoutMs: ctx.config.timeoutMs });
      const problem = exitProblem(result) ?? (await check(result));
      if (problem) {
        failures[key].push(problem);
        ctx.log(`  ${id} rep ${rep + 1}/${reps} ${key} INVALID: ${problem}`);
      } else {
        series[key].push(result.ms);
        repMs[key] = result.ms;
      }
    }
    pairs.push(repMs);
    const last = (key) => series[key].at(-1)?.toFixed(0);
    ctx.log(
      `  ${id} rep ${rep + 1}/${reps} up ${last('oursUp')} ms, check ${last('oursCheck')} ms, node -e 0 ${last('nodeStart')} ms, node+pg ${last('pgBaseline')} ms, --version ${last('oursVersion')} ms, psql ${last('psqlConnect')} ms, dbmate ${last('dbmate')} ms, npm ${last('npm')} ms`,
    );
  }
  const out = {};
  for (const [key, values] of Object.entries(series)) {
    const failed = failures[key].length > 0;
    out[key] = {
      ...(failed ? { n: values.length, median: null } : summarize(values)),
      valid: !failed,
      refused: failed ? failures[key][0] : null,
      samplesMs: values.map((v) => round(v)),
    };
  }
  const floor = out.nodeStart.valid && out.psqlConnect.valid ? round(out.nodeStart.median + out.psqlConnect.median) : null;
  out.floor = { median: floor, valid: floor !== null, note: 'median(node -e 0) + median(psql -c "SELECT 1")' };
  const baseline = out.pgBaseline.valid ? out.pgBaseline.median : null;
  for (const key of ['oursUp', 'oursCheck', 'dbmate', 'dbmateNpm', 'npm', 'pgBaseline']) {
    out[key].ratioToFloor = out[key].valid && floor ? round(out[key].median / floor, 3) : null;
    out[key].ratioToPgBaseline = out[key].valid && baseline ? round(out[key].median / baseline, 3) : null;
  }
  // what loading the bundle costs over an empty Node process, from neighbouring runs
  const both = pairs.filter((p) => p.oursVersion !== undefined && p.nodeStart !== undefined);
  out.bundleLoadMs = {
    pairedMedian: both.length ? round(median(both.map((p) => p.oursVersion - p.nodeStart))) : null,
    ofMedians: out.oursVersion.valid && out.nodeStart.valid ? round(out.oursVersion.median - out.nodeStart.median) : null,
  };
  return out;
}

export function print(w) {
  const header = ['runner', 'median ms', 'min', 'max', 'n', '× floor', '× node+pg', 'note'];
  const lines = [];
  for (const part of [w.embedded, w.files]) {
    if (!part) continue;
    const row = (label, s, note = '') => [
      label,
      fixed(s?.median),
      fixed(s?.min),
      fixed(s?.max),
      String(s?.n ?? '—'),
      times(s?.ratioToFloor),
      times(s?.ratioToPgBaseline),
      s && s.valid === false ? `REFUSED: ${s.refused}` : note,
    ];
    lines.push(
      table(`W2: nothing to do, ${part.set}`, header, [
        row('ours up', part.oursUp),
        row('ours check', part.oursCheck),
        row('floor', { median: part.floor.median, n: part.nodeStart.n, ratioToFloor: part.floor.median ? 1 : null }, part.floor.note),
        row('  node -e 0', part.nodeStart),
        row('  psql SELECT 1', part.psqlConnect),
        row('node + pg, SELECT 1', part.pgBaseline, 'bench/lib/node-pg-select1.mjs'),
        row(
          'ours --version',
          part.oursVersion,
          `start-up and bundle load only; − node -e 0: ${part.bundleLoadMs.pairedMedian} ms (paired)`,
        ),
        row('dbmate', part.dbmate, 'Go binary'),
        row('dbmate (npm wrapper)', part.dbmateNpm, 'node_modules/.bin/dbmate: Node starts the binary'),
        row('node-pg-migrate', part.npm),
      ]),
    );
  }
  return lines;
}
