import type pg from 'pg';
import { compareVersions } from '../migration-version.js';
import type { HistoryFact, HistoryRow, HistoryTable } from './history-table.js';
import { isServerError, queryRows } from './query.js';
import { UNDEFINED_COLUMN, UNDEFINED_TABLE } from './sqlstate.js';

/** How many of the latest rows a run shows (the summary's history table). */
export const RECENT_HISTORY_ROWS = 10;

/** What a run reads of the history: every version's latest row, in short, and the newest in full. */
export interface HistoryRead {
  exists: boolean;
  /** whether the table has the previous_version column (one created by an older release has not) */
  recordsPrevious: boolean;
  /** the latest row of each version, in version order */
  rows: HistoryFact[];
  /** the newest of those rows (applied_at, then version), at most RECENT_HISTORY_ROWS, in full */
  recent: HistoryRow[];
}

/** status's read: every version's latest row in full. */
export interface FullHistoryRead extends HistoryRead {
  rows: HistoryRow[];
}

/**
 * The short read, one statement and one row: each version's latest row as a JSON array of
 * version, checksum, direction and previous version (the checksums of a thousand migrations are
 * then one value the client parses in a millisecond, not a thousand rows), and the newest rows
 * in full. It names the columns of this release's table; a table of an older release lacks some
 * and fails with undefined_column, which readHistory answers with the full read (to_jsonb).
 */
export function readHistorySummarySql(history: HistoryTable): string {
  const latest = `SELECT DISTINCT ON (version) * FROM ${history.qualified} ORDER BY version, id DESC`;
  return `WITH latest AS MATERIALIZED (${latest})
SELECT (SELECT json_agg(json_build_array(version::text, checksum, direction, previous_version::text) ORDER BY version) FROM latest) AS facts,
       (SELECT json_agg(json_build_array(version::text, name, checksum, applied_at, duration_ms, applied_by, run_url, commit_sha, direction, previous_version::text))
          FROM (SELECT * FROM latest ORDER BY applied_at DESC, version DESC LIMIT ${RECENT_HISTORY_ROWS}) AS newest) AS recent`;
}

export interface HistorySummaryRecord {
  facts: unknown;
  recent: unknown;
}

/**
 * The row readHistorySummarySql returned, read. Its values come from a table anyone with INSERT
 * may write: a value of an unexpected type is read as absent, never trusted as it is.
 */
export function historySummaryOf(record: HistorySummaryRecord | undefined): HistoryRead {
  const facts: HistoryFact[] = [];
  for (const item of arrayOf(record?.facts)) {
    const [version, checksum, direction, previous] = arrayOf(item);
    const parsed = versionOf(version);
    if (parsed === null) continue;
    facts.push({ version: parsed, checksum: textOf(checksum), ...directionOf(direction), previousVersion: versionOf(previous) });
  }
  const recent: HistoryRow[] = [];
  for (const item of arrayOf(record?.recent)) {
    const [version, name, checksum, appliedAt, durationMs, appliedBy, runUrl, commit, direction, previous] = arrayOf(item);
    const parsed = versionOf(version);
    if (parsed === null) continue;
    recent.push({
      version: parsed,
      name: textOf(name),
      checksum: textOf(checksum),
      appliedAt: new Date(textOf(appliedAt)),
      durationMs: typeof durationMs === 'number' ? durationMs : null,
      appliedBy: textOf(appliedBy),
      runUrl: typeof runUrl === 'string' ? runUrl : null,
      commit: typeof commit === 'string' ? commit : null,
      ...directionOf(direction),
      previousVersion: versionOf(previous),
    });
  }
  return { exists: true, recordsPrevious: true, rows: facts, recent };
}

/**
 * Reads the history in short. A missing table is an empty history; a table that cannot be read
 * is reported by the caller as a warning, never a failure.
 */
export async function readHistory(client: pg.Client, history: HistoryTable): Promise<HistoryRead> {
  try {
    const [record] = await queryRows<HistorySummaryRecord>(client, readHistorySummarySql(history));
    return historySummaryOf(record);
  } catch (error) {
    if (isServerError(error) && error.code === UNDEFINED_COLUMN) return readFullHistory(client, history);
    if (isServerError(error) && error.code === UNDEFINED_TABLE) return missingHistory();
    throw error;
  }
}

/** Reads every version's latest row in full (status), from a table of any release. */
export async function readFullHistory(client: pg.Client, history: HistoryTable): Promise<FullHistoryRead> {
  try {
    return historyReadOf(await queryRows<HistoryRecord>(client, readFullHistorySql(history)));
  } catch (error) {
    if (isServerError(error) && error.code === UNDEFINED_TABLE) return missingHistory();
    throw error;
  }
}

/** What a read answers for a history table that does not exist yet. */
export function missingHistory(): FullHistoryRead {
  return { rows: [], recent: [], exists: false, recordsPrevious: true };
}

/** The latest row of each version in full, as readFullHistory reads it. */
export function readFullHistorySql(history: HistoryTable): string {
  // to_jsonb: a table of an older release lacks direction (it holds only ups) or
  // previous_version, and reads the same
  return `SELECT DISTINCT ON (version) version, name, checksum, applied_at, duration_ms, applied_by, run_url, commit_sha,
              coalesce(to_jsonb(h) ->> 'direction', 'up') AS direction,
              to_jsonb(h) ->> 'previous_version' AS previous_version, to_jsonb(h) ? 'previous_version' AS records_previous
         FROM ${history.qualified} AS h ORDER BY version, id DESC`;
}

export interface HistoryRecord {
  version: string;
  name: string;
  checksum: string;
  applied_at: Date;
  duration_ms: number | null;
  applied_by: string;
  run_url: string | null;
  commit_sha: string | null;
  direction: string;
  previous_version: string | null;
  records_previous: boolean;
}

/** The rows readFullHistorySql returned, read. */
export function historyReadOf(records: readonly HistoryRecord[]): FullHistoryRead {
  const rows: HistoryRow[] = records.map((row) => ({
    version: BigInt(row.version),
    name: row.name,
    checksum: row.checksum,
    // pg reads `infinity` as a number, not a Date
    appliedAt: row.applied_at instanceof Date ? row.applied_at : new Date(Number.NaN),
    durationMs: row.duration_ms,
    appliedBy: row.applied_by,
    runUrl: row.run_url,
    commit: row.commit_sha,
    ...directionOf(row.direction),
    ...(row.records_previous ? { previousVersion: row.previous_version === null ? null : BigInt(row.previous_version) } : {}),
  }));
  return {
    exists: true,
    // an empty table of an older release is written as it is; one of this release is never empty
    recordsPrevious: records[0]?.records_previous ?? false,
    rows,
    recent: newestOf(rows),
  };
}

/** The newest rows, as readHistorySummarySql orders them. */
export function newestOf(rows: readonly HistoryRow[]): HistoryRow[] {
  return [...rows]
    .sort((a, b) => b.appliedAt.getTime() - a.appliedAt.getTime() || compareVersions(b.version, a.version))
    .slice(0, RECENT_HISTORY_ROWS);
}

function arrayOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function versionOf(value: unknown): bigint | null {
  return typeof value === 'string' && /^-?\d{1,20}$/.test(value) ? BigInt(value) : null;
}

function directionOf(value: unknown): Pick<HistoryFact, 'direction'> {
  return value === 'down' || value === 'force' ? { direction: value } : {};
}
