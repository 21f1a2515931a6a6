import { advanceCodePoints, byteToUtf16Offset, countCodePoints } from './code-points.js';
import { columnEnd, type LineColumn } from './line-locator.js';

export type { LineColumn } from './line-locator.js';

/**
 * Converts the `position` of a PostgreSQL error (1-based, counted in
 * characters of the query text exactly as sent; see "P" in
 * https://www.postgresql.org/docs/current/protocol-error-fields.html) into a
 * 0-based UTF-16 offset into `sent`, clamped to [0, sent.length]. A position
 * one past the last character ("syntax error at end of input") maps to
 * sent.length.
 */
export function serverPositionToOffset(sent: string, position: number, unit: PositionUnit = 'characters'): number {
  if (!(position > 1)) return 0;
  const steps = Math.floor(position) - 1;
  return unit === 'bytes' ? byteToUtf16Offset(sent, steps) : advanceCodePoints(sent, 0, steps);
}

/**
 * What a server's positions count: characters, but in a SQL_ASCII database, where the server
 * takes every byte of the UTF-8 text for a character, bytes.
 */
export type PositionUnit = 'characters' | 'bytes';

/** 1-based line and code-point column of a UTF-16 offset (clamped into the text). */
export function offsetToLineColumn(text: string, offset: number): LineColumn {
  const end = columnEnd(text, offset);
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) line++;
  const lineStart = end === 0 ? 0 : text.lastIndexOf('\n', end - 1) + 1;
  return { line, column: countCodePoints(text, lineStart, end) + 1 };
}

export interface ExcerptLine {
  /** 1-based line number. */
  number: number;
  /** The line without its terminator (\n or \r\n). */
  text: string;
}

/**
 * Lines `line - context` to `line + context` that exist, for showing the SQL
 * around an error. The empty "line" after a final newline is included only
 * when it is `line` itself (an error at the very end of the text).
 */
export function excerpt(text: string, line: number, context = 2): ExcerptLine[] {
  const lines = text.split('\n');
  const last = lines.length > 1 && lines[lines.length - 1] === '' && line !== lines.length ? lines.length - 1 : lines.length;
  const around = Math.max(0, Math.floor(context));
  const from = Math.max(1, Math.floor(line) - around);
  const to = Math.min(last, Math.floor(line) + around);
  const out: ExcerptLine[] = [];
  for (let n = from; n <= to; n++) {
    const raw = lines[n - 1] ?? '';
    out.push({ number: n, text: n < lines.length && raw.endsWith('\r') ? raw.slice(0, -1) : raw });
  }
  return out;
}
