/**
 * Readers of a setting's text. Each returns the value or throws a SettingError whose message
 * names the setting and quotes the text: settings never hold the password (database-url is read
 * by database/url.ts, which quotes nothing).
 */
export class SettingError extends Error {}

export type Parse<T> = (text: string, name: string) => T;

const MAX_SECONDS = 86_400;

/**
 * Seconds, up to a day, as milliseconds. A value above 0 never becomes 0 ms, which PostgreSQL
 * and this tool read as "no timeout": below 1 ms it is rounded up to 1 ms.
 */
export const seconds: Parse<number> = (text, name) => {
  const parsed = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !Number.isFinite(parsed) || parsed > MAX_SECONDS) {
    throw new SettingError(`${name} must be a number of seconds between 0 and ${MAX_SECONDS}, not ${quote(text)}`);
  }
  const ms = parsed * 1000;
  return ms > 0 && ms < 1 ? 1 : Math.round(ms);
};

export const count: Parse<number> = (text, name) => {
  if (!/^\d{1,2}$/.test(text)) throw new SettingError(`${name} must be a whole number between 0 and 99, not ${quote(text)}`);
  return Number(text);
};

// The YAML 1.2 core schema booleans, as actions/toolkit's getBooleanInput accepts them.
const TRUE = new Set(['true', 'True', 'TRUE']);
const FALSE = new Set(['false', 'False', 'FALSE']);

export const boolean: Parse<boolean> = (text, name) => {
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  throw new SettingError(`${name} must be true or false, not ${quote(text)}`);
};

export function oneOf<T extends string>(choices: readonly T[], describe: (text: string, name: string) => string): Parse<T> {
  return (text, name) => {
    const value = text.toLowerCase() as T;
    if (!choices.includes(value)) throw new SettingError(describe(text, name));
    return value;
  };
}

export const text: Parse<string> = (value) => value;

/** A table name: PostgreSQL keeps 63 bytes of a name and cannot store a NUL. */
export const tableName: Parse<string> = (value, name) => {
  if (value.includes('\0')) throw new SettingError(`${name} must not contain a NUL character`);
  if (Buffer.byteLength(value) > 63) throw new SettingError(`${name} ${quote(value)} is longer than PostgreSQL's 63-byte identifiers`);
  return value;
};

export function quote(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
}
