import { join } from 'node:path';
import { MigrateError } from '../errors.js';
import { mayRefuseTransaction } from '../sql/no-transaction-words.js';
import { migrationChecksum, sha256Hex } from './checksum.js';
import { decodeMigration } from './decode.js';
import { describeFsError } from './fs-error.js';
import type { MigrationFile } from './migration-set.js';
import { readWhole } from './read-whole.js';

/**
 * A file of a migrations directory. It is checked (UTF-8, no NUL) and hashed when the set is
 * loaded, so that a broken file fails the run before anything is applied, and its text is not
 * kept: each use of `sql` reads the file again and makes sure that its bytes are still the ones
 * loaded, so that what runs is what was checked, hashed into the digest and lexed.
 */
export class DirectoryFile implements MigrationFile {
  readonly bom?: boolean;

  private constructor(
    readonly fileName: string,
    readonly displayPath: string,
    /** the directory's absolute path, one string shared by its files (not a path per file) */
    private readonly directory: string,
    /** sha256 of the bytes after any byte-order mark */
    private readonly contentHash: string,
    readonly checksum: string,
    readonly mayRefuseTransaction: boolean,
    bom: boolean,
  ) {
    if (bom) this.bom = true;
  }

  /** Checks and hashes the file's bytes, which the caller may reuse once this returns. */
  static load(directory: string, fileName: string, displayPath: string, bytes: Uint8Array): DirectoryFile {
    const text = decodeMigration(bytes, displayPath);
    const bom = startsWithBom(bytes);
    const contentHash = sha256Hex(bodyOf(bytes));
    // Without a carriage return the text is these very bytes: its checksum is their hash.
    const checksum = bytes.includes(0x0d) ? migrationChecksum(text) : `sha256:${contentHash}`;
    return new DirectoryFile(fileName, displayPath, directory, contentHash, checksum, mayRefuseTransaction(text), bom);
  }

  get sql(): string {
    let bytes: Buffer;
    try {
      bytes = readWhole(join(this.directory, this.fileName));
    } catch (error) {
      throw new MigrateError('source', `cannot read ${this.displayPath} again: ${describeFsError(error)}`);
    }
    if (startsWithBom(bytes) !== (this.bom === true) || sha256Hex(bodyOf(bytes)) !== this.contentHash) {
      throw new MigrateError(
        'source',
        `${this.displayPath} changed during the run, after the migrations were read and checked: it was not applied; run again to apply it as it is now`,
      );
    }
    return decodeMigration(bytes, this.displayPath);
  }
}

function startsWithBom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** What the set's digest and the checks hash: the bytes after any byte-order mark. */
export function bodyOf(bytes: Uint8Array): Uint8Array {
  return startsWithBom(bytes) ? bytes.subarray(3) : bytes;
}
