import { closeSync, openSync, readSync } from 'node:fs';

// Migration files are small: one buffer, reused for every file, takes the bursts of allocation
// out of reading thousands of them. A larger file gets a buffer of its own, dropped after use.
const SHARED_BYTES = 64 * 1024;
let shared: Buffer | undefined;

/**
 * A file's bytes, in a buffer that the next call reuses: read what is needed before the next
 * read, keep nothing of it.
 */
export function readWhole(file: string): Buffer {
  shared ??= Buffer.allocUnsafe(SHARED_BYTES);
  let buffer = shared;
  let length = 0;
  const fd = openSync(file, 'r');
  try {
    for (;;) {
      if (length === buffer.length) {
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) return buffer.subarray(0, length);
      length += read;
    }
  } finally {
    closeSync(fd);
  }
}
