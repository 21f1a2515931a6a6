import { describe, expect, it } from 'vitest';
import type { Driver, DriverOpener, DriverOptions } from '../../../src/database/driver.js';
import { runUp } from '../../../src/engine/commands.js';
import { openAhead } from '../../../src/engine/open-ahead.js';
import { engineSetup } from './engine-options.js';

/** The driver settings of a run, as the engine gives them to its opener (with-driver.ts). */
function driverOptionsOf(options: DriverOptions): DriverOptions {
  return { ...options, prefetch: { history: 'schema_migrations_history' } };
}

/** An opener that counts its opens and the drivers closed, over the in-memory database's. */
function counting(open: DriverOpener) {
  const seen = { opens: 0, closed: 0, signals: [] as (AbortSignal | undefined)[] };
  const opener: DriverOpener = async (options) => {
    seen.opens++;
    seen.signals.push(options.signal);
    const driver: Driver = await open(options);
    const close = driver.close.bind(driver);
    driver.close = async () => {
      seen.closed++;
      await close();
    };
    return driver;
  };
  return { seen, opener };
}

describe('a session opened ahead of the engine', () => {
  it('is the one the engine runs on: one open, and the run applies as usual', async () => {
    const setup = engineSetup({ '1_a.up.sql': 'CREATE TABLE a (id int);' });
    const { seen, opener } = counting(setup.db.open);
    const ahead = openAhead(opener, driverOptionsOf(setup.options));
    const result = await runUp({ ...setup.options, openDriver: ahead.opener });
    await ahead.release();
    expect(result.error).toBeUndefined();
    expect(result.applied.map((m) => m.version)).toEqual([1n]);
    expect(seen).toMatchObject({ opens: 1, closed: 1 });
  });

  it('is not handed out for other settings (another table, another database), which open their own', async () => {
    const setup = engineSetup({ '1_a.up.sql': 'CREATE TABLE a (id int);' });
    const { seen, opener } = counting(setup.db.open);
    const ahead = openAhead(opener, driverOptionsOf(setup.options));
    const other = { ...setup.options, target: { ...setup.options.target }, openDriver: ahead.opener };
    expect((await runUp(other)).applied).toHaveLength(1);
    expect((await runUp({ ...setup.options, migrationsTable: 'other', openDriver: ahead.opener })).error).toBeUndefined();
    expect(seen.opens).toBe(3);
    // the one opened ahead, never taken, is closed by release()
    expect(seen.closed).toBe(2);
    await ahead.release();
    expect(seen.closed).toBe(3);
  });

  it('is closed by release() when the run fails before it uses it, and stops a connection still being made', async () => {
    const setup = engineSetup({});
    const { seen, opener } = counting(setup.db.open);
    await openAhead(opener, driverOptionsOf(setup.options)).release();
    expect(seen).toMatchObject({ opens: 1, closed: 1 });
    expect(seen.signals[0]?.aborted).toBe(true);

    // a connection that waits for a server that never answers ends when released
    let aborted = false;
    const waiting: DriverOpener = (options) =>
      new Promise((_, reject) => {
        options.signal?.addEventListener('abort', () => {
          aborted = true;
          reject(new Error('cancelled'));
        });
      });
    await openAhead(waiting, driverOptionsOf(setup.options)).release();
    expect(aborted).toBe(true);
  });

  it('follows the run’s cancellation', async () => {
    const controller = new AbortController();
    const setup = engineSetup({}, { signal: controller.signal });
    const { seen, opener } = counting(setup.db.open);
    const ahead = openAhead(opener, driverOptionsOf(setup.options));
    controller.abort('SIGTERM');
    expect(seen.signals[0]?.aborted).toBe(true);
    expect(seen.signals[0]?.reason).toBe('SIGTERM');
    await ahead.release();
  });

  it('tells its connection retries only once the engine takes it, in order', async () => {
    const setup = engineSetup({ '1_a.up.sql': 'CREATE TABLE a (id int);' });
    const told: string[] = [];
    const events = { connectRetry: (reason: string, attempt: number) => told.push(`retry ${attempt}: ${reason}`) };
    const retrying: DriverOpener = async (options) => {
      options.events.connectRetry?.('refused', 1);
      options.events.connectRetry?.('refused', 2);
      return setup.db.open(options);
    };
    const ahead = openAhead(retrying, driverOptionsOf({ ...setup.options, events }));
    await new Promise((resolve) => setImmediate(resolve));
    expect(told).toEqual([]);
    const result = await runUp({ ...setup.options, events, openDriver: ahead.opener });
    expect(result.error).toBeUndefined();
    expect(told).toEqual(['retry 1: refused', 'retry 2: refused']);
    await ahead.release();
  });
});
