import { readFileSync } from 'node:fs';
import { sep } from 'node:path';
import { MigrateError } from '../errors.js';
import { mayRefuseTransaction } from '../sql/no-transaction-words.js';
import { migrationChecksum, sha256Hex } from './checksum.js';
import { refuseClientCopy } from './client-copy.js';
import { decodeMigration } from './decode.js';
import { describeFsError } from './fs-error.js';
import type { HashStore } from './hash-store.js';
import type { MigrationFile } from './migration-set.js';
import { readWhole } from './read-whole.js';

/**
 * A file of a migrations directory. It is checked (UTF-8, no NUL) and hashed when the set is
 * loaded, so that a broken file fails the run before anything is applied, and its text is not
 * kept: each use of `sql` reads the file again and makes sure that its bytes are still the ones
 * loaded, so that what runs is what was checked, hashed into the digest and lexed.
 */
export class DirectoryFile implements MigrationFile {
  // What is kept per file is what tens of thousands of files cost, for the whole run: the file's
  // name, its directory (one object shared by its files), and one small integer holding the
  // slot of its hash in the directory's HashStore and its flags. The path for people and the
  // checksum's text are put together when asked for.
  private constructor(
    readonly fileName: string,
    private readonly directory: DirectoryPlace,
    /** the hash's slot times FLAG_SPAN, plus the flags */
    private readonly packed: number,
  ) {}

  get displayPath(): string {
    return displayPathIn(this.directory, this.fileName);
  }

  /** the file began with a UTF-8 byte-order mark, dropped from sql */
  get bom(): true | undefined {
    return this.packed & BOM ? true : undefined;
  }

  get mayRefuseTransaction(): boolean {
    return (this.packed & MAY_REFUSE) !== 0;
  }

  get checksum(): string {
    return `${CHECKSUM_PREFIX}${this.directory.hashes.hex(this.slot)}`;
  }

  /** sha256 of the bytes after any byte-order mark: the checksum's hash, unless the text has a carriage return */
  private get contentHash(): string {
    return this.directory.hashes.hex(this.packed & OWN_HASH ? this.slot + 1 : this.slot);
  }

  /** where the checksum's hash is in the directory's HashStore */
  private get slot(): number {
    return Math.floor(this.packed / FLAG_SPAN);
  }

  /**
   * Reads, checks and hashes a file of the directory. Returns the body the set's digest hashes
   * (the bytes after any byte-order mark, as UTF-8 text or as bytes), to be used before the next
   * read.
   */
  static read(directory: DirectoryPlace, fileName: string): { file: DirectoryFile; body: string | Uint8Array } {
    const path = pathIn(directory, fileName);
    // Node reads and decodes a file in one call into C++ (open, read, close, UTF-8), about half
    // the cost of reading its bytes and decoding them here: what a run with thousands of files
    // spends most of its time on. Decoding never fails there: V8 puts U+FFFD for each invalid
    // sequence. A text with U+FFFD, or with a NUL, is read again as bytes, so that a broken file
    // is refused naming its first bad byte (and a file that does hold U+FFFD is taken as it is).
    const text = readFileSync(path, UTF8_READ);
    if (text.includes('\uFFFD') || text.includes('\0')) {
      const bytes = readWhole(path);
      return { file: DirectoryFile.load(directory, fileName, bytes), body: bodyOf(bytes) };
    }
    // Valid UTF-8 decodes and encodes back to the very same bytes: hashing the text (as UTF-8)
    // hashes the file's bytes.
    const bom = text.charCodeAt(0) === 0xfeff;
    const body = bom ? text.slice(1) : text;
    return { file: DirectoryFile.of(directory, fileName, body, sha256Hex(body), bom), body };
  }

  /** Checks and hashes the file's bytes, which the caller may reuse once this returns. */
  static load(directory: DirectoryPlace, fileName: string, bytes: Uint8Array): DirectoryFile {
    const text = decodeMigration(bytes, displayPathIn(directory, fileName));
    return DirectoryFile.of(directory, fileName, text, sha256Hex(bodyOf(bytes)), startsWithBom(bytes));
  }

  /** The file of `body` (its text without a byte-order mark) whose bytes hash to `contentHash`. */
  private static of(directory: DirectoryPlace, fileName: string, body: string, contentHash: string, bom: boolean): DirectoryFile {
    // A COPY from or to the client cannot run from a file: refused before anything is applied.
    refuseClientCopy(body, displayPathIn(directory, fileName));
    let flags = (bom ? BOM : 0) | (mayRefuseTransaction(body) ? MAY_REFUSE : 0);
    let slot: number;
    if (body.includes('\r')) {
      // The checksum reads CRLF as LF: its hash is not the bytes' one, which is kept next to it.
      slot = directory.hashes.add(migrationChecksum(body).slice(CHECKSUM_PREFIX.length));
      directory.hashes.add(contentHash);
      flags |= OWN_HASH;
    } else {
      // Without a carriage return the text is the file's very bytes: its checksum is their hash.
      slot = directory.hashes.add(contentHash);
    }
    return new DirectoryFile(fileName, directory, slot * FLAG_SPAN + flags);
  }

  get sql(): string {
    let bytes: Buffer;
    try {
      bytes = readWhole(pathIn(this.directory, this.fileName));
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

/** A migrations directory, shared by its files. */
export interface DirectoryPlace {
  /** the directory, as path.resolve gives it (absolute, normalized) */
  absolute: string;
  /** the directory as paths in messages and annotations start: relative to the repository; '' at its root */
  displayPrefix: string;
  /** its files' hashes */
  hashes: HashStore;
}

const CHECKSUM_PREFIX = 'sha256:';

// A DirectoryFile's flags, below its hash's slot.
const BOM = 1;
const MAY_REFUSE = 2;
/** the bytes' hash is kept in the slot after the checksum's (a text with a carriage return) */
const OWN_HASH = 4;
const FLAG_SPAN = 8;

// readFileSync's options as an object: given as the string 'utf8', Node copies its defaults into
// a new object on every call, and with path.join that was a third of the time a run spends on
// each of a thousand files before the server has answered.
const UTF8_READ = { encoding: 'utf8', flag: 'r' } as const;

/** A file's absolute path: the directory's (resolved, so normalized) and the entry's name. */
function pathIn(directory: DirectoryPlace, fileName: string): string {
  return directory.absolute.endsWith(sep) ? `${directory.absolute}${fileName}` : `${directory.absolute}${sep}${fileName}`;
}

/** A file's path as messages and annotations give it. */
export function displayPathIn(directory: DirectoryPlace, fileName: string): string {
  return directory.displayPrefix === '' ? fileName : `${directory.displayPrefix}/${fileName}`;
}

function startsWithBom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** What the set's digest and the checks hash: the bytes after any byte-order mark. */
export function bodyOf(bytes: Uint8Array): Uint8Array {
  return startsWithBom(bytes) ? bytes.subarray(3) : bytes;
}
