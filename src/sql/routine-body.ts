import type { Token } from './tokenize.js';

/**
 * Tracks whether a statement is inside a SQL-standard routine body
 * (`CREATE [OR REPLACE] FUNCTION|PROCEDURE ... BEGIN ATOMIC ... END`), whose
 * inner ';' do not end the statement. The server finds the body with its
 * grammar; a client splitting statements has to guess, and this uses the same
 * heuristic as psql (the `{identifier}` rule of src/fe_utils/psqlscan.l): once
 * the statement starts with CREATE [OR REPLACE] FUNCTION|PROCEDURE, an
 * unquoted BEGIN outside parentheses opens a block, CASE opens one only inside
 * a block (it also ends with END), and END closes one.
 */
export interface RoutineBodyTracker {
  observe(token: Token): void;
  /** Open BEGIN/CASE blocks; a ';' ends the statement only at depth 0. */
  depth(): number;
}

const HEADER_WORDS = 4;

export function createRoutineBodyTracker(sql: string): RoutineBodyTracker {
  const leading: string[] = [];
  let routine = false;
  let parens = 0;
  let depth = 0;

  return {
    observe(token) {
      if (token.kind === 'open-paren') parens++;
      else if (token.kind === 'close-paren') parens = Math.max(0, parens - 1);
      if (token.kind !== 'word') return;
      if (leading.length >= HEADER_WORDS && !routine) return;

      const word = sql.slice(token.start, token.end).toLowerCase();
      if (leading.length < HEADER_WORDS) {
        leading.push(word);
        routine = isRoutineHeader(leading);
      }
      if (!routine || parens > 0) return;
      if (word === 'begin') depth++;
      else if (word === 'case' && depth > 0) depth++;
      else if (word === 'end' && depth > 0) depth--;
    },
    depth: () => depth,
  };
}

function isRoutineHeader([first, second, third, fourth]: string[]): boolean {
  if (first !== 'create') return false;
  if (second === 'function' || second === 'procedure') return true;
  return second === 'or' && third === 'replace' && (fourth === 'function' || fourth === 'procedure');
}
