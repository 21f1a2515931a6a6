import { createHash } from 'node:crypto';

/**
 * A migration file's checksum: sha256 of its UTF-8 text with CRLF line ends read as LF (and a
 * byte-order mark already dropped when the file was read), so that a checkout with other line
 * endings is not taken for an edit.
 */
export function migrationChecksum(sql: string): string {
  return `sha256:${createHash('sha256').update(sql.replace(/\r\n/g, '\n'), 'utf8').digest('hex')}`;
}
