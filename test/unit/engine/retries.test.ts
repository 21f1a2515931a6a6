import { describe, expect, it } from 'vitest';
import { runUp } from '../../../src/engine/index.js';
import { runPlan } from '../../../src/engine/plan-command.js';
import { DEADLOCK, LOCK_TIMEOUT } from './memory-driver.js';
import { engineSetup } from './engine-options.js';

const FILES = {
  '1_a.up.sql': 'CREATE TABLE a (id int);',
  '2_b.up.sql': 'ALTER TABLE a ADD COLUMN b int;',
  '3_c.up.sql': 'CREATE TABLE c (id int);',
};

describe('a migration that meets a lock timeout or a deadlock', () => {
  it('runs again after 1 s, then 2 s, and is applied once it gets through', async () => {
    const { db, clock, log, options } = engineSetup(FILES);
    db.fail({ at: 'run', matching: 'ADD COLUMN b', times: 2, fault: LOCK_TIMEOUT });
    const result = await runUp(options);
    expect(result.status).toBe('applied');
    expect(clock.sleeps).toEqual([1000, 2000]);
    expect(result.applied.map((m) => [m.version, m.retries])).toEqual([
      [1n, 0],
      [2n, 2],
      [3n, 0],
    ]);
    expect(log).toContain('retry 2 b 1/3 in 1000 ms: canceling statement due to lock timeout');
    expect(db.committed.filter((sql) => sql.includes('ADD COLUMN b'))).toHaveLength(1);
  });

  it('retries a deadlock the same way', async () => {
    const { db, clock, options } = engineSetup(FILES);
    db.fail({ at: 'run', matching: 'ADD COLUMN b', fault: DEADLOCK });
    expect((await runUp(options)).status).toBe('applied');
    expect(clock.sleeps).toEqual([1000]);
  });

  it('gives up after statement-lock-retries, rolled back and clean at the version before', async () => {
    const { db, clock, options } = engineSetup(FILES, { statementLockRetries: 2 });
    db.fail({ at: 'run', matching: 'ADD COLUMN b', times: 10, fault: LOCK_TIMEOUT });
    const result = await runUp(options);
    expect(result.error).toMatchObject({
      code: 'sql',
      message: 'canceling statement due to lock timeout',
      data: { version: 2n, sqlState: '55P03' },
    });
    expect(result).toMatchObject({ status: 'failed', version: 1n, dirty: false });
    expect(result.pending.map((m) => m.version)).toEqual([2n, 3n]);
    expect(clock.sleeps).toEqual([1000, 2000]);
    expect(db.state).toEqual({ version: 1n, dirty: false });
  });

  it('doubles the wait up to 30 s, with ±20 % jitter', async () => {
    const { db, clock, options } = engineSetup(FILES, { statementLockRetries: 7 });
    db.fail({ at: 'run', matching: 'ADD COLUMN b', times: 7, fault: LOCK_TIMEOUT });
    clock.random = () => 0;
    await runUp(options);
    expect(clock.sleeps).toEqual([800, 1600, 3200, 6400, 12_800, 24_000, 24_000]);
  });

  it('does not retry other failures', async () => {
    const { db, clock, options } = engineSetup(FILES);
    db.fail({
      at: 'run',
      matching: 'ADD COLUMN b',
      fault: { kind: 'server', sqlState: '42601', message: 'syntax error at or near "ADD"' },
    });
    const result = await runUp(options);
    expect(result.error?.message).toBe('syntax error at or near "ADD"');
    expect(clock.sleeps).toEqual([]);
  });

  it('is not retried inside plan’s rolled-back transaction, which the failure aborted', async () => {
    const { db, clock, options } = engineSetup(FILES);
    db.fail({ at: 'run', matching: 'ADD COLUMN b', fault: LOCK_TIMEOUT });
    const result = await runPlan(options);
    expect(result.error?.data.sqlState).toBe('55P03');
    expect(clock.sleeps).toEqual([]);
  });
});

describe('a statement of a file that runs statement by statement', () => {
  const STATEMENTS = {
    '1_a.up.sql': 'CREATE TABLE a (id int);',
    '2_idx.up.sql': 'ALTER TABLE a ADD COLUMN b int;\nCREATE INDEX CONCURRENTLY a_b ON a (b);',
  };

  it('runs again alone when it met a lock timeout outside the file’s own transaction', async () => {
    const { db, clock, log, options } = engineSetup(STATEMENTS);
    db.fail({ at: 'statement', matching: 'ADD COLUMN b', fault: LOCK_TIMEOUT });
    const result = await runUp(options);
    expect(result.status).toBe('applied');
    expect(result.applied.at(-1)?.retries).toBe(1);
    expect(clock.sleeps).toEqual([1000]);
    expect(log).toContain('retry 2 statement at line 1 1/3 in 1000 ms: canceling statement due to lock timeout');
    expect(db.state).toEqual({ version: 2n, dirty: false });
  });

  it('never runs a concurrent index build again: a failed one leaves an invalid index', async () => {
    const { db, clock, options } = engineSetup(STATEMENTS);
    db.fail({ at: 'statement', matching: 'CONCURRENTLY', fault: LOCK_TIMEOUT });
    const result = await runUp(options);
    expect(result).toMatchObject({ status: 'failed', version: 2n, dirty: true });
    expect(result.error).toMatchObject({ code: 'sql', data: { dirty: true, location: { file: 'm/2_idx.up.sql', line: 2, column: 1 } } });
    expect(clock.sleeps).toEqual([]);
  });

  it('never runs a statement inside the file’s own transaction again', async () => {
    const { db, clock, options } = engineSetup({
      '1_a.up.sql': 'CREATE TABLE a (id int);',
      '2_own.up.sql': 'BEGIN;\nALTER TABLE a ADD COLUMN b int;\nCOMMIT;',
    });
    db.fail({ at: 'statement', matching: 'ADD COLUMN b', fault: LOCK_TIMEOUT });
    const result = await runUp(options);
    expect(result).toMatchObject({ status: 'failed', dirty: true });
    expect(clock.sleeps).toEqual([]);
  });
});
