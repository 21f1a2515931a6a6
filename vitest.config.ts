import { defineConfig } from 'vitest/config';

// Most test time is spent waiting (on PostgreSQL, on the bundle's child processes), and every test
// makes databases of its own, so test files run side by side even on a two-core machine. Vitest's
// default there is one file at a time.
const WORKERS = Number(process.env.TEST_WORKERS) || 6;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: WORKERS,
    reporters: ['default', './test/helpers/closing-line-reporter.ts'],
  },
});
