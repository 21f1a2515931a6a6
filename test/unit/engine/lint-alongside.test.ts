import { describe, expect, it } from 'vitest';
import type { PendingHook } from '../../../src/engine/command-options.js';
import { runUp } from '../../../src/engine/commands.js';
import { pendingHook } from '../../../src/lint/hook.js';
import { engineSetup } from './engine-options.js';

const FILES = {
  '1_a.up.sql': 'CREATE TABLE a (id int);',
  '2_b.up.sql': 'CREATE INDEX a_id ON a (id);',
};

describe('a lint that only warns, run alongside the migrations', () => {
  it('reads the catalog before the first migration, then lets the migrations run while it lints', async () => {
    const setup = engineSetup(FILES);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let linted = false;
    const hook: PendingHook = Object.assign(async () => Promise.reject(new Error('the lint must not run before the migrations')), {
      alongside: async (database: Parameters<NonNullable<PendingHook['alongside']>>[0]) => {
        await database.readDatabaseFacts([], []);
        return { finished: gate.then(() => void (linted = true)) };
      },
    });
    let settled = false;
    const running = runUp({ ...setup.options, lint: hook }).finally(() => (settled = true));
    while (setup.db.committed.length < 2 && !settled) await new Promise((resolve) => setImmediate(resolve));
    // both migrations committed while the lint was still running, and the run waits for it
    expect(setup.db.committed).toHaveLength(2);
    expect(settled).toBe(false);
    const facts = setup.db.messages.indexOf('readDatabaseFacts');
    expect(facts).toBeGreaterThan(-1);
    expect(facts).toBeLessThan(setup.db.messages.indexOf('run'));
    release();
    const result = await running;
    expect(linted).toBe(true);
    expect(result.applied.map((m) => m.version)).toEqual([1n, 2n]);
  });

  it('starts the lint itself only once the first migration is on its way', async () => {
    const setup = engineSetup(FILES);
    let runsWhenStarted = -1;
    const hook: PendingHook = Object.assign(async () => Promise.reject(new Error('the lint must not run before the migrations')), {
      alongside: async (
        database: Parameters<NonNullable<PendingHook['alongside']>>[0],
        _pending: unknown,
        _result: unknown,
        start: Promise<void>,
      ) => {
        await database.readDatabaseFacts([], []);
        return { finished: start.then(() => void (runsWhenStarted = setup.db.messages.filter((m) => m === 'run').length)) };
      },
    });
    const result = await runUp({ ...setup.options, lint: hook });
    expect(result.applied).toHaveLength(2);
    // not before the first migration's message, and not only at the end
    expect(runsWhenStarted).toBe(1);
  });

  it('lints before the migrations when the names cannot be foreseen, and at level error', async () => {
    for (const [level, files] of [
      ['warn', { '1_a.up.sql': 'CREATE TABLE U&"\\0061" (id int);' }],
      ['error', FILES],
    ] as const) {
      const setup = engineSetup(files);
      const result = await runUp({ ...setup.options, lint: pendingHook({ level, review: false, syntax: false }) });
      expect(result.error).toBeUndefined();
      expect(result.lint?.files).toBe(Object.keys(files).length);
      // with no catalog read at all (every table is made by the files) or one, before any migration
      const facts = setup.db.messages.indexOf('readDatabaseFacts');
      if (facts !== -1) expect(facts).toBeLessThan(setup.db.messages.indexOf('run'));
    }
  });

  it('reports the findings of the real lint, read from the catalog before the migrations', async () => {
    const setup = engineSetup({ '1_a.up.sql': 'ALTER TABLE existing ADD COLUMN b int NOT NULL;' });
    const result = await runUp({ ...setup.options, lint: pendingHook({ level: 'warn', review: false, syntax: false }) });
    expect(result.applied).toHaveLength(1);
    expect(result.lint).toMatchObject({ level: 'warn', basis: 'database', files: 1 });
    expect(setup.db.messages.filter((m) => m === 'readDatabaseFacts')).toHaveLength(1);
    expect(setup.db.messages.indexOf('readDatabaseFacts')).toBeLessThan(setup.db.messages.indexOf('run'));
  });
});
