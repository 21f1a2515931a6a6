import type { Statement } from '../sql/index.js';
import type { RelationName } from './ast.js';
import type { Knowledge, TableState } from './knowledge.js';
import type { RuleName } from './rules.js';
import type { LockMode, TransactionTracker } from './transaction.js';

/** What a rule sees of the statement it judges and of everything before it. */
export interface RuleContext {
  direction: 'up' | 'down';
  statement: Statement;
  knowledge: Knowledge;
  transaction: TransactionTracker;
  /**
   * Reports a finding; `at` is a byte offset into the statement (libpg_query's `location`) to
   * point at a part of it, else the finding points at the statement's start.
   */
  report(rule: RuleName, message: string, at?: number): void;
}

/** The table of a relation name, and the lock the statement takes on it (tracked after the rules ran). */
export function tableOf(context: RuleContext, relation: RelationName | null): TableState | null {
  return relation ? context.knowledge.table(relation) : null;
}

/**
 * The clause that says how long a slow step blocks: `; public.posts stays locked ACCESS
 * EXCLUSIVE since line 3 until COMMIT, so reads wait too` when an earlier statement of the same
 * transaction holds a stronger lock than the step takes.
 */
export function heldClause(context: RuleContext, table: TableState, takes: LockMode): string {
  const held = context.transaction.heldOn(table.label);
  if (!held || held.mode === takes) return '';
  if (held.mode !== 'ACCESS EXCLUSIVE') return '';
  return `; ${table.label} is already locked ACCESS EXCLUSIVE by line ${held.line} of this transaction, so reads wait too until it commits`;
}
