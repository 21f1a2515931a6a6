import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintSet } from '../../../src/lint/lint-command.js';
import { lintTargets } from '../../../src/lint/lint-set.js';
import type { Finding } from '../../../src/lint/types.js';
import { loadDirectory } from '../../../src/source/index.js';

// Columns count characters as PostgreSQL does, and as `up` reports a server error's position
// (src/sql/position.ts): code points, a tab is one, the \r of a \r\n is none. PostgreSQL's parser
// gives an error's position in characters and the syntax tree's locations in UTF-8 bytes.

async function findings(sql: string): Promise<string[]> {
  const result = await lintTargets([{ version: 1n, direction: 'up', file: '1_x.up.sql', sql }], {
    together: false,
    syntaxFindings: true,
  });
  return result.findings.map(at);
}

function at(finding: Finding): string {
  return `${finding.rule}@${finding.line}:${finding.column}`;
}

describe('lint positions after multi-byte characters', () => {
  it.each([
    ['é (two UTF-8 bytes)', "SELECT 'é' AS x FRM y;", 17],
    ['emoji (four bytes, two UTF-16 units)', "SELECT '😀😀' AS x FRM y;", 18],
    ['CJK (three bytes)', "SELECT '漢字漢字' AS x FRM y;", 20],
    ['ASCII only', "SELECT 'e' AS x FRM y;", 17],
  ])('puts a syntax error after %s at its character column', async (_, sql, column) => {
    expect(await findings(sql)).toEqual([`syntax-error@1:${column}`]);
  });

  it('puts a syntax error at the end of the input after multi-byte characters', async () => {
    // the statement's text stops before the ';', where PostgreSQL puts "at end of input"
    expect(await findings("SELECT '漢字😀' FROM;")).toEqual(['syntax-error@1:18']);
  });

  it('puts a lexical error of the parser after multi-byte characters', async () => {
    expect(await findings("SELECT '漢😀' || 1e2x;")).toEqual(['syntax-error@1:16']);
  });

  it('counts only the error line, after multi-byte characters on an earlier line of the statement', async () => {
    expect(await findings("SELECT '漢字😀é',\n  'x' AS x FRM y;")).toEqual(['syntax-error@2:12']);
  });

  it('gives the line of a statement the parser rejects, in a run that leaves syntax errors to the server', async () => {
    const result = await lintTargets([{ version: 1n, direction: 'up', file: '1_x.up.sql', sql: "SELECT '漢字漢字漢字',\nx FRM y;" }], {
      together: false,
      syntaxFindings: false,
    });
    expect(result.findings).toEqual([]);
    expect(result.unparsed.map((unparsed) => unparsed.line)).toEqual([2]);
  });

  it('counts a tab as one column and the \\r of a \\r\\n as none', async () => {
    expect(await findings("SELECT\t'😀é'\r\n\t'x' AS x FRM y;\r\n")).toEqual(['syntax-error@2:11']);
  });

  it('places a syntax error in a later statement after multi-byte characters in an earlier one', async () => {
    expect(await findings("SELECT '😀漢'; SELECT 'é😀' AS x FRM y;")).toEqual(['syntax-error@1:31']);
    expect(await findings("SELECT '😀漢';\nSELECT 'é😀' AS x FRM y;")).toEqual(['syntax-error@2:18']);
  });

  it('places a rule finding inside a later statement after multi-byte characters', async () => {
    // the finding points at the column `b`, a byte offset of the syntax tree
    const sql = 'SELECT \'😀漢\';\nALTER TABLE t ADD COLUMN "é😀" int, ADD COLUMN b int NOT NULL;\n';
    expect(await findings(sql)).toEqual(['add-column-not-null@2:47']);
    expect(await findings(sql.replace('\n', ' '))).toEqual(['add-column-not-null@1:60']);
  });

  it('counts from the first character after a UTF-8 byte-order mark, as `up` does', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lint-positions-'));
    try {
      writeFileSync(path.join(dir, '1_x.up.sql'), Buffer.from("\uFEFFSELECT 'é😀' AS x FRM y;\n", 'utf8'));
      const set = loadDirectory(dir, dir);
      expect(set.migrations[0]?.up?.bom).toBe(true);
      const result = await lintSet(set, 'error');
      expect(result.lint?.findings.map(at)).toEqual(['syntax-error@1:18']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
