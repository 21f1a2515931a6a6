import { loadModule, parseSync } from 'libpg-query';
import { beforeAll, describe, expect, it } from 'vitest';
import { doBody } from '../helpers/do-block.js';
import { historySummaryFromSetting, readHistorySummaryIfPresentSql } from '../../src/database/history-read.js';
import { historyTable } from '../../src/database/history-table.js';
import { qualifiedName, quoteLiteral } from '../../src/database/identifiers.js';

beforeAll(async () => {
  await loadModule();
});

function tableNamed(schema: string, table: string) {
  return historyTable({ schema, table: 'schema_migrations', qualified: qualifiedName(schema, 'schema_migrations') }, table);
}

describe('the history read only when its table exists', () => {
  it("keeps a table name that holds the dollar quote's tag whole (PostgreSQL's parser)", () => {
    for (const name of ['schema_migrations_history', 'a$oforum$b', '$oforum$', 'x$oforum1$y$oforum$', 'it\'s "quoted"']) {
      const history = tableNamed('public', name);
      const [block, read] = readHistorySummaryIfPresentSql(history);
      expect(parseSync(`${block};\n${read}`).stmts).toHaveLength(2);
      const body = doBody(block);
      // the whole name, in the lookup and in the read, inside the one body
      expect(body).toContain(`pg_catalog.to_regclass(${quoteLiteral(history.qualified)})`);
      expect(body).toContain(`FROM ${history.qualified} ORDER BY version`);
    }
  });

  it('reads the setting: no table (NULL) is an empty history; anything but the JSON is read again', () => {
    expect(historySummaryFromSetting(null)).toEqual({ rows: [], recent: [], exists: false, recordsPrevious: true });
    expect(historySummaryFromSetting('not json')).toBeNull();
    expect(historySummaryFromSetting('"a string"')).toBeNull();
    expect(historySummaryFromSetting(42)).toBeNull();
    const read = historySummaryFromSetting(JSON.stringify({ facts: [['3', 'sha256:ab', 'up', '2']], recent: null }));
    expect(read).toMatchObject({ exists: true, rows: [{ version: 3n, checksum: 'sha256:ab', previousVersion: 2n }], recent: [] });
  });
});
