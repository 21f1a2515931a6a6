import { MigrateError } from '../errors.js';

// fatal: a file that is not UTF-8 would be sent to PostgreSQL as garbage or rejected by it with
// a message that names no file; refuse it here instead, naming the file and the byte.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Decodes a migration file; a leading byte-order mark is dropped (PostgreSQL would reject it). */
export function decodeMigration(bytes: Uint8Array, displayPath: string): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    throw new MigrateError('source', `${displayPath} is not valid UTF-8 (first bad byte at offset ${firstInvalidByte(bytes)})`);
  }
}

function firstInvalidByte(bytes: Uint8Array): number {
  // Halving search: the longest valid prefix ends at the first invalid byte.
  let good = 0;
  let bad = bytes.length;
  const probe = new TextDecoder('utf-8', { fatal: true });
  while (bad - good > 1) {
    const middle = (good + bad) >> 1;
    try {
      probe.decode(bytes.subarray(0, middle), { stream: true });
      good = middle;
    } catch {
      bad = middle;
    }
  }
  return good;
}
