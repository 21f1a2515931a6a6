/**
 * golang-migrate's file name convention, and nothing else: `{version}_{name}.{up|down}.{ext}`.
 * The pattern is golang-migrate's own (source/parse.go); names that do not match are ignored
 * there, so they are ignored here too. Versions are unsigned decimal with leading zeros allowed;
 * ours must also fit a PostgreSQL bigint and a JavaScript number exactly.
 */
export const FILE_NAME_PATTERN = /^([0-9]+)_(.*)\.(down|up)\.(.*)$/s;

export type Direction = 'up' | 'down';

export interface ParsedFileName {
  version: number;
  name: string;
  direction: Direction;
}

export type FileNameParse = { kind: 'migration'; parsed: ParsedFileName } | { kind: 'ignored' } | { kind: 'invalid'; reason: string };

export function parseFileName(fileName: string): FileNameParse {
  const match = FILE_NAME_PATTERN.exec(fileName);
  if (!match) return { kind: 'ignored' };
  const [, digits, name, direction] = match as unknown as [string, string, string, Direction];
  const version = Number(digits);
  if (!Number.isSafeInteger(version)) {
    return { kind: 'invalid', reason: `version ${digits} is too large (at most ${Number.MAX_SAFE_INTEGER})` };
  }
  return { kind: 'migration', parsed: { version, name, direction } };
}
