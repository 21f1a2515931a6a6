import { describe, expect, it } from 'vitest';
import type { CatalogSnapshot } from '../../../src/database/catalog-snapshot.js';
import { runCheck, runForce, runUp } from '../../../src/engine/index.js';
import { runDown, runGoto } from '../../../src/engine/down-command.js';
import { runPlan } from '../../../src/engine/plan-command.js';
import { runStatus } from '../../../src/engine/status-command.js';
import { runVerify } from '../../../src/engine/verify-command.js';
import { exitCodeFor } from '../../../src/errors.js';
import { actionOutputs, jsonFields } from '../../../src/report/outputs.js';
import { migrationChecksum } from '../../../src/source/checksum.js';
import { engineSetup, recordHistory as recorded } from './engine-options.js';
import type { MemoryDatabase } from './memory-driver.js';

// Every command judges the history by up's rules, and fills the outputs that say what it found.

const FILES = {
  '1_a.up.sql': 'CREATE TABLE a (id int);',
  '1_a.down.sql': 'DROP TABLE a;',
  '2_b.up.sql': 'CREATE TABLE b (id int);',
  '2_b.down.sql': 'DROP TABLE b;',
  '3_c.up.sql': 'CREATE TABLE c (id int);',
  '3_c.down.sql': 'DROP TABLE c;',
};
const EDITED = { ...FILES, '1_a.up.sql': 'CREATE TABLE a (id bigint);' };
const WITHOUT_2 = Object.fromEntries(Object.entries(FILES).filter(([name]) => !name.startsWith('2_')));

describe('plan judges the history as up does', () => {
  it('refuses an edited applied migration before rehearsing, with the edited output', async () => {
    const { db, options } = engineSetup(EDITED);
    db.setVersion(2n);
    recorded(db, FILES, [1n, 2n]);
    const plan = await runPlan(options);
    const up = await runUp(options);
    expect(plan.error?.code).toBe('edited');
    expect(plan.error?.message).toBe(up.error?.message);
    expect(plan.edited.map((edit) => edit.version)).toEqual([1n]);
    expect(actionOutputs(plan).edited).toBe('[1]');
    // the same outputs as up's refusal: what is pending stays listed
    const fields = ['status', 'version', 'pending', 'edited', 'out-of-order', 'applied'] as const;
    const pick = (outputs: Record<string, string>) => fields.map((field) => outputs[field]);
    expect(pick(actionOutputs(plan))).toEqual(pick(actionOutputs(up)));
    expect(actionOutputs(up).pending).toBe('[3]');
    expect(db.messages).not.toContain('rehearse');
    expect(db.state).toEqual({ version: 2n, dirty: false });
  });

  it('refuses an edited one with nothing pending too; with allow-edited it warns, as up does', async () => {
    const { db, options } = engineSetup(EDITED);
    db.setVersion(3n);
    recorded(db, FILES, [1n, 2n, 3n]);
    expect((await runPlan(options)).error?.code).toBe('edited');
    const allowed = await runPlan({ ...options, allowEdited: true });
    expect(allowed.error).toBeUndefined();
    expect(allowed.status).toBe('up-to-date');
    expect(allowed.warnings).toEqual([expect.stringMatching(/^migration edited after being applied: 1 a .*\(allowed by allow-edited\)$/)]);
    expect(actionOutputs(allowed).edited).toBe('[1]');
  });

  it('refuses a file that the history shows it stepped over, with the out-of-order output', async () => {
    const { db, options } = engineSetup(WITHOUT_2);
    expect((await runUp(options)).error).toBeUndefined();
    const added = engineSetup(FILES, { openDriver: db.open });
    const plan = await runPlan(added.options);
    expect(plan.error?.code).toBe('out-of-order');
    expect(plan.error?.message).toBe((await runUp(added.options)).error?.message);
    expect(actionOutputs(plan)['out-of-order']).toBe('[2]');
    expect(db.messages).not.toContain('rehearse');
  });
});

