import type { Token } from './tokenize.js';

/**
 * Whether the utility option list `( name [value], ... )` (its tokens without
 * the parentheses) turns on option `name`. A bare option means true, and the
 * false spellings are those of defGetBoolean (src/backend/commands/define.c).
 */
export function isOptionEnabled(text: string, tokens: readonly Token[], name: string): boolean {
  for (const option of splitOptions(tokens)) {
    const [head, value] = option;
    if (head?.kind !== 'word' || text.slice(head.start, head.end).toUpperCase() !== name) continue;
    if (!value) return true;
    return !FALSE_SPELLINGS.has(unquote(text.slice(value.start, value.end)).toLowerCase());
  }
  return false;
}

const FALSE_SPELLINGS = new Set(['false', 'off', '0']);

function* splitOptions(tokens: readonly Token[]): Generator<Token[]> {
  let current: Token[] = [];
  let depth = 0;
  for (const token of tokens) {
    if (token.kind === 'open-paren') depth++;
    else if (token.kind === 'close-paren') depth--;
    if (token.kind === 'comma' && depth === 0) {
      yield current;
      current = [];
    } else {
      current.push(token);
    }
  }
  yield current;
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith("'") && value.endsWith("'") ? value.slice(1, -1) : value;
}
