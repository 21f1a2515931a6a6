// PostgreSQL counts characters (code points in a UTF-8 database); JavaScript
// strings count UTF-16 code units, where astral characters take two.

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Moves `offset` back to the start of the character it falls inside of. */
export function toCharacterBoundary(text: string, offset: number): number {
  return offset > 0 && isLowSurrogate(text.charCodeAt(offset)) && isHighSurrogate(text.charCodeAt(offset - 1)) ? offset - 1 : offset;
}

/** Number of code points in text[from, to); `to` must be a character boundary. */
export function countCodePoints(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    if (isHighSurrogate(text.charCodeAt(i)) && i + 1 < to && isLowSurrogate(text.charCodeAt(i + 1))) i++;
    count++;
  }
  return count;
}

/** The UTF-16 offset reached by stepping `count` code points forward from `from`, capped at the end. */
export function advanceCodePoints(text: string, from: number, count: number): number {
  let i = from;
  for (let left = count; left > 0 && i < text.length; left--) {
    i += isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1)) ? 2 : 1;
  }
  return i;
}

/**
 * The UTF-16 offset `bytes` UTF-8 bytes into `text`: what PostgreSQL's positions count in a
 * SQL_ASCII database (every byte a character), and the parser's syntax-tree locations.
 */
export function byteToUtf16Offset(text: string, bytes: number): number {
  let remaining = bytes;
  let i = 0;
  while (i < text.length && remaining > 0) {
    const code = text.codePointAt(i)!;
    remaining -= code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    i += code >= 0x10000 ? 2 : 1;
  }
  return i;
}
