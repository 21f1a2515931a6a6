import { MigrateError } from '../errors.js';
import type { Migration } from '../source/index.js';
import { excerpt, splitStatements, transactionMode, type Statement } from '../sql/index.js';
import type { RunMode } from './result.js';

/** A pending migration, lexed: its statements and how it must run. */
export interface PreparedMigration {
  migration: Migration;
  sql: string;
  statements: Statement[];
  mode: RunMode;
  /** why it runs statement by statement, for messages: `CREATE INDEX CONCURRENTLY at line 12` */
  because: string | null;
}

/**
 * Lexes every pending file before anything runs, so that a file PostgreSQL could never accept
 * (an unterminated quote or comment) fails the run before it changes the database.
 */
export function prepareMigrations(pending: readonly Migration[]): PreparedMigration[] {
  return pending.map((migration) => {
    const sql = migration.up?.sql ?? '';
    const split = splitStatements(sql);
    if (split.error) {
      const file = migration.up!.displayPath;
      throw new MigrateError('sql', `${split.error.message} in ${file}`, {
        version: migration.version,
        location: { file, line: split.error.line, column: split.error.column, excerpt: excerpt(sql, split.error.line) },
      });
    }
    const plan = transactionMode(split.statements);
    return plan.mode === 'single-transaction'
      ? { migration, sql, statements: split.statements, mode: 'transaction', because: null }
      : {
          migration,
          sql,
          statements: split.statements,
          mode: 'statement-by-statement',
          because: `${plan.because.keywords} at line ${plan.because.line}`,
        };
  });
}
