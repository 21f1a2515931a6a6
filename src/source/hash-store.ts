/**
 * The sha256 hashes of a directory's files, 32 bytes each in one growing buffer. As hex strings
 * they cost about 110 bytes of heap each (a 64-character string and the `sha256:` prefix joined
 * to it), kept for the whole run for every file of the set: with ten thousand migrations (two
 * files each) that was 2 MiB of heap held from the first file read to the last report. A hash
 * is turned back into text only where it is compared or shown.
 */
export class HashStore {
  private bytes = Buffer.alloc(HASH_BYTES * 64);
  private count = 0;

  /** Keeps the hash given as 64 hex digits; returns its slot. */
  add(hex: string): number {
    if (hex.length !== HASH_BYTES * 2) throw new Error(`not a sha256 hash in hex: ${hex.length} digits`);
    if ((this.count + 1) * HASH_BYTES > this.bytes.length) {
      const bigger = Buffer.alloc(this.bytes.length * 2);
      this.bytes.copy(bigger);
      this.bytes = bigger;
    }
    // written straight from the hex text, without a Buffer per hash
    this.bytes.write(hex, this.count * HASH_BYTES, HASH_BYTES, 'hex');
    return this.count++;
  }

  /** The hash of `slot` as 64 hex digits (a new string each time: callers do not keep it long). */
  hex(slot: number): string {
    return this.bytes.toString('hex', slot * HASH_BYTES, (slot + 1) * HASH_BYTES);
  }
}

const HASH_BYTES = 32;
