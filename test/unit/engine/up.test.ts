import { describe, expect, it } from 'vitest';
import { runCheck, runForce, runUp } from '../../../src/engine/index.js';
import { runPlan } from '../../../src/engine/plan-command.js';
import { exitCodeFor } from '../../../src/errors.js';
import { engineSetup } from './engine-options.js';

const FILES = {
  '1_a.up.sql': 'CREATE TABLE a (id int);',
  '2_b.up.sql': 'CREATE TABLE b (id int);',
  '3_c.up.sql': 'CREATE TABLE c (id int);',
};

describe('up', () => {
  it('applies every pending migration in order, each with its version and history row', async () => {
    const { db, options } = engineSetup(FILES);
    const result = await runUp(options);
    expect(result).toMatchObject({ status: 'applied', previousVersion: null, version: 3n, dirty: false, pending: [] });
    expect(result.applied.map((m) => m.version)).toEqual([1n, 2n, 3n]);
    expect(db.state).toEqual({ version: 3n, dirty: false });
    expect(db.committed).toEqual(Object.values(FILES));
    expect(db.histories.get('schema_migrations_history')?.map((row) => row.version)).toEqual([1n, 2n, 3n]);
  });

  it('creates the state table and the history table with the first migration, not before', async () => {
    const { db, options } = engineSetup(FILES);
    await runUp(options);
    expect(db.messages).toEqual(['lock', 'version', 'readHistory', 'mayWriteHistory', 'run', 'run', 'run', 'unlock']);
    expect(db.state).toEqual({ version: 3n, dirty: false });
  });

  it('leaves a database never migrated without a state table when its first migration fails, as if never run', async () => {
    const { db, options } = engineSetup(FILES);
    db.fail({
      at: 'run',
      matching: 'CREATE TABLE a',
      fault: { kind: 'server', sqlState: '42P07', message: 'relation "a" already exists' },
    });
    const result = await runUp(options);
    expect(result.error).toMatchObject({ code: 'sql', message: 'relation "a" already exists', data: { version: 1n } });
    expect(result).toMatchObject({ status: 'failed', version: null, dirty: false });
    expect(db.state).toBeNull();
    expect(db.committed).toEqual([]);
  });

  it('makes the state table with a first migration that runs statement by statement: its dirty mark', async () => {
    const { db, options } = engineSetup({ '1_idx.up.sql': 'CREATE TABLE a (id int);\nVACUUM a;', '2_b.up.sql': FILES['2_b.up.sql'] });
    const result = await runUp(options);
    expect(result).toMatchObject({ status: 'applied', version: 2n, dirty: false });
    expect(db.messages).toEqual([
      'lock',
      'version',
      'readHistory',
      'mayWriteHistory',
      'setDirty',
      'statement',
      'statement',
      'setClean',
      'run',
      'unlock',
    ]);
  });

  it('continues from the version the database is at', async () => {
    const { db, options } = engineSetup(FILES);
    db.setVersion(1n);
    const result = await runUp(options);
    expect(result.applied.map((m) => m.version)).toEqual([2n, 3n]);
    expect(result.previousVersion).toBe(1n);
    expect(db.committed).toEqual([FILES['2_b.up.sql'], FILES['3_c.up.sql']]);
  });

  it('does nothing on an up-to-date database, in four messages', async () => {
    const { db, options } = engineSetup(FILES);
    db.setVersion(3n);
    const result = await runUp(options);
    expect(result).toMatchObject({ status: 'up-to-date', version: 3n, applied: [], pending: [] });
    // with the connection's own query (current_schema), the no-op's round trips
    expect(db.messages).toEqual(['lock', 'version', 'readHistory', 'unlock']);
  });
});

describe('check, plan and force', () => {
  it('check lists the pending migrations and changes nothing', async () => {
    const { db, options } = engineSetup(FILES);
    db.setVersion(1n);
    const result = await runCheck(options);
    expect(result).toMatchObject({ status: 'pending', version: 1n });
    expect(result.pending.map((m) => m.version)).toEqual([2n, 3n]);
    expect(db.messages).toEqual(['lock', 'version', 'readHistory', 'unlock']);
  });

  it('check fails on pending migrations with fail-on-pending', async () => {
    const { options } = engineSetup(FILES, { failOnPending: true });
    const result = await runCheck(options);
    expect(result.error).toMatchObject({ code: 'pending', message: '3 pending migrations: 1, 2, 3 (fail-on-pending is set)' });
    expect(result.status).toBe('pending');
    expect(exitCodeFor(result.error!.code)).toBe(1);
  });

  it('plan runs the pending migrations in a transaction that is rolled back', async () => {
    const { db, options } = engineSetup(FILES);
    db.setVersion(1n);
    const result = await runPlan(options);
    expect(result.status).toBe('planned');
    expect(result.proof?.tried.map((m) => m.version)).toEqual([2n, 3n]);
    expect(db.state).toEqual({ version: 1n, dirty: false });
    expect(db.committed).toEqual([]);
  });

  it('force records a version as clean, whatever the state', async () => {
    const { db, options } = engineSetup(FILES);
    db.setVersion(2n, true);
    const result = await runForce(options, 2n);
    expect(result).toMatchObject({ status: 'forced', previousVersion: 2n, previousDirty: true, version: 2n, dirty: false });
    expect(db.state).toEqual({ version: 2n, dirty: false });
  });

  it('force -1 records no version', async () => {
    const { db, options } = engineSetup(FILES);
    db.setVersion(2n, true);
    await runForce(options, -1n);
    expect(db.state).toEqual({ version: null, dirty: false });
  });
});

// The session was lost after the server had run a migration (and perhaps those sent behind it):
// what committed is read again on a new session, never stated from what the run saw.
describe('a session lost with its answers', () => {
  it('reads the version again on a new session: the outputs say where the database is', async () => {
    const { db, options } = engineSetup(FILES);
    db.fail({
      at: 'run',
      matching: 'CREATE TABLE b',
      fault: { kind: 'lost-connection', reason: 'Connection terminated unexpectedly', committed: true },
    });
    const result = await runUp(options);
    expect(result.error?.data.outcomeUnknown).toBe(true);
    expect(db.state).toEqual({ version: 2n, dirty: false });
    expect(result).toMatchObject({ status: 'failed', version: 2n, dirty: false, versionReread: true });
    expect(result.applied.map((m) => m.version)).toEqual([1n, 2n]);
    expect(result.pending.map((m) => m.version)).toEqual([3n]);
    // under the lock, on a new session: final once the old session has let it go
    expect(db.messages.slice(-3)).toEqual(['lock', 'version', 'unlock']);
    expect(db.messages.filter((message) => message === 'lock')).toHaveLength(2);
  });

  it('says so when the version cannot be read again', async () => {
    const { db, options } = engineSetup(FILES);
    db.fail({ at: 'run', matching: 'CREATE TABLE b', fault: { kind: 'lost-connection', committed: true } });
    // the new session cannot have the lock either
    db.beforeMessage = (operation, database) => {
      if (operation === 'lock' && database.messages.filter((message) => message === 'lock').length === 2)
        database.fail({ at: 'lock', fault: { kind: 'lost-connection' } });
    };
    const result = await runUp(options);
    expect(result.versionReread).toBe('failed');
    expect(result.version).toBe(1n);
  });
});
