import { describe, expect, it } from 'vitest';
import { runCheck, runUp } from '../../../src/engine/index.js';
import { runPlan } from '../../../src/engine/plan-command.js';
import { exitCodeFor } from '../../../src/errors.js';
import { LOST } from './memory-driver.js';
import { engineSetup } from './engine-options.js';

const FILES = {
  '1_a.up.sql': 'CREATE TABLE a (id int);',
  '2_idx.up.sql': 'CREATE INDEX CONCURRENTLY a_id ON a (id);\nVACUUM a;',
  '3_c.up.sql': 'CREATE TABLE c (id int);',
};

describe('a file that cannot run in one transaction', () => {
  it('runs golang-migrate’s way: dirty mark, each statement alone, clean mark with its history row', async () => {
    const { db, log, options } = engineSetup(FILES);
    const result = await runUp(options);
    expect(result).toMatchObject({ status: 'applied', version: 3n, dirty: false });
    expect(db.messages).toEqual([
      'lock',
      'version',
      'readHistory',
      'mayWriteHistory',
      'run',
      'setDirty',
      'statement',
      'statement',
      'setClean',
      'run',
      'unlock',
    ]);
    expect(result.applied.map((m) => m.mode)).toEqual(['transaction', 'statement-by-statement', 'transaction']);
    expect(log).toContain('start 2 statement-by-statement');
    expect(db.histories.get('schema_migrations_history')?.map((row) => row.version)).toEqual([1n, 2n, 3n]);
  });

  it('leaves the database dirty at its version when a statement fails, and stops there', async () => {
    const { db, options } = engineSetup(FILES);
    db.fail({ at: 'statement', matching: 'VACUUM', fault: { kind: 'server', sqlState: '42501', message: 'permission denied' } });
    const result = await runUp(options);
    expect(result).toMatchObject({ status: 'failed', version: 2n, dirty: true });
    expect(result.error).toMatchObject({ code: 'sql', data: { version: 2n, dirty: true, location: { line: 2, column: 1 } } });
    expect(db.state).toEqual({ version: 2n, dirty: true });
    expect(db.committed).not.toContain(FILES['3_c.up.sql']);
    expect(exitCodeFor(result.error!.code)).toBe(1);
  });

  it('leaves it dirty when the connection is lost in the middle, saying so', async () => {
    const { db, options } = engineSetup(FILES);
    db.fail({ at: 'statement', matching: 'VACUUM', fault: LOST });
    const result = await runUp(options);
    expect(result.error?.message).toBe(
      'connection lost while applying version 2 (left dirty at 2): terminating connection due to administrator command',
    );
    expect(result).toMatchObject({ version: 2n, dirty: true });
  });

  it('changes nothing when the dirty mark itself fails', async () => {
    const { db, options } = engineSetup(FILES);
    db.fail({ at: 'setDirty', fault: { kind: 'server', sqlState: '42501', message: 'permission denied for table schema_migrations' } });
    const result = await runUp(options);
    expect(result.error?.message).toBe('recording version 2 failed: permission denied for table schema_migrations');
    expect(result).toMatchObject({ version: 1n, dirty: false });
    expect(db.state).toEqual({ version: 1n, dirty: false });
  });

  it('is not tried by plan, nor anything after it', async () => {
    const { db, options } = engineSetup(FILES);
    const result = await runPlan(options);
    expect(result.proof?.tried.map((m) => m.version)).toEqual([1n]);
    expect(result.proof?.notTried.map((m) => [m.version, m.because])).toEqual([
      [2n, 'runs statement by statement (CREATE INDEX CONCURRENTLY at line 1), which cannot be rolled back'],
      [3n, 'comes after migration 2, which was not tried'],
    ]);
    expect(db.messages).not.toContain('setDirty');
  });
});

describe('refusals', () => {
  it.each([
    ['up', runUp],
    ['check', runCheck],
    ['plan', runPlan],
  ])('%s refuses a dirty database with golang-migrate’s words and runs nothing', async (_name, command) => {
    const { db, options } = engineSetup(FILES);
    db.setVersion(2n, true);
    const result = await command(options);
    expect(result.error).toMatchObject({ code: 'dirty', message: 'Dirty database version 2. Fix and force version.' });
    expect(result).toMatchObject({ status: 'dirty', version: 2n, dirty: true });
    expect(db.messages).not.toContain('run');
  });

  it('refuses a database ahead of the newest migration', async () => {
    const { db, options } = engineSetup(FILES);
    db.setVersion(7n);
    const result = await runUp(options);
    expect(result.error).toMatchObject({ code: 'ahead', message: 'version is ahead of binary', data: { version: 7n } });
    expect(result.status).toBe('ahead');
  });

  it('refuses a version below the newest that has no file', async () => {
    const { db, options } = engineSetup({ '1_a.up.sql': 'SELECT 1;', '3_c.up.sql': 'SELECT 3;' });
    db.setVersion(2n);
    const result = await runUp(options);
    expect(result.error?.code).toBe('missing-version');
    expect(result.status).toBe('failed');
    expect(db.messages).not.toContain('run');
  });
});

describe('a file that runs statement by statement, cancelled between two of its messages', () => {
  it('before a statement: dirty at its version, and said so', async () => {
    const { db, options } = engineSetup(FILES);
    db.fail({ at: 'statement', matching: 'VACUUM', fault: { kind: 'cancelled' } });
    const result = await runUp(options);
    expect(result).toMatchObject({ status: 'cancelled', version: 2n, dirty: true });
    expect(result.error).toMatchObject({ code: 'cancelled', data: { version: 2n, dirty: true } });
    expect(result.error?.message).toBe(
      'SIGTERM received while migration 2 ran statement by statement: it stopped before line 2 and left the database dirty at version 2',
    );
    expect(db.state).toEqual({ version: 2n, dirty: true });
  });

  it('before the clean mark: dirty too', async () => {
    const { db, options } = engineSetup(FILES);
    db.fail({ at: 'setClean', fault: { kind: 'cancelled' } });
    const result = await runUp(options);
    expect(result).toMatchObject({ status: 'cancelled', version: 2n, dirty: true });
    expect(result.error?.message).toMatch(/it stopped after its last statement, before it was recorded clean/);
  });
});
