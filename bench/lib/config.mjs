// The benchmark's knobs, read from the environment. See bench/README.md for their meaning.

export const PARTS = ['w1', 'w2', 'w3', 'w4', 'w2link', 'mem'];
const DEFAULT_REPS = { w1: 5, w2: 15, w3: 5, w4: 3, w2link: 5 };

/** "5" (W1, W3, W4 and W2 over the link take it, W2 three times it) or "w1=5,w2=15,…". */
function parseReps(raw) {
  const reps = { ...DEFAULT_REPS };
  if (!raw) return reps;
  if (/^\d+$/.test(raw.trim())) {
    const k = Math.max(1, Number(raw));
    return { w1: k, w2: 3 * k, w3: k, w4: k, w2link: k };
  }
  for (const part of raw.split(',')) {
    const [key, value] = part.split('=').map((s) => s.trim());
    if (!(key in reps) || !/^\d+$/.test(value ?? ''))
      throw new Error(`BENCH_REPS: cannot read "${part}" (want e.g. w1=5,w2=15,w3=5,w4=3,w2link=5)`);
    reps[key] = Math.max(1, Number(value));
  }
  return reps;
}

const positive = (name, fallback, { zero = false } = {}) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0 || (!zero && value === 0))
    throw new Error(`${name} must be a ${zero ? 'non-negative' : 'positive'} number`);
  return value;
};

/** The configuration, or an Error whose message is one line for the user. */
export function readConfig() {
  const only = new Set(
    (process.env.BENCH_ONLY ?? PARTS.join(','))
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  for (const part of only) if (!PARTS.includes(part)) throw new Error(`BENCH_ONLY: unknown part "${part}" (want ${PARTS.join(', ')})`);
  const memSizes = (process.env.BENCH_MEM_SIZES ?? '10,1000,10000')
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
  if (only.has('mem') && memSizes.length === 0) throw new Error('BENCH_MEM_SIZES: want e.g. 10,1000,10000');
  return {
    reps: parseReps(process.env.BENCH_REPS),
    only,
    w1Count: positive('BENCH_W1_COUNT', 1000),
    w4Count: positive('BENCH_W4_COUNT', 1000),
    w4RttMs: positive('BENCH_W4_RTT_MS', 20, { zero: true }),
    // dbmate over the link takes minutes: by default the peers run there once while ours repeats
    w4PeerReps: positive('BENCH_W4_PEER_REPS', 1, { zero: true }),
    memSizes,
    timeoutMs: positive('BENCH_TIMEOUT_S', 300) * 1000,
    settleMs: positive('BENCH_SETTLE_MS', 3000, { zero: true }),
    // where the results go; a trial run can keep the committed figures apart
    resultsPath: process.env.BENCH_RESULTS ?? null,
  };
}
