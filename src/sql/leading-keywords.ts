import type { ItemReader } from './statement-items.js';

/** Words that qualify the object type of CREATE/ALTER/DROP rather than name it. */
const OBJECT_QUALIFIERS = new Set([
  'OR',
  'REPLACE',
  'UNIQUE',
  'TEMP',
  'TEMPORARY',
  'UNLOGGED',
  'GLOBAL',
  'LOCAL',
  'MATERIALIZED',
  'FOREIGN',
  'DATA',
  'EVENT',
  'CONSTRAINT',
  'RECURSIVE',
  'TRUSTED',
  'PROCEDURAL',
  'DEFAULT',
  'TEXT',
  'SEARCH',
  'ACCESS',
  'OPERATOR',
]);
const MAX_KEYWORDS = 4;

/**
 * Keywords naming an ordinary statement in messages: the first word, and for
 * CREATE/ALTER/DROP the object type too (`CREATE TABLE`, `CREATE OR REPLACE
 * FUNCTION`, `ALTER DEFAULT PRIVILEGES`). '' when the statement has no words.
 */
export function leadingKeywords(reader: ItemReader): string {
  const first = reader.word(0);
  if (first === undefined) return firstWordInGroup(reader);
  if (first !== 'CREATE' && first !== 'ALTER' && first !== 'DROP') return first;
  const out = [first];
  for (let i = 1; out.length < MAX_KEYWORDS; i++) {
    const next = reader.word(i);
    if (next === undefined) break;
    out.push(next);
    if (!OBJECT_QUALIFIERS.has(next)) break;
  }
  return out.join(' ');
}

/** `(SELECT ...) UNION ...` is named by the first word inside the parentheses. */
function firstWordInGroup({ text, item }: ItemReader): string {
  const head = item(0);
  if (head?.kind !== 'group') return '';
  const token = head.tokens.find((t) => t.kind === 'word');
  return token ? text.slice(token.start, token.end).toUpperCase() : '';
}
