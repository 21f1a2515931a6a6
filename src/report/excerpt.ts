import type { SqlLocation } from '../errors.js';

/** The lines around a failure with a `>` on the failing one and a caret under its column. */
export function excerptLines(location: SqlLocation): string[] {
  const rows = location.excerpt ?? [];
  const width = String(rows.at(-1)?.number ?? location.line).length;
  return rows.flatMap((row) => {
    const marker = row.number === location.line ? '>' : ' ';
    const text = `${marker} ${String(row.number).padStart(width)} | ${row.text}`;
    return row.number === location.line ? [text, `  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, location.column - 1))}^`] : [text];
  });
}
