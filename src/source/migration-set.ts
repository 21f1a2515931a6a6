import { nodeCrypto } from '../crypto-on-demand.js';
import { MigrateError } from '../errors.js';
import { compareVersions, type Version } from '../migration-version.js';
import { mayRefuseTransaction } from '../sql/no-transaction-words.js';
import { migrationChecksum } from './checksum.js';
import { refuseClientCopy } from './client-copy.js';
import { parseFileName, type Direction } from './file-name.js';

/**
 * One file of a migration. What every run needs of it is worked out when the set is loaded; its
 * text is not necessarily held: a directory's file is read again each time `sql` is asked for
 * (directory.ts), so that memory stays flat however many files there are.
 */
export interface MigrationFile {
  fileName: string;
  /** where the file lives for a person and for annotations, relative to the repository */
  displayPath: string;
  /** the decoded text, without a byte-order mark */
  readonly sql: string;
  /** migrationChecksum of the text (checksum.ts) */
  readonly checksum: string;
  /** false when no statement of the file can refuse a transaction block (sql/no-transaction-words.ts) */
  readonly mayRefuseTransaction: boolean;
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
  /**
   * The embedded set: engine/server-compat.ts found nothing in it when the bundle was built
   * (test/unit/source.test.ts), so that a run does not look again.
   */
  serverChecked?: boolean;
}

/** A file whose text is at hand (the embedded set, tests). */
export interface SourceFile {
  fileName: string;
  displayPath: string;
  sql: string;
  bom?: boolean;
  /** its migrationChecksum, when it was taken before (the embedded set's, when the bundle was built) */
  checksum?: string;
}

/**
 * Builds the ordered set from files held in memory, as golang-migrate does: non-matching names
 * are skipped, two files for one version and direction are an error. A file with a COPY from or
 * to the client is refused (client-copy.ts). `digest`: the set's digest, when it was taken
 * before with the files' checksums (the embedded set's).
 */
export function buildMigrationSet(origin: string, files: readonly SourceFile[], digest?: string): MigrationSet {
  const used = files.filter((file) => parseFileName(file.fileName).kind !== 'ignored');
  const migrations = collectMigrations(
    used.map((file) => {
      refuseClientCopy(file.sql, file.displayPath);
      return {
        fileName: file.fileName,
        displayPath: file.displayPath,
        sql: file.sql,
        checksum: file.checksum ?? migrationChecksum(file.sql),
        mayRefuseTransaction: mayRefuseTransaction(file.sql),
        ...(file.bom ? { bom: true } : {}),
      };
    }),
  );
  return { origin, migrations, digest: digest ?? digestOf(used) };
}

/** Pairs the files into migrations, ascending by version; refuses invalid and duplicate names. */
export function collectMigrations(files: Iterable<MigrationFile>): Migration[] {
  const byVersion = new Map<Version, Migration>();
  for (const file of files) {
    const parsed = parseFileName(file.fileName);
    if (parsed.kind === 'ignored') continue;
    if (parsed.kind === 'invalid') {
      throw new MigrateError('source', `invalid migration file name ${file.displayPath}: ${parsed.reason}`);
    }
    const { version, name, direction } = parsed.parsed;
    // Every field from the start: an object given a property later keeps it in a separate
    // array, which thousands of migrations would pay for the whole run.
    const migration = byVersion.get(version) ?? { version, name, up: undefined, down: undefined };
    const existing = migration[direction];
    if (existing) {
      throw new MigrateError(
        'source',
        `duplicate migration file: ${file.fileName} (version ${version} ${direction} is also ${existing.fileName})`,
      );
    }
    migration[direction as Direction] = file;
    if (direction === 'up') migration.name = name;
    byVersion.set(version, migration);
  }
  return [...byVersion.values()].sort((a, b) => compareVersions(a.version, b.version));
}

/**
 * The digest names the exact migration set a run used, so a deploy can record it and a later
 * run can tell whether the set changed. Each file contributes its name and its UTF-8 bytes,
 * length-prefixed so that no two different sets hash the same input.
 */
export class SetDigest {
  private readonly hash = nodeCrypto().createHash('sha256');

  /**
   * Files must be added in name order (JavaScript's string order). A text body stands for its
   * UTF-8 bytes. Two updates per file, the lengths counted in C++: thousands of files are added.
   */
  add(fileName: string, body: Uint8Array | string): void {
    const bodyLength = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length;
    this.hash.update(`${Buffer.byteLength(fileName, 'utf8')}:${fileName}${bodyLength}:`, 'utf8').update(body);
  }

  value(): string {
    return `sha256:${this.hash.digest('hex')}`;
  }
}

function digestOf(files: readonly SourceFile[]): string {
  const digest = new SetDigest();
  const sorted = [...files].sort((a, b) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0));
  for (const file of sorted) digest.add(file.fileName, file.sql);
  return digest.value();
}
