import { describe, expect, it } from 'vitest';
import { excerptLines } from '../../src/report/excerpt.js';

function caretUnder(text: string, column: number): string {
  return excerptLines({ file: 'f.sql', line: 1, column, excerpt: [{ number: 1, text }] })[1]!.slice('    | '.length);
}

describe('the caret under the failing column', () => {
  it('keeps a tab where the line has one, so both expand alike', () => {
    expect(caretUnder('\tSELECT x FRM y;', 11)).toBe('\t         ^');
  });

  it('takes two places under a wide character and none under a combining mark', () => {
    expect(caretUnder("SELECT '漢字' FRM y;", 13)).toBe(`${' '.repeat(8)}    ${' '.repeat(2)}^`);
    expect(caretUnder("SELECT 'e\u0301' FRM y;", 13)).toBe(`${' '.repeat(8)} ${' '.repeat(2)}^`);
  });

  it('is one place a character on plain text', () => {
    expect(caretUnder('SELECT 1 AS x FRM y;', 15)).toBe(`${' '.repeat(14)}^`);
  });
});
