import type { Driver, DriverOpener, DriverOptions } from '../database/driver.js';
import type { DatabaseTarget } from '../database/url.js';
import type { AppliedBy } from '../history/applied-by.js';
import type { MigrationSet } from '../source/index.js';
import type { Clock } from './clock.js';
import type { EngineEvents } from './events.js';
import type { Migration } from '../source/index.js';
import type { RunResult } from './result.js';
import type { Version } from '../migration-version.js';

/** What the engine calls once it knows the pending migrations, before anything runs (lint). */
export type PendingHook = ((
  database: Pick<Driver, 'readDatabaseFacts'>,
  pending: readonly Migration[],
  result: RunResult,
  /** which files of them run: the ups, or (down and goto) the downs, newest first */
  direction?: 'up' | 'down',
) => Promise<void>) & {
  /**
   * For a lint that cannot fail the run (level warn), `up` may call this instead: it reads from
   * the database what the lint needs before the first migration runs, and resolves once it has,
   * with the lint itself still running, to be awaited before the result is reported. Null: the
   * lint must run before the migrations (the hook itself).
   */
  alongside?: (
    database: Pick<Driver, 'readDatabaseFacts'>,
    pending: readonly Migration[],
    result: RunResult,
    /**
     * settles when the first migration's message goes out (or the migrations end without one):
     * the lint's own work waits for it, so that it never holds up the first migration
     */
    start: Promise<void>,
  ) => Promise<{ finished: Promise<void> } | null>;
};

/** What every command needs: the driver and its settings, the migration set and the run's knobs. */
export interface CommandOptions extends DriverOptions {
  /** PostgreSQL's driver in a run; an in-memory one in the engine's unit tests */
  openDriver: DriverOpener;
  /** the system's clock unless a test brings its own */
  clock?: Clock;
  events: EngineEvents;
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
  /** up, check, plan: go no further than this version (it has a file); null: the newest */
  targetVersion?: Version | null;
  /** down and goto may run down files (allow-down in the action); absent: they may */
  allowDown?: boolean;
  /** called with the pending migrations before any runs: lint them (it may fail the run); null: no lint */
  lint?: PendingHook | null;
}

/** Where verify and drift replay migrations: a database of their own, dropped afterwards. */
export interface Scratch {
  target: DatabaseTarget;
  /** for the log and the summary, e.g. `the server of database-url` or `embedded PostgreSQL` */
  description: string;
  dispose(): Promise<void>;
}
