import type { LockStrategy, PlannedState, TransactionStep } from './driver.js';
import { guardSql, stateTableLockSql, transactionLockSql } from './guards.js';
import { historyWriteSql, historyWriteStatements } from './history-table.js';
import { createStateTableSql, setVersionSql, setVersionStatements, type StateTable } from './state-table.js';
import type { Statement } from '../sql/index.js';

/** What a statement placed after BEGIN is for, so that its failure can be explained. */
export type PrefixRole = 'lock' | 'guard' | 'setup';
export interface PrefixStatement {
  sql: string;
  role: PrefixRole;
}

export interface LockContext {
  strategy: LockStrategy;
  /** golang-migrate's advisory lock id, decimal */
  lockId: string;
  state: StateTable;
  /** the wait for the lock under lock-strategy transaction */
  lockTimeoutMs: number;
  /** the session lock's server process, while its proof is owed (guards.ts, sessionPid) */
  sessionPid?: number | null;
}

/**
 * The statements that open a migration's transaction: the lock (or the proof that it is held),
 * the state the plan was made from (none for `force`, which overrides any state), and
 * PostgreSQL's lock_timeout for the migration's statements. They travel in the migration's own
 * message, so they cost no round trip.
 */
export function transactionPrefix(context: LockContext, planned: PlannedState | null, statementLockTimeoutMs: number): PrefixStatement[] {
  const { state, lockId } = context;
  if (context.strategy === 'session') {
    // The state check also stops a run that shares its server session with another migrator
    // (re-entrant advisory locks let both pass the lock check) from applying twice.
    return compact([
      // a database never migrated: golang-migrate's table, made by the first migration's own
      // transaction (a failed first migration leaves none behind, as if never run)
      planned?.exists === false ? { sql: createStateTableSql(state), role: 'setup' } : null,
      planned ? { sql: stateTableLockSql(state), role: 'setup' } : null,
      {
        sql: guardSql({ lockId, state, planned: planned?.version, lockTimeoutMs: statementLockTimeoutMs, sessionPid: context.sessionPid }),
        role: 'guard',
      },
    ]);
  }
  return compact([
    { sql: transactionLockWaitSql(context.lockTimeoutMs), role: 'setup' },
    { sql: transactionLockSql(lockId), role: 'lock' },
    planned?.exists === false ? { sql: createStateTableSql(state), role: 'setup' } : null,
    planned ? { sql: stateTableLockSql(state), role: 'setup' } : null,
    // After the wait for the lock, the migration's own lock_timeout (or the session's).
    statementLockTimeoutMs > 0 ? null : { sql: 'SET LOCAL lock_timeout = DEFAULT', role: 'setup' },
    { sql: guardSql({ lockId: null, state, planned: planned?.version, lockTimeoutMs: statementLockTimeoutMs }), role: 'guard' },
  ]);
}

/** lock_timeout bounds the wait for pg_advisory_xact_lock; 0 would mean "forever". */
export function transactionLockWaitSql(lockTimeoutMs: number): string {
  return `SET LOCAL lock_timeout = '${Math.max(1, Math.round(lockTimeoutMs))}ms'`;
}

/** A step's message, and where its parts are, to tell which part an error belongs to. */
export interface StepText {
  text: string;
  /** BEGIN (when the step has its own transaction) and the prefix, before the file */
  head: string;
  prefix: PrefixStatement[];
  /** statements completed before the prefix: 1 for our own BEGIN */
  leading: number;
  /** the statements after the file: its version row and history, then our COMMIT when ours */
  after: { statements: number; commits: boolean };
}

/**
 * How long the transaction has run, on the server's clock (now() is the time of its BEGIN): the
 * duration of a migration whose message was sent before the one ahead of it had finished.
 */
export const SERVER_DURATION_SQL = 'SELECT extract(epoch FROM pg_catalog.clock_timestamp() - pg_catalog.now())::float8 * 1000 AS ms';

/**
 * `BEGIN; <prefix>; <file>; DELETE; INSERT; <history>; <duration>; COMMIT` — one simple query.
 * The file's text is sent unchanged after the prefix; the newline before ';' ends a trailing `--`
 * comment, and an extra empty statement is ignored by PostgreSQL.
 */
export function stepText(context: LockContext, step: TransactionStep): StepText {
  const own = step.scope === 'own';
  const isolation = own ? leadingIsolation(step.migration.statements) : null;
  const prefix = [...(isolation ? [isolation] : []), ...transactionPrefix(context, step.planned, step.statementLockTimeoutMs)];
  const head = `${own ? 'BEGIN;\n' : ''}${prefix.map((statement) => `${statement.sql};\n`).join('')}`;
  const body = step.migration.statements.length > 0 ? `${step.migration.sql}\n;\n` : '';
  const history = step.history ? `;\n${historyWriteSql(step.history)}` : '';
  const tail = own ? `;\n${SERVER_DURATION_SQL};\nCOMMIT` : '';
  const tailStatements = own ? 2 : 0;
  const version = setVersionSql(context.state, step.recordVersion, false);
  const text = `${head}${body}${version}${history}${tail}`;
  // Counted from how each part is built, not by lexing the text again for every migration (that
  // was most of what a step allocated); test/unit/transaction-text.test.ts checks each count
  // against the lexer, with quoted names that hold a ';'.
  const after =
    setVersionStatements(step.recordVersion, false) + (step.history ? historyWriteStatements(step.history) : 0) + tailStatements;
  return { text, head, prefix, leading: own ? 1 : 0, after: { statements: after, commits: own } };
}

/**
 * A file that opens with `SET TRANSACTION ISOLATION LEVEL …`, which golang-migrate runs first in
 * the file's transaction: PostgreSQL accepts it only before the transaction's first query, and
 * the guards come before the file. The same statement is sent right after BEGIN; the file's own
 * then sets the level it already has, which PostgreSQL accepts at any point. Only the plain form
 * (a level, nothing else), which cannot fail where the file's would not.
 */
function leadingIsolation(statements: readonly Statement[]): PrefixStatement | null {
  const text = statements[0]?.text.trim();
  if (!text || !ISOLATION.test(text)) return null;
  return { sql: text.replace(/\s+/g, ' ').toUpperCase(), role: 'setup' };
}

const ISOLATION = /^SET\s+TRANSACTION\s+ISOLATION\s+LEVEL\s+(SERIALIZABLE|REPEATABLE\s+READ|READ\s+COMMITTED|READ\s+UNCOMMITTED)$/i;

function compact(statements: (PrefixStatement | null)[]): PrefixStatement[] {
  return statements.filter((statement): statement is PrefixStatement => statement !== null);
}
