import { isDigit, isIdentContinue, isIdentStart, isSpace } from './char-class.js';
import { dollarDelimiterAt, lineCommentEnd, scanBlockComment, scanDoubledQuotes, scanEscapeString, scanToNextQuote } from './scan.js';

export type TokenKind =
  /** An unquoted identifier or keyword. */
  | 'word'
  /** Any string constant: '...', E'...', U&'...', B'...', X'...', $tag$...$tag$ (N'...' is N then '...'). */
  | 'string'
  /** "..." or U&"...". */
  | 'quoted-identifier'
  /** $1, $2, ... */
  | 'parameter'
  | 'open-paren'
  | 'close-paren'
  | 'comma'
  | 'semicolon'
  /** A run of digits or any other single character (operators, punctuation). */
  | 'other';

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
}

export interface LexFailure {
  kind: 'error';
  start: number;
  message: string;
}

type Step = { next: number; token?: Token | LexFailure };

const UNTERMINATED_STRING = 'unterminated quoted string';
const UNTERMINATED_IDENTIFIER = 'unterminated quoted identifier';

/**
 * Yields the tokens of `sql`, skipping whitespace and comments, in the way
 * PostgreSQL's scanner (scan.l) delimits them with standard_conforming_strings
 * on. Stops after yielding a LexFailure for an unterminated form.
 */
export function* tokenize(sql: string): Generator<Token | LexFailure, void, undefined> {
  let i = 0;
  // a '…' string that ended in \' : written for standard_conforming_strings off, most likely
  let backslashQuote = false;
  while (i < sql.length) {
    const step = scanAt(sql, i);
    const token = step.token;
    if (token) {
      if (token.kind === 'string' && sql.charCodeAt(token.start) === 0x27 && sql.charCodeAt(token.end - 2) === 0x5c) backslashQuote = true;
      if (token.kind === 'error' && token.message === UNTERMINATED_STRING && backslashQuote) {
        yield { ...token, message: `${UNTERMINATED_STRING}${BACKSLASH_HINT}` };
        return;
      }
      yield token;
      if (token.kind === 'error') return;
    }
    i = step.next;
  }
}

const BACKSLASH_HINT =
  " (an earlier '…' string ends in \\': a backslash does not escape a quote in a standard string, where PostgreSQL reads it since 9.1: write '' or E'…\\'…'; standard_conforming_strings off is not supported)";

function scanAt(sql: string, i: number): Step {
  const c = sql.charCodeAt(i);
  const next = sql.charCodeAt(i + 1);
  if (isSpace(c)) return { next: i + 1 };
  switch (c) {
    case 0x2d: // -
      return next === 0x2d ? { next: lineCommentEnd(sql, i) } : single('other', i);
    case 0x2f: // /
      return next === 0x2a ? delimited(i, scanBlockComment(sql, i), 'unterminated /* comment', null) : single('other', i);
    case 0x27: // '
      return delimited(i, scanDoubledQuotes(sql, i), UNTERMINATED_STRING);
    case 0x22: // "
      return delimited(i, scanDoubledQuotes(sql, i), UNTERMINATED_IDENTIFIER, 'quoted-identifier');
    case 0x24: // $
      return scanDollar(sql, i);
    case 0x28:
      return single('open-paren', i);
    case 0x29:
      return single('close-paren', i);
    case 0x2c:
      return single('comma', i);
    case 0x3b:
      return single('semicolon', i);
  }
  if (isIdentStart(c)) return scanWordOrPrefixedString(sql, i);
  if (isDigit(c)) {
    let end = i + 1;
    while (isDigit(sql.charCodeAt(end))) end++;
    return { next: end, token: { kind: 'other', start: i, end } };
  }
  return single('other', i);
}

function single(kind: TokenKind, i: number): Step {
  return { next: i + 1, token: { kind, start: i, end: i + 1 } };
}

/**
 * A delimited form from `start` to `end` (-1 when unterminated). `kind` null
 * means a comment, which yields no token.
 */
function delimited(start: number, end: number, message: string, kind: TokenKind | null = 'string'): Step {
  if (end < 0) return { next: Number.POSITIVE_INFINITY, token: { kind: 'error', start, message } };
  return kind === null ? { next: end } : { next: end, token: { kind, start, end } };
}

/**
 * `$1` is a parameter; `$$` or `$tag$` opens a dollar quote closed by the same
 * delimiter; any other `$` is a lone character (scan.l throws back everything
 * after it, so `$foo` is `$` followed by the identifier `foo`).
 */
function scanDollar(sql: string, i: number): Step {
  if (isDigit(sql.charCodeAt(i + 1))) {
    let end = i + 2;
    while (isDigit(sql.charCodeAt(end))) end++;
    return { next: end, token: { kind: 'parameter', start: i, end } };
  }
  const delimiter = dollarDelimiterAt(sql, i);
  if (delimiter === undefined) return single('other', i);
  const close = sql.indexOf(delimiter, i + delimiter.length);
  const end = close < 0 ? -1 : close + delimiter.length;
  return delimited(i, end, `unterminated dollar-quoted string ${delimiter}`);
}

/**
 * A one-letter prefix glued to a quote starts a special string (E'', B'', X'',
 * U&'', U&""); flex prefers those rules because they match more input than the
 * one-letter identifier. N'' needs nothing special: scan.l returns the N as a
 * keyword of its own and the rest as a plain string. Otherwise the identifier
 * is scanned as a unit, so a '$' inside it (`foo$bar$`) never opens a dollar
 * quote.
 */
function scanWordOrPrefixedString(sql: string, i: number): Step {
  const c = sql[i];
  const next = sql[i + 1];
  if (next === "'") {
    switch (c) {
      case 'e':
      case 'E':
        return delimited(i, scanEscapeString(sql, i + 1), UNTERMINATED_STRING);
      case 'b':
      case 'B':
        return delimited(i, scanToNextQuote(sql, i + 1), 'unterminated bit string literal');
      case 'x':
      case 'X':
        return delimited(i, scanToNextQuote(sql, i + 1), 'unterminated hexadecimal string literal');
    }
  }
  if ((c === 'u' || c === 'U') && next === '&') {
    const quote = sql[i + 2];
    if (quote === "'") return delimited(i, scanDoubledQuotes(sql, i + 2), UNTERMINATED_STRING);
    if (quote === '"') {
      return delimited(i, scanDoubledQuotes(sql, i + 2), UNTERMINATED_IDENTIFIER, 'quoted-identifier');
    }
  }
  let end = i + 1;
  while (isIdentContinue(sql.charCodeAt(end))) end++;
  return { next: end, token: { kind: 'word', start: i, end } };
}
