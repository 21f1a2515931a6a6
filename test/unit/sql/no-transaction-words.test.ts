import { describe, expect, it } from 'vitest';
import { classifyStatement } from '../../../src/sql/index.js';
import { mayRefuseTransaction } from '../../../src/sql/no-transaction-words.js';

describe('the words a statement that refuses a transaction block needs', () => {
  it.each([
    'VACUUM',
    'vacuum analyze t',
    'CLUSTER',
    'discard all',
    'REINDEX SCHEMA public',
    'reindex (concurrently) index i',
    'CREATE DATABASE d',
    'create tablespace s location $$/x$$',
    'DROP SUBSCRIPTION s',
    'create unique index concurrently i on t (c)',
    'DROP INDEX CONCURRENTLY i',
    'ALTER SYSTEM SET work_mem = 1',
    'alter database d set tablespace s',
    'ALTER TABLE t DETACH PARTITION p CONCURRENTLY',
    // upper-cased as the classifier upper-cases a word: dotless ı becomes I
    'dıscard all',
  ])('finds %j, which the classifier refuses too', (statement) => {
    expect(classifyStatement(statement).kind).toBe('no-transaction');
    expect(mayRefuseTransaction(`-- a migration\n${statement};\n`)).toBe(true);
  });

  it('lets a file without any of them pass unlexed', () => {
    expect(mayRefuseTransaction('CREATE TABLE t (id bigint PRIMARY KEY);\nCREATE INDEX t_idx ON t (id);\n')).toBe(false);
  });
});
