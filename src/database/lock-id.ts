/**
 * golang-migrate's advisory lock id (database/util.go GenerateAdvisoryLockId): CRC-32 (IEEE) of
 * the names joined by NUL bytes, times a salt, in unsigned 32-bit arithmetic. The oForum server
 * computes the same id, which is what keeps it and this tool from migrating at once.
 */
export const ADVISORY_LOCK_SALT = 1486364155;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * @param databaseName the URL's path with its leading slash (`/oforum`), as golang-migrate sees it
 * @returns the id as a decimal string, the form both sides pass to pg_advisory_lock(bigint)
 */
export function advisoryLockId(schema: string, table: string, databaseName: string): string {
  const sum = crc32(Buffer.from([schema, table, databaseName].join('\0'), 'utf8'));
  return ((BigInt(sum) * BigInt(ADVISORY_LOCK_SALT)) % 2n ** 32n).toString();
}
