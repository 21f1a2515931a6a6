import { describe, expect, it } from 'vitest';
import { runCheck, runForce, runUp } from '../../../src/engine/index.js';
import { runDown, runGoto } from '../../../src/engine/down-command.js';
import { runPlan } from '../../../src/engine/plan-command.js';
import { runStatus } from '../../../src/engine/status-command.js';
import { headline } from '../../../src/report/outcome.js';
import { exitCodeFor } from '../../../src/errors.js';
import { engineSetup } from './engine-options.js';

const FILES = {
  '1_a.up.sql': 'CREATE TABLE a (id int);',
  '1_a.down.sql': 'DROP TABLE a;',
  '2_b.up.sql': 'CREATE TABLE b (id int);',
  '2_b.down.sql': 'DROP TABLE b;',
  '3_c.up.sql': 'CREATE TABLE c (id int);',
  '3_c.down.sql': 'DROP TABLE c;',
};

describe('target-version', () => {
  it('up applies up to the target and leaves the rest pending, beyond it', async () => {
    const { db, options } = engineSetup(FILES, { targetVersion: 2n });
    const result = await runUp(options);
    expect(result.status).toBe('applied');
    expect(result.applied.map((m) => m.version)).toEqual([1n, 2n]);
    expect(result.pending).toEqual([]);
    expect(result.beyondTarget.map((m) => m.version)).toEqual([3n]);
    expect(db.state).toEqual({ version: 2n, dirty: false });
  });

  it('check and plan count only what lies up to the target as pending', async () => {
    const { db, options } = engineSetup(FILES, { targetVersion: 2n, failOnPending: true });
    db.setVersion(2n);
    const check = await runCheck(options);
    expect(check.status).toBe('up-to-date');
    expect(check.beyondTarget.map((m) => m.version)).toEqual([3n]);
    const plan = await runPlan(options);
    expect(plan.status).toBe('up-to-date');
    expect(plan.beyondTarget.map((m) => m.version)).toEqual([3n]);
  });

  it('a target without a file is exit 2, before connecting', async () => {
    const { db, options } = engineSetup(FILES, { targetVersion: 7n });
    const result = await runUp(options);
    expect(result.error?.code).toBe('config');
    expect(exitCodeFor(result.error!.code)).toBe(2);
    expect(result.error?.message).toBe('target-version 7 has no migration file in m (newest 3)');
    expect(db.messages).toEqual([]);
  });

  it('up never reverts a database past the target, and says so', async () => {
    const { db, options } = engineSetup(FILES, { targetVersion: 1n });
    db.setVersion(3n);
    const result = await runUp(options);
    expect(result.status).toBe('up-to-date');
    expect(result.warnings[0]).toContain('past target-version 1: nothing is reverted');
    expect(db.state).toEqual({ version: 3n, dirty: false });
  });
});

describe('down and goto', () => {
  it('down reverts the newest migration, recording the version below it and a down history row', async () => {
    const { db, options } = engineSetup(FILES);
    db.setVersion(3n);
    const result = await runDown(options, 1);
    expect(result.status).toBe('reverted');
    expect(result.reverted.map((m) => m.version)).toEqual([3n]);
    expect(result.version).toBe(2n);
    expect(result.pending.map((m) => m.version)).toEqual([3n]);
    expect(db.state).toEqual({ version: 2n, dirty: false });
    expect(db.committed).toEqual(['DROP TABLE c;']);
    expect(db.histories.get('schema_migrations_history')?.map((row) => [row.version, row.direction])).toEqual([[3n, 'down']]);
  });

  it('down below the first migration leaves no version row, as golang-migrate does', async () => {
    const { db, options } = engineSetup(FILES);
    db.setVersion(3n);
    const result = await runDown(options, 3);
    expect(result.reverted.map((m) => m.version)).toEqual([3n, 2n, 1n]);
    expect(result.version).toBeNull();
    expect(db.state).toEqual({ version: null, dirty: false });
  });

  it('goto goes down, then up again, each step a transaction', async () => {
    const { db, options } = engineSetup(FILES);
    db.setVersion(3n);
    const down = await runGoto(options, 1n);
    expect(down.reverted.map((m) => m.version)).toEqual([3n, 2n]);
    expect(db.state).toEqual({ version: 1n, dirty: false });
    const up = await runGoto(options, 2n);
    expect(up.status).toBe('applied');
    expect(up.applied.map((m) => m.version)).toEqual([2n]);
    expect(up.beyondTarget.map((m) => m.version)).toEqual([3n]);
    expect(db.state).toEqual({ version: 2n, dirty: false });
    const same = await runGoto(options, 2n);
    expect(same.status).toBe('up-to-date');
  });

  it('refuses a dirty, an ahead database, a missing down file and too many steps before anything runs', async () => {
    const dirty = engineSetup(FILES);
    dirty.db.setVersion(2n, true);
    expect((await runDown(dirty.options, 1)).error?.code).toBe('dirty');
    const ahead = engineSetup(FILES);
    ahead.db.setVersion(9n);
    expect((await runGoto(ahead.options, 1n)).error?.code).toBe('ahead');
    const files = Object.fromEntries(Object.entries(FILES).filter(([name]) => name !== '2_b.down.sql'));
    const missing = engineSetup(files);
    missing.db.setVersion(3n);
    const result = await runDown(missing.options, 2);
    expect(result.error?.code).toBe('missing-down');
    expect(result.error?.message).toBe('migration 2 b has no .down.sql file: nothing was reverted');
    expect(missing.db.committed).toEqual([]);
    expect(missing.db.state).toEqual({ version: 3n, dirty: false });
    const many = engineSetup(FILES);
    many.db.setVersion(2n);
    const tooMany = await runDown(many.options, 3);
    expect(tooMany.error?.code).toBe('config');
    expect(many.db.committed).toEqual([]);
  });

  it('goto down without allow-down is refused; goto up needs no allow-down', async () => {
    const { db, options } = engineSetup(FILES, { allowDown: false });
    db.setVersion(3n);
    const result = await runGoto(options, 1n);
    expect(result.error?.message).toContain('set allow-down: true');
    expect(db.state).toEqual({ version: 3n, dirty: false });
    db.setVersion(1n);
    expect((await runGoto(options, 3n)).status).toBe('applied');
  });

  it('a down that fails leaves the database clean at the version before it', async () => {
    const { db, options } = engineSetup(FILES);
    db.setVersion(3n);
    db.faults.push({
      at: 'run',
      matching: 'DROP TABLE b',
      fault: { kind: 'server', sqlState: '42P01', message: 'table "b" does not exist' },
    });
    const result = await runDown(options, 3);
    expect(result.error?.code).toBe('sql');
    expect(result.reverted.map((m) => m.version)).toEqual([3n]);
    expect(result.failedStep).toEqual({ version: 2n, name: 'b', direction: 'down' });
    expect(headline(result)).toBe('❌ Down of migration 2 b failed');
    expect(result.version).toBe(2n);
    expect(db.state).toEqual({ version: 2n, dirty: false });
  });
});

