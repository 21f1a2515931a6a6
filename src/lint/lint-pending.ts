import type { Driver } from '../database/driver.js';
import type { DatabaseFacts } from '../database/table-facts.js';
import { MigrateError } from '../errors.js';
import type { Migration } from '../source/index.js';
import { lintTargetOf, lintTargets } from './lint-set.js';
import type { LintLevel, LintReport, ReviewedMigration } from './types.js';

/**
 * Lints the pending ups against the database they are about to run on: the tables they touch,
 * with their sizes, come from one catalog query on the run's own session. When the catalog
 * cannot be read (a lock held by the application, a missing privilege), the lint goes on
 * without sizes and says so in `warnings`.
 */
export async function lintPending(
  database: Pick<Driver, 'readDatabaseFacts'>,
  pending: readonly Migration[],
  options: {
    level: Exclude<LintLevel, 'off'>;
    syntax: boolean;
    review: ReviewedMigration[];
    direction?: 'up' | 'down';
    /** `database` answers for every name the files can touch, read ahead (lint-alongside.ts) */
    readAhead?: boolean;
  },
  warnings: string[],
): Promise<LintReport> {
  // down and goto: the down files about to run, newest first, each judged on its own
  const direction = options.direction ?? 'up';
  const targets = pending.flatMap((migration) => lintTargetOf(migration, direction) ?? []);
  let basis: LintReport['basis'] = 'database';
  const readFacts = async (relations: string[], functions: string[]): Promise<DatabaseFacts | null> => {
    try {
      return await database.readDatabaseFacts(relations, functions);
    } catch (error) {
      // The server refused the catalog read (a lock held by the application, a missing
      // privilege): the session goes on. A lost session is the run's failure.
      if (!(error instanceof MigrateError && error.code === 'state')) throw error;
      basis = 'migrations';
      warnings.push(`lint could not read the sizes of the tables (${error.message}): its findings are not graded by them`);
      return null;
    }
  };
  const result = await lintTargets(targets, {
    together: true,
    syntaxFindings: options.syntax,
    readFacts,
    ...(options.readAhead ? { readAhead: true } : {}),
  });
  return { level: options.level, basis, files: targets.length, ...result, review: options.review };
}
