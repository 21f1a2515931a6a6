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

export const SYSTEM_CLOCK: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};
