import { MigrateError } from '../errors.js';
import type { Migration, MigrationFile } from '../source/index.js';
import { excerpt, splitStatements, transactionLeftOpen, transactionMode, type Statement } from '../sql/index.js';
import type { RunMode } from './result.js';
import type { Version } from '../migration-version.js';

/** One file to run, lexed: its statements, how it must run, and the version it records. */
export interface PreparedStep {
  version: Version;
  name: string;
  direction: 'up' | 'down';
  /** absent for a version without a file in this direction: golang-migrate records it as empty */
  file: MigrationFile | undefined;
  sql: string;
  statements: Statement[];
  mode: RunMode;
  /** why it runs statement by statement, for messages: `CREATE INDEX CONCURRENTLY at line 12` */
  because: string | null;
  /** the version the state table holds once the step is done (golang-migrate's TargetVersion) */
  recordVersion: Version | null;
}

/**
 * Lexes every pending file before anything runs, so that a file PostgreSQL could never accept
 * (an unterminated quote or comment) fails the run before it changes the database. Returns the
 * first that must run statement by statement, if any. Nothing is kept: each file is split again
 * just before it runs, so memory stays flat however many migrations are pending.
 */
export function surveyUps(pending: readonly Migration[]): { version: Version; because: string } | null {
  let first: { version: Version; because: string } | null = null;
  for (const migration of pending) {
    const { mode, because } = prepareUp(migration);
    if (mode === 'statement-by-statement' && !first) first = { version: migration.version, because: because! };
  }
  return first;
}

export function prepareUp(migration: Migration): PreparedStep {
  return prepareStep(migration, 'up', migration.version);
}

export function prepareUps(migrations: readonly Migration[]): PreparedStep[] {
  return migrations.map(prepareUp);
}

/** The downs from the newest to the oldest, each recording the version below it. */
export function prepareDowns(migrations: readonly Migration[]): PreparedStep[] {
  return migrations.map((migration, index) => prepareStep(migration, 'down', index > 0 ? migrations[index - 1]!.version : null)).reverse();
}

/** One down, recording `recordVersion` (the applied migration below it; null: none). */
export function prepareDown(migration: Migration, recordVersion: Version | null): PreparedStep {
  return prepareStep(migration, 'down', recordVersion);
}

function prepareStep(migration: Migration, direction: 'up' | 'down', recordVersion: Version | null): PreparedStep {
  const file = migration[direction];
  const sql = file?.sql ?? '';
  const split = splitStatements(sql);
  if (split.error) {
    const path = file!.displayPath;
    throw new MigrateError('sql', `${split.error.message} in ${path}`, {
      version: migration.version,
      location: { file: path, line: split.error.line, column: split.error.column, excerpt: excerpt(sql, split.error.line) },
    });
  }
  const plan = transactionMode(split.statements);
  const open = plan.mode === 'statement-by-statement' ? transactionLeftOpen(split.statements) : null;
  if (open) {
    // Run statement by statement, what follows the BEGIN would be rolled back when the session
    // ends, after the version was recorded clean in the same open transaction.
    const path = file!.displayPath;
    throw new MigrateError(
      'sql',
      `${path} opens a transaction at line ${open.line} (${open.keywords}) that it never ends: what runs after it would not commit; end it with COMMIT (golang-migrate fails on such a file and leaves the database dirty)`,
      { version: migration.version, location: { file: path, line: open.line, column: open.column, excerpt: excerpt(sql, open.line) } },
    );
  }
  const base = { version: migration.version, name: migration.name, direction, file, sql, statements: split.statements, recordVersion };
  return plan.mode === 'single-transaction'
    ? { ...base, mode: 'transaction', because: null }
    : { ...base, mode: 'statement-by-statement', because: `${plan.because.keywords} at line ${plan.because.line}` };
}
