import { describe, expect, it } from 'vitest';
import { splitStatements } from '../../../src/sql/index.js';

describe('splitStatements: empty statements', () => {
  it.each([
    ['empty input', ''],
    ['whitespace only', ' \n\t\r\n '],
    ['line comment only', '-- nothing here'],
    ['block comment only', '/* nothing /* nested */ here */'],
    ['semicolons only', ';;\n;'],
    ['comments between semicolons', '; -- a\n; /* b */ ;'],
  ])('%s yields no statements', (_name, sql) => {
    expect(splitStatements(sql)).toEqual({ statements: [] });
  });

  it('drops ;; between statements, as the server sends no CommandComplete for it', () => {
    expect(splitStatements('SELECT 1;;SELECT 2;').statements.map((s) => s.text)).toEqual(['SELECT 1', 'SELECT 2']);
  });
});

describe('splitStatements: statement bounds', () => {
  it('counts a final statement without ;', () => {
    expect(splitStatements('SELECT 1; SELECT 2').statements.map((s) => s.text)).toEqual(['SELECT 1', 'SELECT 2']);
  });

  it('excludes leading comments and whitespace from text and start', () => {
    const sql = '-- header\n/* note */  SELECT 1;';
    const [statement] = splitStatements(sql).statements;
    expect(statement).toMatchObject({ text: 'SELECT 1', start: sql.indexOf('SELECT'), end: sql.indexOf(';') });
  });

  it('excludes trailing comments and whitespace before the ;', () => {
    const sql = 'SELECT 1 -- trailing\n  /* x */ ;';
    const [statement] = splitStatements(sql).statements;
    expect(statement).toMatchObject({ text: 'SELECT 1', start: 0, end: 8 });
  });

  it('keeps comments between tokens in the text', () => {
    expect(splitStatements('SELECT /* a */ 1 -- b\n + 1;').statements[0]?.text).toBe('SELECT /* a */ 1 -- b\n + 1');
  });

  it('splits at a ; inside unclosed parentheses, keeping the syntax error in one statement', () => {
    expect(splitStatements('SELECT (1;\nSELECT 2;').statements.map((s) => s.text)).toEqual(['SELECT (1', 'SELECT 2']);
  });

  it('text equals sql.slice(start, end)', () => {
    const sql = 'CREATE TABLE t (a int);\n\nINSERT INTO t VALUES (1), (2);\n-- done\n';
    for (const s of splitStatements(sql).statements) expect(sql.slice(s.start, s.end)).toBe(s.text);
  });
});

describe('splitStatements: line and column', () => {
  it.each([
    ['first statement', 'SELECT 1;\n  SELECT 2;', 0, { line: 1, column: 1 }],
    ['indented statement on a later line', 'SELECT 1;\n  SELECT 2;', 1, { line: 2, column: 3 }],
    ['second statement on the same line', 'SELECT 1; SELECT 2;', 1, { line: 1, column: 11 }],
    ['after CRLF line breaks', 'SELECT 1;\r\n\r\n SELECT 2;', 1, { line: 3, column: 2 }],
    ['after an emoji, counted as one column', "SELECT '😀'; SELECT 2;", 1, { line: 1, column: 13 }],
    ['after a multi-line string', "SELECT 'a\nb'; SELECT 2;", 1, { line: 2, column: 5 }],
  ])('%s', (_name, sql, index, expected) => {
    expect(splitStatements(sql).statements[index]).toMatchObject(expected);
  });

  it('locates many statements on one long line', () => {
    const sql = 'SELECT 1;'.repeat(1000);
    const statements = splitStatements(sql).statements;
    expect(statements).toHaveLength(1000);
    expect(statements[999]).toMatchObject({ line: 1, column: 9 * 999 + 1 });
  });
});
