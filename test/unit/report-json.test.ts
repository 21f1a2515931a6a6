import { describe, expect, it } from 'vitest';
import { toJson } from '../../src/report/json.js';

describe("the reports' JSON (--json, the outputs)", () => {
  it('writes the characters a reader could take for a line break, a command or nothing as escapes: the same value', () => {
    const hostile = 'a\u0085b\u2028c\u2029d\u200be\u202ef\ufefFg\u2066h\u00adi##[error]j\u009bk';
    const json = toJson({ name: hostile });
    expect(json).toMatch(/^[\x20-\x7e]*$/);
    expect(json).toContain('\\u0085');
    expect(json).toContain('\\u202e');
    expect(json).toContain('\\u0023\\u0023[error]');
    expect(JSON.parse(json)).toEqual({ name: hostile });
  });

  it('leaves a sha256 digest whole when a short password is redacted from every other string', () => {
    const redactOnes = (text: string): string => text.split('1').join('***');
    const digest = `sha256:${'01'.repeat(32)}`;
    expect(JSON.parse(toJson({ 'migrations-digest': digest, database: 'h1/db' }, redactOnes))).toEqual({
      'migrations-digest': digest,
      database: 'h***/db',
    });
  });
});
