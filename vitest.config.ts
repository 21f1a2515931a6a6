import { defineConfig } from 'vitest/config';

// Most test time is spent waiting (on PostgreSQL, on the bundle's child processes), and every test
// makes databases of its own, so test files run side by side even on a two-core machine. Vitest's
// default there is one file at a time.
const WORKERS = Number(process.env.TEST_WORKERS) || 4;

// What the everyday `npm test` (which sets TEST_EVERYDAY) leaves out unless TEST_ALL is set, as
// CI sets it; `npm run test:all` and `npx vitest run [FILE…]` include them. The suite is bound by
// the CPU of two cores (every test runs the bundle), so the everyday run keeps the product's own
// behaviour and leaves to CI:
// - the slowest files: servers of their own that are killed and restarted, a PgBouncer,
//   concurrent load, throwaway embedded servers;
// - the referee comparisons with golang-migrate's CLI, and the compatibility suite, which CI runs
//   on every PostgreSQL major and on Node 24 as well (`npm run test:compat` runs it here).
export const SLOW_FILES = [
  'test/integration/faults.test.ts',
  'test/integration/load.test.ts',
  'test/integration/pgbouncer.test.ts',
  'test/integration/embedded.test.ts',
  'test/integration/golang-migrate-fidelity.test.ts',
  'test/integration/golang-migrate-url.test.ts',
  'test/compat/**',
];

export default defineConfig({
  test: {
    exclude: ['**/node_modules/**', ...(process.env.TEST_EVERYDAY && !process.env.TEST_ALL ? SLOW_FILES : [])],
    // A safety net for hung tests, not a measure: on a loaded two-core machine the fault trials
    // (servers killed and restarted many times) have taken more than a minute.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: WORKERS,
    // Tests of a `describe.concurrent` block in flight at once, each with its own database and
    // run of the bundle (vitest's default, stated: docs/testing.md gives the figure).
    maxConcurrency: 5,
    reporters: ['default', './test/helpers/closing-line-reporter.ts'],
    projects: [
      // Pure logic: its files share a process (and its loaded modules) instead of each starting
      // one of its own, which costs about half a second of CPU a file.
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], isolate: false } },
      // Each file in a process of its own: they start servers, change the environment, hold state.
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/compat/**/*.test.ts'],
          globalSetup: ['test/helpers/global-setup.ts'],
        },
      },
    ],
  },
});
