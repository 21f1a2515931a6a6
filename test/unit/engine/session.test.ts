import { describe, expect, it } from 'vitest';
import { runCheck, runUp } from '../../../src/engine/index.js';
import { exitCodeFor } from '../../../src/errors.js';
import { LOST } from './memory-driver.js';
import { engineSetup } from './engine-options.js';

const FILES = {
  '1_a.up.sql': 'CREATE TABLE a (id int);',
  '2_b.up.sql': 'CREATE TABLE b (id int);',
};

const HOLDER = {
  pid: 4242,
  applicationName: 'oforum',
  user: 'oforum',
  clientAddress: null,
  backendStart: null,
  state: 'idle in transaction',
  stateChange: null,
};

describe('the migration lock held by someone else', () => {
  it.each(['session', 'transaction'] as const)(
    'fails after lock-timeout (lock-strategy %s), naming the holder, and runs nothing',
    async (lockStrategy) => {
      const { db, log, options } = engineSetup(FILES, { lockStrategy, lockTimeoutMs: 1500 });
      db.lockHolder = HOLDER;
      const result = await runUp(options);
      expect(result.error).toMatchObject({
        code: 'lock-timeout',
        message:
          'could not get the migration lock within 1.5 s: held by pid 4242 (application_name "oforum", user oforum), idle in transaction',
      });
      expect(result.status).toBe('failed');
      expect(exitCodeFor(result.error!.code)).toBe(1);
      expect(log).toContain('lock wait: pid 4242');
      expect(db.committed).toEqual([]);
    },
  );
});

describe('the version after a lock timeout', () => {
  it.each(['session', 'transaction'] as const)(
    'is where the database is, read without the lock (lock-strategy %s), not "no version"',
    async (lockStrategy) => {
      const { db, options } = engineSetup(FILES, { lockStrategy, lockTimeoutMs: 1000 });
      db.setVersion(1n);
      db.lockHolder = HOLDER;
      for (const run of [runUp, runCheck]) {
        const result = await run(options);
        expect(result.error?.code).toBe('lock-timeout');
        expect(result).toMatchObject({ previousVersion: 1n, version: 1n, dirty: false });
      }
    },
  );
});

describe('a transaction-pooling proxy in between', () => {
  it('is refused: the session lock would protect nothing', async () => {
    const { db, options } = engineSetup(FILES);
    db.poolerInBetween = true;
    const result = await runUp(options);
    expect(result.error?.code).toBe('lock-lost');
    expect(db.committed).toEqual([]);
  });
});

describe('the connection lost', () => {
  it('during a transactional migration: rolled back, clean at the version before', async () => {
    const { db, options } = engineSetup(FILES);
    db.fail({ at: 'run', matching: 'TABLE b', fault: LOST });
    const result = await runUp(options);
    expect(result.error).toMatchObject({
      code: 'sql',
      message: 'connection lost while applying version 2 (rolled back): terminating connection due to administrator command',
    });
    expect(result).toMatchObject({ status: 'failed', version: 1n, dirty: false });
    expect(result.applied.map((m) => m.version)).toEqual([1n]);
    expect(db.state).toEqual({ version: 1n, dirty: false });
  });

  it('outside a migration: one clear line, exit 1', async () => {
    const { db, options } = engineSetup(FILES);
    db.fail({ at: 'version', fault: LOST });
    const result = await runCheck(options);
    expect(result.error).toMatchObject({
      code: 'connection-lost',
      message: 'connection lost: terminating connection due to administrator command',
    });
    expect(exitCodeFor(result.error!.code)).toBe(1);
  });
});
