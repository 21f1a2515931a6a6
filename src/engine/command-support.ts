import { MigrateError } from '../errors.js';
import type { Driver } from '../database/driver.js';
import type { StoredState } from '../database/state-table.js';
import type { Version } from '../migration-version.js';
import type { MigrationFile } from '../source/index.js';
import { SYSTEM_CLOCK, type Clock } from './clock.js';
import type { CommandOptions } from './command-options.js';
import type { PendingMigration, RunResult, Status } from './result.js';
import { planUp, type UpPlan } from './plan.js';
import { loadHistory, type HistoryState } from './history.js';

export function record(result: RunResult, state: StoredState): void {
  result.previousVersion = state.version;
  result.previousDirty = state.dirty;
  result.version = state.version;
  result.dirty = state.dirty;
}

/**
 * For withDriver's `lockTimedOut`: the state read without the lock, recorded when the run had
 * not read it under the lock (it timed out before), so that `version` is where the database is.
 */
export function recordUnlocked(result: RunResult): (state: StoredState) => void {
  return (state) => {
    const unread = result.previousVersion === null && result.version === null && !result.previousDirty && result.applied.length === 0;
    if (!unread) return;
    record(result, state);
    result.versionUnlocked = true;
  };
}

/**
 * For withDriver's `reread`: the state read on a new session after the run lost its own with
 * messages in flight. A version row commits with its migration, so every migration the run
 * planned up to that version did commit: they move from pending to applied (their times unknown).
 */
export function recordReread(result: RunResult): (state: StoredState | null) => void {
  return (state) => {
    result.versionReread = state === null ? 'failed' : true;
    if (state === null) return;
    result.version = state.version;
    result.dirty = state.dirty;
    if (state.version === null) return;
    const reached = BigInt(state.version);
    const committed = result.pending.filter((migration) => BigInt(migration.version) <= reached);
    if (committed.length === 0 || result.command !== 'up') return;
    result.pending = result.pending.filter((migration) => BigInt(migration.version) > reached);
    for (const migration of committed) {
      result.applied.push({
        version: migration.version,
        name: migration.name,
        file: migration.file,
        durationMs: Number.NaN,
        mode: 'transaction',
        retries: 0,
      });
    }
  };
}

export function pendingOf(migration: {
  version: Version;
  name: string;
  up?: MigrationFile | undefined;
  file?: MigrationFile | undefined;
}): PendingMigration {
  return { version: migration.version, name: migration.name, file: (migration.file ?? migration.up)?.displayPath ?? null };
}

/** The run's clock; with a cancellation, its waits (retry backoff) end early when the run is cancelled. */
export function clockOf(options: CommandOptions): Clock {
  const clock = options.clock ?? SYSTEM_CLOCK;
  const signal = options.signal;
  if (!signal) return clock;
  return {
    now: () => clock.now(),
    random: () => clock.random(),
    sleep: (ms) =>
      signal.aborted
        ? Promise.resolve()
        : new Promise((resolve) => {
            const done = (): void => {
              signal.removeEventListener('abort', done);
              resolve();
            };
            signal.addEventListener('abort', done, { once: true });
            void clock.sleep(ms).then(done);
          }),
  };
}

const STATUS_OF_ERROR: Partial<Record<MigrateError['code'], Status>> = {
  dirty: 'dirty',
  ahead: 'ahead',
  pending: 'pending',
  cancelled: 'cancelled',
};

/**
 * Runs a command's work and turns its expected failure into the result's `error`, so that the
 * outputs and the summary still describe what happened. Every expected failure is a MigrateError
 * by then (the driver types its own); anything else is a bug and propagates.
 */
export async function capture(result: RunResult, work: () => Promise<void>): Promise<RunResult> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof MigrateError)) throw error;
    const expected =
      error.code === 'state-changed'
        ? new MigrateError('state', 'the database kept changing while this run planned: another migrator is running; run again')
        : error;
    result.error = expected;
    result.status = STATUS_OF_ERROR[expected.code] ?? 'failed';
  }
  return result;
}

/**
 * What check and plan start with, in up's order: the state read under the lock, recorded in the
 * result, the plan made from it (which refuses a dirty or ahead database), its pending migrations
 * listed, then the history judged as up judges it (an edited file without allow-edited, a file
 * below the version that the history shows was skipped: refused, with the `edited` and
 * `out-of-order` outputs filled), then the lint.
 */
export async function readAndPlan(
  driver: Driver,
  options: CommandOptions,
  result: RunResult,
): Promise<{ current: StoredState; plan: UpPlan; history: HistoryState | null }> {
  const current = await driver.version();
  record(result, current);
  const plan = planUp(options.set, current, result.target);
  result.beyondTarget = plan.beyond.map(pendingOf);
  options.events.planned?.(current, plan.pending.length);
  result.pending = plan.pending.map(pendingOf);
  const history = await loadHistory(driver, options, current, result);
  await options.lint?.(driver, plan.pending, result);
  return { current, plan, history };
}

/** up never reverts: a database already past the target is left as it is, and said so. */
export function beyondWarning(current: StoredState, result: RunResult): void {
  if (result.target !== null && current.version !== null && current.version > result.target) {
    result.warnings.push(
      `the database is at version ${current.version}, past target-version ${result.target}: nothing is reverted (goto ${result.target} would)`,
    );
  }
}
