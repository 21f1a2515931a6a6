import * as crypto from 'node:crypto';

/**
 * A migration file's checksum: sha256 of its UTF-8 text with CRLF line ends read as LF (and a
 * byte-order mark already dropped when the file was read), so that a checkout with other line
 * endings is not taken for an edit.
 */
export function migrationChecksum(sql: string): string {
  return `sha256:${sha256Hex(Buffer.from(sql.replace(/\r\n/g, '\n'), 'utf8'))}`;
}

// crypto.hash (Node.js 20.12 and later) hashes in one call, without a Hash object per file.
const oneShot = (crypto as { hash?: (algorithm: string, data: Uint8Array, encoding: 'hex') => string }).hash;

export function sha256Hex(bytes: Uint8Array): string {
  return oneShot ? oneShot('sha256', bytes, 'hex') : crypto.createHash('sha256').update(bytes).digest('hex');
}
