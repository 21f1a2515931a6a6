import type { Driver, PlannedState } from '../database/driver.js';
import { MigrateError } from '../errors.js';
import { applyStep } from './apply.js';
import type { CommandOptions } from './command-options.js';
import { clockOf } from './command-support.js';
import { historyWriter, type HistoryState } from './history.js';
import { Pipeline } from './pipeline.js';
import type { PreparedStep } from './prepare.js';
import type { AppliedMigration, RunResult } from './result.js';

/**
 * Runs the prepared steps (ups or downs) in order, each planned from the state the one before
 * left, appending each to `done`. The result's version follows every step; a failure that
 * leaves the database dirty records that step's version as dirty before it is thrown. Returns
 * the history as it stands after them: the first step's transaction creates the table when it
 * was missing.
 *
 * Transactional steps are pipelined (engine/pipeline.ts) under the session lock; files that run
 * statement by statement wait until everything before them is answered. Under lock-strategy
 * transaction each message goes alone: a transaction-pooling proxy may give each transaction
 * another server session, and only one message at a time keeps their order certain.
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
  const clock = clockOf(options);
  const failed = (step: PreparedStep): void => {
    result.failedStep = { version: step.version, name: step.name, direction: step.direction };
  };
  const pipeline = new Pipeline({
    driver,
    events: options.events,
    clock,
    statementLockTimeoutMs: options.statementLockTimeoutMs,
    statementLockRetries: options.statementLockRetries,
    committed: (applied, step) => {
      done.push(applied);
      result.version = step.recordVersion;
    },
    failed,
  });
  let planned = from;
  try {
    for (const step of steps) {
      // the history as this step's message must write it: a table created by a message before it
      // counts, even one still on the wire (when that one fails, this one fails with it)
      const writer = history ? historyWriter(options, history, step, planned.version) : null;
      if (history?.createWithFirst) history = { ...history, exists: true, createWithFirst: false };
      if (driver.strategy === 'session' && step.mode === 'transaction') {
        await pipeline.send(step, planned, writer?.() ?? null);
      } else {
        await pipeline.drain();
        try {
          done.push(
            await applyStep(step, {
              driver,
              planned,
              statementLockTimeoutMs: options.statementLockTimeoutMs,
              statementLockRetries: options.statementLockRetries,
              events: options.events,
              clock,
              history: writer,
            }),
          );
        } catch (error) {
          failed(step);
          if (error instanceof MigrateError && error.data.dirty) {
            result.version = step.recordVersion;
            result.dirty = true;
          }
          throw error;
        }
        result.version = step.recordVersion;
      }
      planned = { version: step.recordVersion, exists: true };
    }
  } catch (error) {
    // A step that could not even be prepared (its file changed during the run) stops the run
    // where it stands: what is already on the wire is answered first, so that the result says
    // what committed. A failure among those came first, and is the one reported.
    await pipeline.drain();
    throw error;
  }
  await pipeline.drain();
  return history;
}