describe('down and goto judge edited migrations as up does (README: allow-edited applies to them)', () => {
  it('refuse an edited applied migration without allow-edited, reverting nothing', async () => {
    const { db, options } = engineSetup(FILES);
    await runUp(options);
    const edited = engineSetup(EDITED, { openDriver: db.open }).options;
    const down = await runDown(edited, 1);
    expect(down.error?.code).toBe('edited');
    expect(exitCodeFor(down.error!.code)).toBe(1);
    expect(down.edited.map((edit) => edit.version)).toEqual([1n]);
    const goto = await runGoto(edited, 1n);
    expect(goto.error?.code).toBe('edited');
    expect(db.state).toEqual({ version: 3n, dirty: false });
    expect(db.committed).not.toContain('DROP TABLE c;');
  });

  it('with allow-edited warn, saying so, and revert', async () => {
    const { db, options } = engineSetup(FILES);
    await runUp(options);
    const edited = engineSetup(EDITED, { openDriver: db.open, allowEdited: true }).options;
    const down = await runDown(edited, 1);
    expect(down.status).toBe('reverted');
    expect(down.warnings).toEqual([expect.stringMatching(/^migration edited after being applied: 1 a .*\(allowed by allow-edited\)$/)]);
    expect(db.state).toEqual({ version: 2n, dirty: false });
  });
});

describe('status fills the edited and out-of-order outputs from its rows', () => {
  it('lists the versions its rows show edited and out of order, in the outputs and --json', async () => {
    const { db, options } = engineSetup(WITHOUT_2);
    await runUp(options);
    const later = engineSetup({ ...EDITED }, { openDriver: db.open }).options;
    const status = await runStatus(later);
    expect(status.error).toBeUndefined();
    expect(status.migrations?.map((m) => [m.version, m.state])).toEqual([
      [1n, 'edited'],
      [2n, 'out-of-order'],
      [3n, 'applied'],
    ]);
    expect(status.edited).toEqual([
      {
        version: 1n,
        name: 'a',
        file: 'm/1_a.up.sql',
        applied: migrationChecksum(FILES['1_a.up.sql']),
        current: migrationChecksum(EDITED['1_a.up.sql']),
      },
    ]);
    const outputs = actionOutputs(status);
    expect(outputs.edited).toBe('[1]');
    expect(outputs['out-of-order']).toBe('[2]');
    const json = jsonFields(status);
    expect(json.edited).toEqual([1n]);
    expect(json['out-of-order']).toEqual([2n]);
  });
});

describe('down N with more steps than applied migrations', () => {
  it('is refused on a database with no version, exit 2, as docs/deploys.md says', async () => {
    const { db, options } = engineSetup(FILES);
    const result = await runDown(options, 1);
    expect(result.error?.code).toBe('config');
    expect(exitCodeFor(result.error!.code)).toBe(2);
    expect(result.error?.message).toBe('down 1: the database has no version, with only 0 applied migrations to revert');
    expect(db.committed).toEqual([]);
  });

  it('is refused with some applied too, naming how many', async () => {
    const { db, options } = engineSetup(FILES);
    db.setVersion(1n);
    const result = await runDown(options, 2);
    expect(result.error?.message).toBe('down 2: the database is at version 1, with only 1 applied migration to revert');
    expect(exitCodeFor(result.error!.code)).toBe(2);
  });
});

describe('outputs', () => {
  it('force lists as pending the files above the version it records', async () => {
    const { db, options } = engineSetup(FILES);
    db.setVersion(3n);
    const forced = await runForce(options, 1n);
    expect(forced.pending.map((m) => m.version)).toEqual([2n, 3n]);
    expect(actionOutputs(forced).pending).toBe('[2,3]');
    expect(actionOutputs(forced)['pending-count']).toBe('2');
    expect((await runCheck(options)).pending.map((m) => m.version)).toEqual([2n, 3n]);
    expect((await runForce(options, -1n)).pending.map((m) => m.version)).toEqual([1n, 2n, 3n]);
    expect((await runForce(options, 3n)).pending).toEqual([]);
  });

  it('verify leaves version empty: it never reads the target database, and the scratch’s is not it', async () => {
    const { db, options } = engineSetup(FILES);
    const empty = { roles: [] } as unknown as CatalogSnapshot;
    const open: typeof options.openDriver = async (opening) => {
      const driver = await db.open(opening);
      driver.snapshotSchema = () => Promise.resolve(empty);
      return driver;
    };
    const result = await runVerify({ ...options, openDriver: open }, async () => ({
      target: options.target,
      description: 'a scratch database',
      dispose: async () => {},
    }));
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('verified');
    expect(result.version).toBeNull();
    expect(actionOutputs(result).version).toBe('');
  });

  it('--json edited lists versions, as the output does; the details are under edited-migrations', async () => {
    const { db, options } = engineSetup(EDITED, { allowEdited: true });
    db.setVersion(2n);
    recorded(db, FILES, [1n, 2n]);
    const result = await runCheck(options);
    const json = jsonFields(result);
    expect(json.edited).toEqual([1n]);
    expect(actionOutputs(result).edited).toBe('[1]');
    expect(json['edited-migrations']).toEqual([
      {
        version: 1n,
        name: 'a',
        file: 'm/1_a.up.sql',
        applied: migrationChecksum(FILES['1_a.up.sql']),
        current: migrationChecksum(EDITED['1_a.up.sql']),
      },
    ]);
  });
});

