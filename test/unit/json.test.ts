import { describe, expect, it } from 'vitest';
import { toJson } from '../../src/json.js';

describe('JSON with exact 64-bit integers', () => {
  it('writes a bigint digit for digit', () => {
    expect(toJson({ version: 9007199254740993n, applied: [1n, 9223372036854775807n], previous: -1n })).toBe(
      '{"version":9007199254740993,"applied":[1,9223372036854775807],"previous":-1}',
    );
  });

  it('writes everything else exactly as JSON.stringify', () => {
    const corpus: unknown[] = [
      null,
      true,
      0,
      -0.5,
      1e21,
      Number.NaN,
      'line\nbreak "quoted" \\ \u2028 \u0000 é 😀',
      [],
      {},
      [1, undefined, () => 1, Symbol('s'), null],
      { a: undefined, b: () => 1, c: 1, nested: { d: [{ e: 'f' }] } },
      new Date(0),
      { toJSON: () => ({ replaced: true }) },
      Object.assign(Object.create(null) as object, { plain: 1 }),
      new Number(3),
      new String('s'),
      new Map([[1, 2]]),
    ];
    for (const value of corpus) expect(toJson(value)).toBe(JSON.stringify(value));
  });
});
