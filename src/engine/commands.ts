import { MigrateError } from '../errors.js';
import { simpleQuery } from '../database/query.js';
import { createStateTableSql, setVersionSql, type StoredState } from '../database/state-table.js';
import { applyStep, MigrationFailure, StateChanged } from './apply.js';
import { capture, emptyResult, historyEntrySql, pendingOf, readAndPlan, record, type CommandOptions } from './command-support.js';
import type { HistoryRow } from '../database/history-table.js';
import { historyStatements, loadHistory, prepareHistory, type HistoryState } from './history.js';
import { planUp } from './plan.js';
import { prepareUp, surveyUps } from './prepare.js';
import type { RunResult } from './result.js';
import { withSession, type Session } from './session.js';
import type { Version } from '../migration-version.js';

export type { CommandOptions };

// Under lock-strategy transaction another migrator can run between two migrations; each time
// that is seen, the state is read again and the rest planned again, a bounded number of times.
const MAX_REPLANS = 5;

/**
 * The commands. Each returns a RunResult and throws only for bugs: an expected failure is a
 * result with `error`, so that the outputs and the summary still describe what happened.
 */
export async function runUp(options: CommandOptions): Promise<RunResult> {
  const result = emptyResult('up', options);
  return capture(result, () =>
    withSession(options, async (session) => {
      let history: HistoryState | null = null;
      for (let round = 0; ; round++) {
        const current = await session.readState();
        if (round === 0) {
          record(result, current);
          planUp(options.set, current); // refuse a dirty or ahead database before judging history
          history = await loadHistory(session, options, current, result);
        }
        try {
          history = await applyPending(session, current, result, options, round === 0, history);
          return;
        } catch (error) {
          if (!(error instanceof StateChanged) || round >= MAX_REPLANS) throw error;
        }
      }
    }),
  );
}

async function applyPending(
  session: Session,
  current: StoredState,
  result: RunResult,
  options: CommandOptions,
  first: boolean,
  loaded: HistoryState | null,
): Promise<HistoryState | null> {
  const plan = planUp(options.set, current);
  if (first) options.events.planned?.(current, plan.pending.length);
  if (plan.pending.length === 0) {
    if (result.applied.length === 0) result.status = 'up-to-date';
    return loaded;
  }
  result.pending = plan.pending.map(pendingOf);
  const surveyed = surveyUps(plan.pending);
  if (session.strategy === 'transaction') {
    const unprotected = surveyed.find((migration) => migration.mode === 'statement-by-statement');
    if (unprotected) {
      throw new MigrateError(
        'config',
        `migration ${unprotected.version} runs statement by statement (${unprotected.because}), which lock-strategy transaction cannot protect: apply it over a direct connection with lock-strategy session`,
      );
    }
  }
  if (!current.exists && session.strategy === 'session') await session.client.query(createStateTableSql(session.state));
  let history = loaded?.writable ? loaded : await prepareHistory(session, loaded, result);
  let planned: StoredState = current;
  try {
    for (const { migration: pending } of surveyed) {
      const migration = prepareUp(pending);
      try {
        result.applied.push(
          await applyStep(migration, {
            session,
            planned,
            lockTimeoutMs: options.lockTimeoutMs,
            statementLockTimeoutMs: options.statementLockTimeoutMs,
            statementLockRetries: options.statementLockRetries,
            events: options.events,
            ...(history ? { historySql: historySqlFor(history, historyEntrySql(options, history.table, migration)) } : {}),
          }),
        );
        // created by that step's transaction
        if (history?.createWithFirst) history = { ...history, exists: true, createWithFirst: false };
      } catch (error) {
        if (error instanceof MigrationFailure && error.dirty) {
          result.version = migration.version;
          result.dirty = true;
        }
        throw error;
      }
      result.version = migration.version;
      planned = { version: migration.version, dirty: false, exists: true, pid: null };
    }
    result.status = 'applied';
  } finally {
    const applied = new Set(result.applied.map((migration) => migration.version));
    result.pending = plan.pending.filter((migration) => !applied.has(migration.version)).map(pendingOf);
    if (history) result.history = withApplied(result, options);
  }
  return history;
}

function historySqlFor(history: HistoryState, insert: (durationMs?: number) => string): (durationMs?: number) => string {
  return (durationMs) => historyStatements(history, insert(durationMs));
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
  const result = emptyResult('check', options);
  return capture(result, () =>
    withSession(options, async (session) => {
      const { current, plan } = await readAndPlan(session, options, result);
      await loadHistory(session, options, current, result);
      if (options.drift) {
        const { detectDrift } = await import('./proving.js');
        result.drift = await detectDrift(session, options, current.version, options.drift.openScratch);
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
    }),
  );
}

/**
 * golang-migrate's `force`: records `version` as clean after a person repaired the schema by
 * hand. -1 records "no version". It reads the old state only to say what changed.
 */
export async function runForce(options: CommandOptions, version: Version): Promise<RunResult> {
  const result = emptyResult('force', options);
  return capture(result, () =>
    withSession(options, async (session) => {
      const current = await session.readState();
      record(result, current);
      const target = version === -1n ? null : version;
      const prefix = session
        .transactionPrefix(null, 0)
        .map((statement) => `${statement.sql};\n`)
        .join('');
      const create = current.exists ? '' : `${createStateTableSql(session.state)};\n`;
      await simpleQuery(session.client, `BEGIN;\n${prefix}${create}${setVersionSql(session.state, target, false)};\nCOMMIT`).catch(
        async (error: unknown) => {
          await session.client.query('ROLLBACK').catch(() => {});
          throw error;
        },
      );
      result.version = target;
      result.dirty = false;
      result.status = 'forced';
    }),
  );
}
