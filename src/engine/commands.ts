import { MigrateError } from '../errors.js';
import type { Driver } from '../database/driver.js';
import { historyTable, type HistoryRow, type HistoryWrite } from '../database/history-table.js';
import type { StoredState } from '../database/state-table.js';
import type { Version } from '../migration-version.js';
import type { Migration } from '../source/index.js';
import { applySteps } from './apply-steps.js';
import type { CommandOptions } from './command-options.js';
import { beyondWarning, capture, pendingOf, readAndPlan, record, recordReread, recordUnlocked } from './command-support.js';
import { loadHistory, prepareHistory, type HistoryState } from './history.js';
import { checkTarget, planUp } from './plan.js';
import { prepareUp, surveyUps, type PreparedStep } from './prepare.js';
import { onFirstMigrationStart } from './events.js';
import { blankResult, type RunResult } from './result.js';
import { warnServerFailures } from './server-compat.js';
import { withDriver } from './with-driver.js';

// Under lock-strategy transaction another migrator can run between two migrations; each time
// that is seen, the state is read again and the rest planned again, a bounded number of times.
const MAX_REPLANS = 5;

/**
 * The commands. Each returns a RunResult and throws only for bugs: an expected failure is a
 * result with `error`, so that the outputs and the summary still describe what happened.
 */
export async function runUp(options: CommandOptions): Promise<RunResult> {
  const result = blankResult('up', options.target.display, options.set.digest);
  result.target = options.targetVersion ?? null;
  // a lint that only warns runs while the migrations do, and is awaited before the result goes out;
  // it starts once the first migration's message goes out, or once the migrations end without one
  const lint: { running: Promise<void> | null } = { running: null };
  let startLint!: () => void;
  const lintStart = new Promise<void>((resolve) => (startLint = resolve));
  const events = onFirstMigrationStart(options.events, () => startLint());
  return capture(result, async () => {
    checkTarget(options.set, result.target);
    try {
      await withDriver({ ...options, lockTimedOut: recordUnlocked(result), reread: recordReread(result) }, async (driver) => {
        let history: HistoryState | null = null;
        for (let round = 0; ; round++) {
          const current = await driver.version();
          if (round === 0) {
            record(result, current);
            // refuse a dirty or ahead database before judging history; a refusal by the history
            // still lists what is pending, as check and plan do
            const plan = planUp(options.set, current, result.target);
            result.pending = plan.pending.map(pendingOf);
            result.beyondTarget = plan.beyond.map(pendingOf);
            history = await loadHistory(driver, options, current, result);
            beyondWarning(current, result);
            warnServerFailures(result, options.set);
            const pending = plan.pending;
            lint.running = (await options.lint?.alongside?.(driver, pending, result, lintStart))?.finished ?? null;
            if (!lint.running) await options.lint?.(driver, pending, result);
          } else {
            // another migrator moved the database on: report what is true now
            result.version = current.version;
            result.dirty = current.dirty;
          }
          try {
            history = await applyPending(driver, current, result, { ...options, events }, round === 0, history);
            return;
          } catch (error) {
            if (!(error instanceof MigrateError && error.code === 'state-changed') || round >= MAX_REPLANS) throw error;
          }
        }
      });
    } finally {
      // after the session closed: the lint needs nothing more from it
      startLint();
      await lint.running;
    }
  });
}

export async function applyPending(
  driver: Driver,
  current: StoredState,
  result: RunResult,
  options: CommandOptions,
  first: boolean,
  loaded: HistoryState | null,
): Promise<HistoryState | null> {
  const plan = planUp(options.set, current, options.targetVersion ?? null);
  result.beyondTarget = plan.beyond.map(pendingOf);
  if (first) options.events.planned?.(current, plan.pending.length);
  if (plan.pending.length === 0) {
    result.status = result.applied.length === 0 ? 'up-to-date' : 'applied';
    result.pending = [];
    return loaded;
  }
  result.pending = plan.pending.map(pendingOf);
  surveyPending(plan.pending, driver);
  // A database never migrated gets golang-migrate's state table in the first migration's own
  // message (its planned state says the table does not exist): no round trip of its own.
  let history = loaded?.writable ? loaded : await prepareHistory(driver, loaded, result);
  // What stays pending is worked out when the steps end (below): no list of thousands is held
  // while they run.
  result.pending = [];
  try {
    history = await applySteps(driver, prepareInTurn(plan.pending), current, history, options, result, result.applied);
    result.status = 'applied';
  } finally {
    const applied = new Set(result.applied.map((migration) => migration.version));
    result.pending = plan.pending.filter((migration) => !applied.has(migration.version)).map(pendingOf);
    if (history) result.history = withApplied(result, options);
  }
  return history;
}

/**
 * Lexes every pending file (surveyUps) and refuses what `up` could not apply, before anything
 * runs: `up` itself, and `check`, whose "safe to migrate" must not pass a set that `up` refuses.
 */
