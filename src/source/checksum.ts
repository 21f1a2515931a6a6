import * as crypto from 'node:crypto';

/**
 * A migration file's checksum: sha256 of its UTF-8 text with CRLF line ends read as LF (and a
 * byte-order mark already dropped when the file was read), so that a checkout with other line
 * endings is not taken for an edit.
 */
export function migrationChecksum(sql: string): string {
  return `sha256:${sha256Hex(sql.replace(/\r\n/g, '\n'))}`;
}

// crypto.hash (Node.js 20.12 and later) hashes in one call, without a Hash object per file.
const oneShot = (crypto as { hash?: (algorithm: string, data: Uint8Array | string, encoding: 'hex') => string }).hash;

/** sha256 of bytes, or of a text's UTF-8 encoding (encoded in C++, without a Buffer). */
export function sha256Hex(data: Uint8Array | string): string {
  return oneShot ? oneShot('sha256', data, 'hex') : crypto.createHash('sha256').update(data).digest('hex');
}
