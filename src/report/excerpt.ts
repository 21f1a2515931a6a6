import type { SqlLocation } from '../errors.js';

/** The lines around a failure with a `>` on the failing one and a caret under its column. */
export function excerptLines(location: SqlLocation): string[] {
  const rows = location.excerpt ?? [];
  const width = String(rows.at(-1)?.number ?? location.line).length;
  return rows.flatMap((row) => {
    const marker = row.number === location.line ? '>' : ' ';
    const text = `${marker} ${String(row.number).padStart(width)} | ${row.text}`;
    return row.number === location.line ? [text, `  ${' '.repeat(width)} | ${caretPad(row.text, location.column)}^`] : [text];
  });
}

/**
 * What goes before the caret so that it stands under the column's character on a terminal: a
 * tab where the line has one (it expands alike), two spaces under a wide character (CJK, most
 * emoji), nothing under a combining mark, one space under anything else.
 */
function caretPad(line: string, column: number): string {
  let pad = '';
  let seen = 0;
  for (const char of line) {
    if (seen >= column - 1) break;
    seen += 1;
    if (char === '\t') pad += '\t';
    else if (/\p{Mark}|\p{Default_Ignorable_Code_Point}/u.test(char)) continue;
    else pad += isWide(char.codePointAt(0)!) ? '  ' : ' ';
  }
  return pad + ' '.repeat(Math.max(0, column - 1 - seen));
}

// East Asian Wide and Fullwidth ranges (UAX #11), the ones source text holds in practice.
function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x1f900 && code <= 0x1f9ff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}
