import { describe, expect, it } from 'vitest';
import { classifyStatement, splitStatements, type StatementKind } from '../../../src/sql/index.js';

type Case = [sql: string, keywords: string];

function expectKind(kind: StatementKind, [sql, keywords]: Case): void {
  const { statements } = splitStatements(sql);
  expect(statements).toHaveLength(1);
  expect(statements[0]).toMatchObject({ kind, keywords });
}

describe('classification: transaction control', () => {
  it.each<Case>([
    ['BEGIN', 'BEGIN'],
    ['BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE', 'BEGIN'],
    ['begin work', 'BEGIN'],
    ['START TRANSACTION READ WRITE', 'START TRANSACTION'],
    ['COMMIT', 'COMMIT'],
    ['commit and chain', 'COMMIT'],
    ['END', 'END'],
    ['ROLLBACK', 'ROLLBACK'],
    ['ROLLBACK WORK', 'ROLLBACK'],
    ['ABORT', 'ABORT'],
    ["PREPARE TRANSACTION 'gid'", 'PREPARE TRANSACTION'],
    ["COMMIT PREPARED 'gid'", 'COMMIT PREPARED'],
    ["ROLLBACK PREPARED 'gid'", 'ROLLBACK PREPARED'],
    ['/* why */ -- because\n  Commit', 'COMMIT'],
  ])('%s', (...c) => expectKind('transaction-control', c));
});

describe('classification: cannot run inside a transaction block', () => {
  it.each<Case>([
    ['CREATE INDEX CONCURRENTLY i ON t (a)', 'CREATE INDEX CONCURRENTLY'],
    ['create unique index concurrently if not exists i on t (a)', 'CREATE UNIQUE INDEX CONCURRENTLY'],
    ['CREATE INDEX CONCURRENTLY ON t (a)', 'CREATE INDEX CONCURRENTLY'],
    ['DROP INDEX CONCURRENTLY IF EXISTS i', 'DROP INDEX CONCURRENTLY'],
    ['REINDEX INDEX CONCURRENTLY i', 'REINDEX INDEX CONCURRENTLY'],
    ['REINDEX (VERBOSE) TABLE CONCURRENTLY t', 'REINDEX TABLE CONCURRENTLY'],
    ['REINDEX (CONCURRENTLY) TABLE t', 'REINDEX TABLE CONCURRENTLY'],
    ['REINDEX (VERBOSE, CONCURRENTLY true) INDEX i', 'REINDEX INDEX CONCURRENTLY'],
    ['REINDEX DATABASE app', 'REINDEX DATABASE'],
    ['REINDEX SYSTEM', 'REINDEX SYSTEM'],
    ['REINDEX (VERBOSE) SCHEMA public', 'REINDEX SCHEMA'],
    ['VACUUM', 'VACUUM'],
    ['VACUUM (VERBOSE, ANALYZE) t', 'VACUUM'],
    ['vacuum full t', 'VACUUM'],
    ["CREATE DATABASE app TEMPLATE template0 ENCODING 'UTF8'", 'CREATE DATABASE'],
    ['DROP DATABASE IF EXISTS app', 'DROP DATABASE'],
    ['ALTER DATABASE app SET TABLESPACE fast', 'ALTER DATABASE SET TABLESPACE'],
    ['ALTER DATABASE app WITH TABLESPACE fast', 'ALTER DATABASE SET TABLESPACE'],
    ['alter database app tablespace = fast', 'ALTER DATABASE SET TABLESPACE'],
    ['ALTER DATABASE U&"d!0061ta" UESCAPE \'!\' SET TABLESPACE fast', 'ALTER DATABASE SET TABLESPACE'],
    ["CREATE TABLESPACE fast LOCATION '/ssd'", 'CREATE TABLESPACE'],
    ['DROP TABLESPACE fast', 'DROP TABLESPACE'],
    ["ALTER SYSTEM SET work_mem = '64MB'", 'ALTER SYSTEM'],
    ['CLUSTER', 'CLUSTER'],
    ['CLUSTER VERBOSE', 'CLUSTER'],
    ['CLUSTER (VERBOSE)', 'CLUSTER'],
    ['ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY', 'ALTER TABLE DETACH PARTITION CONCURRENTLY'],
    ['ALTER TABLE IF EXISTS ONLY s.events DETACH PARTITION s.p CONCURRENTLY', 'ALTER TABLE DETACH PARTITION CONCURRENTLY'],
    ["CREATE SUBSCRIPTION s CONNECTION 'host=x' PUBLICATION p", 'CREATE SUBSCRIPTION'],
    ['DROP SUBSCRIPTION IF EXISTS s', 'DROP SUBSCRIPTION'],
    ['ALTER SUBSCRIPTION s REFRESH PUBLICATION', 'ALTER SUBSCRIPTION'],
    ['DISCARD ALL', 'DISCARD ALL'],
  ])('%s', (...c) => expectKind('no-transaction', c));
});

