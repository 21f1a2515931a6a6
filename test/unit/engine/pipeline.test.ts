import { describe, expect, it } from 'vitest';
import type { Driver, DriverOpener } from '../../../src/database/driver.js';
import { runUp } from '../../../src/engine/index.js';
import { applySteps } from '../../../src/engine/apply-steps.js';
import { PIPELINE_LIMITS } from '../../../src/engine/pipeline.js';
import { prepareUp } from '../../../src/engine/prepare.js';
import { blankResult } from '../../../src/engine/result.js';
import { MigrateError } from '../../../src/errors.js';
import { engineSetup } from './engine-options.js';
import { LOCK_TIMEOUT } from './memory-driver.js';

/** `count` one-table migrations, `1_t1.up.sql` … */
function files(count: number, extra: Record<string, string> = {}): Record<string, string> {
  const set: Record<string, string> = {};
  for (let i = 1; i <= count; i++) set[`${i}_t${i}.up.sql`] = `CREATE TABLE t${i} (id int);`;
  return { ...set, ...extra };
}

interface Wire {
  /** the most run()s sent and not yet settled at one time */
  most: number;
  /** run() calls in order, by version */
  sent: bigint[];
}

/**
 * Wraps the driver so that the test sees what is on the wire; each answer comes back a turn of
 * the event loop later, as from a socket. `serverMs` is what each commit reports.
 */
function watched(open: DriverOpener, serverMs: number | null = null): { open: DriverOpener; wire: Wire } {
  const wire: Wire = { most: 0, sent: [] };
  let inFlight = 0;
  return {
    wire,
    open: async (options) => {
      const driver = await open(options);
      const run: Driver['run'] = async (step) => {
        inFlight++;
        wire.most = Math.max(wire.most, inFlight);
        wire.sent.push(BigInt(step.migration.version));
        try {
          const done = await driver.run(step).finally(() => new Promise((resolve) => setImmediate(resolve)));
          return serverMs === null ? done : { serverMs };
        } finally {
          inFlight--;
        }
      };
      return new Proxy(driver, { get: (target, key) => (key === 'run' ? run : Reflect.get(target, key, target)) });
    },
  };
}

