import type pg from 'pg';
import { MigrateError } from '../errors.js';
import type { Version } from '../migration-version.js';
import { qualifiedName } from './identifiers.js';
import { isServerError, queryRows, simpleQuery, SimpleQueryError } from './query.js';
import { plpgsqlUnavailable, readIfPresentSql } from './read-if-present.js';
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
 * The plain read of the state: the read is tried and a missing table recognised by its SQLSTATE
 * (which leaves an ERROR in the server's log: readStateIfPresentSql avoids it). The outer join
 * returns one row even for an empty table, with the server pid that answered, which tells
 * whether the session that took the lock is still the one talking.
 */
export function readStateSql(state: StateTable): string {
  // pg_typeof names the columns' types even when the table is empty (the row is then NULLs).
  return `SELECT pg_catalog.pg_backend_pid() AS pid, s.version, s.dirty, pg_catalog.pg_typeof(s.version)::text AS version_type, pg_catalog.pg_typeof(s.dirty)::text AS dirty_type FROM (SELECT 1) AS one LEFT JOIN (SELECT version, dirty FROM ${state.qualified} LIMIT 2) AS s ON true`;
}

export type StateRow = { pid: number; version: unknown; dirty: unknown; version_type?: string; dirty_type?: string };

// golang-migrate creates version bigint; a table made by hand with a smaller integer works alike.
const VERSION_TYPES = new Set(['bigint', 'integer', 'smallint']);

// The transaction-local setting the state is left in (read-if-present.ts).
const STATE_SETTING = 'oforum_migrate.state';

/**
 * The state read only when its table exists, as two statements for one message
 * (read-if-present.ts): a database never migrated leaves no error in the server's log, on its
 * first deploy nor on each check before it. The rows of readStateSql's join, as JSON (the version
 * as text: exact), beside the server pid that answered. A table without the columns fails as the
 * plain read does (undefined_column). Read by stateFromValue.
 */
export function readStateIfPresentSql(state: StateTable): [string, string] {
  const rows = `SELECT pg_catalog.json_agg(pg_catalog.json_build_array(s.version::text, s.dirty, pg_catalog.pg_typeof(s.version)::text, pg_catalog.pg_typeof(s.dirty)::text))::text FROM (SELECT 1) AS one LEFT JOIN (SELECT version, dirty FROM ${state.qualified} LIMIT 2) AS s ON true`;
  return readIfPresentSql(state.qualified, STATE_SETTING, rows, { columns: 'pg_catalog.pg_backend_pid() AS pid, ' });
}

/** The row of readStateIfPresentSql's second statement, read as interpretState reads the plain one. */
export function stateFromValue(row: { pid?: unknown; value?: unknown } | undefined, state: StateTable): StateRead {
  const pid = typeof row?.pid === 'number' ? row.pid : null;
  if (row?.value === null || row?.value === undefined) return { version: null, dirty: false, exists: false, pid };
  let items: unknown;
  try {
    items = JSON.parse(String(row.value));
  } catch {
    items = null;
  }
  if (!Array.isArray(items)) throw new MigrateError('state', `${state.schema}.${state.table} could not be read (unexpected answer)`);
  const rows: StateRow[] = items.map((item: unknown) => {
    const [version, dirty, versionType, dirtyType] = Array.isArray(item) ? (item as unknown[]) : [];
    return { pid: pid ?? 0, version, dirty, version_type: String(versionType), dirty_type: String(dirtyType) };
  });
  return { ...interpretState(rows, state), pid };
}

/**
 * Reads the state in one round trip, only when its table exists; where this role cannot run a
 * DO block (`plain`, or found here), plainly.
 */
export async function readState(client: pg.Client, state: StateTable, options: { plain?: boolean } = {}): Promise<StateRead> {
  if (!options.plain) {
    try {
      const results = await simpleQuery(client, readStateIfPresentSql(state).join(';\n'));
      return stateFromValue(results.at(-1)?.rows[0] as { pid?: unknown; value?: unknown } | undefined, state);
    } catch (error) {
      const cause = error instanceof SimpleQueryError ? error.cause : error;
      if (!plpgsqlUnavailable(cause)) return stateReadFailed(cause, state);
    }
  }
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

/** How many statements setVersionSql writes (a step's message counts what follows the file). */
export function setVersionStatements(version: Version | null, dirty: boolean): number {
  return version === null && !dirty ? 1 : 2;
}
