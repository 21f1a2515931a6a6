/**
 * Time as the engine sees it: durations, the waits between retries and their jitter. Injected,
 * so that the engine's rules are tested without waiting.
 */
export interface Clock {
  /** milliseconds from an arbitrary origin, for durations */
  now(): number;
  sleep(ms: number): Promise<void>;
  /** a number in [0, 1), for jitter */
  random(): number;
}

// process.hrtime, not performance.now(): the first use of `performance` loads Node's perf_hooks
// (eleven internal modules, 1.5-3 ms), just before a run's first migration is sent.
const ORIGIN = process.hrtime.bigint();

export const SYSTEM_CLOCK: Clock = {
  now: () => Number(process.hrtime.bigint() - ORIGIN) / 1e6,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};
