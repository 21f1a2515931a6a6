import { MigrateError } from '../errors.js';

// fatal: a file that is not UTF-8 would be sent to PostgreSQL as garbage or rejected by it with
// a message that names no file; refuse it here instead, naming the file and the byte.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Decodes a migration file; a leading byte-order mark is dropped (PostgreSQL would reject it). */
export function decodeMigration(bytes: Uint8Array, displayPath: string): string {
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw new MigrateError('source', `${displayPath} is not valid UTF-8 (first bad byte at offset ${firstInvalidByte(bytes)})`);
  }
  // PostgreSQL's protocol ends the query text at a NUL and then refuses the message as
  // "invalid message format", naming neither the file nor the byte.
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new MigrateError('source', `${displayPath} contains a NUL byte at offset ${nul}, which SQL text cannot hold`);
  return text;
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
  // The prefix may end in a sequence that the next byte failed to continue (a Latin-1 'é' before
  // ASCII): the bad character starts at that sequence's lead byte.
  for (let back = 1; back <= 3 && back <= good; back++) {
    const byte = bytes[good - back]!;
    if (byte < 0x80) break;
    if (byte >= 0xc0) return (byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2) > back ? good - back : good;
  }
  return good;
}
