// W1: 1000 small migrations (a table and an index each) applied to a fresh database on loopback,
// by ours, the floor (with two diagnostic variants) and the peers.
import { join } from 'node:path';
import { benchApply, summarizeApply } from '../lib/apply.mjs';
import { round, summarize, applyTable } from '../lib/report.mjs';
import { applyCommand, LABELS } from '../lib/runners.mjs';
import { smallMigrations, writeLayouts } from '../lib/workloads.mjs';

// Two diagnostic variants of the floor: with the engine's guard statements, to split
// ours − floor into the server's cost of the guards and the client's cost; and with the version
// written by DELETE rather than TRUNCATE, to show what TRUNCATE costs per migration.
const RUNNERS = ['ours', 'floor', 'guards', 'deleteWrite', 'dbmate', 'npm'];

/** W1's files in every layout; W2 reuses them for its no-op on 1000 applied files. */
export function w1Layout(ctx, shared) {
  shared.w1Layout ??= writeLayouts(join(ctx.scratch, 'w1'), smallMigrations(ctx.config.w1Count, true));
  return shared.w1Layout;
}

export async function run(ctx, shared) {
  const n = ctx.config.w1Count;
  const layout = w1Layout(ctx, shared);
  ctx.log(`W1: ${n} small migrations, fresh database per run`);
  const result = await benchApply(ctx, {
    id: 'w1',
    runners: RUNNERS.map((key) => ({ key, reps: ctx.config.reps.w1, command: (db) => applyCommand(ctx, key, db, layout) })),
    count: n,
    expect: { tables: n, vIndexes: n, versions: n },
    // W2 runs its no-op on the databases W1 leaves
    keep: ctx.config.only.has('w2') ? ['ours', 'dbmate', 'npm'] : [],
  });
  shared.w1Kept = result.kept;
  const runners = summarizeApply(result, RUNNERS);
  const { ours: o, floor: f, guards: g, deleteWrite: d } = runners;
  const both = o.valid && f.valid;
  return {
    migrations: n,
    runners,
    oursApplySumMs: summarize(result.oursApplyMs),
    floorPerMigrationMs: f.valid ? round(f.median / n, 3) : null,
    // the whole gap spread over the migrations, fixed costs included
    gapPerMigrationMs: both ? round((o.median - f.median) / n, 3) : null,
    // the gap in the typical migration's round trip, which bursts of machine load barely move
    gapP50Ms: both && o.perMigrationMs && f.perMigrationMs ? round(o.perMigrationMs.p50 - f.perMigrationMs.p50, 3) : null,
    guardsServerP50Ms:
      g.valid && f.valid && g.perMigrationMs && f.perMigrationMs ? round(g.perMigrationMs.p50 - f.perMigrationMs.p50, 3) : null,
    truncateP50Ms:
      d.valid && f.valid && d.perMigrationMs && f.perMigrationMs ? round(f.perMigrationMs.p50 - d.perMigrationMs.p50, 3) : null,
    oursCpuPerMigrationMs: o.cpuMsMedian !== null && f.cpuMsMedian !== null ? round((o.cpuMsMedian - f.cpuMsMedian) / n, 3) : null,
  };
}

export function print(w) {
  return [
    applyTable(`W1: ${w.migrations} small migrations (fresh database each run)`, w.runners, LABELS, {
      note: (r) => (r === 'guards' || r === 'deleteWrite' ? 'diagnostic' : ''),
    }),
    `ours: sum of its per-migration apply times ${w.oursApplySumMs.median} ms (median); the rest of its wall clock is start-up, reading, connecting, closing`,
    `floor ${w.floorPerMigrationMs} ms per migration; (ours − floor) / ${w.migrations} = ${w.gapPerMigrationMs} ms; p50 round trip ours − floor = ${w.gapP50Ms} ms, of which the guards' server cost ${w.guardsServerP50Ms} ms; ours' extra CPU time, start-up included, ${w.oursCpuPerMigrationMs} ms per migration`,
    `TRUNCATE rather than DELETE in the version write costs ${w.truncateP50Ms} ms per migration (p50 round trip, floor − floor with DELETE)`,
  ];
}
