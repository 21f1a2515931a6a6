import type { Node } from 'libpg-query';
import type { RuleContext } from './context.js';
import { judgeAlterTable } from './rules/alter-table.js';
import { judgeDrop, judgeRename, judgeSetSchema, judgeTruncate } from './rules/compatibility.js';
import { judgeAlterDomain, judgeCreateDomain } from './rules/create-table.js';
import { judgeCreateTable, judgeCreateTableAs, judgeSelectInto } from './rules/create-table.js';
import { judgeCreateIndex, judgeReindex } from './rules/indexes.js';
import { judgeCluster, judgeLock, judgeVacuum, judgeWrite } from './rules/maintenance.js';

/** Hands one parsed statement to the rules for its kind; other kinds have nothing to judge. */
export function judge(node: Node, context: RuleContext): void {
  if ('AlterTableStmt' in node) judgeAlterTable(node.AlterTableStmt, context);
  else if ('IndexStmt' in node) judgeCreateIndex(node.IndexStmt, context);
  else if ('ReindexStmt' in node) judgeReindex(node.ReindexStmt, context);
  else if ('RenameStmt' in node) judgeRename(node.RenameStmt, context);
  else if ('AlterObjectSchemaStmt' in node) judgeSetSchema(node.AlterObjectSchemaStmt, context);
  else if ('CreateDomainStmt' in node) judgeCreateDomain(node.CreateDomainStmt, context);
  else if ('AlterDomainStmt' in node) judgeAlterDomain(node.AlterDomainStmt, context);
  else if ('DropStmt' in node) judgeDrop(node.DropStmt, context);
  else if ('TruncateStmt' in node) judgeTruncate(node.TruncateStmt, context);
  else if ('VacuumStmt' in node) judgeVacuum(node.VacuumStmt, context);
  else if ('ClusterStmt' in node) judgeCluster(node.ClusterStmt, context);
  else if ('LockStmt' in node) judgeLock(node.LockStmt, context);
  else if ('UpdateStmt' in node) judgeWrite(node.UpdateStmt, 'UPDATE', context);
  else if ('DeleteStmt' in node) judgeWrite(node.DeleteStmt, 'DELETE', context);
  else if ('CreateStmt' in node) judgeCreateTable(node.CreateStmt, context);
  else if ('CreateTableAsStmt' in node) judgeCreateTableAs(node.CreateTableAsStmt, context);
  else if ('SelectStmt' in node && node.SelectStmt.intoClause) judgeSelectInto(node.SelectStmt, context);
}
