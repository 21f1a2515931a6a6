import { MigrateError } from '../errors.js';
import type { Driver } from '../database/driver.js';
import type { StoredState } from '../database/state-table.js';
import type { Version } from '../migration-version.js';
import type { Migration, MigrationSet } from '../source/index.js';
import { applySteps } from './apply-steps.js';
import type { CommandOptions } from './command-options.js';
import { capture, pendingOf, record, recordReread } from './command-support.js';
import { applyPending } from './commands.js';
import { loadHistory, prepareHistory } from './history.js';
import { checkTarget, planUp } from './plan.js';
import { prepareDown } from './prepare.js';
import { blankResult, type RunResult } from './result.js';
import { withDriver } from './with-driver.js';

/** What a down or a goto below the database's version reverts, newest first, each with the version it leaves. */
export interface DownPlan {
  steps: { migration: Migration; recordVersion: Version | null }[];
}

/**
 * Decides what to revert, refusing before anything runs: a dirty database, an `ahead` one, one at
 * a version without a file (planUp's refusals, golang-migrate's), more steps than there are
 * applied migrations, and a migration to revert that has no down file (golang-migrate would
 * record the version below without running anything).
 */
export function planDown(set: MigrationSet, state: StoredState, want: { steps: number } | { to: Version }, allowDown = true): DownPlan {
  planUp(set, state);
  if (state.version === null) {
    if ('steps' in want && want.steps > 0) {
      throw new MigrateError('config', `down ${want.steps}: the database has no version, with only 0 applied migrations to revert`);
    }
    return { steps: [] };
  }
  const current = state.version;
  const applied = set.migrations.filter((migration) => migration.version <= current);
  let reverting: Migration[];
  if ('steps' in want) {
    if (want.steps > applied.length) {
      throw new MigrateError(
        'config',
        `down ${want.steps}: the database is at version ${current}, with only ${applied.length} applied ${applied.length === 1 ? 'migration' : 'migrations'} to revert`,
      );
    }
    reverting = applied.slice(applied.length - want.steps);
  } else {
    reverting = applied.filter((migration) => migration.version > want.to);
  }
  const steps = reverting
    .map((migration) => {
      const index = applied.indexOf(migration);
      return { migration, recordVersion: index > 0 ? applied[index - 1]!.version : null };
    })
    .reverse();
  const missing = steps.find((step) => !step.migration.down);
  if (missing) {
    throw new MigrateError(
      'missing-down',
      `migration ${missing.migration.version} ${missing.migration.name} has no .down.sql file: nothing was reverted`,
      {
        version: missing.migration.version,
        hint: 'revert it by hand, then record the version below it with force',
      },
    );
  }
  if (!allowDown && steps.length > 0) {
    throw new MigrateError(
      'config',
      `going down to ${describeVersion(steps.at(-1)!.recordVersion)} runs the down ${steps.length === 1 ? 'file' : 'files'} of ${steps.map((step) => step.migration.version).join(', ')}, which destroy data: set allow-down: true`,
    );
  }
  return { steps };
}

/** `down N`: reverts the newest N applied migrations, newest first. */
export async function runDown(options: CommandOptions, steps: number): Promise<RunResult> {
  const result = blankResult('down', options.target.display, options.set.digest);
  return capture(result, () =>
    withDriver({ ...options, reread: recordReread(result) }, async (driver) => {
      const current = await driver.version();
      record(result, current);
      await revert(driver, current, planDown(options.set, current, { steps }, options.allowDown ?? true), result, options);
    }),
  );
}

/** `goto V`: up to V as `up` would with target-version V, or down to V; V must have a file. */
export async function runGoto(options: CommandOptions, version: Version): Promise<RunResult> {
  const result = blankResult('goto', options.target.display, options.set.digest);
  result.target = version;
  return capture(result, () => {
    checkTarget(options.set, version);
    return withDriver({ ...options, reread: recordReread(result) }, async (driver) => {
      const current = await driver.version();
      record(result, current);
      if (current.version === null || current.dirty || version >= current.version) {
        planUp(options.set, current); // dirty, ahead, missing version: refused before judging history
        const up = { ...options, targetVersion: version };
        const history = await loadHistory(driver, up, current, result);
        await options.lint?.(driver, planUp(options.set, current, version).pending, result);
        await applyPending(driver, current, result, up, true, history);
        return;
      }
      await revert(driver, current, planDown(options.set, current, { to: version }, options.allowDown ?? true), result, options);
    });
  });
}

/**
 * Runs the downs, each like an up: in one transaction with its version row (the applied version
 * below it, or no row below the first) and its history row, so that a failure rolls it back and
 * leaves the database clean at the version before it. Files that cannot run in a transaction
 * run golang-migrate's way (dirty, run, clean).
 */
async function revert(driver: Driver, current: StoredState, plan: DownPlan, result: RunResult, options: CommandOptions): Promise<void> {
  const migrations = plan.steps.map((step) => step.migration);
  // judged as up judges it (README: allow-edited applies to down and goto): an applied file that
  // changed means the database may not hold what the files say, so the downs may not undo it
  const loaded = await loadHistory(driver, options, current, result);
  options.events.planned?.(current, 0);
  await options.lint?.(driver, migrations, result, 'down');
  const prepared = plan.steps.map((step) => prepareDown(step.migration, step.recordVersion));
  if (prepared.length === 0) {
    result.status = 'up-to-date';
    result.pending = pendingAbove(options.set, current.version);
    return;
  }
  if (driver.strategy === 'transaction') {
    const unprotected = prepared.find((step) => step.mode === 'statement-by-statement');
    if (unprotected) {
      throw new MigrateError(
        'config',
        `the down of migration ${unprotected.version} runs statement by statement (${unprotected.because}), which lock-strategy transaction cannot protect: run it over a direct connection with lock-strategy session`,
      );
    }
  }
  const history = loaded?.writable ? loaded : await prepareHistory(driver, loaded, result, true);
  try {
    await applySteps(driver, prepared, current, history, options, result, result.reverted);
    result.status = 'reverted';
  } finally {
    result.pending = pendingAbove(options.set, result.version);
  }
}

function pendingAbove(set: MigrationSet, version: Version | null) {
  return set.migrations.filter((migration) => version === null || migration.version > version).map(pendingOf);
}

function describeVersion(version: Version | null): string {
  return version === null ? 'no version' : `version ${version}`;
}
