export type StatementKind =
  /** May run inside a transaction block. */
  | 'transactional'
  /** PostgreSQL refuses it inside a transaction block (PreventInTransactionBlock). */
  | 'no-transaction'
  /** The file manages its own transaction (BEGIN, COMMIT, ...). */
  | 'transaction-control';

export interface Statement {
  /** Source text from the first token up to, not including, the terminating ';'. */
  text: string;
  /** UTF-16 offset of the first token. */
  start: number;
  /** UTF-16 offset just past the last token. */
  end: number;
  /** 1-based line of `start`. */
  line: number;
  /** 1-based column of `start`, in Unicode code points. */
  column: number;
  kind: StatementKind;
  /** Leading keywords that decided `kind`, upper-cased and single-spaced, for messages. */
  keywords: string;
}

export interface LexError {
  message: string;
  /** UTF-16 offset of the opening delimiter. */
  offset: number;
  line: number;
  column: number;
}

export interface SplitResult {
  statements: Statement[];
  error?: LexError;
}
