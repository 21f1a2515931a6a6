import type { IndexStmt, ReindexStmt } from 'libpg-query';
import { relationOf } from '../ast.js';
import { heldClause, tableOf, type RuleContext } from '../context.js';

/**
 * CREATE INDEX takes a SHARE lock for the whole build (writes wait); CONCURRENTLY takes SHARE
 * UPDATE EXCLUSIVE and lets them go on (https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY).
 */
export function judgeCreateIndex(statement: IndexStmt, context: RuleContext): void {
  const table = tableOf(context, relationOf(statement.relation));
  if (!table) return;
  if (!statement.concurrent && !context.knowledge.quietForLocks(table)) {
    const partitioned = table.facts?.kind === 'p';
    const name = statement.idxname ? `${statement.idxname} ` : '';
    context.report(
      'create-index-blocks-writes',
      `CREATE ${statement.unique ? 'UNIQUE ' : ''}INDEX ${name}on ${context.knowledge.describe(table)} blocks writes while it builds${heldClause(context, table, 'SHARE')}: ${
        partitioned
          ? 'CREATE INDEX ON ONLY the partitioned table, CREATE INDEX CONCURRENTLY on each partition (each in a file of its own), then ALTER INDEX … ATTACH PARTITION'
          : 'use CREATE INDEX CONCURRENTLY in a file of its own'
      }`,
    );
  }
  context.transaction.took(table.label, statement.concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE', context.statement.line);
}

/**
 * REINDEX locks writes to the table and reads that would use the index until it is rebuilt;
 * REINDEX … CONCURRENTLY (PostgreSQL 12+) does not (https://www.postgresql.org/docs/current/sql-reindex.html).
 */
export function judgeReindex(statement: ReindexStmt, context: RuleContext): void {
  const concurrent = (statement.params ?? []).some(
    (param) => 'DefElem' in param && param.DefElem.defname === 'concurrently' && !isFalse(param.DefElem.arg),
  );
  if (concurrent) return;
  const relation = relationOf(statement.relation);
  const what = statement.kind === 'REINDEX_OBJECT_INDEX' ? 'INDEX' : statement.kind === 'REINDEX_OBJECT_TABLE' ? 'TABLE' : 'SCHEMA';
  if (!relation || what === 'SCHEMA') {
    context.report(
      'reindex-blocks-writes',
      `REINDEX ${statement.kind?.replace('REINDEX_OBJECT_', '') ?? ''} ${statement.name ?? ''} blocks writes to every table it rebuilds: REINDEX … CONCURRENTLY, table by table, each in a file of its own`.replace(
        /\s+/g,
        ' ',
      ),
    );
    return;
  }
  const target = context.knowledge.table(relation);
  if (context.knowledge.quietForLocks(target)) return;
  const ofTable = what === 'INDEX' ? (target.facts?.table ?? null) : target.label;
  const on = ofTable ? context.knowledge.describe(target, ofTable) : `the table of ${relation.name}`;
  context.report(
    'reindex-blocks-writes',
    `REINDEX ${what} ${relation.name} blocks writes to ${on}, and reads that use ${what === 'INDEX' ? 'the index' : 'its indexes'}, while it rebuilds${heldClause(context, target, 'SHARE')}: REINDEX ${what} CONCURRENTLY in a file of its own`,
  );
}

function isFalse(argument: unknown): boolean {
  const value = argument as { String?: { sval?: string }; Integer?: { ival?: number }; Boolean?: { boolval?: boolean } } | undefined;
  return (
    value?.String?.sval === 'false' || value?.String?.sval === 'off' || value?.Integer?.ival === 0 || value?.Boolean?.boolval === false
  );
}
