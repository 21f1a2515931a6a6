import { describe, expect, it } from 'vitest';
import { runUp } from '../../../src/engine/index.js';
import { engineSetup } from './engine-options.js';

const FILES = {
  '1_a.up.sql': 'CREATE TABLE a (id int);',
  '2_b.up.sql': 'CREATE TABLE b (id int);',
  '3_c.up.sql': 'CREATE TABLE c (id int);',
  '4_d.up.sql': 'CREATE TABLE d (id int);',
};

describe('lock-strategy transaction, when another migrator runs between two migrations', () => {
  it('reads the state again and plans the rest again, applying nothing twice', async () => {
    const { db, options } = engineSetup(FILES, { lockStrategy: 'transaction' });
    let runs = 0;
    db.beforeMessage = (operation, database) => {
      // the oForum server applies 2 and 3 while this run is about to apply 2
      if (operation === 'run' && ++runs === 2) database.setVersion(3n);
    };
    const result = await runUp(options);
    expect(result).toMatchObject({ status: 'applied', version: 4n, dirty: false, pending: [] });
    expect(result.applied.map((m) => m.version)).toEqual([1n, 4n]);
    expect(db.committed).toEqual([FILES['1_a.up.sql'], FILES['4_d.up.sql']]);
    expect(db.messages.filter((m) => m === 'version')).toHaveLength(2);
  });

  it('reports what is true when the other migrator applied everything that was left', async () => {
    const { db, options } = engineSetup(FILES, { lockStrategy: 'transaction' });
    let runs = 0;
    db.beforeMessage = (operation, database) => {
      if (operation === 'run' && ++runs === 2) database.setVersion(4n);
    };
    const result = await runUp(options);
    expect(result).toMatchObject({ status: 'applied', version: 4n, pending: [] });
    expect(result.applied.map((m) => m.version)).toEqual([1n]);
  });

  it('gives up with one clear line when the state keeps changing', async () => {
    const { db, options } = engineSetup(FILES, { lockStrategy: 'transaction' });
    db.setVersion(1n);
    db.beforeMessage = (operation, database) => {
      // two other migrators taking turns, forever
      if (operation === 'run') database.setVersion(database.state?.version === 1n ? 2n : 1n);
    };
    const result = await runUp(options);
    expect(result.error).toMatchObject({
      code: 'state',
      message: 'the database kept changing while this run planned: another migrator is running; run again',
    });
    expect(result.status).toBe('failed');
    expect(db.messages.filter((m) => m === 'version')).toHaveLength(6);
    expect(db.committed).toEqual([]);
  });

  it('refuses a file that runs statement by statement, before changing anything', async () => {
    const { db, options } = engineSetup(
      { ...FILES, '5_idx.up.sql': 'CREATE INDEX CONCURRENTLY a_id ON a (id);' },
      { lockStrategy: 'transaction' },
    );
    const result = await runUp(options);
    expect(result.error).toMatchObject({
      code: 'config',
      message:
        'migration 5 runs statement by statement (CREATE INDEX CONCURRENTLY at line 1), which lock-strategy transaction cannot protect: apply it over a direct connection with lock-strategy session',
    });
    expect(db.committed).toEqual([]);
  });
});

describe('lock-strategy session, when the state changed under the lock', () => {
  it('plans again as well (a server session shared through a pooler)', async () => {
    const { db, options } = engineSetup(FILES);
    let runs = 0;
    db.beforeMessage = (operation, database) => {
      if (operation === 'run' && ++runs === 1) database.setVersion(2n);
    };
    const result = await runUp(options);
    expect(result.applied.map((m) => m.version)).toEqual([3n, 4n]);
    expect(db.state).toEqual({ version: 4n, dirty: false });
  });
});
