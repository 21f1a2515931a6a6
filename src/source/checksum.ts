import { nodeCrypto } from '../crypto-on-demand.js';

/**
 * A migration file's checksum: sha256 of its UTF-8 text with CRLF line ends read as LF (and a
 * byte-order mark already dropped when the file was read), so that a checkout with other line
 * endings is not taken for an edit.
 */
export function migrationChecksum(sql: string): string {
  return `sha256:${sha256Hex(sql.replace(/\r\n/g, '\n'))}`;
}

type OneShot = (algorithm: string, data: Uint8Array | string, encoding: 'hex') => string;

// crypto.hash (Node.js 20.12 and later) hashes in one call, without a Hash object per file;
// looked up on the first hash (crypto-on-demand.ts)
let oneShot: OneShot | null | undefined;

/** sha256 of bytes, or of a text's UTF-8 encoding (encoded in C++, without a Buffer). */
export function sha256Hex(data: Uint8Array | string): string {
  oneShot ??= (nodeCrypto() as { hash?: OneShot }).hash ?? null;
  return oneShot ? oneShot('sha256', data, 'hex') : nodeCrypto().createHash('sha256').update(data).digest('hex');
}
