import { describe, expect, it } from 'vitest';
import { splitStatements } from '../../../src/sql/index.js';

describe('splitStatements: unterminated forms', () => {
  it.each([
    ['quoted string', "SELECT 1;\nSELECT 'abc", 'unterminated quoted string', { offset: 17, line: 2, column: 8 }],
    ['E string ending in an escaped quote', "SELECT E'abc\\'", 'unterminated quoted string', { offset: 7, line: 1, column: 8 }],
    ['E string ending in a backslash', "SELECT E'abc\\", 'unterminated quoted string', { offset: 7, line: 1, column: 8 }],
    ['U& string', "SELECT U&'abc", 'unterminated quoted string', { offset: 7, line: 1, column: 8 }],
    ['N string, located at its quote', "SELECT N'abc", 'unterminated quoted string', { offset: 8, line: 1, column: 9 }],
    ['bit string followed by a quote', "SELECT B'01''10", 'unterminated quoted string', { offset: 12, line: 1, column: 13 }],
    ['bit string', "SELECT B'01", 'unterminated bit string literal', { offset: 7, line: 1, column: 8 }],
    ['hexadecimal string', "SELECT X'1F", 'unterminated hexadecimal string literal', { offset: 7, line: 1, column: 8 }],
    ['quoted identifier', 'SELECT 1 AS "abc', 'unterminated quoted identifier', { offset: 12, line: 1, column: 13 }],
    ['U& quoted identifier', 'SELECT 1 AS U&"abc', 'unterminated quoted identifier', { offset: 12, line: 1, column: 13 }],
    ['$$ dollar quote', 'SELECT 1;\r\n  SELECT $$abc', 'unterminated dollar-quoted string $$', { offset: 20, line: 2, column: 10 }],
    ['$tag$ dollar quote', 'SELECT $body$abc $$ $body', 'unterminated dollar-quoted string $body$', { offset: 7, line: 1, column: 8 }],
    ['block comment', 'SELECT 1; /* abc', 'unterminated /* comment', { offset: 10, line: 1, column: 11 }],
    ['nested block comment', '/* a /* b */ c', 'unterminated /* comment', { offset: 0, line: 1, column: 1 }],
    ['continued E string, located at its start', "SELECT E'a'\n'\\'", 'unterminated quoted string', { offset: 7, line: 1, column: 8 }],
    ['string after an emoji', "SELECT '😀', 'abc", 'unterminated quoted string', { offset: 13, line: 1, column: 13 }],
  ])('%s', (_name, sql, message, location) => {
    expect(splitStatements(sql).error).toEqual({ message, ...location });
  });

  it('returns the statements completed before the error', () => {
    const { statements, error } = splitStatements("SELECT 1; SELECT 2; SELECT 'oops");
    expect(statements.map((s) => s.text)).toEqual(['SELECT 1', 'SELECT 2']);
    expect(error?.message).toBe('unterminated quoted string');
  });

  // Written for standard_conforming_strings off: '…\'…' ends early in a standard string, and a
  // later quote opens a string that never ends. The refusal says why.
  it('says why when an earlier standard string ended in a backslash and a quote', () => {
    const { error } = splitStatements("SELECT 'it\\'s; fine';\nCREATE TABLE x (a int);\n");
    expect(error?.message).toMatch(
      /^unterminated quoted string \(an earlier '…' string ends in \\'.*standard_conforming_strings off is not supported\)$/,
    );
    expect(error).toMatchObject({ line: 1, column: 20 });
    // an E string is read with its escapes: no hint
    expect(splitStatements("SELECT E'a\\'b'; SELECT 'x").error?.message).toBe('unterminated quoted string');
  });

  it('drops the partial statement that contains the error', () => {
    expect(splitStatements("SELECT 1, 'oops").statements).toEqual([]);
  });
});
