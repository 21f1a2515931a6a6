import { MigrateError } from '../errors.js';
import type { Migration } from '../source/index.js';
import { lintAlongside } from './lint-alongside.js';
import type { LintLevel, LintReport, ReviewedMigration } from './types.js';

export interface PendingHookOptions {
  level: LintLevel;
  /** check and plan: keep each pending migration's SQL for the reviewers of the summary */
  review: boolean;
  /** report what PostgreSQL's parser rejects as findings (the lint command) */
  syntax: boolean;
}

import type { PendingHook } from '../engine/command-options.js';

/**
 * The engine's hook for a run's settings, or null when it has nothing to do. The parser and the
 * rules load only when there is something pending to lint: a run with nothing pending, or with
 * lint off, starts no faster or slower than without lint.
 */
export function pendingHook(options: PendingHookOptions): PendingHook | null {
  if (options.level === 'off' && !options.review) return null;
  const hook: PendingHook = async (database, pending, result, direction = 'up') => {
    if (pending.length === 0) return;
    const review = options.review ? reviewOf(pending, direction) : [];
    if (options.level === 'off') {
      result.lint = { level: 'off', basis: 'database', files: 0, findings: [], suppressed: [], review, unparsed: [] };
      return;
    }
    const { lintPending } = await import('./lint-pending.js');
    result.lint = await lintPending(
      database,
      pending,
      { level: options.level, syntax: options.syntax, review, direction },
      result.warnings,
    );
    failOnErrors(result.lint);
  };
  // A lint that only warns need not hold the migrations back (lint-alongside.ts). Loaded with
  // the run, not as a chunk of its own: the catalog read it sends goes right before the first
  // migration, and importing a chunk there held both back by a few milliseconds.
  if (options.level === 'warn' && !options.review && !options.syntax) {
    hook.alongside = async (database, pending, result, start) => {
      if (pending.length === 0) return { finished: Promise.resolve() };
      return lintAlongside(database, pending, result, start);
    };
  }
  return hook;
}

function reviewOf(pending: readonly Migration[], direction: 'up' | 'down'): ReviewedMigration[] {
  return pending.flatMap((migration) => {
    const file = migration[direction];
    return file ? [{ version: migration.version, name: migration.name, file: file.displayPath, sql: file.sql }] : [];
  });
}

/** At level `error`, any finding fails the run (exit 1), before a migration runs. */
export function failOnErrors(report: LintReport): void {
  if (report.level !== 'error' || report.findings.length === 0) return;
  const count = report.findings.length;
  const first = report.findings[0]!;
  throw new MigrateError(
    'lint',
    `${count} lint ${count === 1 ? 'finding' : 'findings'} (lint is error), first ${first.rule} at ${first.file}:${first.line}:${first.column}`,
  );
}
