import type pg from 'pg';
import { MigrateError } from '../errors.js';
import type { Version } from '../migration-version.js';
import { qualifiedName } from './identifiers.js';
import { isServerError, queryRows } from './query.js';
import { UNDEFINED_TABLE } from './sqlstate.js';

/**
 * golang-migrate's state table (database/postgres/postgres.go): at most one row
 * `(version bigint, dirty boolean)` in `current_schema()`. No row means no version yet.
 */
export interface DatabaseState {
  version: Version | null;
  dirty: boolean;
}

export interface StateTable {
  schema: string;
  table: string;
  /** `"schema"."table"`, ready to put into SQL */
  qualified: string;
}

/**
 * Where golang-migrate keeps its state for this session: `current_schema()`, as golang-migrate
 * reads it (or the schema x-migrations-table-quoted names; golang-migrate still requires a
 * current schema then, so the check is made either way), and the session's database, which names
 * the advisory lock when the URL does not. One round trip.
 */
export async function locateStateTable(
  client: pg.Client,
  table: string,
  schema: string | null = null,
  session: { checkClientConnection?: boolean } = {},
): Promise<{ state: StateTable; database: string }> {
  const [row] = await queryRows<{ schema: string | null; database: string }>(
    client,
    `SELECT pg_catalog.current_schema() AS schema, pg_catalog.current_database() AS database${session.checkClientConnection ? `, (${CHECK_CLIENT_CONNECTION_SQL}) AS check_interval` : ''}`,
  );
  if (!row?.schema) {
    throw new MigrateError('state', 'no schema: current_schema() is empty (check search_path and the schema privileges of the user)');
  }
  const located = schema ?? row.schema;
  return { state: { schema: located, table, qualified: qualifiedName(located, table) }, database: row.database };
}

/**
 * client_connection_check_interval (PostgreSQL 14 and later) for the session: a statement whose
 * client is gone (SIGKILL, a lost runner) is ended within about a second instead of running on,
 * and committing, with nobody to report it. On 13, where the setting does not exist, nothing is
 * set; a value the URL's options gave is kept.
 */
export const CHECK_CLIENT_CONNECTION_SQL = `SELECT pg_catalog.set_config('client_connection_check_interval', '1s', false) WHERE pg_catalog.current_setting('client_connection_check_interval', true) = '0'`;

export interface StoredState extends DatabaseState {
  /** whether the state table exists (a missing table is "no version yet") */
  exists: boolean;
}

/** A read of the state, with the server pid that answered when the read asked for it. */
export interface StateRead extends StoredState {
  pid: number | null;
}

/**
 * Reads the state in one round trip: the read is tried and a missing table recognised by its
 * SQLSTATE. The outer join returns one row even for an empty table, with the server pid that
 * answered, which tells whether the session that took the lock is still the one talking.
 */
export function readStateSql(state: StateTable): string {
  // pg_typeof names the columns' types even when the table is empty (the row is then NULLs).
  return `SELECT pg_catalog.pg_backend_pid() AS pid, s.version, s.dirty, pg_catalog.pg_typeof(s.version)::text AS version_type, pg_catalog.pg_typeof(s.dirty)::text AS dirty_type FROM (SELECT 1) AS one LEFT JOIN (SELECT version, dirty FROM ${state.qualified} LIMIT 2) AS s ON true`;
}

export type StateRow = { pid: number; version: unknown; dirty: unknown; version_type?: string; dirty_type?: string };

// golang-migrate creates version bigint; a table made by hand with a smaller integer works alike.
const VERSION_TYPES = new Set(['bigint', 'integer', 'smallint']);

export async function readState(client: pg.Client, state: StateTable): Promise<StateRead> {
  let rows: StateRow[];
  try {
    rows = await queryRows<StateRow>(client, readStateSql(state));
  } catch (error) {
    return stateReadFailed(error, state);
  }
  return interpretState(rows, state);
}

/** A failed read: a missing table is "no version yet"; a table of another shape is refused. */
export function stateReadFailed(error: unknown, state: StateTable): StateRead {
  if (isServerError(error) && error.code === UNDEFINED_TABLE) return { version: null, dirty: false, exists: false, pid: null };
  if (isServerError(error) && error.code === '42703') throw notStateTable(state);
  if (isServerError(error)) {
    throw new MigrateError('state', `cannot read ${state.schema}.${state.table}: ${error.message}`, { sqlState: error.code! });
  }
  throw error;
}

export function interpretState(rows: StateRow[], state: StateTable): StateRead {
  if (rows.length > 1) {
    throw new MigrateError(
      'state',
      `${state.schema}.${state.table} holds several rows; golang-migrate keeps exactly one (version, dirty) row — is this table another tool's?`,
    );
  }
  const row = rows[0];
  // A text version or a dirty flag of another type is refused before a version is written there.
  if (row?.version_type !== undefined && (!VERSION_TYPES.has(row.version_type) || row.dirty_type !== 'boolean')) throw notStateTable(state);
  const pid = row?.pid ?? null;
  if (!row || (row.version === null && row.dirty === null)) return { version: null, dirty: false, exists: true, pid };
  // The driver gives a bigint as text (exact) and a smaller integer as a number.
  const version = typeof row.version === 'string' || typeof row.version === 'number' ? versionOf(row.version) : null;
  if (version === null || typeof row.dirty !== 'boolean') {
    throw new MigrateError('state', `${state.schema}.${state.table} is not golang-migrate's state table (unexpected row)`);
  }
  return { version, dirty: row.dirty, exists: true, pid };
}

function versionOf(value: string | number): Version | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : null;
  return /^-?\d+$/.test(value) ? BigInt(value) : null;
}

function notStateTable(state: StateTable): MigrateError {
  return new MigrateError(
    'state',
    `${state.schema}.${state.table} is not golang-migrate's state table (it needs the columns version bigint and dirty boolean); set migrations-table to use another table`,
  );
}

/** golang-migrate's own CREATE, run only when the table is missing (it needs the CREATE right). */
export function createStateTableSql(state: StateTable): string {
  return `CREATE TABLE IF NOT EXISTS ${state.qualified} (version bigint not null primary key, dirty boolean not null)`;
}

/**
 * golang-migrate's SetVersion as SQL statements: the table is emptied and the row written in the
 * caller's transaction. A clean "no version" leaves the table empty; a dirty one stores -1.
 *
 * golang-migrate empties it with TRUNCATE; DELETE leaves the same one row for every reader, and
 * costs far less: TRUNCATE gives the table a new file on each write (two thirds of a small
 * migration's time) and locks out readers, the oForum server's included, until commit.
 */
export function setVersionSql(state: StateTable, version: Version | null, dirty: boolean): string {
  const empty = `DELETE FROM ${state.qualified}`;
  if (version === null && !dirty) return empty;
  return `${empty};\nINSERT INTO ${state.qualified} (version, dirty) VALUES (${version ?? -1n}, ${dirty})`;
}
