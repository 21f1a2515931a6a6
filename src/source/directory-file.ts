import { readFileSync } from 'node:fs';
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

  /**
   * Reads, checks and hashes a file of the directory. Returns the body the set's digest hashes
   * (the bytes after any byte-order mark, as UTF-8 text or as bytes), to be used before the next
   * read.
   */
  static read(directory: string, fileName: string, displayPath: string): { file: DirectoryFile; body: string | Uint8Array } {
    const path = join(directory, fileName);
    // Node reads and decodes a file in one call into C++ (open, read, close, UTF-8), about half
    // the cost of reading its bytes and decoding them here: what a run with thousands of files
    // spends most of its time on. Decoding never fails there: V8 puts U+FFFD for each invalid
    // sequence. A text with U+FFFD, or with a NUL, is read again as bytes, so that a broken file
    // is refused naming its first bad byte (and a file that does hold U+FFFD is taken as it is).
    const text = readFileSync(path, 'utf8');
    if (text.includes('\uFFFD') || text.includes('\0')) {
      const bytes = readWhole(path);
      return { file: DirectoryFile.load(directory, fileName, displayPath, bytes), body: bodyOf(bytes) };
    }
    // Valid UTF-8 decodes and encodes back to the very same bytes: hashing the text (as UTF-8)
    // hashes the file's bytes.
    const bom = text.charCodeAt(0) === 0xfeff;
    const body = bom ? text.slice(1) : text;
    const contentHash = sha256Hex(body);
    const checksum = body.includes('\r') ? migrationChecksum(body) : `sha256:${contentHash}`;
    const file = new DirectoryFile(fileName, displayPath, directory, contentHash, checksum, mayRefuseTransaction(body), bom);
    return { file, body };
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
