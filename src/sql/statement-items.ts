import { tokenize, type Token, type TokenKind } from './tokenize.js';

/**
 * A statement's top-level tokens, with each parenthesised part (option lists
 * such as `VACUUM (VERBOSE)`, column lists, arguments) folded into one group.
 */
export type Item =
  { kind: 'word'; upper: string } | { kind: 'group'; tokens: Token[] } | { kind: Exclude<TokenKind, 'word' | 'open-paren'> };

export function* statementItems(text: string): Generator<Item, void, undefined> {
  let group: Token[] | undefined;
  let depth = 0;
  for (const token of tokenize(text)) {
    if (token.kind === 'error') break;
    if (group) {
      if (token.kind === 'open-paren') depth++;
      else if (token.kind === 'close-paren' && --depth === 0) {
        yield { kind: 'group', tokens: group };
        group = undefined;
        continue;
      }
      group.push(token);
    } else if (token.kind === 'open-paren') {
      group = [];
      depth = 1;
    } else if (token.kind === 'word') {
      yield { kind: 'word', upper: text.slice(token.start, token.end).toUpperCase() };
    } else {
      yield { kind: token.kind };
    }
  }
  if (group) yield { kind: 'group', tokens: group };
}

/**
 * Random access to a statement's items, lexed only as far as asked: most
 * statements are classified by their first few words, however long they are.
 */
export interface ItemReader {
  readonly text: string;
  item(index: number): Item | undefined;
  /** The upper-cased word at `index`, or undefined if that item is not a word. */
  word(index: number): string | undefined;
}

export function createItemReader(text: string): ItemReader {
  const iterator = statementItems(text);
  const seen: Item[] = [];
  let done = false;
  const item = (index: number): Item | undefined => {
    while (!done && seen.length <= index) {
      const next = iterator.next();
      if (next.done) done = true;
      else seen.push(next.value);
    }
    return seen[index];
  };
  return { text, item, word: (index) => wordOf(item(index)) };
}

export function wordOf(item: Item | undefined): string | undefined {
  return item?.kind === 'word' ? item.upper : undefined;
}
