import type pg from 'pg';
import { quoteIdentifier, quoteLiteral } from './identifiers.js';
import { isServerError, queryRows } from './query.js';
import { UNDEFINED_TABLE } from './sqlstate.js';
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

export interface HistoryRow {
  version: Version;
  name: string;
  checksum: string;
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
  commit_sha text
)`;
}

/**
 * Reads the latest row of each version. A missing table is an empty history; a table that
 * cannot be read is reported by the caller as a warning, never a failure.
 */
export async function readHistory(client: pg.Client, history: HistoryTable): Promise<{ rows: HistoryRow[]; exists: boolean }> {
  try {
    const rows = await queryRows<{
      version: string;
      name: string;
      checksum: string;
      applied_at: Date;
      duration_ms: number | null;
      applied_by: string;
      run_url: string | null;
      commit_sha: string | null;
    }>(
      client,
      `SELECT DISTINCT ON (version) version, name, checksum, applied_at, duration_ms, applied_by, run_url, commit_sha
         FROM ${history.qualified} ORDER BY version, id DESC`,
    );
    return {
      exists: true,
      rows: rows.map((row) => ({
        version: BigInt(row.version),
        name: row.name,
        checksum: row.checksum,
        appliedAt: row.applied_at,
        durationMs: row.duration_ms,
        appliedBy: row.applied_by,
        runUrl: row.run_url,
        commit: row.commit_sha,
      })),
    };
  } catch (error) {
    if (isServerError(error) && error.code === UNDEFINED_TABLE) return { rows: [], exists: false };
    throw error;
  }
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
}

/** A history row to write with a migration; `create`: the table is made by the same transaction. */
export interface HistoryWrite {
  table: HistoryTable;
  create: boolean;
  entry: HistoryEntry;
}

/** The statements that record a step: the table first when this is the run's first write. */
export function historyWriteSql(write: HistoryWrite): string {
  const insert = insertHistorySql(write.table, write.entry);
  return write.create ? `${createHistoryTableSql(write.table)};\n${insert}` : insert;
}

/**
 * Whether this user may write the history, asked without side effects (a run that fails must
 * leave no history table behind): INSERT on the table, or CREATE in its schema.
 */
export async function mayWriteHistory(client: pg.Client, history: HistoryTable, exists: boolean): Promise<boolean> {
  const [row] = await queryRows<{ allowed: boolean | null }>(
    client,
    exists
      ? `SELECT has_table_privilege(to_regclass(${quoteLiteral(history.qualified)}), 'INSERT') AS allowed`
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
  return `INSERT INTO ${history.qualified} (version, name, checksum, duration_ms, applied_by, run_url, commit_sha) VALUES (${entry.version}, ${text(entry.name)}, ${text(entry.checksum)}, ${duration}, ${text(entry.appliedBy)}, ${text(entry.runUrl)}, ${text(entry.commit)})`;
}
