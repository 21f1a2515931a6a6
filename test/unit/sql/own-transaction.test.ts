import { describe, expect, it } from 'vitest';
import { insideOwnTransaction, splitStatements, transactionLeftOpen } from '../../../src/sql/index.js';

const statements = (sql: string) => splitStatements(sql).statements;
const leftOpen = (sql: string) => transactionLeftOpen(statements(sql));

describe('transactionLeftOpen: a BEGIN the file never ends', () => {
  it('finds the BEGIN of a file that ends inside its own transaction', () => {
    expect(leftOpen('CREATE TABLE a (id int);\nBEGIN;\nCREATE TABLE b (id int);\n')).toMatchObject({ keywords: 'BEGIN', line: 2 });
    expect(leftOpen('START TRANSACTION ISOLATION LEVEL SERIALIZABLE;\nSELECT 1;')).toMatchObject({
      keywords: 'START TRANSACTION',
      line: 1,
    });
    expect(leftOpen('BEGIN WORK; SELECT 1; BEGIN; SELECT 2;')).toMatchObject({ line: 1 });
  });

  it('finds nothing when every transaction ends', () => {
    for (const sql of [
      'BEGIN; CREATE TABLE a (id int); COMMIT;',
      'BEGIN; SELECT 1; END;',
      'BEGIN; SELECT 1; ROLLBACK;',
      'START TRANSACTION; SELECT 1; ABORT;',
      'BEGIN; SELECT 1; COMMIT AND NO CHAIN;',
      "BEGIN; SELECT 1; PREPARE TRANSACTION 'x';",
      'CREATE INDEX CONCURRENTLY i ON t (c);',
      'BEGIN; SELECT 1; ROLLBACK TO SAVEPOINT s; COMMIT;',
    ]) {
      expect(leftOpen(sql), sql).toBeNull();
    }
  });

  it('AND CHAIN opens the next transaction at once: a file ending after it ends inside one', () => {
    expect(leftOpen('BEGIN; SELECT 1; COMMIT AND CHAIN; SELECT 2;')).toMatchObject({ keywords: 'COMMIT', line: 1 });
    expect(leftOpen('BEGIN;\nSELECT 1;\nROLLBACK AND /* the next */ CHAIN -- kept open\n;')).toMatchObject({
      keywords: 'ROLLBACK',
      line: 3,
    });
    expect(leftOpen('BEGIN; SELECT 1; COMMIT AND CHAIN; SELECT 2; COMMIT;')).toBeNull();
  });
});

describe('insideOwnTransaction', () => {
  it('tells, statement by statement, whether the file is inside a transaction of its own after it', () => {
    const inside: boolean[] = [];
    let state = false;
    for (const statement of statements('SELECT 0; BEGIN; SELECT 1; COMMIT AND CHAIN; SELECT 2; COMMIT; SELECT 3;')) {
      state = insideOwnTransaction(statement, state);
      inside.push(state);
    }
    expect(inside).toEqual([false, true, true, true, true, false, false]);
  });
});
