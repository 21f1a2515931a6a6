import { MigrateError } from '../errors.js';
import type { Clock } from './clock.js';

export interface RetryPolicy {
  /** how many times to run again after the first failure */
  retries: number;
  canRetry(error: MigrateError): boolean;
  /** told before each wait: the attempt about to start (1 for the first retry) and the wait */
  onRetry(attempt: number, delayMs: number, error: MigrateError): void;
  clock: Clock;
}

/**
 * Runs `work` until it succeeds or fails in a way the policy does not retry; returns how many
 * times it ran again. The wait doubles from 1 s up to 30 s, with ±20 % jitter so that two
 * migrators that met on a lock do not meet again.
 */
export async function retrying(work: () => Promise<void>, policy: RetryPolicy): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      await work();
      return attempt;
    } catch (error) {
      if (!(error instanceof MigrateError) || attempt >= policy.retries || !policy.canRetry(error)) throw error;
      const delayMs = backoffMs(attempt, policy.clock.random());
      policy.onRetry(attempt + 1, delayMs, error);
      await policy.clock.sleep(delayMs);
    }
  }
}

export function backoffMs(attempt: number, random: number): number {
  return Math.min(30_000, 1000 * 2 ** attempt) * (0.8 + random * 0.4);
}
