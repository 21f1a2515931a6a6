// W3: one heavy migration (a table of 200 000 rows and three index builds) on loopback.
import { join } from 'node:path';
import { benchApply, summarizeApply } from '../lib/apply.mjs';
import { applyTable, round, summarize } from '../lib/report.mjs';
import { applyCommand, LABELS } from '../lib/runners.mjs';
import { heavyMigration, W3_ROWS, writeLayouts } from '../lib/workloads.mjs';

// `ours, lint off`: a diagnostic that shows the share of the lint (on by default, level warn),
// which loads PostgreSQL's parser (WebAssembly) to read the pending file before it runs.
const RUNNERS = ['ours', 'oursNoLint', 'floor', 'dbmate', 'npm'];

export async function run(ctx) {
  ctx.log(`W3: one heavy migration (${W3_ROWS} rows, three indexes)`);
  const layout = writeLayouts(join(ctx.scratch, 'w3'), heavyMigration());
  const result = await benchApply(ctx, {
    id: 'w3',
    runners: RUNNERS.map((key) => ({ key, reps: ctx.config.reps.w3, command: (db) => applyCommand(ctx, key, db, layout) })),
    count: 1,
    expect: { tables: 0, bigRows: W3_ROWS, bigIndexes: 3, versions: 1 },
  });
  const runners = summarizeApply(result, RUNNERS);
  return {
    rows: W3_ROWS,
    runners,
    oursApplySumMs: summarize(result.oursApplyMs),
    gapMs: runners.ours.valid && runners.floor.valid ? round(runners.ours.median - runners.floor.median) : null,
    lintMs: runners.ours.valid && runners.oursNoLint.valid ? round(runners.ours.pairedGapMs - runners.oursNoLint.pairedGapMs) : null,
  };
}

export function print(w) {
  return [
    applyTable(`W3: one heavy migration (${w.rows} rows, three indexes)`, w.runners, LABELS, {
      note: (r) => (r === 'oursNoLint' ? 'diagnostic' : ''),
    }),
    `ours: the migration itself took ${w.oursApplySumMs.median} ms (its duration-ms, median); ours − floor = ${w.gapMs} ms (medians), ${w.runners.ours.pairedGapMs} ms (paired); of which the lint ${w.lintMs ?? '—'} ms (paired gaps, ours − ours with lint off)`,
  ];
}
