import type { MigrateError } from '../errors.js';
import type { RunResult } from '../engine/index.js';
import { formatVersion, plural } from './context.js';

/**
 * The run in one word, for the headline's icon and the `result` output: `warning` when it
 * succeeded but found something a person should look at (drift, an accepted edit, history that
 * could not be written).
 */
export type Outcome = 'success' | 'warning' | 'failure';

export function outcomeOf(result: RunResult): Outcome {
  if (result.error) return 'failure';
  return findingsCount(result) > 0 ? 'warning' : 'success';
}

/** Drift found by a check that does not fail on it (with fail-on-drift it is the failure). */
export function reportedDrift(result: RunResult): string[] {
  return result.error?.code === 'drift' ? [] : (result.drift ?? []);
}

export function findingsCount(result: RunResult): number {
  return reportedDrift(result).length + result.warnings.length + lintWarnings(result);
}

/** Lint findings that warn (at level error they are the failure). */
function lintWarnings(result: RunResult): number {
  return result.lint?.level === 'warn' ? result.lint.findings.length : 0;
}

const ICONS: Record<Outcome, string> = { success: '✅', warning: '⚠️', failure: '❌' };

/** The summary's headline: the icon, what happened, and what was found. */
export function headline(result: RunResult): string {
  const outcome = outcomeOf(result);
  if (result.error) return `${ICONS.failure} ${failureHeadline(result.error, result)}`;
  const findings: string[] = [];
  const drift = reportedDrift(result).length;
  if (drift > 0) findings.push(`schema drift (${plural(drift, 'difference', 'differences')})`);
  if (result.warnings.length > 0) findings.push(plural(result.warnings.length, 'warning', 'warnings'));
  const lint = lintWarnings(result);
  if (lint > 0) findings.push(plural(lint, 'lint finding', 'lint findings'));
  return `${ICONS[outcome]} ${successHeadline(result)}${findings.length > 0 ? `, with ${findings.join(' and ')}` : ''}`;
}

function successHeadline(result: RunResult): string {
  switch (result.status) {
    case 'applied':
      return `Migrations applied: ${result.applied.length}, now at version ${formatVersion(result.version)}`;
    case 'up-to-date':
      return 'Already up to date';
    case 'pending':
      return `Safe to migrate: ${plural(result.pending.length, 'migration', 'migrations')} pending`;
    case 'planned': {
      const tried = result.proof?.tried.length ?? 0;
      const notTried = result.proof?.notTried.length ?? 0;
      return `Plan: ${plural(tried, 'migration applies', 'migrations apply')} to this database (rolled back)${notTried > 0 ? `, ${notTried} not tried` : ''}`;
    }
    case 'verified':
      return 'Migration set verified';
    case 'linted':
      return `Lint: ${plural(result.lint?.files ?? 0, 'file', 'files')} linted`;
    case 'forced':
      return `Version forced to ${formatVersion(result.version)}`;
    case 'reverted':
      return `Migrations reverted: ${result.reverted.length}, now at version ${formatVersion(result.version)}`;
    default:
      return result.status;
  }
}

/** What failed, named by the error's code: connect, lock, configuration, verify, migration, … */
/** The migration whose up or down failed, when the run knows it. */
export function failedMigration(
  error: MigrateError,
  result: RunResult,
): { version: RunResult['version']; name: string; direction: 'up' | 'down' } | undefined {
  if (result.failedStep && result.failedStep.version === error.data.version) return result.failedStep;
  const pending = result.pending.find((migration) => migration.version === error.data.version);
  return pending && { version: pending.version, name: pending.name, direction: 'up' };
}

export function failureHeadline(error: MigrateError, result: RunResult): string {
  switch (error.code) {
    case 'config':
      return 'Configuration error';
    case 'source':
      return 'The migrations cannot be read';
    case 'connect':
      return 'Could not connect to the database';
    case 'connection-lost':
      return 'The connection to the database was lost';
    case 'lock-timeout':
      return 'Could not get the migration lock';
    case 'lock-lost':
      return 'The migration lock was lost';
    case 'dirty':
      return `Database is dirty at version ${formatVersion(result.version)}`;
    case 'ahead':
      return 'Database is ahead of the migrations';
    case 'missing-version':
      return 'The database is at a version that has no migration';
    case 'state':
      return 'The state table cannot be used';
    case 'sql': {
      const failed = failedMigration(error, result);
      return failed
        ? `${failed.direction === 'down' ? 'Down of migration' : 'Migration'} ${String(failed.version)} ${failed.name} failed`
        : 'Migration failed';
    }
    case 'verify':
      return 'Verify failed';
    case 'pending':
      return `${plural(result.pending.length, 'migration', 'migrations')} pending (fail-on-pending)`;
    case 'edited':
      return 'An applied migration was edited';
    case 'out-of-order':
      return `A migration below the database's version was never applied`;
    case 'drift':
      return `Schema drift: ${plural(result.drift?.length ?? 0, 'difference', 'differences')} (fail-on-drift)`;
    case 'lint':
      return `Lint: ${plural(result.lint?.findings.length ?? 0, 'finding', 'findings')} (lint is error)`;
    case 'cancelled':
      return result.dirty ? `Cancelled, database dirty at version ${formatVersion(result.version)}` : 'Cancelled';
    case 'missing-down':
      return 'A migration to revert has no down file';
    default:
      return 'Failed';
  }
}
