import { runCheck, blankResult, type CommandOptions, type RunResult } from '../engine/index.js';
import { MigrateError } from '../errors.js';
import type { MigrationSet } from '../source/index.js';
import { failOnErrors, pendingHook } from './hook.js';
import { lintTargetOf, lintTargets, type LintTarget } from './lint-set.js';
import type { LintLevel } from './types.js';

/**
 * `lint` without a database: every up of the set in order, then every down, judged by what the
 * migrations themselves say. A table an earlier migration created may hold rows by now: the
 * findings say which migration created it, and a database grades them.
 */
export async function lintSet(set: MigrationSet, level: Exclude<LintLevel, 'off'>): Promise<RunResult> {
  const result = blankResult('lint', 'no database', set.digest);
  const targets: LintTarget[] = [];
  for (const direction of ['up', 'down'] as const) {
    for (const migration of set.migrations) {
      const target = lintTargetOf(migration, direction);
      if (target) targets.push(target);
    }
  }
  const linted = await lintTargets(targets, { together: false, syntaxFindings: true });
  result.lint = { level, basis: 'migrations', files: targets.length, ...linted, review: [] };
  return finish(result);
}

/**
 * `lint` with a database: the pending ups only, graded by the catalog. It is `check` with the
 * lint, read under the migration lock so it never sees a half-done migration.
 */
export async function lintWithDatabase(options: CommandOptions, level: Exclude<LintLevel, 'off'>): Promise<RunResult> {
  const result = await runCheck({
    ...options,
    failOnPending: false,
    drift: null,
    lint: pendingHook({ level, review: false, syntax: true }),
  });
  result.command = 'lint';
  if (!result.error) {
    result.status = 'linted';
    result.lint ??= { level, basis: 'database', files: 0, findings: [], suppressed: [], review: [], unparsed: [] };
  }
  return result;
}

function finish(result: RunResult): RunResult {
  try {
    failOnErrors(result.lint!);
    result.status = 'linted';
  } catch (error) {
    if (!(error instanceof MigrateError)) throw error;
    result.error = error;
    result.status = 'failed';
  }
  return result;
}
