import type { Statement } from './types.js';

/**
 * Whether the statement after `statement` runs inside a transaction that the file opened itself,
 * given whether `statement` did (`inside`). BEGIN and START TRANSACTION open one; COMMIT, END,
 * ROLLBACK and ABORT end it, except with AND CHAIN, which opens the next at once; PREPARE
 * TRANSACTION hands it over to two-phase commit, leaving the session outside any.
 */
export function insideOwnTransaction(statement: Statement, inside: boolean): boolean {
  if (statement.kind !== 'transaction-control') return inside;
  switch (statement.keywords) {
    case 'BEGIN':
    case 'START TRANSACTION':
      return true;
    case 'COMMIT':
    case 'END':
    case 'ROLLBACK':
    case 'ABORT':
      return chains(statement.text);
    case 'PREPARE TRANSACTION':
      return false;
    default:
      // COMMIT PREPARED, ROLLBACK PREPARED: refused inside a transaction block, change nothing
      return inside;
  }
}

/**
 * The statement that opened the transaction a file would still be inside after its last
 * statement (a BEGIN without its COMMIT), or null. golang-migrate sends such a file as one query
 * and fails on the open transaction it leaves, with the database marked dirty; run statement by
 * statement, the file's last statements would be rolled back when the session ends.
 */
export function transactionLeftOpen(statements: readonly Statement[]): Statement | null {
  let opened: Statement | null = null;
  for (const statement of statements) {
    const inside = insideOwnTransaction(statement, opened !== null);
    if (!inside) opened = null;
    // a BEGIN inside the transaction changes nothing (PostgreSQL warns); AND CHAIN opens anew
    else if (opened === null || (statement.kind === 'transaction-control' && !/^(BEGIN|START)/.test(statement.keywords)))
      opened = statement;
  }
  return opened;
}

/** `COMMIT AND CHAIN` (not `AND NO CHAIN`): the comment-free words of the statement's end. */
function chains(text: string): boolean {
  return /\bAND\s+CHAIN\s*$/i.test(text.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' ').trimEnd());
}
