import { MigrateError } from '../errors.js';
import type { Migration, MigrationSet } from '../source/index.js';
import type { DatabaseState } from '../database/state-table.js';
import type { Version } from '../migration-version.js';

export interface UpPlan {
  /** migrations above the database's version, up to the target when there is one, in order */
  pending: Migration[];
  /** migrations above the database's version and above the target: they stay pending */
  beyond: Migration[];
}

/**
 * target-version must name a migration of the set: a typo, or a release's version that this set
 * does not have, must not quietly apply everything (or nothing). Checked before connecting.
 */
export function checkTarget(set: MigrationSet, target: Version | null, name = 'target-version'): void {
  if (target === null || set.migrations.some((migration) => migration.version === target)) return;
  const newest = set.migrations.at(-1)?.version;
  throw new MigrateError(
    'config',
    `${name} ${target} has no migration file in ${set.origin}${newest === undefined ? ', which is empty' : ` (newest ${newest})`}`,
  );
}

/**
 * Decides what `up` and `check` would do, from the migration set and the database's state alone.
 * The refusals are golang-migrate's (migrate.go Up): a dirty database, and a version that has no
 * file — which, above the newest file, is oForum's "version is ahead of binary".
 */
export function planUp(set: MigrationSet, state: DatabaseState, target: Version | null = null): UpPlan {
  if (state.dirty) {
    // golang-migrate's ErrDirty text, verbatim: oForum's docs and people's runbooks quote it.
    throw new MigrateError('dirty', `Dirty database version ${state.version ?? -1n}. Fix and force version.`, {
      version: state.version ?? -1n,
      hint: `repair the schema by hand, then record the version that matches it: oforum-migrate force ${state.version ?? -1n}`,
    });
  }
  const newest = set.migrations.at(-1)?.version ?? null;
  if (state.version !== null) {
    if (newest === null || state.version > newest) {
      throw new MigrateError('ahead', 'version is ahead of binary', {
        version: state.version,
        hint:
          newest === null
            ? `the database is at version ${state.version}, and the migration set (${set.origin}) is empty`
            : `the database is at version ${state.version}, newer than the newest migration ${newest} (${set.origin}): deploy the newer release, or migrate the database down by hand`,
      });
    }
    if (!set.migrations.some((migration) => migration.version === state.version)) {
      throw new MigrateError(
        'missing-version',
        `no migration found for version ${state.version}: the database is at version ${state.version}, which has no file in the migration set (${set.origin}), whose newest is ${newest}`,
        {
          version: state.version,
          hint: 'the database was migrated with a different set of migrations; use the set it was migrated with',
        },
      );
    }
  }
  // Like golang-migrate, a file numbered below the database's version that was added later is
  // never applied: history below the current version is taken as done.
  const above = set.migrations.filter((migration) => state.version === null || migration.version > state.version);
  if (target === null) return { pending: above, beyond: [] };
  return {
    pending: above.filter((migration) => migration.version <= target),
    beyond: above.filter((migration) => migration.version > target),
  };
}
