import { createHash } from 'node:crypto';
import { MigrateError } from '../errors.js';
import { compareVersions, type Version } from '../migration-version.js';
import { parseFileName, type Direction } from './file-name.js';

/** One file of a migration, already decoded. */
export interface MigrationFile {
  fileName: string;
  /** where the file lives for a person and for annotations, relative to the repository */
  displayPath: string;
  sql: string;
  /** the file began with a UTF-8 byte-order mark, dropped from sql */
  bom?: boolean;
}

export interface Migration {
  version: Version;
  /** the description part of the up file's name (or the down's when there is no up) */
  name: string;
  /** golang-migrate runs a version without an up file as an empty migration that records it */
  up?: MigrationFile;
  down?: MigrationFile;
}

export interface MigrationSet {
  /** where the set came from, for messages: 'embedded' or the directory as given */
  origin: string;
  /** ascending by version */
  migrations: Migration[];
  /** sha256 over every migration file's name and bytes, in name order */
  digest: string;
}

export interface SourceFile {
  fileName: string;
  displayPath: string;
  sql: string;
  bom?: boolean;
}

/**
 * Builds the ordered set from files, as golang-migrate does: non-matching names are skipped,
 * two files for one version and direction are an error.
 */
export function buildMigrationSet(origin: string, files: readonly SourceFile[]): MigrationSet {
  const byVersion = new Map<Version, Migration>();
  const used: SourceFile[] = [];
  for (const file of files) {
    const parsed = parseFileName(file.fileName);
    if (parsed.kind === 'ignored') continue;
    if (parsed.kind === 'invalid') {
      throw new MigrateError('source', `invalid migration file name ${file.displayPath}: ${parsed.reason}`);
    }
    const { version, name, direction } = parsed.parsed;
    const migration = byVersion.get(version) ?? { version, name };
    const existing = migration[direction];
    if (existing) {
      throw new MigrateError(
        'source',
        `duplicate migration file: ${file.fileName} (version ${version} ${direction} is also ${existing.fileName})`,
      );
    }
    migration[direction as Direction] = {
      fileName: file.fileName,
      displayPath: file.displayPath,
      sql: file.sql,
      ...(file.bom ? { bom: true } : {}),
    };
    if (direction === 'up') migration.name = name;
    byVersion.set(version, migration);
    used.push(file);
  }
  const migrations = [...byVersion.values()].sort((a, b) => compareVersions(a.version, b.version));
  return { origin, migrations, digest: digestOf(used) };
}

/**
 * The digest names the exact migration set a run used, so a deploy can record it and a later
 * run can tell whether the set changed. Each file contributes its name and its UTF-8 bytes,
 * length-prefixed so that no two different sets hash the same input.
 */
function digestOf(files: readonly SourceFile[]): string {
  const hash = createHash('sha256');
  const sorted = [...files].sort((a, b) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0));
  for (const file of sorted) {
    const name = Buffer.from(file.fileName, 'utf8');
    const body = Buffer.from(file.sql, 'utf8');
    hash.update(`${name.length}:`).update(name).update(`${body.length}:`).update(body);
  }
  return `sha256:${hash.digest('hex')}`;
}
