// W2 over the link: a no-op `up` and `check` with the embedded oForum set applied, through the
// delaying proxy (BENCH_W4_RTT_MS); what counts is the round trips waited for after the
// connection start-up. Node loading `pg` and running one query over the same link, for scale.
import { inspect } from '../lib/db.mjs';
import { startDelayProxy } from '../lib/delay-proxy.mjs';
import { cleanEnv, timedRun } from '../lib/proc.mjs';
import { fixed, median, summarize, table } from '../lib/report.mjs';
import { commands, exitProblem, parseJson, verify } from '../lib/runners.mjs';
import { oforumMigrations } from '../lib/workloads.mjs';

export async function run(ctx) {
  const rtt = ctx.config.w4RttMs;
  ctx.log(`W2 over a ${rtt} ms round trip: nothing to do (embedded oForum set already applied)`);
  const db = await ctx.admin.create('w2link');
  const proxy = await startDelayProxy({ roundTripMs: rtt });
  try {
    // applied on loopback: ours' embedded set
    const [cmd, args] = commands.ours(ctx, db, null);
    const setup = await timedRun(cmd, args, { env: cleanEnv(), cwd: ctx.workDir, timeoutMs: ctx.config.timeoutMs });
    const versions = oforumMigrations(ctx.root).length;
    const problem = exitProblem(setup) ?? verify('ours', await inspect(ctx.admin, db), { appTables: 5, versions });
    if (problem) throw new Error(`W2 over the link, setup: ${problem}`);
    const upToDate = (r) => {
      const json = parseJson(r.stdout);
      return json?.status === 'up-to-date' && json.version === versions ? null : `status ${json?.status}, version ${json?.version}`;
    };
    const plan = [
      ['up', () => commands.ours(ctx, db, null, { command: 'up', port: proxy.port }), upToDate],
      ['check', () => commands.ours(ctx, db, null, { command: 'check', port: proxy.port }), upToDate],
      ['pgBaseline', () => commands.pgBaseline(ctx, db, { port: proxy.port }), () => null],
    ];
    const series = Object.fromEntries(plan.map(([key]) => [key, { ms: [], waited: [], messages: [], connections: [], failures: [] }]));
    const reps = ctx.config.reps.w2link;
    for (let rep = 0; rep < reps; rep++) {
      await ctx.settle();
      for (const [key, build, check] of plan) {
        ctx.throwIfInterrupted();
        const [command, commandArgs] = build();
        proxy.reset();
        const result = await timedRun(command, commandArgs, { env: cleanEnv(), cwd: ctx.workDir, timeoutMs: ctx.config.timeoutMs });
        const counts = proxy.counts();
        const failed = exitProblem(result) ?? (await check(result)) ?? (counts.opaque ? 'the connection went encrypted' : null);
        const slot = series[key];
        if (failed) {
          slot.failures.push(failed);
          ctx.log(`  w2link rep ${rep + 1}/${reps} ${key} INVALID: ${failed}`);
          continue;
        }
        slot.ms.push(result.ms);
        slot.waited.push(counts.waited);
        slot.messages.push(counts.messages);
        slot.connections.push(counts.connections);
      }
      const last = (key) => `${series[key].ms.at(-1)?.toFixed(0)} ms, ${series[key].waited.at(-1)} waited`;
      ctx.log(`  w2link rep ${rep + 1}/${reps} up ${last('up')}; check ${last('check')}; node+pg ${last('pgBaseline')}`);
    }
    const out = { roundTripMs: rtt, set: `embedded oForum migrations (${versions})` };
    for (const [key, slot] of Object.entries(series)) {
      const valid = slot.failures.length === 0 && slot.ms.length > 0;
      out[key] = {
        ...summarize(slot.ms),
        valid,
        refused: valid ? null : (slot.failures[0] ?? 'no run'),
        // exact counts; the most of any repetition is what a target is judged on
        waitedRoundTrips: slot.waited.length ? Math.max(...slot.waited) : null,
        waitedMedian: slot.waited.length ? median(slot.waited) : null,
        messages: slot.messages.length ? Math.max(...slot.messages) : null,
        connections: slot.connections.length ? Math.max(...slot.connections) : null,
      };
    }
    return out;
  } finally {
    await proxy.close();
    await ctx.admin.drop(db);
  }
}

export function print(w) {
  const row = (label, s, note = '') => [
    label,
    fixed(s.median),
    fixed(s.min),
    fixed(s.max),
    String(s.n),
    String(s.waitedRoundTrips ?? '—'),
    String(s.messages ?? '—'),
    String(s.connections ?? '—'),
    s.valid ? note : `REFUSED: ${s.refused}`,
  ];
  return [
    table(
      `W2 over a ${w.roundTripMs} ms round trip: nothing to do, ${w.set}`,
      ['runner', 'median ms', 'min', 'max', 'n', 'waited', 'messages', 'connections', 'note'],
      [row('ours up', w.up), row('ours check', w.check), row('node + pg, SELECT 1', w.pgBaseline, 'for scale')],
    ),
    'waited, messages: the most of any repetition, after the connection start-up',
  ];
}
