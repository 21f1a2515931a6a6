// W4: W1's small migrations (BENCH_W4_COUNT, default 1000) applied over a link with a round trip
// of BENCH_W4_RTT_MS (default 20 ms): ours and the peers connect through the delaying proxy
// (bench/lib/delay-proxy.mjs), which counts the round trips each waits for. The floor is the
// server's own work: psql sending each migration as one message, on loopback.
// dbmate takes minutes over the link, so the peers run BENCH_W4_PEER_REPS times (default 1)
// while ours and the floor run BENCH_REPS' w4 times.
import { join } from 'node:path';
import { benchApply, summarizeApply } from '../lib/apply.mjs';
import { startDelayProxy } from '../lib/delay-proxy.mjs';
import { applyTable, fixed, round, summarize } from '../lib/report.mjs';
import { applyCommand } from '../lib/runners.mjs';
import { smallMigrations, writeLayouts } from '../lib/workloads.mjs';
import { w1Layout } from './w1.mjs';

const LABELS = { ours: 'ours (link)', floor: 'floor (loopback)', dbmate: 'dbmate (link)', npm: 'node-pg-migrate (link)' };

export async function run(ctx, shared) {
  const { w4Count: n, w4RttMs: rtt, w4PeerReps: peerReps, reps } = ctx.config;
  const layout = n === ctx.config.w1Count ? w1Layout(ctx, shared) : writeLayouts(join(ctx.scratch, 'w4'), smallMigrations(n, true));
  const proxy = await startDelayProxy({ roundTripMs: rtt });
  ctx.log(`W4: ${n} small migrations over a ${rtt} ms round trip (ours ${reps.w4}×, the peers ${peerReps}×; the floor on loopback)`);
  try {
    const link = (key, count) => ({
      key,
      reps: count,
      link: true,
      command: (db) => applyCommand(ctx, key, db, layout, { port: proxy.port }),
    });
    const runners = [
      link('ours', reps.w4),
      { key: 'floor', reps: reps.w4, command: (db) => applyCommand(ctx, 'floor', db, layout) },
      ...(peerReps > 0 ? [link('dbmate', peerReps), link('npm', peerReps)] : []),
    ];
    const result = await benchApply(ctx, {
      id: 'w4',
      runners,
      count: n,
      expect: { tables: n, vIndexes: n, versions: n },
      proxy,
      // dbmate makes several round trips per migration: 1000 of them take minutes
      timeoutMs: Math.max(ctx.config.timeoutMs, 1_800_000),
    });
    const summary = summarizeApply(
      result,
      runners.map((r) => r.key),
    );
    for (const s of Object.values(summary)) s.waitedPerMigration = s.waitedRoundTrips === null ? null : round(s.waitedRoundTrips / n, 3);
    const o = summary.ours;
    const speedup = (peer) => (o.valid && summary[peer]?.valid ? round(summary[peer].median / o.median, 2) : null);
    return {
      migrations: n,
      roundTripMs: rtt,
      runners: summary,
      oursApplySumMs: summarize(result.oursApplyMs),
      // the link's cost to ours: its time over the link less the server's own work, same repetition
      oursOverFloorMs: o.pairedGapMs,
      speedupOverDbmate: speedup('dbmate'),
      speedupOverNpm: speedup('npm'),
    };
  } finally {
    await proxy.close();
  }
}

export function print(w) {
  return [
    applyTable(`W4: ${w.migrations} small migrations over a ${w.roundTripMs} ms round trip`, w.runners, LABELS, {
      extra: [
        ['waited', (_r, s) => (s.waitedRoundTrips === null ? '—' : String(s.waitedRoundTrips))],
        ['/migr', (_r, s) => fixed(s.waitedPerMigration, 3)],
        ['messages', (_r, s) => (s.messages === null ? '—' : String(s.messages))],
      ],
    }),
    `ours − floor (the server's own work on loopback) = ${w.oursOverFloorMs} ms (paired median); dbmate / ours = ${w.speedupOverDbmate === null ? '— (not run)' : `${w.speedupOverDbmate}×`}, node-pg-migrate / ours = ${w.speedupOverNpm === null ? '— (not run)' : `${w.speedupOverNpm}×`}`,
    `waited: round trips the client waited for (a request sent while none of its own was unanswered); messages: every Query and Sync`,
  ];
}
