import { MigrateError } from '../errors.js';
import { describeConnectError } from '../database/connect.js';
import { isServerError } from '../database/query.js';
import type { StoredState } from '../database/state-table.js';
import type { MigrationFile, MigrationSet } from '../source/index.js';
import { StateChanged } from './apply.js';
import { insertHistorySql, type HistoryTable } from '../database/history-table.js';
import { migrationChecksum } from '../source/checksum.js';
import type { PreparedStep } from './prepare.js';
import { blankResult, type PendingMigration, type RunResult, type Status } from './result.js';
import type { Session, SessionOptions } from './session.js';
import { planUp, type UpPlan } from './plan.js';
import type { AppliedBy } from '../history/applied-by.js';
import type { Scratch } from './verify-command.js';
import type { Version } from '../migration-version.js';

/** What every command needs: the session's settings, the migration set and the run's knobs. */
export interface CommandOptions extends SessionOptions {
  set: MigrationSet;
  failOnPending: boolean;
  /** PostgreSQL's lock_timeout for migration statements; 0 leaves the server's */
  statementLockTimeoutMs: number;
  statementLockRetries: number;
  /** this tool's history table beside the state table; null: no history */
  history: { table: string } | null;
  /** an applied migration whose file changed is a warning instead of a failure */
  allowEdited: boolean;
  appliedBy: AppliedBy;
  /** check: compare the database's schema with the migrations replayed on a scratch database */
  drift: { fail: boolean; openScratch: () => Promise<Scratch> } | null;
}

export function emptyResult(command: RunResult['command'], options: CommandOptions): RunResult {
  return blankResult(command, options.target.display, options.set.digest);
}

export function record(result: RunResult, state: StoredState): void {
  result.previousVersion = state.version;
  result.previousDirty = state.dirty;
  result.version = state.version;
  result.dirty = state.dirty;
}

export function pendingOf(migration: {
  version: Version;
  name: string;
  up?: MigrationFile | undefined;
  file?: MigrationFile | undefined;
}): PendingMigration {
  return { version: migration.version, name: migration.name, file: (migration.file ?? migration.up)?.displayPath ?? null };
}

const STATUS_OF_ERROR: Partial<Record<MigrateError['code'], Status>> = { dirty: 'dirty', ahead: 'ahead', pending: 'pending' };

/** The history row of an up, for ApplyOptions.historySql. */
export function historyEntrySql(options: CommandOptions, table: HistoryTable, step: PreparedStep): (durationMs?: number) => string {
  const by = options.appliedBy;
  return (durationMs) =>
    insertHistorySql(table, {
      version: step.version,
      name: step.name,
      checksum: migrationChecksum(step.sql),
      appliedBy: by.actor,
      runUrl: by.runUrl,
      commit: by.commit,
      ...(durationMs === undefined ? {} : { durationMs }),
    });
}

export async function capture(result: RunResult, work: () => Promise<void>): Promise<RunResult> {
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
  if (error instanceof StateChanged)
    return new MigrateError('state', 'the database kept changing while this run planned: another migrator is running; run again');
  const cause = (error as { cause?: unknown } | undefined)?.cause ?? error;
  if (isServerError(cause)) return new MigrateError('state', cause.message, { sqlState: cause.code! });
  const e = cause as { code?: unknown };
  if (cause instanceof Error && (typeof e.code === 'string' || /connection|terminated|ended/i.test(cause.message))) {
    return new MigrateError('connection-lost', `connection lost: ${describeConnectError(cause)}`);
  }
  throw error;
}

/**
 * What check and plan start with: the state read under the lock, recorded in the result, and
 * the plan made from it (which refuses a dirty or ahead database), its pending migrations listed.
 */
export async function readAndPlan(
  session: Session,
  options: CommandOptions,
  result: RunResult,
): Promise<{ current: StoredState; plan: UpPlan }> {
  const current = await session.readState();
  record(result, current);
  const plan = planUp(options.set, current);
  options.events.planned?.(current, plan.pending.length);
  result.pending = plan.pending.map(pendingOf);
  return { current, plan };
}
