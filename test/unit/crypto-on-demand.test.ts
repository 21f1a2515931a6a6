import { describe, expect, it } from 'vitest';
import { randomHex, randomUuid } from '../../src/crypto-on-demand.js';

describe('random values without node:crypto', () => {
  it('makes version 4 UUIDs, each new', () => {
    const uuids = Array.from({ length: 200 }, () => randomUuid());
    for (const uuid of uuids) expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(uuids).size).toBe(uuids.length);
  });

  it('makes hex of the length asked for, each new', () => {
    const values = Array.from({ length: 200 }, () => randomHex(18));
    for (const value of values) expect(value).toMatch(/^[0-9a-f]{36}$/);
    expect(new Set(values).size).toBe(values.length);
    expect(randomHex(4)).toMatch(/^[0-9a-f]{8}$/);
  });
});
