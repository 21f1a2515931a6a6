import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * Set by the global setup when dist/ is not the build of the current sources (see
 * scripts/build-stamp.mjs), to the reason; the test processes start after it and inherit it.
 */
const STALE_VARIABLE = 'TEST_BUNDLE_STALE';

/** Why dist/ is stale, or null; run once per test run, by the global setup. */
export function checkBundle(root: string): string | null {
  try {
    execFileSync(process.execPath, [path.join(root, 'scripts/build-stamp.mjs'), 'check'], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
    return null;
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? '').trim() || String(error);
  }
}

export function markBundleStale(reason: string | null): void {
  if (reason) process.env[STALE_VARIABLE] = reason;
  else delete process.env[STALE_VARIABLE];
}

/**
 * Tests that run dist/index.js call this first: testing a bundle older than the sources would
 * pass or fail for the wrong reasons, so such a test fails with one line that says what to do.
 */
export function assertFreshBundle(): void {
  const reason = process.env[STALE_VARIABLE];
  if (reason)
    throw new Error(`dist/ is not the build of the current sources (${reason}): run npm run bundle, or npm test, which builds when needed`);
}
