// Character classes of PostgreSQL's scanner (src/backend/parser/scan.l). The
// scanner works on UTF-8 bytes and treats every byte >= 0x80 as an identifier
// letter, so any non-ASCII UTF-16 code unit is one here too.

/** space, \t, \n, \v, \f, \r */
export function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

export function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** scan.l `ident_start` and `dolq_start`: [A-Za-z\200-\377_] */
export function isIdentStart(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c >= 0x80;
}

/** scan.l `dolq_cont`: like an identifier but without '$'. */
export function isDollarTagContinue(c: number): boolean {
  return isIdentStart(c) || isDigit(c);
}

/** scan.l `ident_cont`: [A-Za-z\200-\377_0-9\$] */
export function isIdentContinue(c: number): boolean {
  return isDollarTagContinue(c) || c === 0x24;
}
