import type pg from 'pg';
import { MigrateError } from '../errors.js';
import { qualifiedName, quoteLiteral } from './identifiers.js';
import { isServerError, queryRows } from './query.js';

/**
 * golang-migrate's state table (database/postgres/postgres.go): at most one row
 * `(version bigint, dirty boolean)` in `current_schema()`. No row means no version yet.
 */
export interface DatabaseState {
  version: number | null;
  dirty: boolean;
}

export interface StateTable {
  schema: string;
  table: string;
  /** `"schema"."table"`, ready to put into SQL */
  qualified: string;
}

export async function locateStateTable(client: pg.Client, table: string): Promise<StateTable> {
  const [row] = await queryRows<{ schema: string | null }>(client, 'SELECT current_schema() AS schema');
  if (!row?.schema) {
    throw new MigrateError('state', 'no schema: current_schema() is empty (check search_path and the schema privileges of the user)');
  }
  return { schema: row.schema, table, qualified: qualifiedName(row.schema, table) };
}

/**
 * Reads the state; a missing table is "no version yet". One round trip on the usual path: the
 * read is tried and a missing table recognised by its SQLSTATE.
 */
export async function readState(client: pg.Client, state: StateTable): Promise<DatabaseState & { exists: boolean }> {
  let rows: { version: unknown; dirty: unknown }[];
  try {
    rows = await queryRows(client, `SELECT version, dirty FROM ${state.qualified} LIMIT 2`);
  } catch (error) {
    if (isServerError(error) && error.code === '42P01') return { version: null, dirty: false, exists: false };
    if (isServerError(error) && error.code === '42703') {
      throw new MigrateError(
        'state',
        `${state.schema}.${state.table} is not golang-migrate's state table (it needs the columns version bigint and dirty boolean); set migrations-table to use another table`,
      );
    }
    if (isServerError(error)) {
      throw new MigrateError('state', `cannot read ${state.schema}.${state.table}: ${error.message}`, { sqlState: error.code! });
    }
    throw error;
  }
  if (rows.length > 1) {
    throw new MigrateError(
      'state',
      `${state.schema}.${state.table} holds several rows; golang-migrate keeps exactly one (version, dirty) row — is this table another tool's?`,
    );
  }
  const [row] = rows;
  if (!row) return { version: null, dirty: false, exists: true };
  const version = Number(row.version);
  if (!Number.isSafeInteger(version) || typeof row.dirty !== 'boolean') {
    throw new MigrateError('state', `${state.schema}.${state.table} is not golang-migrate's state table (unexpected row)`);
  }
  return { version, dirty: row.dirty, exists: true };
}

/** golang-migrate's own CREATE, run only when the table is missing (it needs the CREATE right). */
export function createStateTableSql(state: StateTable): string {
  return `CREATE TABLE IF NOT EXISTS ${state.qualified} (version bigint not null primary key, dirty boolean not null)`;
}

/**
 * golang-migrate's SetVersion as SQL statements: the table is emptied and the row written in the
 * caller's transaction. A clean "no version" leaves the table empty; a dirty one stores -1.
 */
export function setVersionSql(state: StateTable, version: number | null, dirty: boolean): string {
  const truncate = `TRUNCATE ${state.qualified}`;
  if (version === null && !dirty) return truncate;
  return `${truncate};\nINSERT INTO ${state.qualified} (version, dirty) VALUES (${version ?? -1}, ${dirty})`;
}

export function describeTable(state: StateTable): string {
  return `${state.schema}.${state.table}`;
}

export { quoteLiteral };
