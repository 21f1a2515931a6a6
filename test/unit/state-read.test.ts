import { loadModule, parseSync } from 'libpg-query';
import { beforeAll, describe, expect, it } from 'vitest';
import { doBody } from '../helpers/do-block.js';
import { qualifiedName, quoteLiteral } from '../../src/database/identifiers.js';
import { readStateIfPresentSql, stateFromValue, type StateTable } from '../../src/database/state-table.js';

beforeAll(async () => {
  await loadModule();
});

function stateNamed(table: string): StateTable {
  return { schema: 'public', table, qualified: qualifiedName('public', table) };
}

describe('the state read only when its table exists', () => {
  it("keeps a table name that holds the dollar quote's tag whole (PostgreSQL's parser)", () => {
    for (const name of ['schema_migrations', 'a$oforum$b', '$oforum$', 'x$oforum1$y$oforum$', 'it\'s "quoted"']) {
      const state = stateNamed(name);
      const [block, read] = readStateIfPresentSql(state);
      expect(parseSync(`${block};\n${read}`).stmts).toHaveLength(2);
      const body = doBody(block);
      expect(body).toContain(`pg_catalog.to_regclass(${quoteLiteral(state.qualified)})`);
      expect(body).toContain(`FROM ${state.qualified} LIMIT 2`);
    }
  });

  it('reads the value: none is no table; the rows as the plain read gives them; anything else refused', () => {
    const state = stateNamed('schema_migrations');
    expect(stateFromValue({ pid: 7, value: null }, state)).toEqual({ version: null, dirty: false, exists: false, pid: 7 });
    expect(stateFromValue({ pid: 7, value: '[[null, null, "bigint", "boolean"]]' }, state)).toEqual({
      version: null,
      dirty: false,
      exists: true,
      pid: 7,
    });
    expect(stateFromValue({ pid: 7, value: '[["9223372036854775807", true, "bigint", "boolean"]]' }, state)).toEqual({
      version: 9223372036854775807n,
      dirty: true,
      exists: true,
      pid: 7,
    });
    expect(() => stateFromValue({ pid: 7, value: '[["1", false, "text", "boolean"]]' }, state)).toThrow(
      /is not golang-migrate's state table/,
    );
    expect(() =>
      stateFromValue({ pid: 7, value: '[["1", false, "bigint", "boolean"], ["2", false, "bigint", "boolean"]]' }, state),
    ).toThrow(/holds several rows/);
    expect(() => stateFromValue({ pid: 7, value: 'not json' }, state)).toThrow(/could not be read/);
  });
});
