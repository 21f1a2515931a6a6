import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadEmbedded } from '../../src/source/embedded.js';
import { buildMigrationSet } from '../../src/source/migration-set.js';

// The embedded set's checksums and digest are taken when the bundle is built
// (scripts/embed-migrations.mjs), not by the run: they must be the ones the run would take.
describe('the embedded set', () => {
  it('has the checksums and the digest that the run takes of the same files', () => {
    const directory = new URL('../../migrations/', import.meta.url);
    const files = readdirSync(directory)
      .filter((fileName) => fileName.endsWith('.sql'))
      .map((fileName) => ({ fileName, displayPath: `migrations/${fileName}`, sql: readFileSync(new URL(fileName, directory), 'utf8') }));
    const computed = buildMigrationSet('embedded', files);
    const embedded = loadEmbedded();
    expect(embedded.migrations.length).toBeGreaterThan(0);
    expect(embedded.digest).toBe(computed.digest);
    const checksums = (set: typeof computed) => set.migrations.flatMap((m) => [m.up?.checksum, m.down?.checksum]);
    expect(checksums(embedded)).toEqual(checksums(computed));
    expect(checksums(embedded).filter((checksum) => checksum !== undefined)).toHaveLength(files.length);
  });
});