describe('status', () => {
  const SET = {
    '10_a.up.sql': 'CREATE TABLE a (id int);',
    '20_b.up.sql': 'CREATE TABLE b (id int);',
    '30_c.up.sql': 'CREATE TABLE c (id int);',
    '40_d.up.sql': 'CREATE TABLE d (id int);',
  };

  it('names each migration applied, edited, pending, out of order, applied outside this tool or missing its file', async () => {
    const { db, options } = engineSetup(SET);
    db.setVersion(10n); // applied by the oForum server: no history
    await runUp({ ...options, targetVersion: 30n });
    const later = engineSetup({ ...SET, '20_b.up.sql': 'CREATE TABLE b (id bigint);', '25_late.up.sql': 'SELECT 1;' }).options.set;
    const result = await runStatus({ ...options, set: later });
    expect(result.status).toBe('pending');
    expect(result.migrations?.map((m) => [m.version, m.state, m.appliedBy])).toEqual([
      [10n, 'outside', null],
      [20n, 'edited', 'tester@host'],
      [25n, 'out-of-order', null],
      [30n, 'applied', 'tester@host'],
      [40n, 'pending', null],
    ]);
    expect(result.pending.map((m) => m.version)).toEqual([40n]);
    const without = engineSetup({ '10_a.up.sql': SET['10_a.up.sql'] }).options.set;
    const missing = await runStatus({ ...options, set: without });
    expect(missing.migrations?.map((m) => [m.version, m.state])).toEqual([
      [10n, 'outside'],
      [20n, 'missing-file'],
      [30n, 'missing-file'],
    ]);
    expect(missing.status).toBe('ahead');
    expect(db.committed.length).toBe(2);
  });

  it('shows a dirty database without failing, and a reverted migration as pending', async () => {
    const { db, options } = engineSetup(FILES);
    await runUp(options);
    await runDown(options, 1);
    const result = await runStatus(options);
    expect(result.error).toBeUndefined();
    expect(result.migrations?.at(-1)).toMatchObject({ version: 3n, state: 'pending', reverted: true, appliedBy: 'tester@host' });
    db.setVersion(2n, true);
    const dirty = await runStatus(options);
    expect(dirty.status).toBe('dirty');
    expect(dirty.migrations?.map((m) => m.state)).toEqual(['applied', 'dirty', 'pending']);
  });
});

describe('force', () => {
  it('records its history row, direction force, in its own transaction', async () => {
    const { db, options } = engineSetup(FILES);
    db.setVersion(2n, true);
    const result = await runForce(options, 1n);
    expect(result.status).toBe('forced');
    expect(db.state).toEqual({ version: 1n, dirty: false });
    expect(db.histories.get('schema_migrations_history')?.map((row) => [row.version, row.name, row.direction])).toEqual([
      [1n, 'a', 'force'],
    ]);
    // status tells a forced version from one this tool applied, or one applied outside it
    const status = await runStatus(options);
    expect(status.migrations?.map((m) => [m.version, m.state, m.appliedBy])).toEqual([
      [1n, 'forced', 'tester@host'],
      [2n, 'pending', null],
      [3n, 'pending', null],
    ]);
  });
});
