// Timed runs that apply a workload to a fresh database, shared by W1, W3 and W4.
import { inspect } from './db.mjs';
import { exitProblem, parseJson, verify } from './runners.mjs';
import { cleanEnv, measuredRun } from './proc.mjs';
import { median, percentile, round, summarize } from './report.mjs';
import { psqlTimings } from './workloads.mjs';

/**
 * Applies a workload with each runner on a fresh database, interleaved (ours, floor, dbmate,
 * npm, then again; each repetition starts one runner further, so that no runner always follows
 * the same one), after a CHECKPOINT so that no checkpoint started by the previous run's writes
 * lands inside the next, and after waiting for a quiet machine. Each runner is
 * `{ key, reps, command(db) }`; a runner with fewer reps than others drops out of the later
 * repetitions. With `proxy`, the round trips of the runners marked `link` are counted. The
 * databases of the last repetition of the runners named in `keep` are kept.
 */
export async function benchApply(ctx, { id, runners, count, expect, keep = [], proxy = null, timeoutMs = ctx.config.timeoutMs }) {
  const per = Object.fromEntries(
    runners.map((r) => [r.key, { ms: [], quiet: [], cpuS: [], rssKiB: [], latency: [], waited: [], messages: [], failures: [] }]),
  );
  const pairs = [];
  const oursApplyMs = [];
  const kept = {};
  const reps = Math.max(...runners.map((r) => r.reps));
  for (let rep = 0; rep < reps; rep++) {
    const repMs = {};
    const active = runners.filter((r) => rep < r.reps);
    const order = active.map((_, i) => active[(i + rep) % active.length]);
    for (const runner of order) {
      ctx.throwIfInterrupted();
      const db = await ctx.admin.create(`${id}_${runner.key}`);
      await ctx.admin.checkpoint();
      const quiet = await ctx.settle();
      const [cmd, args, extraEnv] = runner.command(db);
      if (runner.link) proxy.reset();
      const result = await measuredRun(cmd, args, { env: cleanEnv(extraEnv), cwd: ctx.workDir, timeoutMs, scratch: ctx.scratch });
      const trips = runner.link ? proxy.counts() : null;
      const problem = exitProblem(result) ?? verify(runner.key, await inspect(ctx.admin, db), expect);
      const slot = per[runner.key];
      if (problem) slot.failures.push(problem);
      else {
        slot.ms.push(result.ms);
        slot.quiet.push(quiet ? quiet.quiet : null);
        repMs[runner.key] = result.ms;
        if (result.cpuS !== null) slot.cpuS.push(result.cpuS);
        if (result.maxRssKiB !== null) slot.rssKiB.push(result.maxRssKiB);
        const latency = latenciesOf(runner.key, result.stdout, count);
        if (latency) slot.latency.push(latency);
        if (trips) {
          slot.waited.push(trips.waited);
          slot.messages.push(trips.messages);
          if (trips.opaque) slot.failures.push(`${trips.opaque} connections went encrypted: round trips not counted`);
        }
        if (runner.key === 'ours')
          oursApplyMs.push(parseJson(result.stdout)?.migrations?.reduce((sum, m) => sum + m['duration-ms'], 0) ?? NaN);
      }
      const noisy =
        quiet && !quiet.quiet ? `  (not quiet: ${quiet.otherActive} other active queries, CPU ${Math.round(quiet.idle * 100)}% idle)` : '';
      const tripsNote = trips ? `  ${trips.waited} waited round trips, ${trips.messages} messages` : '';
      ctx.log(
        `  ${id} rep ${rep + 1}/${runner.reps} ${runner.key.padEnd(11)} ${result.ms.toFixed(0).padStart(6)} ms${tripsNote}${problem ? `  INVALID: ${problem}` : ''}${noisy}`,
      );
      if (keep.includes(runner.key) && rep === runner.reps - 1 && !problem) kept[runner.key] = db;
      else await ctx.admin.drop(db);
    }
    pairs.push(repMs);
  }
  return { per, pairs, oursApplyMs: oursApplyMs.filter(Number.isFinite), kept };
}

/** Each migration's round trip: ours reports it in --json, psql prints it under \\timing. */
function latenciesOf(runner, stdout, count) {
  let times = null;
  if (runner === 'ours' || runner === 'oursNoLint') times = parseJson(stdout)?.migrations?.map((m) => m['duration-ms']) ?? null;
  // the floor script's first message creates the state table; the guards script's second takes the lock
  else if (runner === 'floor' || runner === 'deleteWrite') times = psqlTimings(stdout).slice(1, 1 + count);
  else if (runner === 'guards') times = psqlTimings(stdout).slice(2, 2 + count);
  if (!times || times.length !== count) return null;
  return { p50: percentile(times, 0.5), p90: percentile(times, 0.9), p99: percentile(times, 0.99), sum: times.reduce((a, b) => a + b, 0) };
}

/** Per runner: medians, ratios and gaps to the floor of the same repetition, CPU, RSS, round trips. */
export function summarizeApply(run, runnerKeys) {
  const floor = run.per.floor;
  const floorMedian = floor && floor.failures.length === 0 ? median(floor.ms) : null;
  const out = {};
  for (const runner of runnerKeys) {
    const slot = run.per[runner];
    const s = summarize(slot.ms);
    const valid = slot.failures.length === 0 && s.n > 0;
    const withFloor = run.pairs.filter((p) => p[runner] !== undefined && p.floor !== undefined);
    out[runner] = {
      ...(valid ? s : { n: s.n, median: null, min: null, max: null }),
      valid,
      refused: valid ? null : (slot.failures[0] ?? 'no run'),
      ratioToFloor: valid && floorMedian ? round(s.median / floorMedian, 3) : null,
      // the ratio to the floor of the same repetition, which shares its moment's machine load
      pairedRatioMedian: valid && floorMedian && withFloor.length ? round(median(withFloor.map((p) => p[runner] / p.floor)), 3) : null,
      // the absolute gap is steadier than the ratio: the server's commit latency moves the floor
      pairedGapMs: valid && floorMedian && withFloor.length ? round(median(withFloor.map((p) => p[runner] - p.floor))) : null,
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
      // through the proxy: the round trips waited for and the requests sent (Query, Sync)
      waitedRoundTrips: slot.waited.length ? median(slot.waited) : null,
      messages: slot.messages.length ? median(slot.messages) : null,
      samplesMs: slot.ms.map((v) => round(v)),
      // whether each sample's run started on a quiet machine (null: not checked)
      samplesQuiet: slot.quiet,
    };
  }
  return out;
}
