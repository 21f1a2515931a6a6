import { afterEach, beforeEach, expect, it } from 'vitest';
import { openPostgresDriver } from '../../src/database/postgres-driver.js';
import { parseDatabaseUrl } from '../../src/database/url.js';
import { splitStatements } from '../../src/sql/index.js';
import { createTestDatabase, stateOf, tableExists, type TestDatabase } from '../helpers/database.js';

// The driver's own guard, behind the lexer's refusal of a BEGIN without COMMIT (prepare.ts): a
// file that still leaves the session inside a transaction is not recorded clean inside it.

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

it('a file run statement by statement that ends inside its own transaction stays dirty, and says so', async () => {
  const driver = await openPostgresDriver({
    target: parseDatabaseUrl(db.url, {}),
    migrationsTable: 'schema_migrations',
    lockTimeoutMs: 5000,
    connectTimeoutMs: 5000,
    lockStrategy: 'session',
    events: {},
  });
  try {
    await driver.lock();
    const sql = 'BEGIN;\nCREATE TABLE opened (id int);\n';
    const { statements } = splitStatements(sql);
    await driver.setDirty({ version: 1n, recordVersion: 1n, planned: null, createTable: true, statementLockTimeoutMs: 1000 });
    for (const statement of statements) {
      await driver.runStatement({
        migration: { version: 1n, file: '1_open.up.sql', sql, statements },
        statement,
        statementLockTimeoutMs: 1000,
      });
    }
    await expect(driver.setClean({ version: 1n, recordVersion: 1n, history: null, statementLockTimeoutMs: 1000 })).rejects.toMatchObject({
      code: 'sql',
      message: expect.stringContaining('migration 1 ended inside a transaction it opened itself'),
      data: { version: 1n, dirty: true },
    });
    // the session goes on, outside any transaction
    expect(await driver.peekVersion()).toMatchObject({ version: 1n, dirty: true });
  } finally {
    await driver.unlock().catch(() => {});
    await driver.close();
  }
  expect(await stateOf(db)).toEqual({ version: 1, dirty: true });
  expect(await tableExists(db, 'opened')).toBe(false);
});
