import type { AlterObjectSchemaStmt, DropStmt, RenameStmt, TruncateStmt } from 'libpg-query';
import { relationFromList, relationOf } from '../ast.js';
import { tableOf, type RuleContext } from '../context.js';

/**
 * A deploy migrates first and starts the new servers after: until the last server of the
 * previous release stops, that release runs against the new schema. Dropping or renaming what
 * it uses breaks it for that whole window (expand/contract, or "parallel change").
 */
const WINDOW = 'from the moment this migration commits until its last server stops';

export function judgeRename(statement: RenameStmt, context: RuleContext): void {
  const table = tableOf(context, relationOf(statement.relation));
  if (!table) return;
  const old = statement.subname ?? '';
  const to = statement.newname ?? '';
  if (statement.renameType === 'OBJECT_COLUMN' && statement.relationType === 'OBJECT_TABLE') {
    if (context.direction === 'up' && !context.knowledge.newInThisRelease(table) && !table.addedColumns.has(old)) {
      context.report(
        'rename-breaks-previous-release',
        `RENAME COLUMN ${table.label}.${old} TO ${to} breaks the previous release: ${WINDOW}, its queries that use ${old} fail; add ${to} beside ${old}, write both, backfill, switch reads, and drop ${old} in a later release`,
      );
    }
    const type = table.columns.get(old);
    table.columns.delete(old);
    if (type) table.columns.set(to, type);
    const added = table.addedColumns.get(old);
    if (added && table.addedColumns.delete(old)) table.addedColumns.set(to, added);
  } else if (statement.renameType === 'OBJECT_TABLE') {
    if (context.direction === 'up' && !context.knowledge.newInThisRelease(table)) {
      context.report(
        'rename-breaks-previous-release',
        `RENAME ${table.label} TO ${to} breaks the previous release: ${WINDOW}, its queries that name ${table.label} fail; keep the old name working (CREATE VIEW ${table.label.replace(/^.*\./, '')} AS SELECT * FROM ${to} in the same migration) until a later release drops it`,
      );
    }
    context.knowledge.renamed(relationOf(statement.relation)!, to);
  } else {
    return;
  }
  context.transaction.took(table.label, 'ACCESS EXCLUSIVE', context.statement.line);
}

/** ALTER TABLE … SET SCHEMA: the table's old name leads nowhere, as after a rename. */
export function judgeSetSchema(statement: AlterObjectSchemaStmt, context: RuleContext): void {
  if (statement.objectType !== 'OBJECT_TABLE') return;
  const relation = relationOf(statement.relation);
  const table = tableOf(context, relation);
  if (!relation || !table || !statement.newschema) return;
  if (context.direction === 'up' && !context.knowledge.newInThisRelease(table)) {
    const to = `${statement.newschema}.${table.label.replace(/^.*\./, '')}`;
    context.report(
      'rename-breaks-previous-release',
      `SET SCHEMA moves ${table.label} to ${to} and breaks the previous release: ${WINDOW}, its queries that name ${table.label} fail; keep the old name working (CREATE VIEW ${table.label} AS SELECT * FROM ${to} in the same migration) until a later release drops it`,
    );
  }
  context.transaction.took(table.label, 'ACCESS EXCLUSIVE', context.statement.line);
  context.knowledge.moved(relation, statement.newschema);
}

export function judgeDrop(statement: DropStmt, context: RuleContext): void {
  if (statement.removeType === 'OBJECT_SCHEMA' && context.direction === 'down' && statement.behavior === 'DROP_CASCADE') {
    context.report(
      'down-drops-data',
      'DROP SCHEMA … CASCADE destroys every table in it when this down runs: copy the data aside first, or be sure a backup can be restored',
    );
    return;
  }
  if (statement.removeType !== 'OBJECT_TABLE') return;
  for (const object of statement.objects ?? []) {
    const relation = relationFromList(object);
    if (!relation) continue;
    const table = context.knowledge.table(relation);
    if (context.direction === 'down') {
      if (!context.knowledge.quietForLocks(table)) {
        context.report(
          'down-drops-data',
          `DROP TABLE ${context.knowledge.describe(table)} destroys every row written since the up ran: copy it aside first (or rename it), or be sure a backup can be restored`,
        );
      }
    } else if (!context.knowledge.newInThisRelease(table)) {
      context.report(
        'drop-breaks-previous-release',
        `DROP TABLE ${context.knowledge.describe(table)} breaks the previous release: ${WINDOW}, its queries on ${table.label} fail; expand/contract: release N stops using it, release N+1 drops it`,
      );
    }
    context.transaction.took(table.label, 'ACCESS EXCLUSIVE', context.statement.line);
    context.knowledge.dropped(relation);
  }
}

export function judgeTruncate(statement: TruncateStmt, context: RuleContext): void {
  for (const node of statement.relations ?? []) {
    const table = tableOf(context, 'RangeVar' in node ? relationOf(node.RangeVar) : null);
    if (!table) continue;
    if (context.direction === 'down' && !context.knowledge.quietForLocks(table)) {
      context.report(
        'down-drops-data',
        `TRUNCATE ${context.knowledge.describe(table)} destroys every row when this down runs: copy it aside first, or be sure a backup can be restored`,
      );
    }
    context.transaction.took(table.label, 'ACCESS EXCLUSIVE', context.statement.line);
  }
}
