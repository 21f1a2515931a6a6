import { MAX_VERSION, type Version } from '../migration-version.js';

/**
 * golang-migrate's file name convention, and nothing else: `{version}_{name}.{up|down}.{ext}`.
 * The pattern is golang-migrate's own (source/parse.go); names that do not match are ignored
 * there, so they are ignored here too. Versions are unsigned decimal with leading zeros allowed.
 * Go's `.` matches any character but a newline (JavaScript's also refuses \r, U+2028 and U+2029,
 * and with the s flag accepts \n), so it is spelled out as `[^\n]`: a name with a newline is
 * ignored, one with a carriage return matches, exactly as there. Go's `$` without the m flag is
 * the end of the text, as JavaScript's is.
 */
export const FILE_NAME_PATTERN = /^([0-9]+)_([^\n]*)\.(down|up)\.([^\n]*)$/;

export type Direction = 'up' | 'down';

export interface ParsedFileName {
  version: Version;
  name: string;
  direction: Direction;
}

export type FileNameParse = { kind: 'migration'; parsed: ParsedFileName } | { kind: 'ignored' } | { kind: 'invalid'; reason: string };

const UINT64_LIMIT = 2n ** 64n;

export function parseFileName(fileName: string): FileNameParse {
  const match = FILE_NAME_PATTERN.exec(fileName);
  if (!match) return { kind: 'ignored' };
  const [, digits, name, direction] = match as unknown as [string, string, string, Direction];
  const version = BigInt(digits);
  // golang-migrate parses the version with ParseUint(…, 64): a larger one fails to parse and the
  // file is skipped without a word; one above int64 parses, and its `up` then panics. Both would
  // leave the oForum server and this tool disagreeing, so both are refused, loudly.
  if (version > MAX_VERSION) {
    const there = version >= UINT64_LIMIT ? 'golang-migrate skips this file without a word' : 'golang-migrate crashes on it';
    return { kind: 'invalid', reason: `version ${digits} is above ${MAX_VERSION}, the largest a bigint holds (${there})` };
  }
  return { kind: 'migration', parsed: { version, name, direction } };
}
