import type pg from 'pg';
import { compareVersions } from '../migration-version.js';
import type { HistoryFact, HistoryRow, HistoryTable } from './history-table.js';
import { isServerError, queryRows, simpleQuery, SimpleQueryError } from './query.js';
import { OLDER_TABLE, plpgsqlUnavailable, readIfPresentSql } from './read-if-present.js';
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

// The transaction-local setting the opening's DO block leaves the summary in.
const SUMMARY_SETTING = 'oforum_migrate.history_summary';

/**
 * The summary of readHistorySummarySql, read only when the history table exists
 * (read-if-present.ts): two statements for one message, so that a `check` of a database the
 * oForum server migrates by itself (where this tool has written no history) leaves no error in
 * the server's log. Read by historySummaryFromSetting.
 */
export function readHistorySummaryIfPresentSql(history: HistoryTable): [string, string] {
  const summary = `SELECT pg_catalog.json_build_object('facts', s.facts, 'recent', s.recent)::text FROM (${readHistorySummarySql(history)}) AS s`;
  // an older release's table lacks these: it is read in full instead (readHistory)
  return readIfPresentSql(history.qualified, SUMMARY_SETTING, summary, { needs: ['direction', 'previous_version'] });
}

/**
 * Runs the two statements of readIfPresentSql as one message: the value, null when there is no
 * table; undefined when the role cannot run a DO block, where the caller reads the table plainly.
 */
async function valueIfPresent(client: pg.Client, statements: [string, string]): Promise<unknown> {
  try {
    const results = await simpleQuery(client, statements.join(';\n'));
    return results.at(-1)?.rows[0]?.value ?? null;
  } catch (error) {
    // the server's error itself, as a plain query throws it
    const cause = error instanceof SimpleQueryError ? error.cause : error;
    if (plpgsqlUnavailable(cause)) return undefined;
    throw cause;
  }
}

/**
 * The second statement of readHistorySummaryIfPresentSql, read: no table, an empty history;
 * null when the value is not the summary's JSON (the caller then reads the history again).
 */
export function historySummaryFromSetting(value: unknown): HistoryRead | null {
  if (value === null) return missingHistory();
  if (typeof value !== 'string') return null;
  let record: unknown;
  try {
    record = JSON.parse(value);
  } catch {
    return null;
  }
  return record !== null && typeof record === 'object' ? historySummaryOf(record as HistorySummaryRecord) : null;
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
    // only when the table exists (see readHistorySummaryIfPresentSql)
    const value = await valueIfPresent(client, readHistorySummaryIfPresentSql(history));
    if (value === OLDER_TABLE) return await readFullHistory(client, history);
    const read = value === undefined ? null : historySummaryFromSetting(value);
    if (read) return read;
    const [record] = await queryRows<HistorySummaryRecord>(client, readHistorySummarySql(history));
    return historySummaryOf(record);
  } catch (error) {
    if (isServerError(error) && error.code === UNDEFINED_COLUMN) return readFullHistory(client, history);
    if (isServerError(error) && error.code === UNDEFINED_TABLE) return missingHistory();
    throw error;
  }
}

/**
 * Reads every version's latest row in full (status), from a table of any release; only when the
 * table exists, as readHistorySummaryIfPresentSql reads the summary, so that a missing table
 * leaves no error in the server's log.
 */
export async function readFullHistory(client: pg.Client, history: HistoryTable): Promise<FullHistoryRead> {
  const rows = `SELECT coalesce(pg_catalog.json_agg(pg_catalog.json_build_array(r.version::text, r.name, r.checksum, r.applied_at, r.duration_ms, r.applied_by, r.run_url, r.commit_sha, r.direction, r.previous_version, r.records_previous) ORDER BY r.version), '[]')::text FROM (${readFullHistorySql(history)}) AS r`;
  const value = await valueIfPresent(client, readIfPresentSql(history.qualified, FULL_HISTORY_SETTING, rows));
  if (value === null) return missingHistory();
  if (value !== undefined) return historyReadOf(arrayOf(JSON.parse(String(value))).map(recordOfJson));
  try {
    return historyReadOf(await queryRows<HistoryRecord>(client, readFullHistorySql(history)));
  } catch (error) {
    if (isServerError(error) && error.code === UNDEFINED_TABLE) return missingHistory();
    throw error;
  }
}

const FULL_HISTORY_SETTING = 'oforum_migrate.full_history';

/** A row of readFullHistory's JSON, as pg would have read it from readFullHistorySql. */
function recordOfJson(item: unknown): HistoryRecord {
  const [version, name, checksum, appliedAt, durationMs, appliedBy, runUrl, commit, direction, previous, recordsPrevious] = arrayOf(item);
  return {
    version: textOf(version),
    name: textOf(name),
    checksum: textOf(checksum),
    // JSON gives a timestamp as text; `infinity` reads as an invalid date, as pg's number does
    applied_at: new Date(textOf(appliedAt)),
    // a non-finite double comes as the text NaN or Infinity
    duration_ms: typeof durationMs === 'number' ? durationMs : typeof durationMs === 'string' ? Number(durationMs) : null,
    applied_by: textOf(appliedBy),
    run_url: typeof runUrl === 'string' ? runUrl : null,
    commit_sha: typeof commit === 'string' ? commit : null,
    direction: textOf(direction),
    previous_version: typeof previous === 'string' ? previous : null,
    records_previous: recordsPrevious === true,
  };
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
