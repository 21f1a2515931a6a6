import { MigrateError } from '../errors.js';
import type { Driver } from '../database/driver.js';
import type { HistoryRead } from '../database/history-read.js';
import { historyTable, type HistoryFact, type HistoryTable, type HistoryWrite } from '../database/history-table.js';
import { findEdited, splitUntracked, type OutOfOrderMigration } from '../history/compare.js';
import type { Version } from '../migration-version.js';
import { migrationChecksum } from '../source/checksum.js';
import type { StoredState } from '../database/state-table.js';
import type { CommandOptions } from './command-options.js';
import type { PreparedStep } from './prepare.js';
import type { RunResult } from './result.js';

/** The history of a run: where it is kept, what it says, and whether this run can write it. */
export interface HistoryState {
  table: HistoryTable;
  rows: HistoryFact[];
  exists: boolean;
  writable: boolean;
  /** the table is created by the first migration's own transaction, so a failed run leaves none */
  createWithFirst: boolean;
  /** the table has the previous_version column */
  recordsPrevious: boolean;
}

/**
 * Reads the history and judges the applied migrations against it: an applied file that changed
 * fails the run unless edits are allowed (then it is a warning). The history never fails a run
 * by itself: a table that cannot be read is a warning.
 */
export async function loadHistory(
  driver: Driver,
  options: CommandOptions,
  current: StoredState,
  result: RunResult,
): Promise<HistoryState | null> {
  if (!options.history) return null;
  const table = historyTable(driver.stateTable, options.history.table);
  let read: HistoryRead;
  try {
    read = await driver.readHistory(table);
  } catch (error) {
    result.warnings.push(`history: cannot read ${table.schema}.${table.table} (${describe(error)}): edits cannot be checked`);
    return { table, rows: [], exists: true, writable: false, createWithFirst: false, recordsPrevious: false };
  }
  result.history = read.recent;
  // a version whose latest row is a down was reverted by this tool: applied since, it was not
  const ups = read.rows.filter((row) => row.direction === undefined || row.direction === 'up');
  const { outOfOrder, unknown } = splitUntracked(options.set, ups, current.version);
  result.untracked = unknown;
  result.outOfOrder = outOfOrder.map((migration) => migration.version);
  result.edited = findEdited(options.set, ups, current.version);
  if (result.edited.length > 0) {
    const list = result.edited
      .map((edit) => `${edit.version} ${edit.name} (applied ${short(edit.applied)}, file now ${short(edit.current)})`)
      .join('; ');
    const message = `${result.edited.length === 1 ? 'migration' : 'migrations'} edited after being applied: ${list}`;
    if (!options.allowEdited) {
      throw new MigrateError('edited', message, {
        hint: 'restore the applied files, and put changes in a new migration; or set allow-edited to accept the edit',
      });
    }
    result.warnings.push(`${message} (allowed by allow-edited)`);
  }
  if (outOfOrder.length > 0) throw outOfOrderError(outOfOrder);
  return { ...read, table, writable: read.exists, createWithFirst: false };
}

/**
 * Makes sure this run can write its history before it migrates. A user who may not create the
 * table, or not insert into it, still gets the database migrated, with a warning.
 */
export async function prepareHistory(
  driver: Driver,
  history: HistoryState | null,
  result: RunResult,
  down = false,
  doing: 'migrating' | 'reverting' | 'forcing' = down ? 'reverting' : 'migrating',
): Promise<HistoryState | null> {
  if (!history) return null;
  const { table } = history;
  let reason: string;
  try {
    if (await driver.mayWriteHistory(table, history.exists, down)) return { ...history, writable: true, createWithFirst: !history.exists };
    reason = !history.exists
      ? `no CREATE privilege on schema ${table.schema}`
      : down
        ? 'no INSERT privilege, or a table without the direction column that only its owner can add'
        : 'no INSERT privilege';
  } catch (error) {
    reason = describe(error);
  }
  result.warnings.push(`history: cannot write ${table.schema}.${table.table} (${reason}): ${doing} without recording history`);
  return null;
}

/** The history row of an up, written with the step: the table too when this is the first write. */
export function historyWriter(
  options: CommandOptions,
  history: HistoryState,
  step: PreparedStep,
  previous: Version | null,
): (durationMs?: number) => HistoryWrite {
  const by = options.appliedBy;
  // the file's checksum, taken when the set was read (a file whose text changed since is refused
  // when it is read again to run); a version without a file in this direction ran empty
  const checksum = step.file?.checksum ?? migrationChecksum(step.sql);
  return (durationMs) => ({
    table: history.table,
    create: history.createWithFirst,
    entry: {
      version: step.version,
      name: step.name,
      checksum,
      appliedBy: by.actor,
      runUrl: by.runUrl,
      commit: by.commit,
      ...(history.createWithFirst || history.recordsPrevious ? { previousVersion: previous } : {}),
      ...(durationMs === undefined ? {} : { durationMs }),
      ...(step.direction === 'down' ? { direction: 'down' as const } : {}),
    },
  });
}

/**
 * The refusal of a file below the version that this tool's history shows it stepped over. The
 * history is evidence, not proof: a down and an up by golang-migrate or the oForum server since
 * leave no row here, and then the file did run; renumbering it would run it twice. So the message
 * says both, and how to tell them apart. No input accepts it: allow-edited is for edits.
 */
function outOfOrderError(outOfOrder: readonly OutOfOrderMigration[]): MigrateError {
  const [first, ...more] = outOfOrder as [OutOfOrderMigration, ...OutOfOrderMigration[]];
  const also = more.length > 0 ? ` (so ${more.length === 1 ? 'is' : 'are'} ${more.map((m) => `${m.version} ${m.name}`).join(', ')})` : '';
  const from = first.from === null ? 'no version' : `version ${first.from}`;
  return new MigrateError(
    'out-of-order',
    `migration ${first.version} ${first.name} is below the database's version ${first.below} and was not applied by this tool${also}: its history shows a step from ${from} to ${first.to} that went over it, so it did not run then; unless golang-migrate or the oForum server has since reverted below it and migrated up again (which this history cannot see), it was never applied`,
    {
      version: first.version,
      hint: `no input lets this run go on: check whether migration ${first.version}'s changes are in the database. If they are not, renumber the file above ${first.below} (golang-migrate and the oForum server never apply a file below the version either). If they are, it did run: do not renumber it (it would run twice); record that with force ${first.below} (in a workflow: command: force, force-version: ${first.below}), the version the database is at, which changes only this tool's history, then run again`,
    },
  );
}

function short(checksum: string): string {
  return checksum.slice(0, 19);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
