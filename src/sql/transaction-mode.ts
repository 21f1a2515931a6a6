import type { Statement } from './types.js';

export type TransactionMode = { mode: 'single-transaction' } | { mode: 'statement-by-statement'; because: Statement };

/**
 * A file can run as one transaction unless a statement refuses to run inside
 * a transaction block or the file manages its own transactions; `because` is
 * the first such statement, for messages.
 */
export function transactionMode(statements: readonly Statement[]): TransactionMode {
  const because = statements.find((s) => s.kind !== 'transactional');
  return because ? { mode: 'statement-by-statement', because } : { mode: 'single-transaction' };
}
