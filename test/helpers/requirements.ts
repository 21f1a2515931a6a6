import { it } from 'vitest';

/** Whether the run is CI's (.ci/run and the GitHub workflow set CI), where everything is installed. */
export const UNDER_CI = !!process.env.CI;

/**
 * Declares what the tests that follow need from the machine (a program, a privilege), and
 * returns true when they must skip. A missing requirement never passes unseen: outside CI it adds
 * one skipped test whose note says what is missing and how to get it, which the closing lines of
 * the run repeat; under CI, where .ci/run and the workflow install everything, it adds a failed
 * test instead, so that a broken install step cannot turn into a green run that tested less.
 *
 *     const noPgBouncer = requires('PgBouncer', hasPgBouncer ? null : 'pgbouncer is not installed …');
 *     describe.skipIf(noPgBouncer)('through a real PgBouncer', () => { … });
 *
 * `missing` is null when the requirement is met. `optionalUnderCi` is for what CI cannot have
 * everywhere (e.g. a program the embedded PostgreSQL packages do not ship): it skips, with its
 * note, under CI too.
 */
export function requires(what: string, missing: string | null, { optionalUnderCi = false } = {}): boolean {
  if (missing === null) return false;
  if (UNDER_CI && !optionalUnderCi) {
    it(`has ${what}`, () => {
      throw new Error(`${what} is required under CI: ${missing}`);
    });
  } else {
    it(`has ${what}`, (context) => context.skip(`needs ${what}: ${missing}`));
  }
  return true;
}
