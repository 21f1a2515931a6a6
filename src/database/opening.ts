import { MigrateError } from '../errors.js';
import { historySummaryFromSetting, readHistorySummaryIfPresentSql, type HistoryRead } from './history-read.js';
import { historyTable, type HistoryTable } from './history-table.js';
import { qualifiedName, quoteLiteral } from './identifiers.js';
import { heldByThisSessionSql } from './lock.js';
import { advisoryLockId } from './lock-id.js';
import type { PartialResults } from './query.js';
import { plpgsqlUnavailable } from './read-if-present.js';
import {
  CHECK_CLIENT_CONNECTION_SQL,
  readStateIfPresentSql,
  stateFromValue,
  stateReadFailed,
  type StateTable,
  type StoredState,
} from './state-table.js';

/**
 * The first message of a session under the session lock: where the state table is, the
 * session's client_connection_check_interval set, the lock taken, the state and the history
 * read, in one round trip. The lock id depends on current_schema(), which the server tells only
 * in this same message; so the message is written for the likely schema (`public`, or the one
 * x-migrations-table-quoted names) and the lock is taken only when the server's answer shows the
 * guess was right. A wrong guess takes no lock and costs one round trip more: the lock is then
 * taken as before, with the id the server's answer gives. Without the database's name in the URL
 * the id needs current_database(): no guess, the old path.
 *
 * The lock is golang-migrate's, taken with pg_try_advisory_lock exactly as the polling path
 * takes it (a session lock: it outlives the transactions of the message). The first statement
 * runs in a transaction of its own (BEGIN … COMMIT), so that the check interval it sets is kept
 * when a later read fails (a state table of another shape aborts the rest of the message). The
 * state and history are read by statements after the one that took the lock, so each reads a
 * snapshot taken once the lock was held (READ COMMITTED: one snapshot a statement); each only
 * when its table exists (read-if-present.ts), so that a database never migrated leaves no error
 * in the server's log.
 */
export interface OpeningRequest {
  table: string;
  /** the schema x-migrations-table-quoted names; null: current_schema() */
  schema: string | null;
  /** golang-migrate's database name in the lock id; null: current_database() */
  lockDatabaseName: string | null;
  /** this tool's history table, read too; null: none */
  history: string | null;
}

export interface Opening {
  text: string;
  state: StateTable;
  lockId: string;
  history: HistoryTable | null;
}

/** The likely current_schema(): PostgreSQL's default search_path puts `public` first for most users. */
const LIKELY_SCHEMA = 'public';

// the results of the message: BEGIN, the opening row, COMMIT, then the state and the history,
// each a DO block and the statement that returns what it read (read-if-present.ts)
const OPENING_AT = 1;
const STATE_READ_AT = 3;
const STATE_AT = 4;
const HISTORY_AT = 6;

export function openingSql(request: OpeningRequest): Opening | null {
  if (request.lockDatabaseName === null) return null;
  const schema = request.schema ?? LIKELY_SCHEMA;
  const state: StateTable = { schema, table: request.table, qualified: qualifiedName(schema, request.table) };
  const lockId = advisoryLockId(schema, request.table, request.lockDatabaseName);
  const guessed = request.schema === null ? `here.schema = ${quoteLiteral(LIKELY_SCHEMA)}` : 'here.schema IS NOT NULL';
  const history = request.history === null ? null : historyTable(state, request.history);
  // Whether this role may create the history table, asked as mayWriteHistory asks it for a table
  // not there yet (a schema that does not exist gives NULL, not an error).
  const historyCreate = history
    ? `pg_catalog.has_schema_privilege((SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = ${quoteLiteral(history.schema)}), 'CREATE')`
    : 'NULL::boolean';
  const statements = [
    'BEGIN',
    `WITH here AS MATERIALIZED (SELECT pg_catalog.current_schema() AS schema, pg_catalog.current_database() AS database, (${CHECK_CLIENT_CONNECTION_SQL}) AS check_interval),
     mine AS MATERIALIZED (SELECT here.schema, here.database, coalesce(${guessed}, false) AS guessed, (${heldByThisSessionSql(lockId)}) AS held FROM here)
     SELECT mine.schema, mine.database, mine.guessed, mine.held,
            CASE WHEN mine.guessed AND NOT mine.held THEN pg_catalog.pg_try_advisory_lock(${lockId}) ELSE false END AS locked,
            pg_catalog.pg_backend_pid() AS pid, ${historyCreate} AS history_create
       FROM mine`,
    'COMMIT',
    ...readStateIfPresentSql(state),
    ...(history ? readHistorySummaryIfPresentSql(history) : []),
  ];
  return { text: statements.join(';\n'), state, lockId, history };
}

