import type { HistoryFact } from '../database/history-table.js';
import type { MigrationSet } from '../source/index.js';
import type { Version } from '../migration-version.js';

/** An applied migration whose file changed afterwards. */
export interface EditedMigration {
  version: Version;
  name: string;
  file: string | null;
  /** the checksum recorded when it was applied */
  applied: string;
  /** the file's checksum now */
  current: string;
}

/**
 * The applied migrations (at or below the database's version) whose up file no longer has the
 * checksum recorded when this tool applied it. Versions without a history row are not judged.
 */
export function findEdited(set: MigrationSet, rows: readonly HistoryFact[], version: Version | null): EditedMigration[] {
  if (version === null) return [];
  const recorded = new Map(rows.map((row) => [row.version, row]));
  const edited: EditedMigration[] = [];
  for (const migration of set.migrations) {
    if (migration.version > version || !migration.up) continue;
    const row = recorded.get(migration.version);
    if (!row) continue;
    const current = migration.up.checksum;
    if (current !== row.checksum) {
      edited.push({ version: migration.version, name: migration.name, file: migration.up.displayPath, applied: row.checksum, current });
    }
  }
  return edited;
}

/** The applied versions this tool has no record of: applied by the oForum server or another tool. */
export function untrackedVersions(set: MigrationSet, rows: readonly HistoryFact[], version: Version | null): Version[] {
  if (version === null) return [];
  const recorded = new Set(rows.map((row) => row.version));
  return set.migrations.filter((migration) => migration.version <= version && !recorded.has(migration.version)).map((m) => m.version);
}

/**
 * A file below the database's version that this tool's history shows it stepped over: not there
 * when this tool migrated past it. That is evidence, not proof: golang-migrate or the oForum
 * server may have reverted below it and applied it since, which this history cannot see.
 */
export interface OutOfOrderMigration {
  version: Version;
  name: string;
  /** the database's version now */
  below: Version;
  /** the history row that stepped over it: this tool migrated from `from` (null: no version) to `to` */
  from: Version | null;
  to: Version;
}

/**
 * Splits the versions without a history row: a history row that records this tool stepping from
 * a version below one of them to a version above it shows that file was not there then (and
 * golang-migrate never applies a file below the version either). It may still have run since, by
 * a down and up outside this tool, which leaves no row here. The others cannot be told apart:
 * applied outside this tool, or never applied.
 */
export function splitUntracked(
  set: MigrationSet,
  rows: readonly HistoryFact[],
  version: Version | null,
): { outOfOrder: OutOfOrderMigration[]; unknown: Version[] } {
  const outOfOrder: OutOfOrderMigration[] = [];
  const unknown: Version[] = [];
  if (version === null) return { outOfOrder, unknown };
  for (const untracked of untrackedVersions(set, rows, version)) {
    const skipped = rows.find(
      (row) =>
        row.previousVersion !== undefined && (row.previousVersion === null || row.previousVersion < untracked) && untracked < row.version,
    );
    if (skipped) {
      outOfOrder.push({
        version: untracked,
        name: set.migrations.find((m) => m.version === untracked)!.name,
        below: version,
        from: skipped.previousVersion ?? null,
        to: skipped.version,
      });
    } else unknown.push(untracked);
  }
  return { outOfOrder, unknown };
}

/** "1–3, 5": consecutive versions as ranges, for one short line. */
export function describeVersions(versions: readonly Version[]): string {
  const parts: string[] = [];
  for (let i = 0; i < versions.length; i++) {
    let j = i;
    while (j + 1 < versions.length && versions[j + 1] === versions[j]! + 1n) j++;
    parts.push(j > i ? `${versions[i]}–${versions[j]}` : String(versions[i]));
    i = j;
  }
  return parts.join(', ');
}
