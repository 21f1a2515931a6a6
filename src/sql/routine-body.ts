import type { Token } from './tokenize.js';

/**
 * Tracks whether a statement is inside a part whose ';' do not end it, which
 * the server finds with its grammar and a client splitting statements has to
 * guess:
 *
 * - a SQL-standard routine body, `CREATE [OR REPLACE] FUNCTION|PROCEDURE ...
 *   BEGIN ATOMIC ... END`. Close to psql's heuristic (the `{identifier}` rule
 *   of src/fe_utils/psqlscan.l): once the statement starts with CREATE [OR
 *   REPLACE] FUNCTION|PROCEDURE, BEGIN ATOMIC outside parentheses opens a
 *   block, CASE opens one only inside a block (it also ends with END), and
 *   END closes one. Unlike psql, a BEGIN not followed by ATOMIC opens nothing:
 *   BEGIN is an unreserved keyword, so it can name the function, a schema or a
 *   column used in the body, and psql would then swallow the next statements.
 * - the action list of `CREATE [OR REPLACE] RULE ... DO [ALSO|INSTEAD] (a; b)`,
 *   where ';' separates the actions inside the parentheses.
 */
export interface RoutineBodyTracker {
  observe(token: Token): void;
  /** Open blocks or parentheses; a ';' ends the statement only at depth 0. */
  depth(): number;
}

const HEADER_WORDS = 4;

export function createRoutineBodyTracker(sql: string): RoutineBodyTracker {
  const leading: string[] = [];
  let header: Header = 'other';
  let parens = 0;
  let depth = 0;
  let afterBegin = false;

  return {
    observe(token) {
      if (token.kind === 'open-paren') parens++;
      else if (token.kind === 'close-paren') parens = Math.max(0, parens - 1);
      const followsBegin = afterBegin;
      afterBegin = false;
      if (token.kind !== 'word') return;
      if (leading.length >= HEADER_WORDS && header !== 'routine') return;

      const word = sql.slice(token.start, token.end).toLowerCase();
      if (leading.length < HEADER_WORDS) {
        leading.push(word);
        header = headerOf(leading);
      }
      if (header !== 'routine' || parens > 0) return;
      if (word === 'begin') afterBegin = true;
      else if (word === 'atomic' && followsBegin) depth++;
      else if (word === 'case' && depth > 0) depth++;
      else if (word === 'end' && depth > 0) depth--;
    },
    depth: () => (header === 'rule' ? parens : depth),
  };
}

type Header = 'routine' | 'rule' | 'other';

function headerOf([first, second, third, fourth]: string[]): Header {
  if (first !== 'create') return 'other';
  const object = second === 'or' && third === 'replace' ? fourth : second;
  if (object === 'function' || object === 'procedure') return 'routine';
  return object === 'rule' ? 'rule' : 'other';
}
