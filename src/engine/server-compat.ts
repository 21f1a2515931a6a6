import type { Migration, MigrationFile, MigrationSet } from '../source/index.js';
import { splitStatements } from '../sql/index.js';
import type { RunResult, ServerFailure } from './result.js';

/**
 * The files whose better handling here must never be silent. golang-migrate sends a whole file as
 * one query: PostgreSQL runs a multi-statement query in one implicit transaction, so a statement
 * that refuses a transaction block (CREATE INDEX CONCURRENTLY, VACUUM, …) fails there, and leaves
 * the database dirty; this tool runs such a file statement by statement. And it sends a UTF-8
 * byte-order mark as text, a syntax error; this tool drops it.
 */
export function serverFailures(migrations: readonly Migration[], directions: readonly ('up' | 'down')[] = ['up']): ServerFailure[] {
  const found: ServerFailure[] = [];
  for (const migration of migrations) {
    for (const direction of directions) {
      const file = migration[direction];
      if (file) found.push(...fileFailures(file));
    }
  }
  return found;
}

function fileFailures(file: MigrationFile): ServerFailure[] {
  const found: ServerFailure[] = [];
  if (file.bom) {
    found.push({
      file: file.displayPath,
      line: 1,
      message: `${file.displayPath} starts with a UTF-8 byte-order mark: this tool drops it, but golang-migrate (the oForum server on a fresh database) sends it and fails with a syntax error; save the file without it`,
    });
  }
  // Most files hold none of the words such a statement needs: they are not read nor lexed again.
  if (!file.mayRefuseTransaction) return found;
  const { statements, error } = splitStatements(file.sql);
  if (error || statements.length < 2) return found;
  const refusing = statements.find((statement) => statement.kind === 'no-transaction');
  if (refusing) {
    found.push({
      file: file.displayPath,
      line: refusing.line,
      message: `${file.displayPath} has ${statements.length} statements, one of them ${refusing.keywords} at line ${refusing.line}, which cannot run in a transaction block: this tool runs it statement by statement, but golang-migrate (the oForum server on a fresh database) sends the file as one query and fails, leaving the database dirty; put that statement in a file of its own`,
    });
  }
  return found;
}

/**
 * Warns of them in the log, the summary and a warning annotation on each file. The embedded set
 * was found free of them when the bundle was built (its unit test): its files are not lexed again
 * on every run, the pre-deploy check's most common case.
 */
export function warnServerFailures(result: RunResult, set: MigrationSet): void {
  if (set.serverChecked) return;
  const found = serverFailures(set.migrations);
  result.serverFailures = found;
  result.warnings.push(...found.map((failure) => failure.message));
}
