import { describe, expect, it } from 'vitest';
import { advisoryLockId, crc32 } from '../../src/database/lock-id.js';

describe("golang-migrate's advisory lock id", () => {
  it('matches the known answer for /mydb (the URL path, with its slash)', () => {
    expect(advisoryLockId('public', 'schema_migrations', '/mydb')).toBe('616192132');
  });

  it('differs without the leading slash, as golang-migrate opened by instance computes it', () => {
    expect(advisoryLockId('public', 'schema_migrations', 'mydb')).toBe('2103762914');
  });

  it('uses IEEE CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('stays within unsigned 32 bits for any input', () => {
    for (const name of ['/a', '/oforum', '/ünïcode', `/${'x'.repeat(300)}`]) {
      const id = Number(advisoryLockId('public', 'schema_migrations', name));
      expect(Number.isInteger(id) && id >= 0 && id < 2 ** 32).toBe(true);
    }
  });
});
