import type { Driver } from '../database/driver.js';
import type { DatabaseFacts } from '../database/table-facts.js';
import { MigrateError } from '../errors.js';
import type { Migration } from '../source/index.js';
import type { RunResult } from '../engine/result.js';
import { addNameCandidates, type NameCandidates } from './name-candidates.js';

/**
 * The lint of an `up` whose lint cannot fail it (level warn), run while the migrations run.
 *
 * Loading PostgreSQL's parser and parsing the pending files is the lint's cost (about 100 ms for
 * one file, mostly the parser's start); the migrations do not wait for it. What the lint needs
 * from the database must still describe it before the first migration: the catalog is read now,
 * for every name the lexer finds in the pending files (a superset of what the parser will ask
 * about, name-candidates.ts), and the lint judges each file by that read, parsing it once: it
 * looks up only the names its statements touch, so the names the lexer added (a column alias,
 * a keyword) are never consulted, and a relation the read does not hold is absent as it would
 * be in a read for exactly the parser's names.
 *
 * Resolves once the catalog has answered; the lint itself starts when `start` settles (the
 * first migration's message is on its way: the parser's start holds the thread for tens of
 * milliseconds), and `finished` settles when `result.lint` is written. Null when a name cannot
 * be foreseen by the lexer: the lint then runs before the migrations.
 */
export async function lintAlongside(
  database: Pick<Driver, 'readDatabaseFacts'>,
  pending: readonly Migration[],
  result: RunResult,
  start: Promise<void>,
): Promise<{ finished: Promise<void> } | null> {
  const candidates: NameCandidates = { relations: new Set(), functions: new Set() };
  for (const migration of pending) {
    if (migration.up && !addNameCandidates(migration.up.sql, candidates)) return null;
  }
  let read: DatabaseFacts | MigrateError;
  try {
    read = await database.readDatabaseFacts([...candidates.relations].sort(), [...candidates.functions].sort());
  } catch (error) {
    // a refusal of the catalog read (lint-pending.ts reports it); anything else is the run's
    if (!(error instanceof MigrateError && error.code === 'state')) throw error;
    read = error;
  }
  const readAhead: Pick<Driver, 'readDatabaseFacts'> = {
    readDatabaseFacts: async () => {
      if (read instanceof MigrateError) throw read;
      return read;
    },
  };
  const finished = (async () => {
    await start;
    const { lintPending } = await import('./lint-pending.js');
    try {
      result.lint = await lintPending(readAhead, pending, { level: 'warn', syntax: false, review: [], readAhead: true }, result.warnings);
    } catch (error) {
      // the migrations ran, or failed, on their own: a lint that breaks must not hide what they did
      result.warnings.push(`the lint could not finish: ${error instanceof Error ? error.message : String(error)}`);
    }
  })();
  return { finished };
}