describe('classification: transactional', () => {
  it.each<Case>([
    ['CREATE TABLE t (a int)', 'CREATE TABLE'],
    ['CREATE INDEX i ON t (a)', 'CREATE INDEX'],
    ['CREATE UNIQUE INDEX i ON t (concurrently)', 'CREATE UNIQUE INDEX'],
    ['CREATE INDEX "concurrently" ON t (a)', 'CREATE INDEX'],
    ['DROP INDEX i', 'DROP INDEX'],
    ['REINDEX TABLE t', 'REINDEX TABLE'],
    ['REINDEX (CONCURRENTLY false) TABLE t', 'REINDEX TABLE'],
    ["REINDEX (CONCURRENTLY 'off') INDEX i", 'REINDEX INDEX'],
    ['CLUSTER t', 'CLUSTER'],
    ['CLUSTER VERBOSE t USING i', 'CLUSTER'],
    ['CLUSTER (VERBOSE) t', 'CLUSTER'],
    ['ANALYZE t', 'ANALYZE'],
    ['ALTER DATABASE app SET search_path = app', 'ALTER DATABASE'],
    ['ALTER DATABASE app SET default_tablespace = fast', 'ALTER DATABASE'],
    ['ALTER DATABASE tablespace RENAME TO app', 'ALTER DATABASE'],
    ['ALTER TABLE events DETACH PARTITION events_2020', 'ALTER TABLE'],
    ['ALTER TABLE events DETACH PARTITION events_2020 FINALIZE', 'ALTER TABLE'],
    ["ALTER TABLE t ADD CONSTRAINT c CHECK (a <> 'DETACH PARTITION CONCURRENTLY')", 'ALTER TABLE'],
    ['ALTER TABLESPACE fast RENAME TO faster', 'ALTER TABLESPACE'],
    ['SAVEPOINT before_backfill', 'SAVEPOINT'],
    ['RELEASE SAVEPOINT before_backfill', 'RELEASE'],
    ['ROLLBACK TO SAVEPOINT before_backfill', 'ROLLBACK TO SAVEPOINT'],
    ['rollback work to before_backfill', 'ROLLBACK TO'],
    ['PREPARE transaction AS SELECT 1', 'PREPARE'],
    ['DISCARD TEMP', 'DISCARD'],
    ['CREATE OR REPLACE FUNCTION f() RETURNS int RETURN 1', 'CREATE OR REPLACE FUNCTION'],
    ['CREATE MATERIALIZED VIEW v AS SELECT 1', 'CREATE MATERIALIZED VIEW'],
    ['ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO r', 'ALTER DEFAULT PRIVILEGES'],
    ['INSERT INTO t VALUES (1)', 'INSERT'],
    ['(SELECT 1) UNION (SELECT 2)', 'SELECT'],
    ['WITH x AS (SELECT 1) SELECT * FROM x', 'WITH'],
    ['SELECT 1 AS "begin"', 'SELECT'],
  ])('%s', (...c) => expectKind('transactional', c));
});

describe('classifyStatement', () => {
  it('classifies a statement text on its own', () => {
    expect(classifyStatement('create index concurrently i on t (a)')).toEqual({
      kind: 'no-transaction',
      keywords: 'CREATE INDEX CONCURRENTLY',
    });
  });

  it('caps keywords at four words', () => {
    expect(classifyStatement('CREATE OR REPLACE TRUSTED PROCEDURAL LANGUAGE x').keywords).toBe('CREATE OR REPLACE TRUSTED');
  });

  it("gives '' as keywords for a statement without words", () => {
    expect(classifyStatement("('x')")).toEqual({ kind: 'transactional', keywords: '' });
  });
});
