// The machine is shared (other test suites use the same CPU, disk and PostgreSQL server), so each
// timed run waits, for a bounded time, for a quiet moment: no other active query on the server
// and most of the CPU idle. Whether it got one is recorded with the run.
import { readFileSync } from 'node:fs';

function cpuTimes() {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/).slice(1).map(Number);
  return { idle: fields[3], total: fields.reduce((a, b) => a + b, 0) };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Share of CPU time idle over `ms`. */
async function idleShare(ms) {
  const before = cpuTimes();
  await sleep(ms);
  const after = cpuTimes();
  const total = after.total - before.total;
  return total > 0 ? (after.idle - before.idle) / total : 1;
}

export async function settle(admin, { maxMs, minIdle = 0.75, windowMs = 200 }) {
  const started = performance.now();
  let last = { otherActive: null, idle: null };
  for (let attempt = 0; attempt < 1000; attempt++) {
    const [{ n }] = await admin.query(
      `SELECT count(*)::int AS n FROM pg_catalog.pg_stat_activity WHERE backend_type = 'client backend' AND state <> 'idle' AND pid <> pg_catalog.pg_backend_pid()`,
    );
    const idle = await idleShare(windowMs);
    last = { otherActive: n, idle: Math.round(idle * 100) / 100 };
    if (n === 0 && idle >= minIdle) return { quiet: true, waitedMs: Math.round(performance.now() - started), ...last };
    if (performance.now() - started >= maxMs) break;
  }
  return { quiet: false, waitedMs: Math.round(performance.now() - started), ...last };
}