function surveyPending(pending: readonly Migration[], driver: Driver): void {
  const unprotected = surveyUps(pending);
  if (unprotected && driver.strategy === 'transaction') {
    throw new MigrateError(
      'config',
      `migration ${unprotected.version} runs statement by statement (${unprotected.because}), which lock-strategy transaction cannot protect: apply it over a direct connection with lock-strategy session`,
    );
  }
}

/**
 * Each migration's file is read and lexed again just before it is sent (the survey checked them
 * all before the first ran), so that only the files on the wire are held at a time (the
 * pipeline's window: engine/pipeline.ts).
 */
function* prepareInTurn(pending: readonly Migration[]): Generator<PreparedStep> {
  for (const migration of pending) yield prepareUp(migration);
}

/** The history the summary shows: this run's migrations first, then what was recorded before. */
function withApplied(result: RunResult, options: CommandOptions): HistoryRow[] {
  const now = new Date();
  const mine: HistoryRow[] = [...result.applied].reverse().map((migration) => ({
    version: migration.version,
    name: migration.name,
    checksum: '',
    appliedAt: now,
    durationMs: migration.durationMs,
    appliedBy: options.appliedBy.actor,
    runUrl: options.appliedBy.runUrl,
    commit: options.appliedBy.commit,
  }));
  const applied = new Set(result.applied.map((migration) => migration.version));
  return [...mine, ...result.history.filter((row) => !applied.has(row.version))].slice(0, 10);
}

export async function runCheck(options: CommandOptions): Promise<RunResult> {
  const result = blankResult('check', options.target.display, options.set.digest);
  result.target = options.targetVersion ?? null;
  return capture(result, () => {
    checkTarget(options.set, result.target);
    return withDriver({ ...options, lockTimedOut: recordUnlocked(result) }, async (driver) => {
      const { current, plan } = await readAndPlan(driver, options, result);
      surveyPending(plan.pending, driver);
      beyondWarning(current, result);
      warnServerFailures(result, options.set);
      if (options.drift) {
        const { detectDrift } = await import('./proving.js');
        result.drift = await detectDrift(driver, options, current.version, options.drift.openScratch);
        if (result.drift.length > 0 && options.drift.fail) {
          throw new MigrateError(
            'drift',
            `the schema differs from its migrations in ${result.drift.length} ${result.drift.length === 1 ? 'way' : 'ways'}: ${result.drift.slice(0, 3).join('; ')}${result.drift.length > 3 ? '; …' : ''}`,
            {
              detail: result.drift.join('\n'),
            },
          );
        }
      }
      result.status = plan.pending.length === 0 ? 'up-to-date' : 'pending';
      if (plan.pending.length > 0 && options.failOnPending) {
        const list = plan.pending.map((migration) => migration.version).join(', ');
        throw new MigrateError(
          'pending',
          `${plan.pending.length} pending migration${plan.pending.length === 1 ? '' : 's'}: ${list} (fail-on-pending is set)`,
        );
      }
    });
  });
}

/**
 * golang-migrate's `force`: records `version` as clean after a person repaired the schema by
 * hand. -1 records "no version". It reads the old state only to say what changed.
 */
export async function runForce(options: CommandOptions, version: Version): Promise<RunResult> {
  const result = blankResult('force', options.target.display, options.set.digest);
  return capture(result, () =>
    withDriver({ ...options, lockTimedOut: recordUnlocked(result), reread: recordReread(result) }, async (driver) => {
      const current = await driver.version();
      record(result, current);
      const target = version === -1n ? null : version;
      const history = await forceHistory(driver, options, result, target);
      await driver.forceVersion(target, !current.exists, history);
      result.version = target;
      result.dirty = false;
      result.status = 'forced';
      // what the next check shows pending: the files above the version recorded
      result.pending = options.set.migrations.filter((migration) => target === null || migration.version > target).map(pendingOf);
    }),
  );
}

/**
 * force's history row (direction `force`, the version recorded, who and which run), written in
 * force's own transaction; a history that cannot be read or written is a warning, never a
 * failure: force is the way out of a broken state.
 */
async function forceHistory(
  driver: Driver,
  options: CommandOptions,
  result: RunResult,
  version: Version | null,
): Promise<HistoryWrite | null> {
  if (!options.history) return null;
  const table = historyTable(driver.stateTable, options.history.table);
  let exists: boolean;
  try {
    exists = (await driver.readHistory(table)).exists;
  } catch (error) {
    result.warnings.push(
      `history: cannot read ${table.schema}.${table.table} (${error instanceof Error ? error.message : String(error)}): forcing without recording history`,
    );
    return null;
  }
  const state = await prepareHistory(
    driver,
    { table, rows: [], exists, writable: false, createWithFirst: false, recordsPrevious: false },
    result,
    true,
    'forcing',
  );
  if (!state) return null;
  const by = options.appliedBy;
  const name = options.set.migrations.find((migration) => migration.version === version)?.name ?? '';
  return {
    table,
    create: state.createWithFirst,
    entry: {
      version: version ?? -1n,
      name,
      checksum: '',
      appliedBy: by.actor,
      runUrl: by.runUrl,
      commit: by.commit,
      durationMs: 0,
      direction: 'force',
    },
  };
}
