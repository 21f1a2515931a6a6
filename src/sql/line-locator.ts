import { countCodePoints, toCharacterBoundary } from './code-points.js';

export interface LineColumn {
  /** 1-based; lines end at \n (a \r\n pair is one break, a lone \r is not a break). */
  line: number;
  /** 1-based, in code points; the \r of a \r\n pair is not a column. */
  column: number;
}

/**
 * Maps many UTF-16 offsets of one text to line and column. Lookups in
 * increasing order on the same line continue from the previous one, so
 * locating every statement of a long single-line file stays linear.
 */
export type LineLocator = (offset: number) => LineColumn;

export function createLineLocator(text: string): LineLocator {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);

  let lastLine = -1;
  let lastEnd = 0;
  let lastCount = 0;

  return (offset) => {
    const end = columnEnd(text, offset);
    const line = lineIndexOf(lineStarts, end);
    const lineStart = lineStarts[line] ?? 0;
    const resume = line === lastLine && end >= lastEnd;
    const count = resume ? lastCount + countCodePoints(text, lastEnd, end) : countCodePoints(text, lineStart, end);
    lastLine = line;
    lastEnd = end;
    lastCount = count;
    return { line: line + 1, column: count + 1 };
  };
}

/**
 * The offset up to which characters are counted as columns: `offset` clamped
 * into the text, moved off the middle of a surrogate pair, and before the \r of
 * a \r\n pair when it points at the \n.
 */
export function columnEnd(text: string, offset: number): number {
  const clamped = Number.isNaN(offset) ? 0 : Math.min(Math.max(Math.trunc(offset), 0), text.length);
  const end = toCharacterBoundary(text, clamped);
  return text[end] === '\n' && text[end - 1] === '\r' ? end - 1 : end;
}

/** Index of the last line start <= offset. */
function lineIndexOf(lineStarts: number[], offset: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((lineStarts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}
