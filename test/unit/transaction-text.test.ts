import { describe, expect, it } from 'vitest';
import type { TransactionStep } from '../../src/database/driver.js';
import { sessionSwitchedTo } from '../../src/database/guards.js';
import { historyTable } from '../../src/database/history-table.js';
import { stepText, type LockContext } from '../../src/database/transaction-text.js';
import { splitStatements } from '../../src/sql/index.js';

const state = { schema: 'public', table: 'schema_migrations', qualified: '"public"."schema_migrations"' };
const session: LockContext = { strategy: 'session', lockId: '616192132', state, lockTimeoutMs: 60_000 };
const transaction: LockContext = { ...session, strategy: 'transaction' };

function step(overrides: Partial<TransactionStep> = {}): TransactionStep {
  const sql = 'CREATE TABLE b (id int); -- trailing comment';
  return {
    migration: { version: 9007199254740993n, file: 'm/2_b.up.sql', sql, statements: splitStatements(sql).statements },
    recordVersion: 9007199254740993n,
    planned: { version: 1n, exists: true },
    statementLockTimeoutMs: 10_000,
    history: null,
    scope: 'own',
    ...overrides,
  };
}

describe('the one message of a transactional migration', () => {
  it('holds BEGIN, the table lock, the guard, the file, the version row, the server-side duration and COMMIT, in that order', () => {
    const { text, prefix, leading } = stepText(session, step());
    expect(text).toBe(
      [
        'BEGIN;',
        'LOCK TABLE "public"."schema_migrations" IN EXCLUSIVE MODE;',
        "SELECT CASE WHEN NOT pg_catalog.pg_try_advisory_xact_lock(616192132) THEN 1 / (pg_catalog.pg_backend_pid() * 0) WHEN NOT (SELECT count(*) FILTER (WHERE version = 1 AND NOT dirty) = 1 AND count(*) = 1 FROM \"public\".\"schema_migrations\") THEN ('state ' || pg_catalog.pg_backend_pid())::int ELSE 0 END, pg_catalog.set_config('lock_timeout', '10000ms', true);",
        'CREATE TABLE b (id int); -- trailing comment',
        ';',
        'DELETE FROM "public"."schema_migrations";',
        'INSERT INTO "public"."schema_migrations" (version, dirty) VALUES (9007199254740993, false);',
        'SELECT extract(epoch FROM pg_catalog.clock_timestamp() - pg_catalog.now())::float8 * 1000 AS ms;',
        'COMMIT',
      ].join('\n'),
    );
    expect(prefix.map((statement) => statement.role)).toEqual(['setup', 'guard']);
    expect(leading).toBe(1);
  });

  it("repeats a file's leading SET TRANSACTION ISOLATION LEVEL right after BEGIN, before the guards' queries", () => {
    const sql = '-- serializable, as the server runs it\nset transaction  isolation level\n  repeatable read;\nCREATE TABLE b (id int);';
    const migration = { version: 2n, file: 'm/2_b.up.sql', sql, statements: splitStatements(sql).statements };
    const { text, prefix } = stepText(session, step({ migration }));
    expect(text.split('\n').slice(0, 3)).toEqual([
      'BEGIN;',
      'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ;',
      'LOCK TABLE "public"."schema_migrations" IN EXCLUSIVE MODE;',
    ]);
    expect(prefix.map((statement) => statement.role)).toEqual(['setup', 'setup', 'guard']);
    // not in a rehearsal (no BEGIN of its own), nor any other form of SET TRANSACTION
    expect(stepText(session, step({ migration, scope: 'open' })).prefix).toHaveLength(2);
    for (const other of ['SET TRANSACTION READ ONLY; SELECT 1;', 'SELECT 1; SET TRANSACTION ISOLATION LEVEL SERIALIZABLE;']) {
      const statements = splitStatements(other).statements;
      expect(stepText(session, step({ migration: { ...migration, sql: other, statements } })).prefix).toHaveLength(2);
    }
  });

  it('under lock-strategy transaction, waits for the lock in the message and creates a missing state table', () => {
    const { text, prefix } = stepText(transaction, step({ planned: { version: null, exists: false }, statementLockTimeoutMs: 0 }));
    expect(prefix.map((statement) => statement.role)).toEqual(['setup', 'lock', 'setup', 'setup', 'setup', 'guard']);
    expect(text).toMatch(
      /^BEGIN;\nSET LOCAL lock_timeout = '60000ms';\nSELECT pg_catalog\.pg_advisory_xact_lock\(616192132\);\nCREATE TABLE IF NOT EXISTS /,
    );
    expect(text).toContain('SET LOCAL lock_timeout = DEFAULT;');
    expect(text).toContain('NOT EXISTS (SELECT FROM "public"."schema_migrations")');
  });

  it('on a database never migrated, under the session lock, creates the state table before locking it', () => {
    const { text, prefix } = stepText(session, step({ planned: { version: null, exists: false } }));
    expect(prefix.map((statement) => statement.role)).toEqual(['setup', 'setup', 'guard']);
    expect(text).toMatch(
      /^BEGIN;\nCREATE TABLE IF NOT EXISTS "public"\."schema_migrations" \(version bigint not null primary key, dirty boolean not null\);\nLOCK TABLE /,
    );
  });

  it("carries the lock's proof in its guard while it is owed: the session first, naming the one it ran on", () => {
    const { text } = stepText({ ...session, sessionPid: 4242 }, step());
    expect(text).toContain(
      "SELECT CASE WHEN pg_catalog.pg_backend_pid() <> 4242 THEN ('served by ' || pg_catalog.pg_backend_pid())::int WHEN NOT pg_catalog.pg_try_advisory_xact_lock(616192132)",
    );
    expect(sessionSwitchedTo('22P02', 'invalid input syntax for type integer: "served by 4343"')).toBe(4343);
    expect(sessionSwitchedTo('22P02', 'invalid input syntax for type integer: "state 4343"')).toBeNull();
    expect(sessionSwitchedTo('22012', 'division by zero')).toBeNull();
  });

  it('inside a rehearsal, has no BEGIN or COMMIT of its own', () => {
    const { text, leading } = stepText(session, step({ scope: 'open' }));
    expect(text.startsWith('LOCK TABLE')).toBe(true);
    expect(text).not.toContain('COMMIT');
    expect(text).not.toContain('clock_timestamp');
    expect(leading).toBe(0);
  });

  it('writes the history row, and the table with the first one, in the same message', () => {
    const table = historyTable(state, 'schema_migrations_history');
    const entry = { version: 9007199254740993n, name: 'b', checksum: 'sha256:x', appliedBy: 'me', runUrl: null, commit: null };
    const { text } = stepText(session, step({ history: { table, create: true, entry } }));
    expect(text).toMatch(
      /VALUES \(9007199254740993, false\);\nSELECT pg_advisory_xact_lock\(1869441129, -?\d+\);\nCREATE TABLE IF NOT EXISTS "public"\."schema_migrations_history" \(/,
    );
    expect(text).toMatch(
      /INSERT INTO "public"\."schema_migrations_history" .* VALUES \(9007199254740993, 'b', 'sha256:x', extract\(epoch FROM clock_timestamp\(\) - now\(\)\) \* 1000, 'me', NULL, NULL\);\nSELECT extract\(epoch FROM pg_catalog\.clock_timestamp\(\) - pg_catalog\.now\(\)\)::float8 \* 1000 AS ms;\nCOMMIT$/,
    );
  });

  it('counts the statements after the file as PostgreSQL will, with names and values that hold a ;', () => {
    const hostile = { schema: 'a;b', table: 'x";y', qualified: '"a;b"."x"";y"' };
    const entry = { version: 7n, name: "n';--", checksum: 'sha256:;', appliedBy: 'me;', runUrl: "u';", commit: null };
    let checked = 0;
    for (const context of [session, transaction, { ...session, state: hostile }]) {
      for (const scope of ['own', 'open'] as const) {
        for (const recordVersion of [null, 7n]) {
          for (const history of [null, false, true]) {
            const table = historyTable(context.state, 'h;"story');
            const { text, head, after } = stepText(
              context,
              step({
                migration: { version: 7n, file: null, sql: '', statements: [] },
                recordVersion,
                scope,
                history: history === null ? null : { table, create: history, entry },
              }),
            );
            // an empty migration sends no file text: everything after the head follows the file
            expect(after.statements).toBe(splitStatements(text.slice(head.length)).statements.length);
            expect(after.commits).toBe(scope === 'own');
            checked++;
          }
        }
      }
    }
    expect(checked).toBe(36);
  });

  it('sends no file text for an empty migration, only its version row', () => {
    const { text } = stepText(session, step({ migration: { version: 3n, file: null, sql: '', statements: [] }, recordVersion: 3n }));
    expect(text).toMatch(
      /;\nDELETE FROM "public"\."schema_migrations";\nINSERT INTO "public"\."schema_migrations" \(version, dirty\) VALUES \(3, false\);\nSELECT extract\(epoch FROM pg_catalog\.clock_timestamp\(\) - pg_catalog\.now\(\)\)::float8 \* 1000 AS ms;\nCOMMIT$/,
    );
  });
});
