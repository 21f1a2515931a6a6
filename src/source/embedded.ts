import { buildMigrationSet, type MigrationSet } from './migration-set.js';
import { EMBEDDED_MIGRATIONS } from './embedded-migrations.generated.js';
import { EMBEDDED_SUMMARY } from './embedded-summary.generated.js';

/**
 * oForum's migrations as they were in `migrations/` when the bundle was built: like the oForum
 * binary, the action never reads the directory at run time, so a checkout cannot change what
 * the pinned action version applies. Their checksums and the set's digest were taken when the
 * bundle was built too (scripts/embed-migrations.mjs; test/unit/embedded.test.ts holds them equal
 * to a run's own), so that a run hashes nothing of them.
 */
export function loadEmbedded(): MigrationSet {
  const set = buildMigrationSet(
    'embedded',
    EMBEDDED_MIGRATIONS.map((file) => ({ ...file, displayPath: `migrations/${file.fileName}` })),
    EMBEDDED_SUMMARY?.digest,
  );
  return { ...set, serverChecked: true };
}
