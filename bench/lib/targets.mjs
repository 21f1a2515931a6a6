// The targets the benchmark judges, all from one run. Each is { name, value, limit, pass, detail };
// pass is null when the run did not measure what the target needs.

const W4_TARGET_COUNT = 1000;
// flat memory: the largest size's peak RSS within this much of the smallest size's
export const FLAT_RSS_MIB = 8;

export function judge(results) {
  const targets = [];
  const add = (name, value, limit, pass, detail = '') =>
    targets.push({ name, value: value ?? null, limit, pass: value === null || value === undefined ? null : pass, detail });
  const { w1, w2, w3, w4, w2link, mem } = results.workloads;

  if (w4) {
    const o = w4.runners.ours;
    const at = w4.migrations === W4_TARGET_COUNT ? '' : ` (judged at ${w4.migrations} migrations, not ${W4_TARGET_COUNT})`;
    add(
      'W4 waited round trips per migration ≤ 0.1',
      o.waitedPerMigration,
      0.1,
      o.waitedPerMigration <= 0.1,
      `${o.waitedRoundTrips} waited, ${o.messages} messages for ${w4.migrations} migrations${at}`,
    );
    add(
      `W4 ours over ${w4.roundTripMs} ms − floor on loopback ≤ 2000 ms`,
      o.pairedGapMs,
      2000,
      o.pairedGapMs <= 2000,
      `ours ${o.median} ms, floor ${w4.runners.floor?.median} ms${at}`,
    );
    for (const [peer, factor, key] of [
      ['dbmate', 5, 'speedupOverDbmate'],
      ['node-pg-migrate', 2, 'speedupOverNpm'],
    ]) {
      const p = w4.runners[peer === 'dbmate' ? 'dbmate' : 'npm'];
      add(
        `W4 ours ≥ ${factor}× faster than ${peer}`,
        w4[key],
        factor,
        w4[key] >= factor,
        p
          ? p.valid
            ? `${peer} ${p.median} ms (${p.n} run${p.n === 1 ? '' : 's'}), ours ${o.median} ms${at}`
            : `${peer} refused: ${p.refused}`
          : `${peer} not run`,
      );
    }
  }

  if (w2link) {
    for (const command of ['up', 'check']) {
      const s = w2link[command];
      add(
        `W2 over ${w2link.roundTripMs} ms: no-op ${command} ≤ 2 waited round trips after start-up`,
        s.valid ? s.waitedRoundTrips : null,
        2,
        s.waitedRoundTrips <= 2,
        s.valid
          ? `the most of ${s.n} runs; ${s.messages} messages, ${s.connections} connection(s), ${s.median} ms`
          : `refused: ${s.refused}`,
      );
    }
  }

  if (w2) {
    for (const [part, label] of [
      ['embedded', 'embedded set'],
      ['files', `${results.config.w1Count} applied`],
    ]) {
      const p = w2[part];
      if (!p) continue;
      for (const [key, command] of [
        ['oursUp', 'up'],
        ['oursCheck', 'check'],
      ])
        add(
          `W2 ${command}, ${label} ≤ 1.15× node loading pg + SELECT 1`,
          p[key].ratioToPgBaseline,
          1.15,
          p[key].ratioToPgBaseline <= 1.15,
          `${p[key].median} vs ${p.pgBaseline.median} ms`,
        );
    }
    const load = w2.embedded.bundleLoadMs;
    add(
      '--version − node -e 0 ≤ 15 ms',
      load.pairedMedian,
      15,
      load.pairedMedian <= 15,
      `paired median; of the medians ${w2.embedded.oursVersion.median} − ${w2.embedded.nodeStart.median} = ${load.ofMedians} ms`,
    );
  }

  for (const [id, w] of [
    ['W1', w1],
    ['W3', w3],
  ]) {
    if (!w) continue;
    const o = w.runners.ours;
    for (const peer of ['dbmate', 'npm']) {
      const p = w.runners[peer];
      add(
        `${id} ours no slower than ${peer === 'npm' ? 'node-pg-migrate' : peer}`,
        o.valid && p.valid ? o.median : null,
        p.median,
        o.median <= p.median,
        `medians in ms; samples ours ${o.min}–${o.max}, ${peer} ${p.min}–${p.max}${p.valid ? '' : `; ${peer} refused: ${p.refused}`}`,
      );
    }
  }
  if (w3) {
    const o = w3.runners.ours;
    const nodeStart = results.nodeStartMs;
    const limit = nodeStart === null || nodeStart === undefined ? null : Math.round(nodeStart + 50);
    add(
      'W3 ours − floor ≤ node -e 0 + 50 ms',
      limit === null ? null : o.pairedGapMs,
      limit,
      o.pairedGapMs <= limit,
      `paired median; node -e 0 ${nodeStart ?? '—'} ms`,
    );
  }

  if (mem) {
    const ok = mem.series.filter((s) => !s.refused);
    const first = ok[0];
    const last = ok.at(-1);
    const growth = ok.length >= 2 ? Math.round(((last.maxRssKiB - first.maxRssKiB) / 1024) * 10) / 10 : null;
    add(
      `memory: peak RSS at ${last?.migrations} within ${FLAT_RSS_MIB} MiB of ${first?.migrations} migrations`,
      growth,
      FLAT_RSS_MIB,
      growth <= FLAT_RSS_MIB,
      ok.length >= 2
        ? `${(first.maxRssKiB / 1024).toFixed(1)} → ${(last.maxRssKiB / 1024).toFixed(1)} MiB (growth in MiB)`
        : 'needs two sizes',
    );
  }
  return targets;
}
