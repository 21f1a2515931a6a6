import { describe, expect, it } from 'vitest';
import { runCheck, runUp } from '../../../src/engine/index.js';
import { engineSetup, recordHistory as recorded } from './engine-options.js';

const FILES = {
  '1_a.up.sql': 'CREATE TABLE a (id int);',
  '2_b.up.sql': 'CREATE TABLE b (id int);',
  '3_c.up.sql': 'CREATE TABLE c (id int);',
};

describe('an applied migration whose file changed', () => {
  const EDITED = { ...FILES, '2_b.up.sql': 'CREATE TABLE b (id bigint);' };

  it('fails up and check, naming both checksums, before anything runs', async () => {
    for (const command of [runUp, runCheck]) {
      const { db, options } = engineSetup(EDITED);
      db.setVersion(2n);
      recorded(db, FILES, [1n, 2n]);
      const result = await command(options);
      expect(result.error?.code).toBe('edited');
      expect(result.error?.message).toMatch(
        /^migration edited after being applied: 2 b \(applied sha256:[0-9a-f]{12}, file now sha256:[0-9a-f]{12}\)$/,
      );
      expect(result.edited.map((edit) => edit.version)).toEqual([2n]);
      expect(db.messages).not.toContain('run');
    }
  });

  it('is a warning with allow-edited, and up goes on', async () => {
    const { db, options } = engineSetup(EDITED, { allowEdited: true });
    db.setVersion(2n);
    recorded(db, FILES, [1n, 2n]);
    const result = await runUp(options);
    expect(result.status).toBe('applied');
    expect(result.warnings).toEqual([expect.stringMatching(/^migration edited after being applied: 2 b .*\(allowed by allow-edited\)$/)]);
  });

  it('is not judged above the database’s version, nor without a history row', async () => {
    const { db, options } = engineSetup(EDITED);
    db.setVersion(2n);
    recorded(db, FILES, [1n]);
    const result = await runCheck(options);
    expect(result.error).toBeUndefined();
    expect(result.edited).toEqual([]);
  });
});

describe('versions applied outside this tool', () => {
  it('are listed as untracked, and only this run’s migrations get rows', async () => {
    const { db, options } = engineSetup(FILES);
    db.setVersion(2n);
    recorded(db, FILES, [1n]);
    const result = await runUp(options);
    expect(result.untracked).toEqual([2n]);
    expect(db.histories.get('schema_migrations_history')?.map((row) => row.version)).toEqual([1n, 3n]);
  });
});

describe('a file added below the database’s version', () => {
  const ONE_AND_THREE = { '1_a.up.sql': FILES['1_a.up.sql'], '3_c.up.sql': FILES['3_c.up.sql'] };

  it('fails up and check when the history shows this tool went from below it to above it', async () => {
    const { db, options } = engineSetup(ONE_AND_THREE);
    expect((await runUp(options)).error).toBeUndefined();
    for (const command of [runUp, runCheck]) {
      const added = engineSetup(FILES, { openDriver: db.open });
      const result = await command(added.options);
      expect(result.error).toMatchObject({
        code: 'out-of-order',
        message:
          "migration 2 b is below the database's version 3 and was not applied by this tool: its history shows a step from version 1 to 3 that went over it, so it did not run then; unless golang-migrate or the oForum server has since reverted below it and migrated up again (which this history cannot see), it was never applied",
      });
      expect(result.outOfOrder).toEqual([2n]);
      expect(result.untracked).toEqual([]);
    }
    expect(db.committed).toEqual([FILES['1_a.up.sql'], FILES['3_c.up.sql']]);
  });

  it('says the history cannot tell when no row spans it', async () => {
    const { db, options } = engineSetup(FILES);
    db.setVersion(3n);
    recorded(db, FILES, [1n, 3n]); // rows of an older release: no previous version recorded
    const result = await runCheck(options);
    expect(result.error).toBeUndefined();
    expect(result.outOfOrder).toEqual([]);
    expect(result.untracked).toEqual([2n]);
  });
});

describe('a history that cannot be written', () => {
  it('still migrates, with a warning, and writes no row', async () => {
    const { db, options } = engineSetup(FILES);
    db.historyWritable = false;
    const result = await runUp(options);
    expect(result.status).toBe('applied');
    expect(result.warnings).toEqual([
      'history: cannot write public.schema_migrations_history (no CREATE privilege on schema public): migrating without recording history',
    ]);
    expect(db.histories.size).toBe(0);
  });

  it('that cannot be read is a warning too', async () => {
    const { db, options } = engineSetup(FILES);
    db.fail({
      at: 'readHistory',
      fault: { kind: 'server', sqlState: '42501', message: 'permission denied for table schema_migrations_history' },
    });
    const result = await runCheck(options);
    expect(result.error).toBeUndefined();
    expect(result.warnings).toEqual([
      'history: cannot read public.schema_migrations_history (permission denied for table schema_migrations_history): edits cannot be checked',
    ]);
  });
});

describe('history off', () => {
  it('reads and writes none', async () => {
    const { db, options } = engineSetup(FILES, { history: null });
    await runUp(options);
    expect(db.messages).not.toContain('readHistory');
    expect(db.histories.size).toBe(0);
  });
});
