/**
 * JSON for `--json` and the outputs, written here rather than by JSON.stringify because:
 * - versions are 64-bit (golang-migrate's `bigint`): a bigint is written as its digits, a real
 *   JSON number, where JSON.stringify would throw;
 * - the line may reach an Actions runner, which takes `##[` anywhere in a line as a command (and
 *   compares skipping invisible characters, so `#\u200B#[` counts): in strings every `#` is
 *   written `\u0023`, the same JSON value;
 * - U+2028 and U+2029 are escaped, so that no reader takes them as line breaks; so are NEL
 *   (U+0085, a line break to some readers) and the other C1 controls, and the invisible and
 *   bidirectional formatting characters (U+200B, U+202E, U+FEFF, …), so that the line shows what
 *   it holds.
 * `text` is applied to every string first (redaction), except a sha256 digest, which is made
 * here and holds no secret: a password of one or two characters would turn its digits to `***`.
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
      return quote(DIGEST.test(value) ? value : text(value));
    default:
      break;
  }
  if (value instanceof Date) return quote(value.toISOString());
  // Without arrays of entries made and filtered per object: the result lists every migration of
  // a run, thousands for a large one. join() leaves each part one flat string.
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (const item of value) items.push(toJson(item === undefined ? null : item, text));
    return `[${items.join(',')}]`;
  }
  const fields: string[] = [];
  for (const key of Object.keys(value)) {
    const field = (value as Record<string, unknown>)[key];
    if (field !== undefined) fields.push(`${quoteKey(key)}:${toJson(field, text)}`);
  }
  return `{${fields.join(',')}}`;
}

// A key is quoted once: the same few keys recur in every entry.
const QUOTED_KEYS = new Map<string, string>();

function quoteKey(key: string): string {
  let quoted = QUOTED_KEYS.get(key);
  if (quoted === undefined) {
    quoted = quote(key);
    if (QUOTED_KEYS.size < 256) QUOTED_KEYS.set(key, quoted);
  }
  return quoted;
}

/** A checksum or set digest, as this tool writes them. */
const DIGEST = /^sha256:[0-9a-f]{64}$/;

// `#`, the C1 controls, and the line separators and invisible or bidirectional formatting
// characters that JSON.stringify leaves as they are
const ESCAPED = /[#\u0080-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/;
const ESCAPED_ALL = new RegExp(ESCAPED.source, 'g');

function quote(text: string): string {
  const json = JSON.stringify(text);
  if (!ESCAPED.test(json)) return json;
  return json.replace(ESCAPED_ALL, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `[3,4]`: a JSON array of versions, numbers or bigints. */
export function versionArray(versions: readonly (number | bigint)[]): string {
  return toJson(versions);
}

/** A version as an output's text: empty for none. */
export function versionText(version: number | bigint | null | undefined): string {
  return version === null || version === undefined ? '' : String(version);
}
