import type pg from 'pg';
import { quoteIdentifier, quoteLiteral } from './identifiers.js';
import { crc32 } from './lock-id.js';
import { queryRows } from './query.js';
import type { StateTable } from './state-table.js';
import type { Version } from '../migration-version.js';

/**
 * This tool's own record of what it applied, beside golang-migrate's state table and in its
 * schema. golang-migrate and the oForum server never read it; a version they applied simply has
 * no row here.
 */
export interface HistoryTable {
  schema: string;
  table: string;
  qualified: string;
}

/** What judging a migration set against its history needs of a version's latest row. */
export interface HistoryFact {
  version: Version;
  checksum: string;
  /** `down`: a down reverted the version (down, goto); `force`: force recorded it; absent: an up */
  direction?: 'up' | 'down' | 'force';
  /**
   * the version the database was at when this tool applied the row's migration; undefined: not
   * recorded (a history table of an older release). It is what proves a file numbered between the
   * two was never applied.
   */
  previousVersion?: Version | null;
}

/** A version's latest row, as status and the summary show it. */
export interface HistoryRow extends HistoryFact {
  name: string;
  appliedAt: Date;
  durationMs: number | null;
  appliedBy: string;
  runUrl: string | null;
  commit: string | null;
}

export function historyTable(state: StateTable, table: string): HistoryTable {
  return { schema: state.schema, table, qualified: `${quoteIdentifier(state.schema)}.${quoteIdentifier(table)}` };
}

export function createHistoryTableSql(history: HistoryTable): string {
  return `CREATE TABLE IF NOT EXISTS ${history.qualified} (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version bigint NOT NULL,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  duration_ms double precision,
  applied_by text NOT NULL,
  run_url text,
  commit_sha text,
  direction text NOT NULL DEFAULT 'up',
  previous_version bigint
)`;
}

export interface HistoryEntry {
  version: Version;
  name: string;
  checksum: string;
  appliedBy: string;
  runUrl: string | null;
  commit: string | null;
  /** known only for a migration timed by the client; otherwise the transaction's own time */
  durationMs?: number;
  /** the row of a down (down, goto) or of force; absent: an up */
  direction?: 'down' | 'force';
  /** written only where the table has the column */
  previousVersion?: Version | null;
}

/** A history row to write with a migration; `create`: the table is made by the same transaction. */
export interface HistoryWrite {
  table: HistoryTable;
  create: boolean;
  entry: HistoryEntry;
}

/**
 * The statements that record a step: the table first when this is the run's first write. Two
 * first runs at once (two state tables sharing a history-table, or two migrators under lock-strategy
 * transaction) would both create it, and CREATE TABLE IF NOT EXISTS is not safe against that
 * (`duplicate key value violates unique constraint "pg_type_typname_nsp_index"`): a transaction
 * lock keyed to the table makes the second wait until the first commits, and then find it.
 */
export function historyWriteSql(write: HistoryWrite): string {
  const insert = insertHistorySql(write.table, write.entry);
  return write.create ? `${createHistoryLockSql(write.table)};\n${createHistoryTableSql(write.table)};\n${insert}` : insert;
}

/** How many statements historyWriteSql writes: the insert, after the lock and the table when it creates one. */
export function historyWriteStatements(write: HistoryWrite): number {
  return write.create ? 3 : 1;
}

/** Keys of the two-integer advisory lock space, which golang-migrate's bigint lock never meets. */
const HISTORY_LOCK_CLASS = 0x6f6d6869; // 'omhi'

export function createHistoryLockSql(history: HistoryTable): string {
  const key = crc32(Buffer.from(`${history.schema}\0${history.table}`, 'utf8')) | 0;
  return `SELECT pg_advisory_xact_lock(${HISTORY_LOCK_CLASS}, ${key})`;
}

/**
 * Whether this user may write the history, asked without side effects (a run that fails must
 * leave no history table behind): INSERT on the table, or CREATE in its schema.
 */
export async function mayWriteHistory(client: pg.Client, history: HistoryTable, exists: boolean, down = false): Promise<boolean> {
  const table = `to_regclass(${quoteLiteral(history.qualified)})`;
  // a down's row needs the direction column: a table made before it came is given it by its owner
  const direction = down
    ? ` AND (EXISTS (SELECT FROM pg_attribute WHERE attrelid = ${table} AND attname = 'direction' AND NOT attisdropped)
             OR pg_has_role((SELECT relowner FROM pg_class WHERE oid = ${table}), 'USAGE'))`
    : '';
  const [row] = await queryRows<{ allowed: boolean | null }>(
    client,
    exists
      ? `SELECT has_table_privilege(${table}, 'INSERT')${direction} AS allowed`
      : `SELECT has_schema_privilege(${quoteLiteral(history.schema)}, 'CREATE') AS allowed`,
  );
  return row?.allowed === true;
}

/**
 * The row, written in the migration's own transaction: now() is the transaction's start, so
 * clock_timestamp() − now() is how long the migration took on the server.
 */
export function insertHistorySql(history: HistoryTable, entry: HistoryEntry): string {
  const duration =
    entry.durationMs === undefined ? `extract(epoch FROM clock_timestamp() - now()) * 1000` : `${Number(entry.durationMs.toFixed(3))}`;
  const text = (value: string | null) => (value === null ? 'NULL' : quoteLiteral(value));
  const columns = ['version', 'name', 'checksum', 'duration_ms', 'applied_by', 'run_url', 'commit_sha'];
  const values = [
    String(entry.version),
    text(entry.name),
    text(entry.checksum),
    duration,
    text(entry.appliedBy),
    text(entry.runUrl),
    text(entry.commit),
  ];
  if (entry.previousVersion !== undefined) {
    columns.push('previous_version');
    values.push(entry.previousVersion === null ? 'NULL' : String(entry.previousVersion));
  }
  const insert = () => `INSERT INTO ${history.qualified} (${columns.join(', ')}) VALUES (${values.join(', ')})`;
  if (entry.direction === undefined) return insert();
  columns.push('direction');
  values.push(quoteLiteral(entry.direction));
  // A table made before downs existed gets its direction column (every row before is an up).
  const addDirection = `DO $oforum_history$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_attribute WHERE attrelid = ${quoteLiteral(history.qualified)}::regclass AND attname = 'direction' AND NOT attisdropped) THEN
    ALTER TABLE ${history.qualified} ADD COLUMN direction text NOT NULL DEFAULT 'up';
  END IF;
END $oforum_history$`;
  return `${addDirection};\n${insert()}`;
}