describe('transactional migrations are pipelined under the session lock', () => {
  it('sends the next messages before the answers come, at most the window, and applies each once', async () => {
    const { db, options } = engineSetup(files(200));
    const { open, wire } = watched(options.openDriver!);
    const result = await runUp({ ...options, openDriver: open });
    expect(result.status).toBe('applied');
    expect(result.applied).toHaveLength(200);
    expect(wire.most).toBe(PIPELINE_LIMITS.steps);
    expect(wire.sent).toEqual(Array.from({ length: 200 }, (_, i) => BigInt(i + 1)));
    expect(db.committed).toHaveLength(200);
    expect(db.state).toEqual({ version: 200n, dirty: false });
  });

  it('tells each migration as it starts and ends on the server, in order, and takes its duration from the server', async () => {
    const { log, options } = engineSetup(files(3));
    const { open } = watched(options.openDriver!, 12.5);
    const result = await runUp({ ...options, openDriver: open });
    expect(log.filter((line) => /^(start|done) /.test(line))).toEqual([
      'start 1 transaction',
      'done 1 retries 0',
      'start 2 transaction',
      'done 2 retries 0',
      'start 3 transaction',
      'done 3 retries 0',
    ]);
    expect(result.applied.map((m) => m.durationMs)).toEqual([12.5, 12.5, 12.5]);
  });

  it('a failure in migration k leaves k − 1 committed and clean, runs nothing after k, and reports k', async () => {
    const { db, options } = engineSetup(files(10));
    db.fail({
      at: 'run',
      matching: 'CREATE TABLE t4 ',
      fault: { kind: 'server', message: 'relation "x" does not exist', sqlState: '42P01' },
    });
    const { open, wire } = watched(options.openDriver!);
    const result = await runUp({ ...options, openDriver: open });
    expect(result.error).toMatchObject({ code: 'sql', message: 'relation "x" does not exist', data: { version: 4n } });
    expect(result).toMatchObject({ status: 'failed', version: 3n, dirty: false });
    expect(result.applied.map((m) => m.version)).toEqual([1n, 2n, 3n]);
    expect(result.pending.map((m) => m.version)).toEqual([4n, 5n, 6n, 7n, 8n, 9n, 10n]);
    // the messages behind it were on the wire, and changed nothing
    expect(wire.sent).toEqual(Array.from({ length: 10 }, (_, i) => BigInt(i + 1)));
    expect(db.committed).toEqual(['CREATE TABLE t1 (id int);', 'CREATE TABLE t2 (id int);', 'CREATE TABLE t3 (id int);']);
    expect(db.state).toEqual({ version: 3n, dirty: false });
  });

  it('retries a lock timeout in migration k alone, then sends the rest again, each applied once', async () => {
    const { db, clock, log, options } = engineSetup(files(6));
    db.fail({ at: 'run', matching: 'CREATE TABLE t3 ', times: 2, fault: LOCK_TIMEOUT });
    const { open, wire } = watched(options.openDriver!);
    const result = await runUp({ ...options, openDriver: open });
    expect(result.status).toBe('applied');
    expect(result.applied.map((m) => [m.version, m.retries])).toEqual([
      [1n, 0],
      [2n, 0],
      [3n, 2],
      [4n, 0],
      [5n, 0],
      [6n, 0],
    ]);
    expect(clock.sleeps).toEqual([1000, 2000]);
    expect(log).toContain('retry 3 t3 1/3 in 1000 ms: canceling statement due to lock timeout');
    // 1–6 pipelined; 3 alone twice; 4–6 again
    expect(wire.sent).toEqual([1n, 2n, 3n, 4n, 5n, 6n, 3n, 3n, 4n, 5n, 6n]);
    expect(db.committed).toEqual([1, 2, 3, 4, 5, 6].map((i) => `CREATE TABLE t${i} (id int);`));
    expect(db.state).toEqual({ version: 6n, dirty: false });
  });

  it('gives up on a lock timeout after statement-lock-retries, with nothing after it applied', async () => {
    const { db, options } = engineSetup(files(5), { statementLockRetries: 1 });
    db.fail({ at: 'run', matching: 'CREATE TABLE t2 ', times: 5, fault: LOCK_TIMEOUT });
    const result = await runUp(options);
    expect(result.error).toMatchObject({ code: 'sql', data: { version: 2n, sqlState: '55P03' } });
    expect(result).toMatchObject({ version: 1n, dirty: false });
    expect(db.committed).toEqual(['CREATE TABLE t1 (id int);']);
  });

  it('waits for every answer before a file that runs statement by statement, and never starts it after a failure', async () => {
    const sbs = { '4_idx.up.sql': 'CREATE INDEX CONCURRENTLY t1_id ON t1 (id);', '5_t5.up.sql': 'CREATE TABLE t5 (id int);' };
    const ok = engineSetup(files(3, sbs));
    const order: string[] = [];
    ok.db.beforeMessage = (operation) => void order.push(operation);
    const { open } = watched(ok.options.openDriver!);
    expect((await runUp({ ...ok.options, openDriver: open })).status).toBe('applied');
    expect(order.filter((operation) => operation !== 'readHistory' && operation !== 'mayWriteHistory')).toEqual([
      'lock',
      'version',
      'run',
      'run',
      'run',
      'setDirty',
      'statement',
      'setClean',
      'run',
      'unlock',
    ]);

    const failing = engineSetup(files(3, sbs));
    failing.db.fail({ at: 'run', matching: 'CREATE TABLE t2 ', fault: { kind: 'server', message: 'boom', sqlState: 'XX000' } });
    const result = await runUp(failing.options);
    expect(result).toMatchObject({ status: 'failed', version: 1n, dirty: false });
    expect(failing.db.messages).not.toContain('setDirty');
    expect(failing.db.committed).toEqual(['CREATE TABLE t1 (id int);']);
  });
});

describe('under lock-strategy transaction', () => {
  it('sends one migration at a time: a transaction-pooling proxy may give each message another session', async () => {
    const { db, options } = engineSetup(files(20), { lockStrategy: 'transaction' });
    const { open, wire } = watched(options.openDriver!);
    expect((await runUp({ ...options, openDriver: open })).status).toBe('applied');
    expect(wire.most).toBe(1);
    expect(db.state).toEqual({ version: 20n, dirty: false });
  });
});

describe('a step that cannot be prepared while others are on the wire', () => {
  it('waits for their answers, so that the result says what committed, then stops', async () => {
    const { db, options } = engineSetup(files(5));
    const { open } = watched(options.openDriver!);
    const driver = await open({
      target: options.target,
      migrationsTable: options.migrationsTable,
      lockTimeoutMs: options.lockTimeoutMs,
      connectTimeoutMs: options.connectTimeoutMs,
      lockStrategy: 'session',
      events: {},
    });
    await driver.lock();
    await driver.createStateTable();
    const changed = new MigrateError('source', 'm/4_t4.up.sql changed during the run: it was not applied');
    function* steps() {
      for (const migration of options.set.migrations.slice(0, 3)) yield prepareUp(migration);
      throw changed;
    }
    const result = blankResult('up', 'memory/db', options.set.digest);
    const done = result.applied;
    await expect(applySteps(driver, steps(), { version: null, exists: true }, null, options, result, done)).rejects.toBe(changed);
    expect(done.map((m) => m.version)).toEqual([1n, 2n, 3n]);
    expect(result.version).toBe(3n);
    expect(db.state).toEqual({ version: 3n, dirty: false });
  });
});
