import type { ClusterStmt, DeleteStmt, LockStmt, UpdateStmt, VacuumStmt } from 'libpg-query';
import { isFalse, relationOf } from '../ast.js';
import { heldClause, tableOf, type RuleContext } from '../context.js';
import { LOCK_MODES, lockStrength, type LockMode } from '../transaction.js';

/** VACUUM FULL rewrites each table under ACCESS EXCLUSIVE; plain VACUUM and ANALYZE do not. */
export function judgeVacuum(statement: VacuumStmt, context: RuleContext): void {
  const full = (statement.options ?? []).some(
    (option) => 'DefElem' in option && option.DefElem.defname === 'full' && !isFalse(option.DefElem.arg),
  );
  if (!full || !statement.is_vacuumcmd) return;
  const relations = (statement.rels ?? []).flatMap((node) =>
    'VacuumRelation' in node && node.VacuumRelation.relation ? [relationOf(node.VacuumRelation.relation)] : [],
  );
  if (relations.length === 0) {
    context.report(
      'table-rewrite-command',
      'VACUUM FULL rewrites every table of the database, each under an ACCESS EXCLUSIVE lock: plain VACUUM, or pg_repack, outside the migration',
    );
    return;
  }
  for (const relation of relations) rewrite('VACUUM FULL', tableOf(context, relation), context);
}

/** CLUSTER rewrites the table in index order under ACCESS EXCLUSIVE; without a name, every clustered table. */
export function judgeCluster(statement: ClusterStmt, context: RuleContext): void {
  const relation = relationOf(statement.relation);
  if (!relation) {
    context.report(
      'table-rewrite-command',
      'CLUSTER rewrites every table clustered before, each under an ACCESS EXCLUSIVE lock: pg_repack outside the migration',
    );
    return;
  }
  rewrite('CLUSTER', tableOf(context, relation), context);
}

function rewrite(command: string, table: ReturnType<typeof tableOf>, context: RuleContext): void {
  if (!table) return;
  if (!context.knowledge.quietForLocks(table)) {
    context.report(
      'table-rewrite-command',
      `${command} rewrites ${context.knowledge.describe(table)} under an ACCESS EXCLUSIVE lock: reads and writes wait until it is done; plain VACUUM, or pg_repack, outside the migration`,
    );
  }
  context.transaction.took(table.label, 'ACCESS EXCLUSIVE', context.statement.line);
}

/** LOCK TABLE without a mode is ACCESS EXCLUSIVE; SHARE and stronger block writes. */
export function judgeLock(statement: LockStmt, context: RuleContext): void {
  const mode: LockMode = LOCK_MODES[(statement.mode ?? 8) - 1] ?? 'ACCESS EXCLUSIVE';
  for (const node of statement.relations ?? []) {
    const table = tableOf(context, 'RangeVar' in node ? relationOf(node.RangeVar) : null);
    if (!table) continue;
    if (lockStrength(mode) >= lockStrength('SHARE') && !context.knowledge.quietForLocks(table)) {
      context.report(
        'lock-table',
        `LOCK TABLE ${context.knowledge.describe(table)} IN ${mode} MODE blocks ${mode === 'ACCESS EXCLUSIVE' ? 'reads and writes' : 'writes'} until the migration commits: leave the locking to each statement, which takes the weakest lock it needs`,
      );
    }
    context.transaction.took(table.label, mode, context.statement.line);
  }
}

/**
 * An UPDATE or DELETE without WHERE touches every row and keeps each locked until the
 * migration's transaction commits. In a down, a DELETE of every row is data gone.
 */
export function judgeWrite(statement: UpdateStmt | DeleteStmt, kind: 'UPDATE' | 'DELETE', context: RuleContext): void {
  const table = tableOf(context, relationOf(statement.relation));
  if (!table) return;
  if (!statement.whereClause && !context.knowledge.quietForLocks(table)) {
    if (kind === 'DELETE' && context.direction === 'down') {
      context.report(
        'down-drops-data',
        `DELETE FROM ${context.knowledge.describe(table)} without WHERE destroys every row when this down runs: copy it aside first, or be sure a backup can be restored`,
      );
    } else {
      const until = context.transaction.inTransaction ? 'until the migration commits' : 'until it ends';
      context.report(
        'backfill-in-transaction',
        `${kind} of every row of ${context.knowledge.describe(table)} locks each row ${until}: writes to them wait${heldClause(context, table, 'ROW EXCLUSIVE')}; backfill in batches outside the migration transaction`,
      );
    }
  }
  context.transaction.took(table.label, 'ROW EXCLUSIVE', context.statement.line);
}
