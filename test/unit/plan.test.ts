import { describe, expect, it } from 'vitest';
import { planUp } from '../../src/engine/plan.js';
import { buildMigrationSet } from '../../src/source/index.js';

const set = buildMigrationSet(
  'embedded',
  [1n, 2n, 4n].map((v) => ({ fileName: `${v}_m${v}.up.sql`, displayPath: `${v}`, sql: 'SELECT 1' })),
);
const versions = (state: { version: bigint | null; dirty: boolean }) => planUp(set, state).pending.map((m) => m.version);

describe('planning up', () => {
  it('plans everything on a database with no version', () => {
    expect(versions({ version: null, dirty: false })).toEqual([1n, 2n, 4n]);
  });

  it('plans what is above the current version', () => {
    expect(versions({ version: 2n, dirty: false })).toEqual([4n]);
    expect(versions({ version: 4n, dirty: false })).toEqual([]);
  });

  it('refuses a dirty database with golang-migrate’s words', () => {
    expect(() => versions({ version: 2n, dirty: true })).toThrow('Dirty database version 2. Fix and force version.');
    expect(() => versions({ version: null, dirty: true })).toThrow('Dirty database version -1. Fix and force version.');
  });

  it('refuses a version above the newest as ahead of binary', () => {
    expect(() => versions({ version: 5n, dirty: false })).toThrow(
      expect.objectContaining({ code: 'ahead', message: 'version is ahead of binary' }),
    );
  });

  it('refuses a version below the newest that has no file', () => {
    expect(() => versions({ version: 3n, dirty: false })).toThrow(expect.objectContaining({ code: 'missing-version' }));
  });

  it('treats any version as ahead of an empty set', () => {
    const empty = buildMigrationSet('empty', []);
    expect(() => planUp(empty, { version: 1n, dirty: false })).toThrow(expect.objectContaining({ code: 'ahead' }));
    expect(planUp(empty, { version: null, dirty: false }).pending).toEqual([]);
  });
});
