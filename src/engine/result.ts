import type { MigrateError } from '../errors.js';
import type { HistoryRow } from '../database/history-table.js';
import type { EditedMigration } from '../history/compare.js';
import type { Version } from '../migration-version.js';
import type { LintReport } from '../lint/types.js';

export type Command = 'up' | 'check' | 'plan' | 'verify' | 'force' | 'lint' | 'down' | 'goto' | 'status';

/** The contract's `status` output. */
export type Status =
  | 'applied'
  | 'up-to-date'
  | 'pending'
  | 'dirty'
  | 'ahead'
  | 'failed'
  | 'cancelled'
  | 'planned'
  | 'verified'
  | 'forced'
  | 'linted'
  | 'reverted';

export type RunMode = 'transaction' | 'statement-by-statement';

export interface AppliedMigration {
  version: Version;
  name: string;
  file: string | null;
  durationMs: number;
  mode: RunMode;
  /** how often a lock timeout or a deadlock made it run again */
  retries: number;
  /** `down`: its down file ran (down, goto); absent: its up */
  direction?: 'down';
}

/** status: one migration, what the database and the history say of it. */
export interface MigrationState {
  version: Version;
  /** empty for a version with no file */
  name: string;
  state: 'applied' | 'pending' | 'out-of-order' | 'edited' | 'forced' | 'outside' | 'missing-file' | 'dirty';
  file: string | null;
  /** from this tool's history: the latest up of an applied version, or the down that reverted a pending one */
  appliedAt: Date | null;
  appliedBy: string | null;
  runUrl: string | null;
  /** the history's latest row for it was a down (it was reverted, by this tool) */
  reverted: boolean;
}

export interface PendingMigration {
  version: Version;
  name: string;
  file: string | null;
}

/**
 * What a command did, typed: expected failures are a result with `error`, not an exception, so
 * that every reporter sees the same facts (see report/).
 */
export interface RunResult {
  command: Command;
  status: Status;
  /** host:port/database, never credentials */
  database: string;
  previousVersion: Version | null;
  /** whether the version before the run was marked dirty */
  previousDirty: boolean;
  version: Version | null;
  dirty: boolean;
  /**
   * The version was read without the migration lock, after the lock could not be had: where the
   * database stood then, not a basis for any decision.
   */
  versionUnlocked?: boolean;
  /**
   * The version was read again on a new session after the run lost its own with messages the
   * server may have run (see MigrateErrorData.outcomeUnknown): what committed, not what was seen;
   * 'failed' when it could not be read again, and `version` is only the last one seen.
   */
  versionReread?: boolean | 'failed';
  /** the step whose failure ended the run (an up, or a down of down and goto) */
  failedStep?: { version: Version; name: string; direction: 'up' | 'down' };
  applied: AppliedMigration[];
  pending: PendingMigration[];
  /** target-version, when one was given (goto's version too) */
  target: Version | null;
  /** pending migrations above target-version: they stay pending */
  beyondTarget: PendingMigration[];
  /** down and goto: what this run reverted, newest first */
  reverted: AppliedMigration[];
  /** status: every migration of the set and every applied version without a file */
  migrations?: MigrationState[];
  digest: string;
  /** what plan and verify proved */
  proof?: Proof;
  /** applied migrations whose files changed since (allowed, or the run failed on them) */
  edited: EditedMigration[];
  /** applied versions with no history row: applied by the oForum server or another tool */
  untracked: Version[];
  /** files golang-migrate would fail on and this tool runs (also in warnings) */
  serverFailures?: ServerFailure[];
  /** files below the database's version that this tool's history shows it stepped over (never applied, unless a down and up outside this tool ran them since) */
  outOfOrder: Version[];
  /** the latest history rows, newest first, this run's included */
  history: HistoryRow[];
  /** what went wrong without failing the run */
  warnings: string[];
  /** check with drift: how the database's schema differs from its migrations; null: not checked */
  drift: string[] | null;
  /** the lint of the pending migrations (of the set, for `lint` without a database); absent: not linted */
  lint?: LintReport;
  error?: MigrateError;
}

export interface Proof {
  /** plan: the pending migrations that ran in the rolled-back transaction */
  tried: AppliedMigration[];
  /** plan: the pending migrations that cannot run in a transaction, and those after them */
  notTried: (PendingMigration & { because: string })[];
  /** verify: what was run on the scratch database, e.g. `5 ups, 5 downs, 5 ups` */
  steps?: string;
  /** verify: where the scratch database was */
  scratch?: string;
}

/** A run that has done nothing yet: failed until a command says otherwise. */
export function blankResult(command: Command, database: string, digest: string): RunResult {
  return {
    command,
    status: 'failed',
    database,
    previousVersion: null,
    previousDirty: false,
    version: null,
    dirty: false,
    applied: [],
    pending: [],
    target: null,
    beyondTarget: [],
    reverted: [],
    digest,
    edited: [],
    untracked: [],
    outOfOrder: [],
    history: [],
    warnings: [],
    drift: null,
  };
}

/** A file this tool runs, and golang-migrate (the oForum server on a fresh database) fails on. */
export interface ServerFailure {
  file: string;
  line: number;
  message: string;
}
