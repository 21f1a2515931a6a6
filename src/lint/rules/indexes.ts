import type { IndexStmt, ReindexStmt } from 'libpg-query';
import { isFalse, relationOf } from '../ast.js';
import { heldClause, tableOf, type RuleContext } from '../context.js';

/**
 * CREATE INDEX takes a SHARE lock for the whole build (writes wait); CONCURRENTLY takes SHARE
 * UPDATE EXCLUSIVE and lets them go on (https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY).
 */
export function judgeCreateIndex(statement: IndexStmt, context: RuleContext): void {
  const table = tableOf(context, relationOf(statement.relation));
  if (!table) return;
  // ON ONLY a partitioned table builds nothing: an invalid index on the parent alone, under a
  // SHARE lock of its own, which each partition's index attaches to (the advice below)
  const onlyParent = statement.relation?.inh !== true && table.partitioned !== false;
  if (!statement.concurrent && !onlyParent && !context.knowledge.quietForLocks(table)) {
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
  const relation = relationOf(statement.relation)!;
  if (statement.idxname) {
    const columns = (statement.indexParams ?? []).map((param) => ('IndexElem' in param ? (param.IndexElem.name ?? null) : null));
    context.knowledge.indexCreated({ schema: relation.schema, name: statement.idxname }, relation, columns);
  }
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
