import { describe, expect, it } from 'vitest';
import { excerpt, offsetToLineColumn, serverPositionToOffset } from '../../../src/sql/index.js';

describe('serverPositionToOffset', () => {
  it.each([
    ['first character', 'SELECT x', 1, 0],
    ['ASCII text', 'SELECT x', 8, 7],
    ['one past the end, as for "at end of input"', 'SELECT (', 9, 8],
    ['after an emoji, which is one character but two code units', "SELECT '😀', x", 13, 13],
    ['after two emoji', "'😀😀' x", 6, 7],
    ['after CRLF, each of \\r and \\n being one character', 'SELECT 1;\r\nSELECT x', 19, 18],
    ['after a two-byte UTF-8 character', "SELECT 'é' x", 12, 11],
    ['clamped below to 0', 'SELECT x', 0, 0],
    ['clamped above to the length', 'SELECT x', 100, 8],
    ['NaN as 0', 'SELECT x', Number.NaN, 0],
  ])('%s', (_name, sent, position, offset) => {
    expect(serverPositionToOffset(sent, position)).toBe(offset);
  });
});

describe('offsetToLineColumn', () => {
  it.each([
    ['start of text', 'SELECT 1', 0, { line: 1, column: 1 }],
    ['within the first line', 'SELECT 1', 7, { line: 1, column: 8 }],
    ['start of the second line', 'a\nb', 2, { line: 2, column: 1 }],
    ['the \\n ending a line', 'ab\nc', 2, { line: 1, column: 3 }],
    ['start of a line after CRLF', 'a\r\nb', 3, { line: 2, column: 1 }],
    ['the \\n of a CRLF is not a column after the \\r', 'ab\r\nc', 3, { line: 1, column: 3 }],
    ['the \\r of a CRLF', 'ab\r\nc', 2, { line: 1, column: 3 }],
    ['a lone \\r is not a line break', 'a\rb', 2, { line: 1, column: 3 }],
    ['after an emoji', '😀x', 2, { line: 1, column: 2 }],
    ['inside an emoji, as the emoji', 'a😀x', 2, { line: 1, column: 2 }],
    ['after emoji on a later CRLF line', 'x\r\n😀😀y', 7, { line: 2, column: 3 }],
    ['at the end of the text', 'a\nbc', 4, { line: 2, column: 3 }],
    ['after a final newline', 'a\n', 2, { line: 2, column: 1 }],
    ['clamped past the end', 'ab', 10, { line: 1, column: 3 }],
    ['clamped below zero', '\nab', -5, { line: 1, column: 1 }],
  ])('%s', (_name, text, offset, expected) => {
    expect(offsetToLineColumn(text, offset)).toEqual(expected);
  });

  it('locates a position PostgreSQL 15 reported after an emoji and CRLF', () => {
    // The server answered this text with "syntax error at or near SELEC", position 14.
    const sent = "SELECT '🎉';\r\nSELEC 1;";
    const offset = serverPositionToOffset(sent, 14);
    expect(sent.slice(offset, offset + 5)).toBe('SELEC');
    expect(offsetToLineColumn(sent, offset)).toEqual({ line: 2, column: 1 });
  });
});

describe('excerpt', () => {
  const text = 'l1\nl2\r\nl3\nl4\nl5\nl6\n';

  it.each([
    ['lines around the middle', 3, 2, [1, 2, 3, 4, 5]],
    ['clipped at the start', 1, 2, [1, 2, 3]],
    ['clipped at the end, without the empty line after the final newline', 6, 2, [4, 5, 6]],
    ['only the line itself with context 0', 4, 0, [4]],
  ])('%s', (_name, line, context, numbers) => {
    expect(excerpt(text, line, context).map((l) => l.number)).toEqual(numbers);
  });

  it('uses a context of 2 by default', () => {
    expect(excerpt(text, 3).map((l) => l.number)).toEqual([1, 2, 3, 4, 5]);
  });

  it('strips \\n and \\r\\n terminators', () => {
    expect(excerpt(text, 2, 0)).toEqual([{ number: 2, text: 'l2' }]);
  });

  it('includes the empty last line when the error is on it', () => {
    expect(excerpt('a\nb\n', 3, 1)).toEqual([
      { number: 2, text: 'b' },
      { number: 3, text: '' },
    ]);
  });

  it('returns nothing for a line beyond the text', () => {
    expect(excerpt('a\nb', 9)).toEqual([]);
  });
});
