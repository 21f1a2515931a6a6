import { describe, expect, it } from 'vitest';
import { splitStatements, transactionMode } from '../../../src/sql/index.js';

describe('transactionMode', () => {
  it('runs a file of transactional statements as one transaction', () => {
    const { statements } = splitStatements('CREATE TABLE t (a int);\nINSERT INTO t VALUES (1);');
    expect(transactionMode(statements)).toEqual({ mode: 'single-transaction' });
  });

  it('runs an empty file as one transaction', () => {
    expect(transactionMode([])).toEqual({ mode: 'single-transaction' });
  });

  it.each([
    [
      'a statement that cannot run in a transaction block',
      'CREATE TABLE t (a int);\n\nCREATE INDEX CONCURRENTLY i ON t (a);',
      'CREATE INDEX CONCURRENTLY',
      3,
    ],
    ['a file managing its own transaction', 'SELECT 1;\nBEGIN;\nCREATE TABLE t (a int);\nCOMMIT;', 'BEGIN', 2],
    ['whichever comes first', 'VACUUM;\nBEGIN;\nCOMMIT;', 'VACUUM', 1],
  ])('runs statement by statement because of %s', (_name, sql, keywords, line) => {
    const mode = transactionMode(splitStatements(sql).statements);
    expect(mode).toMatchObject({ mode: 'statement-by-statement', because: { keywords, line } });
  });

  it('keeps a plpgsql body with BEGIN ... END in one transaction', () => {
    const sql = 'CREATE FUNCTION f() RETURNS void AS $$ BEGIN PERFORM 1; END; $$ LANGUAGE plpgsql;';
    expect(transactionMode(splitStatements(sql).statements)).toEqual({ mode: 'single-transaction' });
  });

  it('keeps ROLLBACK TO SAVEPOINT in one transaction', () => {
    const sql = 'SAVEPOINT a; UPDATE t SET a = 1; ROLLBACK TO SAVEPOINT a; RELEASE a;';
    expect(transactionMode(splitStatements(sql).statements)).toEqual({ mode: 'single-transaction' });
  });
});
