import { isDollarTagContinue, isIdentStart, isSpace } from './char-class.js';

// Scanners for the delimited forms of
// https://www.postgresql.org/docs/current/sql-syntax-lexical.html.
// The scan* functions take the index of the opening delimiter and return the
// index just past the closing one, or -1 when the input ends first.

const BACKSLASH = 0x5c;
const STAR = 0x2a;
const SLASH = 0x2f;
const QUOTE = 0x27;

/** '...' or "..." where a doubled delimiter stands for itself. */
export function scanDoubledQuotes(sql: string, open: number): number {
  const quote = sql[open] ?? '';
  let from = open + 1;
  for (;;) {
    const close = sql.indexOf(quote, from);
    if (close < 0) return -1;
    if (sql.charCodeAt(close + 1) !== sql.charCodeAt(close)) return close + 1;
    from = close + 2;
  }
}

/**
 * B'...' and X'...': the first quote ends the literal (scan.l has no doubling in
 * its xb/xh states); a following quote opens a new string.
 */
export function scanToNextQuote(sql: string, open: number): number {
  const close = sql.indexOf("'", open + 1);
  return close < 0 ? -1 : close + 1;
}

/**
 * E'...': a backslash escapes the next character, and '' is still a quote. A
 * continuation (see continuationQuoteAt) stays an escape string: in
 * `E'a'<newline>'\';'` the second part's \' is a quote, not its end.
 */
export function scanEscapeString(sql: string, open: number): number {
  const n = sql.length;
  let i = open + 1;
  while (i < n) {
    const c = sql.charCodeAt(i);
    if (c === BACKSLASH) {
      i += 2;
    } else if (c === QUOTE) {
      if (sql.charCodeAt(i + 1) === QUOTE) {
        i += 2;
        continue;
      }
      const continued = continuationQuoteAt(sql, i + 1);
      if (continued < 0) return i + 1;
      i = continued + 1;
    } else {
      i++;
    }
  }
  return -1;
}

/**
 * scan.l `quotecontinue`: after a string literal's closing quote, whitespace
 * that includes a newline (-- comments count as whitespace, block comments do
 * not) and another quote continue the same literal. Returns the index of that
 * quote, or -1.
 */
export function continuationQuoteAt(sql: string, from: number): number {
  let newline = false;
  let i = from;
  for (;;) {
    const c = sql.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) {
      newline = true;
      i++;
    } else if (isSpace(c)) {
      i++;
    } else if (c === 0x2d && sql.charCodeAt(i + 1) === 0x2d) {
      i = lineCommentEnd(sql, i);
    } else {
      return newline && c === QUOTE ? i : -1;
    }
  }
}

/** Block comments nest in PostgreSQL, unlike the SQL standard's C-style comments. */
export function scanBlockComment(sql: string, open: number): number {
  const n = sql.length;
  let depth = 1;
  let i = open + 2;
  while (i < n) {
    const c = sql.charCodeAt(i);
    const next = sql.charCodeAt(i + 1);
    if (c === SLASH && next === STAR) {
      depth++;
      i += 2;
    } else if (c === STAR && next === SLASH) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  return -1;
}

/** A -- comment runs to the next \n or \r (scan.l `newline`). */
export function lineCommentEnd(sql: string, open: number): number {
  const n = sql.length;
  for (let i = open + 2; i < n; i++) {
    const c = sql.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) return i;
  }
  return n;
}

/**
 * The dollar-quote delimiter starting at `at` ('$$' or '$tag$'), if there is
 * one. The tag follows identifier rules but cannot start with a digit or
 * contain '$' (scan.l `dolqdelim`).
 */
export function dollarDelimiterAt(sql: string, at: number): string | undefined {
  let i = at + 1;
  if (isIdentStart(sql.charCodeAt(i))) {
    i++;
    while (isDollarTagContinue(sql.charCodeAt(i))) i++;
  }
  return sql.charCodeAt(i) === 0x24 ? sql.slice(at, i + 1) : undefined;
}
