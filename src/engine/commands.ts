import { MigrateError } from '../errors.js';
import { simpleQuery } from '../database/query.js';
import { createStateTableSql, setVersionSql, type StoredState } from '../database/state-table.js';
import { applyStep, MigrationFailure, StateChanged } from './apply.js';
import { capture, emptyResult, pendingOf, record, type CommandOptions } from './command-support.js';
import { planUp } from './plan.js';
import { prepareUps } from './prepare.js';
import type { RunResult } from './result.js';
import { withSession, type Session } from './session.js';

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
      for (let round = 0; ; round++) {
        const current = await session.readState();
        if (round === 0) record(result, current);
        try {
          await applyPending(session, current, result, options, round === 0);
          return;
        } catch (error) {
          if (!(error instanceof StateChanged) || round >= MAX_REPLANS) throw error;
        }
      }
    }),
  );
}

async function applyPending(session: Session, current: StoredState, result: RunResult, options: CommandOptions, first: boolean): Promise<void> {
  const plan = planUp(options.set, current);
  if (first) options.events.planned?.(current, plan.pending.length);
  if (plan.pending.length === 0) {
    if (result.applied.length === 0) result.status = 'up-to-date';
    return;
  }
  result.pending = plan.pending.map(pendingOf);
  const prepared = prepareUps(plan.pending);
  if (session.strategy === 'transaction') {
    const unprotected = prepared.find((migration) => migration.mode === 'statement-by-statement');
    if (unprotected) {
      throw new MigrateError(
        'config',
        `migration ${unprotected.version} runs statement by statement (${unprotected.because}), which lock-strategy transaction cannot protect: apply it over a direct connection with lock-strategy session`,
      );
    }
  }
  if (!current.exists && session.strategy === 'session') await session.client.query(createStateTableSql(session.state));
  let planned: StoredState = current;
  try {
    for (const migration of prepared) {
      try {
        result.applied.push(
          await applyStep(migration, {
            session,
            planned,
            lockTimeoutMs: options.lockTimeoutMs,
            statementLockTimeoutMs: options.statementLockTimeoutMs,
            statementLockRetries: options.statementLockRetries,
            events: options.events,
          }),
        );
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
  }
}

export async function runCheck(options: CommandOptions): Promise<RunResult> {
  const result = emptyResult('check', options);
  return capture(result, () =>
    withSession(options, async (session) => {
      const current = await session.readState();
      record(result, current);
      const plan = planUp(options.set, current);
      options.events.planned?.(current, plan.pending.length);
      result.pending = plan.pending.map(pendingOf);
      result.status = plan.pending.length === 0 ? 'up-to-date' : 'pending';
      if (plan.pending.length > 0 && options.failOnPending) {
        const list = plan.pending.map((migration) => migration.version).join(', ');
        throw new MigrateError('pending', `${plan.pending.length} pending migration${plan.pending.length === 1 ? '' : 's'}: ${list} (fail-on-pending is set)`);
      }
    }),
  );
}

/**
 * golang-migrate's `force`: records `version` as clean after a person repaired the schema by
 * hand. -1 records "no version". It reads the old state only to say what changed.
 */
export async function runForce(options: CommandOptions, version: number): Promise<RunResult> {
  const result = emptyResult('force', options);
  return capture(result, () =>
    withSession(options, async (session) => {
      const current = await session.readState();
      record(result, current);
      const target = version === -1 ? null : version;
      const prefix = session.transactionPrefix(null, 0).map((statement) => `${statement.sql};\n`).join('');
      const create = current.exists ? '' : `${createStateTableSql(session.state)};\n`;
      await simpleQuery(session.client, `BEGIN;\n${prefix}${create}${setVersionSql(session.state, target, false)};\nCOMMIT`).catch(async (error: unknown) => {
        await session.client.query('ROLLBACK').catch(() => {});
        throw error;
      });
      result.version = target;
      result.dirty = false;
      result.status = 'forced';
    }),
  );
}

