// The memory series: ours' peak RSS with 10, 1000 and 10 000 migrations of one CREATE TABLE each
// (no index, to keep 10 000 short: the trend is what matters), and its live heap from a second
// run with --trace-gc.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from '../lib/db.mjs';
import { measuredRun, timedRun } from '../lib/proc.mjs';
import { fixed, round } from '../lib/report.mjs';
import { commands, exitProblem, verify } from '../lib/runners.mjs';
import { smallMigrations, writeLayouts } from '../lib/workloads.mjs';

export async function run(ctx) {
  const sizes = ctx.config.memSizes;
  ctx.log(`memory series: ${sizes.join(', ')} migrations of one CREATE TABLE each`);
  const series = [];
  for (const size of sizes) {
    ctx.throwIfInterrupted();
    const dir = join(ctx.scratch, `mem${size}`);
    const layout = writeLayouts(dir, smallMigrations(size, false), { floor: false, peers: false });
    const db = await ctx.admin.create(`mem${size}`);
    await ctx.admin.checkpoint();
    const [cmd, args] = commands.ours(ctx, db, layout.golang);
    const rss = await measuredRun(cmd, args, { cwd: ctx.workDir, scratch: ctx.scratch, timeoutMs: ctx.config.timeoutMs });
    const problem = exitProblem(rss) ?? verify('ours', await inspect(ctx.admin, db), { tables: size, versions: size });
    await ctx.admin.drop(db);
    // The live heap: what the run keeps, as V8's full collections find it (--trace-gc), apart
    // from the heap V8 reserves, which peak RSS counts. A second run on a fresh database.
    const heap = problem ? null : await liveHeap(ctx, size, layout.golang);
    series.push(
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
    ctx.log(
      `  ${size} migrations: ${problem ? `INVALID: ${problem}` : `${rss.maxRssKiB} KiB peak RSS, ${rss.ms.toFixed(0)} ms; live heap ${heap?.liveMiB ?? '?'} MiB (${heap?.liveMeasuredBy ?? 'not measured'}), JS heap held at most ${heap?.heapHeldMiB ?? '?'} MiB`}`,
    );
    rmSync(dir, { recursive: true, force: true });
  }
  return { series };
}

async function liveHeap(ctx, size, dir) {
  const db = await ctx.admin.create(`heap${size}`);
  try {
    const [command, args] = commands.ours(ctx, db, dir);
    const run = await timedRun(command, ['--trace-gc', ...args], { cwd: ctx.workDir, timeoutMs: ctx.config.timeoutMs });
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
    await ctx.admin.drop(db);
  }
}

export function print(w) {
  const lines = ['\nmemory: ours, migrations of one CREATE TABLE each'];
  for (const s of w.series) {
    lines.push(
      `  ${String(s.migrations).padStart(6)}: ${s.refused ? `REFUSED: ${s.refused}` : `peak RSS ${fixed(s.maxRssKiB / 1024)} MiB, live heap ${s.liveHeapMiB ?? '?'} MiB, JS heap held at most ${s.heapHeldMiB ?? '?'} MiB, CPU ${s.cpuMs} ms, wall ${s.wallMs} ms (${s.msPerMigration} ms/migration)`}`,
    );
  }
  return lines;
}
