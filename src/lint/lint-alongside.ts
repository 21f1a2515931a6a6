import type { Driver } from '../database/driver.js';
import { isServerError } from '../database/query.js';
import type { DatabaseFacts } from '../database/table-facts.js';
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
 * Resolves once the catalog read is on its way; the lint itself starts when `start` settles (the
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
  // Sent now, ahead of the first migration, and not waited for: the migrations go right behind
  // it (the driver pipelines them), so that the lint costs no round trip before they run. A
  // refusal of the read is the lint's to report (lint-pending.ts); any other failure (the
  // connection) is also what the migrations meet, and is theirs to report.
  // (held as a value until the lint asks: a rejection nobody awaits yet would end the process)
  const read: Promise<{ facts: DatabaseFacts } | { failure: unknown }> = database
    .readDatabaseFacts([...candidates.relations].sort(), [...candidates.functions].sort())
    .then(
      (facts) => ({ facts }),
      (failure: unknown) => ({ failure }),
    );
  const readAhead: Pick<Driver, 'readDatabaseFacts'> = {
    readDatabaseFacts: async () => {
      const outcome = await read;
      if ('failure' in outcome) throw outcome.failure;
      return outcome.facts;
    },
  };
  const finished = (async () => {
    await start;
    const { lintPending } = await import('./lint-pending.js');
    try {
      result.lint = await lintPending(readAhead, pending, { level: 'warn', syntax: false, review: [], readAhead: true }, result.warnings);
    } catch (error) {
      // A read that the connection failed (the run refused a file and ended its session, or the
      // session was lost): the run's own failure says so, and a warning would only repeat it.
      const outcome = await read;
      if ('failure' in outcome && !isServerError(outcome.failure)) return;
      // the migrations ran, or failed, on their own: a lint that breaks must not hide what they did
      result.warnings.push(`the lint could not finish: ${error instanceof Error ? error.message : String(error)}`);
    }
  })();
  return { finished };
}
