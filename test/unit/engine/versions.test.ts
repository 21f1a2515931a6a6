import { describe, expect, it } from 'vitest';
import { runCheck, runUp } from '../../../src/engine/index.js';
import { toJson } from '../../../src/json.js';
import { actionOutputs, jsonFields } from '../../../src/report/outputs.js';
import { engineSetup } from './engine-options.js';

const BIG = 9007199254740993n; // 2^53 + 1: a JavaScript number would read 9007199254740992

describe('versions above 2^53', () => {
  const FILES = { '1_a.up.sql': 'SELECT 1;', [`${BIG}_b.up.sql`]: 'SELECT 2;', '9223372036854775807_max.up.sql': 'SELECT 3;' };

  it('are planned, applied, recorded and reported exactly', async () => {
    const { db, options } = engineSetup(FILES);
    const result = await runUp(options);
    expect(result.applied.map((m) => m.version)).toEqual([1n, BIG, 2n ** 63n - 1n]);
    expect(db.state).toEqual({ version: 2n ** 63n - 1n, dirty: false });
    expect(db.histories.get('schema_migrations_history')?.map((row) => row.version)).toContain(BIG);
    expect(toJson(jsonFields(result))).toContain('"applied":[1,9007199254740993,9223372036854775807]');
    expect(actionOutputs(result)).toMatchObject({ version: '9223372036854775807', applied: '[1,9007199254740993,9223372036854775807]' });
  });

  it('a state row golang-migrate wrote at 2^53 + 1 is read as that version, not its neighbour', async () => {
    const { db, options } = engineSetup(FILES);
    db.setVersion(BIG);
    const result = await runCheck(options);
    expect(result.version).toBe(BIG);
    expect(result.pending.map((m) => m.version)).toEqual([2n ** 63n - 1n]);
    expect(actionOutputs(result)['previous-version']).toBe('9007199254740993');
  });
});
