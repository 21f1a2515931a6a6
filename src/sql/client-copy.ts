import { offsetToLineColumn } from './position.js';
import { splitStatements } from './split.js';
import { tokenize, type Token } from './tokenize.js';

/**
 * A `COPY … FROM STDIN` or `COPY … TO STDOUT` statement: PostgreSQL answers it by switching the
 * connection to the copy sub-protocol, to receive rows from the client or send them to it. A
 * migration file cannot carry those rows, nor take them: golang-migrate (lib/pq's simple query)
 * fails on either and leaves the database dirty, and this tool's pipeline would lose the
 * connection. Such a file is refused when the set is loaded (source/client-copy.ts).
 */
export interface ClientCopy {
  /** 'FROM' (rows sent by the client) or 'TO' (rows sent to the client) */
  direction: 'FROM' | 'TO';
  /** the target as written, upper-cased: STDIN or STDOUT (the server takes either for either direction) */
  target: 'STDIN' | 'STDOUT';
  /** UTF-16 offset of the target word in the file */
  offset: number;
  /** 1-based line and code-point column of the target word */
  line: number;
  column: number;
}

/**
 * The first word a client-side COPY needs: a file without it anywhere is not lexed. The words of
 * SQL are matched in ASCII only, as PostgreSQL folds the case of keywords (a regular expression
 * with `i` and without `u` folds no non-ASCII letter into an ASCII one, so `ſtdin` is not STDIN,
 * for the server either).
 */
const TARGET_WORDS = /STDIN|STDOUT/i;
const TARGET = /^(?:STDIN|STDOUT)$/i;
const DIRECTION = /^(?:FROM|TO)$/i;
const COPY = /^COPY$/i;

/**
 * The first statement of `sql` that is a COPY from or to the client, or undefined. The grammar
 * (gram.y, CopyStmt):
 *
 *     COPY [BINARY] name [(columns)] {FROM|TO} [PROGRAM] {'file'|STDIN|STDOUT} [[WITH] options] [WHERE …]
 *     COPY (query) TO [PROGRAM] {'file'|STDIN|STDOUT} [[WITH] options]
 *
 * FROM and TO are reserved words, so the first of them outside parentheses ends the table's
 * name; the query and the column list are inside parentheses. Only a statement that begins with
 * COPY runs as one: the same text in a string, a comment, a quoted identifier or a function's
 * body (a `$$` string, a `BEGIN ATOMIC` body) is not a COPY the migration runs. The statements
 * before an unterminated quote or comment are looked at; the rest of the file fails later as it
 * is (a lexer error, reported at its line).
 */
export function findClientCopy(sql: string): ClientCopy | undefined {
  if (!TARGET_WORDS.test(sql)) return undefined;
  for (const statement of splitStatements(sql).statements) {
    if (!TARGET_WORDS.test(statement.text)) continue;
    const found = clientCopyIn(statement.text);
    if (found) {
      const offset = statement.start + found.offset;
      return { ...found, offset, ...offsetToLineColumn(sql, offset) };
    }
  }
  return undefined;
}

/** The target of one statement's client-side COPY: its words, and its offset in `text`. */
function clientCopyIn(text: string): Pick<ClientCopy, 'direction' | 'target' | 'offset'> | undefined {
  const word = (token: Token | undefined, pattern: RegExp): string | undefined => {
    if (token?.kind !== 'word') return undefined;
    const spelled = text.slice(token.start, token.end);
    return pattern.test(spelled) ? spelled.toUpperCase() : undefined;
  };
  let depth = 0;
  let first = true;
  let direction: string | undefined;
  for (const token of tokenize(text)) {
    if (token.kind === 'error') return undefined;
    if (first) {
      if (!word(token, COPY)) return undefined;
      first = false;
      continue;
    }
    if (direction !== undefined) {
      const target = word(token, TARGET);
      return target
        ? { direction: direction as ClientCopy['direction'], target: target as ClientCopy['target'], offset: token.start }
        : undefined;
    }
    if (token.kind === 'open-paren') depth++;
    else if (token.kind === 'close-paren') depth = Math.max(0, depth - 1);
    else if (depth === 0) direction = word(token, DIRECTION);
  }
  return undefined;
}
