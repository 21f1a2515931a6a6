import { redact } from '../secrets.js';

/**
 * GitHub takes at most 1 MiB (1 048 576 bytes) of job summary per step; above that it drops the
 * whole summary and marks the step with an error. So every part that holds outside text (the
 * SQL, a server message, a list of thousands of migrations) gets a budget in bytes of its
 * escaped UTF-8 form, which an entity (`&quot;`, 6 bytes for 1 character) or a CJK character (3
 * bytes) can make several times longer than its count of characters; and the whole is checked
 * once more. The limit leaves room for what a step's own commands append to the same file.
 */
export const SUMMARY_BYTES = 1_000_000;
/** The failure's text, the drift list, the warnings: each at most this */
export const TEXT_BYTES = 150_000;
/** One table's rows */
export const TABLE_BYTES = 150_000;

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * The longest start of `text` whose escaped form fits in `bytes`, escaped, and how many
 * characters were left out. The text is redacted before it is cut, so no cut can keep the
 * first half of a password where redaction would no longer find it.
 */
export function escapedWithin(text: string, bytes: number, escape: (text: string) => string): { html: string; omitted: number } {
  const safe = redact(text);
  const whole = escape(safe);
  if (utf8Bytes(whole) <= bytes) return { html: whole, omitted: 0 };
  // the largest length that fits, by bisection: escaping is not linear in the length
  let low = 0;
  let high = safe.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (utf8Bytes(escape(startOf(safe, middle))) <= bytes) low = middle;
    else high = middle - 1;
  }
  const kept = startOf(safe, low);
  return { html: escape(kept), omitted: countCharacters(safe.slice(kept.length)) };
}

/** Rows until `bytes` are used, then one row that says how many were left out. */
export function rowsWithin(rows: readonly string[], bytes: number, columns: number): string[] {
  let used = 0;
  let kept = 0;
  for (const row of rows) {
    const size = utf8Bytes(row);
    if (used + size > bytes) break;
    used += size;
    kept += 1;
  }
  if (kept === rows.length) return [...rows];
  const left = rows.length - kept;
  return [
    ...rows.slice(0, kept),
    `<tr><td colspan="${columns}">… and ${left} more, left out to keep the summary within GitHub's limit of 1 MiB</td></tr>`,
  ];
}

/**
 * The parts in order until the limit, then a note of how many were left out: the parts come in
 * order of importance (headline, failure, findings, then tables), so the end goes first.
 */
export function partsWithin(parts: readonly string[], bytes = SUMMARY_BYTES): string[] {
  const NOTE_BYTES = 200;
  let used = 0;
  let kept = 0;
  for (const part of parts) {
    const size = utf8Bytes(part) + 1;
    if (used + size > bytes - NOTE_BYTES) break;
    used += size;
    kept += 1;
  }
  if (kept === parts.length) return [...parts];
  const left = parts.length - kept;
  return [
    ...parts.slice(0, kept),
    `<p>… ${left} more ${left === 1 ? 'section' : 'sections'} left out to keep the summary within GitHub's limit of 1 MiB</p>`,
  ];
}

// A cut never splits a surrogate pair.
function startOf(text: string, length: number): string {
  const last = text.charCodeAt(length - 1);
  return last >= 0xd800 && last <= 0xdbff ? text.slice(0, length - 1) : text.slice(0, length);
}

function countCharacters(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}
