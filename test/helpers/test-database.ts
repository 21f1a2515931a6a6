import { it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './database.js';

/**
 * `it` with a fresh database for each test, dropped after it, handed to the test in its context.
 * Unlike useTestDatabase(), it stays the test's own when the tests of a file run side by side
 * (`describe.concurrent`). Apart from database.ts, which the global setup imports outside any
 * test run.
 *
 *     describe.concurrent('…', () => {
 *       itWithDatabase('…', async ({ db }) => { await runAction({ 'database-url': db.url }); });
 *     });
 */
export const itWithDatabase = it.extend<{ db: TestDatabase }>({
  // eslint-disable-next-line no-empty-pattern -- vitest reads the fixtures this one needs from the pattern
  db: async ({}, use) => {
    const db = await createTestDatabase();
    try {
      await use(db);
    } finally {
      await db.drop();
    }
  },
});