interface OpeningRow {
  schema: string | null;
  database: string;
  guessed: boolean;
  held: boolean;
  locked: boolean;
  pid: number;
  history_create: boolean | null;
}

/** What the opening message found; `lockPid` is set only when the lock was taken. */
export interface Opened {
  schema: string;
  database: string;
  lockPid: number | null;
  /** the state read under the lock: read() gives it, or throws as version() would */
  state: { read: () => StoredState } | null;
  /** this role cannot run a DO block (PL/pgSQL dropped, or not granted): later reads are plain ones */
  plainReads: boolean;
  history: { table: HistoryTable; read: HistoryRead } | null;
  /** whether this role may create the history table (mayWriteHistory for a table not there yet) */
  historyCreate: { table: HistoryTable; allowed: boolean } | null;
}

export function interpretOpening(opening: Opening, answer: PartialResults): Opened {
  const first = answer.results[OPENING_AT];
  if (!first || answer.results.length <= OPENING_AT + 1) throw answer.error ?? new Error('the opening message was not answered');
  const row = first.rows[0] as OpeningRow | undefined;
  if (!row?.schema) {
    throw new MigrateError('state', 'no schema: current_schema() is empty (check search_path and the schema privileges of the user)');
  }
  const base = { schema: row.schema, database: row.database };
  if (!row.locked) return { ...base, lockPid: null, state: null, history: null, historyCreate: null, plainReads: false };
  // the index of the statement that failed (-1: none)
  const failedAt = answer.error === null ? -1 : answer.results.length;
  const stateResult = answer.results[STATE_AT];
  const historyResult = answer.results[HISTORY_AT];
  let state: Opened['state'] = null;
  // Without PL/pgSQL the state is not read here: the driver reads it plainly.
  const plainReads = failedAt === STATE_READ_AT && plpgsqlUnavailable(answer.error);
  if (stateResult) {
    state = {
      read: interpretCatching(() => stateFromValue(stateResult.rows[0] as { pid?: unknown; value?: unknown } | undefined, opening.state)),
    };
  } else if (failedAt === STATE_READ_AT && !plainReads) {
    state = { read: interpretCatching(() => stateReadFailed(answer.error, opening.state)) };
  }
  // Not read here (an older release's table, a refusal): the driver reads it on its own.
  let history: Opened['history'] = null;
  const summaryRow = historyResult?.rows[0] as { value?: unknown } | undefined;
  const read = opening.history && summaryRow && 'value' in summaryRow ? historySummaryFromSetting(summaryRow.value) : null;
  if (opening.history && read) history = { table: opening.history, read };
  const historyCreate = opening.history ? { table: opening.history, allowed: row.history_create === true } : null;
  return { ...base, lockPid: row.pid, state, history, historyCreate, plainReads };
}

/** Reading the state may refuse the table: the refusal is kept for version() to throw. */
function interpretCatching(read: () => StoredState & { pid?: number | null }): () => StoredState {
  try {
    const { version, dirty, exists } = read();
    return () => ({ version, dirty, exists });
  } catch (error) {
    return () => {
      throw error;
    };
  }
}
