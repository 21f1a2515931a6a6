import { classifyStatement } from './classify.js';
import { createLineLocator, type LineLocator } from './line-locator.js';
import { createRoutineBodyTracker } from './routine-body.js';
import { tokenize } from './tokenize.js';
import type { Statement, SplitResult } from './types.js';

export type { LexError, SplitResult, Statement, StatementKind } from './types.js';
export { transactionMode, type TransactionMode } from './transaction-mode.js';

/**
 * Splits a migration file into statements where PostgreSQL would end them in a
 * multi-statement simple query: at each ';' outside quotes, comments,
 * SQL-standard routine bodies and CREATE RULE action lists. Empty statements
 * are dropped, as the server sends no CommandComplete for them. On an
 * unterminated quote or comment the statements before it are returned with
 * `error`.
 *
 * Unlike psql, a ';' inside parentheses elsewhere still ends the statement: the
 * server's grammar only accepts ';' between statements, in routine bodies and
 * between rule actions, so such SQL is a syntax error either way, and splitting
 * keeps that error inside one statement instead of swallowing the rest of the
 * file.
 */
export function splitStatements(sql: string): SplitResult {
  const statements: Statement[] = [];
  const locate = createLineLocator(sql);
  let body = createRoutineBodyTracker(sql);
  let start = -1;
  let end = -1;

  for (const token of tokenize(sql)) {
    if (token.kind === 'error') {
      return { statements, error: { message: token.message, offset: token.start, ...locate(token.start) } };
    }
    if (token.kind === 'semicolon' && body.depth() === 0) {
      if (start >= 0) statements.push(statementAt(sql, start, end, locate));
      start = -1;
      body = createRoutineBodyTracker(sql);
      continue;
    }
    if (start < 0) start = token.start;
    end = token.end;
    body.observe(token);
  }
  if (start >= 0) statements.push(statementAt(sql, start, end, locate));
  return { statements };
}

function statementAt(sql: string, start: number, end: number, locate: LineLocator): Statement {
  const text = sql.slice(start, end);
  return { text, start, end, ...locate(start), ...classifyStatement(text) };
}
