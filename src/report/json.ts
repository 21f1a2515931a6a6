/**
 * JSON for `--json` and the outputs, written here rather than by JSON.stringify because:
 * - versions are 64-bit (golang-migrate's `bigint`): a bigint is written as its digits, a real
 *   JSON number, where JSON.stringify would throw;
 * - the line may reach an Actions runner, which takes `##[` anywhere in a line as a command (and
 *   compares skipping invisible characters, so `#\u200B#[` counts): in strings every `#` is
 *   written `\u0023`, the same JSON value;
 * - U+2028 and U+2029 are escaped, so that no reader takes them as line breaks.
 * `text` is applied to every string first (redaction).
 */
export function toJson(value: unknown, text: (s: string) => string = (s) => s): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'bigint':
      return value.toString();
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return String(value);
    case 'string':
      return quote(text(value));
    default:
      break;
  }
  if (value instanceof Date) return quote(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((item) => toJson(item === undefined ? null : item, text)).join(',')}]`;
  const fields = Object.entries(value as Record<string, unknown>)
    .filter(([, field]) => field !== undefined)
    .map(([key, field]) => `${quote(key)}:${toJson(field, text)}`);
  return `{${fields.join(',')}}`;
}

function quote(text: string): string {
  return JSON.stringify(text)
    .replace(/#/g, '\\u0023')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** `[3,4]`: a JSON array of versions, numbers or bigints. */
export function versionArray(versions: readonly (number | bigint)[]): string {
  return toJson(versions);
}

/** A version as an output's text: empty for none. */
export function versionText(version: number | bigint | null | undefined): string {
  return version === null || version === undefined ? '' : String(version);
}
