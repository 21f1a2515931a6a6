import type { Driver, PlannedState } from '../database/driver.js';
import { MigrateError } from '../errors.js';
import { applyStep } from './apply.js';
import type { CommandOptions } from './command-options.js';
import { clockOf } from './command-support.js';
import { historyWriter, type HistoryState } from './history.js';
import type { PreparedStep } from './prepare.js';
import type { AppliedMigration, RunResult } from './result.js';

/**
 * Runs the prepared steps (ups or downs) in order, each planned from the state the one before
 * left, appending each to `done`. The result's version follows every step; a failure that
 * leaves the database dirty records that step's version as dirty before it is thrown. Returns
 * the history as it stands after them: the first step's transaction creates the table when it
 * was missing.
 */
export async function applySteps(
  driver: Driver,
  steps: Iterable<PreparedStep>,
  from: PlannedState,
  history: HistoryState | null,
  options: CommandOptions,
  result: RunResult,
  done: AppliedMigration[],
): Promise<HistoryState | null> {
  let planned = from;
  for (const step of steps) {
    try {
      done.push(
        await applyStep(step, {
          driver,
          planned,
          statementLockTimeoutMs: options.statementLockTimeoutMs,
          statementLockRetries: options.statementLockRetries,
          events: options.events,
          clock: clockOf(options),
          history: history ? historyWriter(options, history, step, planned.version) : null,
        }),
      );
      if (history?.createWithFirst) history = { ...history, exists: true, createWithFirst: false };
    } catch (error) {
      if (error instanceof MigrateError && error.data.dirty) {
        result.version = step.recordVersion;
        result.dirty = true;
      }
      throw error;
    }
    result.version = step.recordVersion;
    planned = { version: step.recordVersion, exists: true };
  }
  return history;
}
