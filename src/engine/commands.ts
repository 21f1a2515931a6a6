import { MigrateError } from '../errors.js';
import { createStateTableSql, readState, setVersionSql, type DatabaseState } from '../database/state-table.js';
import { isServerError, simpleQuery } from '../database/query.js';
import { describeConnectError } from '../database/connect.js';
import type { Migration, MigrationSet } from '../source/index.js';
import { applyMigration, MigrationFailure } from './apply.js';
import { planUp } from './plan.js';
import type { PendingMigration, RunResult, Status } from './result.js';
import { withLockedSession, type SessionOptions } from './session.js';

export interface CommandOptions extends SessionOptions {
  set: MigrationSet;
  failOnPending: boolean;
}

/**
 * The commands. Each returns a RunResult and throws only for bugs: an expected failure is a
 * result with `error`, so that the outputs and the summary still describe what happened.
 */
export async function runUp(options: CommandOptions): Promise<RunResult> {
  const result = emptyResult('up', options);
  return capture(result, () =>
    withLockedSession(options, async ({ client, state }) => {
      const current = await readState(client, state);
      record(result, current);
      const plan = planUp(options.set, current);
      options.events.planned?.(current, plan.pending.length);
      if (plan.pending.length === 0) {
        result.status = 'up-to-date';
        return;
      }
      if (!current.exists) await client.query(createStateTableSql(state));
      try {
        for (const migration of plan.pending) {
          try {
            result.applied.push(await applyMigration(client, state, migration, options.events));
          } catch (error) {
            if (error instanceof MigrationFailure && error.dirty) {
              result.version = migration.version;
              result.dirty = true;
            }
            throw error;
          }
          result.version = migration.version;
        }
      } finally {
        result.pending = plan.pending.slice(result.applied.length).map(pendingOf);
      }
      result.status = 'applied';
    }),
  );
}

export async function runCheck(options: CommandOptions): Promise<RunResult> {
  const result = emptyResult('check', options);
  return capture(result, () =>
    withLockedSession(options, async ({ client, state }) => {
      const current = await readState(client, state);
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
    withLockedSession(options, async ({ client, state }) => {
      const current = await readState(client, state);
      record(result, current);
      if (!current.exists) await client.query(createStateTableSql(state));
      const target = version === -1 ? null : version;
      await simpleQuery(client, setVersionSql(state, target, false));
      result.version = target;
      result.dirty = false;
      result.status = 'forced';
    }),
  );
}

function emptyResult(command: RunResult['command'], options: CommandOptions): RunResult {
  return {
    command,
    status: 'failed',
    database: options.target.display,
    previousVersion: null,
    previousDirty: false,
    version: null,
    dirty: false,
    applied: [],
    pending: [],
    digest: options.set.digest,
  };
}

function record(result: RunResult, state: DatabaseState): void {
  result.previousVersion = state.version;
  result.previousDirty = state.dirty;
  result.version = state.version;
  result.dirty = state.dirty;
}

function pendingOf(migration: Migration): PendingMigration {
  return { version: migration.version, name: migration.name, file: migration.up?.displayPath ?? null };
}

const STATUS_OF_ERROR: Partial<Record<MigrateError['code'], Status>> = { dirty: 'dirty', ahead: 'ahead', pending: 'pending' };

async function capture(result: RunResult, work: () => Promise<void>): Promise<RunResult> {
  try {
    await work();
  } catch (error) {
    const expected = asExpectedError(error);
    result.error = expected;
    result.status = STATUS_OF_ERROR[expected.code] ?? 'failed';
  }
  return result;
}

/**
 * A server error outside a migration (a permission on the state table, say) and a connection
 * lost mid-run are expected failures with a clear line; anything else is a bug and propagates.
 */
function asExpectedError(error: unknown): MigrateError {
  if (error instanceof MigrateError) return error;
  if (isServerError(error)) return new MigrateError('state', error.message, { sqlState: error.code! });
  const e = error as { code?: unknown; message?: unknown };
  if (error instanceof Error && (typeof e.code === 'string' || /connection|terminated|ended/i.test(error.message))) {
    return new MigrateError('connect', `connection lost: ${describeConnectError(error)}`);
  }
  throw error;
}