describe('a file below the version that golang-migrate applied by a down and an up since', () => {
  // this tool applied 10 and 30 (30 from 10); golang-migrate went down to 10; 20 was added;
  // golang-migrate applied 20 and 30. The history only shows this tool's step from 10 to 30.
  const SET = {
    '10_a.up.sql': 'CREATE TABLE a (id int);',
    '10_a.down.sql': 'DROP TABLE a;',
    '30_c.up.sql': 'CREATE TABLE c (id int);',
    '30_c.down.sql': 'DROP TABLE c;',
  };
  const LATER = { ...SET, '20_b.up.sql': 'CREATE TABLE b (id int);', '20_b.down.sql': 'DROP TABLE b;' };

  async function afterGolangMigrate(): Promise<{ db: MemoryDatabase; options: ReturnType<typeof engineSetup>['options'] }> {
    const { db, options } = engineSetup(SET);
    expect((await runUp(options)).error).toBeUndefined();
    db.setVersion(10n); // golang-migrate down 1: no history row
    db.setVersion(30n); // golang-migrate up: 20 and 30, no history rows
    return { db, options: engineSetup(LATER, { openDriver: db.open }).options };
  }

  it('is refused, saying what the history shows and that the file may have run, never telling to renumber unconditionally', async () => {
    const { db, options } = await afterGolangMigrate();
    for (const command of [runCheck, runUp, (o: typeof options) => runDown(o, 1)]) {
      const result = await command(options);
      expect(result.error?.code).toBe('out-of-order');
      expect(result.outOfOrder).toEqual([20n]);
      const message = result.error!.message;
      expect(message).toContain('its history shows a step from version 10 to 30 that went over it');
      expect(message).toContain('unless golang-migrate or the oForum server has since reverted below it and migrated up again');
      expect(message).not.toMatch(/renumber/);
      const hint = result.error!.data.hint!;
      expect(hint).toContain('no input lets this run go on');
      expect(hint).toContain("check whether migration 20's changes are in the database");
      expect(hint).toContain('If they are not, renumber the file above 30');
      expect(hint).toContain('If they are, it did run: do not renumber it (it would run twice); record that with force 30');
    }
    expect(db.state).toEqual({ version: 30n, dirty: false });
  });

  it('goes on after force at the version the database is at, as the hint says; status shows 20 applied outside', async () => {
    const { db, options } = await afterGolangMigrate();
    const forced = await runForce(options, 30n);
    expect(forced.error).toBeUndefined();
    expect(db.state).toEqual({ version: 30n, dirty: false });
    const check = await runCheck(options);
    expect(check.error).toBeUndefined();
    expect(check.outOfOrder).toEqual([]);
    expect(check.untracked).toEqual([20n, 30n]); // 30's latest row is the force now
    const status = await runStatus(options);
    expect(status.migrations?.map((m) => [m.version, m.state])).toEqual([
      [10n, 'applied'],
      [20n, 'outside'],
      [30n, 'forced'],
    ]);
  });
});

describe('plan warns of files the oForum server would fail on, as check and up do', () => {
  it('a file of two CREATE INDEX CONCURRENTLY', async () => {
    const { options } = engineSetup({
      '1_a.up.sql': 'CREATE TABLE a (id int);',
      '2_b.up.sql': 'CREATE INDEX CONCURRENTLY a_1 ON a (id);\nCREATE INDEX CONCURRENTLY a_2 ON a (id);',
    });
    const result = await runPlan(options);
    expect(result.warnings.some((warning) => warning.includes('golang-migrate (the oForum server on a fresh database)'))).toBe(true);
  });
});
