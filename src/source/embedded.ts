import { buildMigrationSet, type MigrationSet } from './migration-set.js';
import { EMBEDDED_MIGRATIONS } from './embedded-migrations.generated.js';

/**
 * oForum's migrations as they were in `migrations/` when the bundle was built: like the oForum
 * binary, the action never reads the directory at run time, so a checkout cannot change what
 * the pinned action version applies.
 */
export function loadEmbedded(): MigrationSet {
  const set = buildMigrationSet(
    'embedded',
    EMBEDDED_MIGRATIONS.map((file) => ({ ...file, displayPath: `migrations/${file.fileName}` })),
  );
  return { ...set, serverChecked: true };
}
