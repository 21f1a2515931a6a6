/**
 * A migration version, exact: golang-migrate stores it as a PostgreSQL bigint (any int64), and
 * versions such as 20240101120000 or 9007199254740993 are real. A JavaScript number is exact only
 * up to 2^53, so every version is a bigint, from the file name to the JSON output.
 */
export type Version = bigint;

/**
 * The largest version golang-migrate can apply: it parses a file's version as an unsigned 64-bit
 * integer but stores and compares it as a signed one, and panics on anything above int64.
 */
export const MAX_VERSION: Version = 2n ** 63n - 1n;

/** For sorting: ascending. */
export function compareVersions(a: Version, b: Version): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
