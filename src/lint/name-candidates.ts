import { quoteIdentifier } from '../database/identifiers.js';
import { tokenize } from '../sql/tokenize.js';

/**
 * Every name a migration file could use for a relation or a function, found by the lexer alone,
 * before PostgreSQL's parser is loaded: a superset of what the lint asks the catalog about
 * (lint-file.ts namesIn), in the same form (regclass input; function names in lower case). A
 * run whose lint cannot fail it reads the catalog for these names before its first migration,
 * and lints while the migrations run (hook.ts).
 */
export interface NameCandidates {
  relations: Set<string>;
  functions: Set<string>;
}

// PostgreSQL truncates identifiers to NAMEDATALEN − 1 bytes.
const MAX_IDENTIFIER_BYTES = 63;

/**
 * Adds the candidates of `sql` to `into`. Returns false when a name in it cannot be foreseen
 * this way (a U&"…" identifier, whose escapes only the parser reads), and the catalog must be
 * asked after parsing instead.
 */
export function addNameCandidates(sql: string, into: NameCandidates): boolean {
  // the identifier before a '.', and whether the token just read is that '.'
  let previous: string | null = null;
  let afterDot = false;
  let pendingFunction: string | null = null;
  for (const token of tokenize(sql)) {
    if (token.kind === 'error') return true; // the run refuses the file before anything runs
    if (pendingFunction !== null && token.kind === 'open-paren') into.functions.add(pendingFunction.toLowerCase());
    pendingFunction = null;
    if (token.kind === 'word' || token.kind === 'quoted-identifier') {
      const text = sql.slice(token.start, token.end);
      if (token.kind === 'quoted-identifier' && text[0] !== '"') return false;
      const name = truncated(token.kind === 'word' ? asciiLower(text) : text.slice(1, -1).replaceAll('""', '"'));
      into.relations.add(quoteIdentifier(name));
      if (afterDot && previous !== null) into.relations.add(`${quoteIdentifier(previous)}.${quoteIdentifier(name)}`);
      pendingFunction = name;
      previous = name;
      afterDot = false;
    } else if (token.kind === 'other' && sql.charCodeAt(token.start) === 0x2e && token.end === token.start + 1) {
      afterDot = previous !== null;
    } else {
      previous = null;
      afterDot = false;
    }
  }
  return true;
}

/** PostgreSQL folds unquoted identifiers to lower case in ASCII only (downcase_identifier). */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (upper) => upper.toLowerCase());
}

function truncated(name: string): string {
  if (name.length <= MAX_IDENTIFIER_BYTES / 3 || Buffer.byteLength(name, 'utf8') <= MAX_IDENTIFIER_BYTES) return name;
  let bytes = 0;
  let end = 0;
  for (const char of name) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > MAX_IDENTIFIER_BYTES) break;
    bytes += size;
    end += char.length;
  }
  return name.slice(0, end);
}
