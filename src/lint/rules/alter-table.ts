import type { AlterTableCmd, AlterTableStmt, ColumnDef, Constraint, PartitionCmd } from 'libpg-query';
import { columnTypeOf, describeType, notNullColumns, relationOf, strings } from '../ast.js';
import { columnShape, storedType, volatileCall, type ColumnShape } from '../column-def.js';
import { heldClause, tableOf, type RuleContext } from '../context.js';
import type { TableState } from '../knowledge.js';
import { blocksWrites, type LockMode } from '../transaction.js';
import { typeChangeRewrites } from '../type-change.js';

/**
 * ALTER TABLE, subcommand by subcommand: what each costs on a table that already holds rows
 * (https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES), and what it
 * breaks for the release still running. What a subcommand changes is recorded for the next.
 */
export function judgeAlterTable(statement: AlterTableStmt, context: RuleContext): void {
  if (statement.objtype !== undefined && statement.objtype !== 'OBJECT_TABLE') return;
  const table = tableOf(context, relationOf(statement.relation));
  if (!table) return;
  const commands = (statement.cmds ?? []).flatMap((node) => ('AlterTableCmd' in node ? [node.AlterTableCmd] : []));
  for (const command of commands) judgeCommand(command, table, context);
  context.transaction.took(table.label, lockOf(commands), context.statement.line);
}

function judgeCommand(command: AlterTableCmd, table: TableState, context: RuleContext): void {
  const def = command.def;
  switch (command.subtype) {
    case 'AT_AddColumn':
      if (def && 'ColumnDef' in def) addColumn(columnShape(def.ColumnDef), table, context);
      return;
    case 'AT_AddConstraint':
      if (def && 'Constraint' in def) addConstraint(def.Constraint, table, context);
      return;
    case 'AT_ValidateConstraint':
      validateConstraint(command.name ?? '', table, context);
      return;
    case 'AT_SetNotNull':
      setNotNull(command.name ?? '', table, context);
      return;
    case 'AT_DropNotNull':
      table.provenNotNull.delete(command.name ?? '');
      return;
    case 'AT_ColumnDefault':
      columnDefault(command.name ?? '', def !== undefined, table, context);
      return;
    case 'AT_AlterColumnType':
      if (def && 'ColumnDef' in def) alterType(command.name ?? '', def.ColumnDef, table, context);
      return;
    case 'AT_DropColumn':
      dropColumn(command.name ?? '', table, context);
      return;
    case 'AT_SetTableSpace':
      rewriteCommand(`SET TABLESPACE ${command.name ?? ''}`, 'copies', table, context);
      return;
    case 'AT_SetLogged':
      rewriteCommand('SET LOGGED', 'rewrites', table, context);
      return;
    case 'AT_SetUnLogged':
      rewriteCommand('SET UNLOGGED', 'rewrites', table, context);
      return;
    case 'AT_AttachPartition':
      if (def && 'PartitionCmd' in def) attachPartition(def.PartitionCmd, context);
      return;
  }
}

function addColumn(column: ColumnShape, table: TableState, context: RuleContext): void {
  const quiet = context.knowledge.quietForLocks(table);
  const where = context.knowledge.describe(table);
  // a domain with a CHECK: every row's value (its default, or NULL) is checked, in a rewrite
  const domain = column.type && !column.type.array && context.knowledge.checkedDomains.has(column.type.base) ? column.type.base : undefined;
  const computed = column.serial
    ? `${describeType(column.type!)}`
    : column.identity
      ? 'GENERATED AS IDENTITY'
      : column.generatedStored
        ? 'GENERATED ALWAYS AS (…) STORED'
        : undefined;
  const volatile = volatileCall(column.default, context.knowledge.volatileFunctions);
  if (!quiet && (computed || volatile)) {
    context.report(
      'volatile-default-rewrites',
      `ADD COLUMN ${column.name} ${computed ?? `DEFAULT ${volatile}()`} rewrites ${where} under an ACCESS EXCLUSIVE lock, as every row gets a value of its own${heldClause(context, table, 'ACCESS EXCLUSIVE')}: add the column without it, SET DEFAULT afterwards (new rows only), and backfill existing rows in batches`,
      column.location,
    );
  } else if (!quiet && domain) {
    context.report(
      'volatile-default-rewrites',
      `ADD COLUMN ${column.name} ${domain} rewrites ${where} under an ACCESS EXCLUSIVE lock: ${domain} is a domain with a CHECK, which every row's value is checked against${heldClause(context, table, 'ACCESS EXCLUSIVE')}; add the column with its base type, backfill in batches, and switch to the domain later (or check with a NOT VALID CHECK constraint)`,
      column.location,
    );
  }
  if (column.notNull && !column.default && !computed && !context.knowledge.newInThisRelease(table)) {
    const hasRows = table.origin === 'database' && (table.facts?.heapBytes ?? 0) > 0;
    context.report(
      'add-column-not-null',
      hasRows
        ? `ADD COLUMN ${column.name} NOT NULL without a default fails on ${where}: its rows would be NULL; add it with a constant default, or nullable, backfill, and enforce NOT NULL with a validated CHECK`
        : `ADD COLUMN ${column.name} NOT NULL without a default fails if ${table.label} has rows, and the previous release's INSERTs, which do not set ${column.name}, fail from this migration until the rollout ends: add it with a constant default, or nullable and enforced later`,
      column.location,
    );
  }
  if (!quiet && (column.primaryKey || column.unique)) {
    context.report(
      'unique-without-index',
      `ADD COLUMN ${column.name} ${column.primaryKey ? 'PRIMARY KEY' : 'UNIQUE'} builds its index on ${where} under an ACCESS EXCLUSIVE lock: add the column, CREATE UNIQUE INDEX CONCURRENTLY in a file of its own, then ADD CONSTRAINT … USING INDEX`,
      column.location,
    );
  }
  if (!quiet && (column.references || column.check)) {
    const what = column.references ? `REFERENCES ${column.references.name}` : 'CHECK';
    context.report(
      'constraint-not-valid',
      `ADD COLUMN ${column.name} ${what} scans ${where} to validate it under an ACCESS EXCLUSIVE lock: add the column, then the constraint NOT VALID, and VALIDATE CONSTRAINT in a later migration`,
      column.location,
    );
  }
  table.columns.set(column.name, storedType(column.type) ?? { base: 'unknown', modifiers: [], array: false });
  table.addedColumns.set(column.name, { notNull: column.notNull, hasDefault: Boolean(column.default || computed) });
}

function addConstraint(constraint: Constraint, table: TableState, context: RuleContext): void {
  const quiet = context.knowledge.quietForLocks(table);
  const where = context.knowledge.describe(table);
  const name = constraint.conname ? `${constraint.conname} ` : '';
  switch (constraint.contype) {
    case 'CONSTR_FOREIGN': {
      const referenced = relationOf(constraint.pktable);
      if (!quiet && !constraint.skip_validation) {
        context.report(
          'constraint-not-valid',
          `ADD CONSTRAINT ${name}FOREIGN KEY validates every row of ${where} while it blocks writes to ${table.label}${referenced ? ` and ${referenced.name}` : ''}${heldClause(context, table, 'SHARE ROW EXCLUSIVE')}: add it NOT VALID, then VALIDATE CONSTRAINT in a later migration`,
          constraint.location,
        );
      }
      if (referenced) context.transaction.took(context.knowledge.table(referenced).label, 'SHARE ROW EXCLUSIVE', context.statement.line);
      return;
    }
    case 'CONSTR_CHECK': {
      if (!quiet && !constraint.skip_validation) {
        context.report(
          'constraint-not-valid',
          `ADD CONSTRAINT ${name}CHECK validates every row of ${where} under an ACCESS EXCLUSIVE lock: add it NOT VALID, then VALIDATE CONSTRAINT in a later migration`,
          constraint.location,
        );
      }
      const proves = notNullColumns(constraint.raw_expr);
      if (!constraint.skip_validation) table.checked = true;
      if (!constraint.skip_validation) for (const column of proves) table.provenNotNull.add(column);
      else if (proves.length > 0 && constraint.conname) table.unvalidatedNotNull.set(constraint.conname, proves);
      return;
    }
    case 'CONSTR_UNIQUE':
    case 'CONSTR_PRIMARY': {
      const kind = constraint.contype === 'CONSTR_PRIMARY' ? 'PRIMARY KEY' : 'UNIQUE';
      if (!quiet && !constraint.indexname) {
        context.report(
          'unique-without-index',
          `ADD CONSTRAINT ${name}${kind} builds its index on ${where} under an ACCESS EXCLUSIVE lock: CREATE UNIQUE INDEX CONCURRENTLY in a file of its own, then ADD CONSTRAINT … ${kind} USING INDEX`,
          constraint.location,
        );
      }
      if (kind === 'PRIMARY KEY') primaryKeyNotNull(constraint, table, context);
      return;
    }
    case 'CONSTR_EXCLUSION': {
      if (!quiet) {
        context.report(
          'unique-without-index',
          `ADD CONSTRAINT ${name}EXCLUDE builds its index on ${where} under an ACCESS EXCLUSIVE lock, and checks every row: reads and writes wait; PostgreSQL has no CONCURRENTLY form of it, so add it while ${table.label} is new or small, or in a maintenance window`,
          constraint.location,
        );
      }
      return;
    }
  }
}

/**
 * A primary key makes its columns NOT NULL: over an index (USING INDEX) nothing is built, but a
 * nullable column is scanned for NULLs under the ACCESS EXCLUSIVE lock, as SET NOT NULL does.
 */
function primaryKeyNotNull(constraint: Constraint, table: TableState, context: RuleContext): void {
  const schema = table.label.includes('.') ? table.label.replace(/\.[^.]*$/, '') : null;
  const columns = constraint.indexname ? context.knowledge.indexColumns({ schema, name: constraint.indexname }) : strings(constraint.keys);
  if (constraint.indexname && columns && !context.knowledge.quietForLocks(table)) {
    const nullable = columns.filter((column) => !table.provenNotNull.has(column));
    if (nullable.length > 0) {
      const list = nullable.join(', ');
      context.report(
        'set-not-null-scans',
        `ADD PRIMARY KEY USING INDEX ${constraint.indexname} makes ${list} NOT NULL, which scans ${context.knowledge.describe(table)} under an ACCESS EXCLUSIVE lock${table.origin === 'database' ? '' : ` unless ${nullable.length === 1 ? 'it is' : 'they are'} NOT NULL already`}${heldClause(context, table, 'ACCESS EXCLUSIVE')}: first make ${list} NOT NULL without a scan (CHECK (… IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in a later migration, SET NOT NULL)`,
        constraint.location,
      );
    }
  }
  for (const column of columns ?? []) table.provenNotNull.add(column);
}

/** SET TABLESPACE, SET LOGGED, SET UNLOGGED: every row is copied to new files under ACCESS EXCLUSIVE. */
function rewriteCommand(command: string, verb: string, table: TableState, context: RuleContext): void {
  if (context.knowledge.quietForLocks(table)) return;
  context.report(
    'table-rewrite-command',
    `${command} ${verb} ${context.knowledge.describe(table)} (and its indexes) under an ACCESS EXCLUSIVE lock: reads and writes wait until it is done; do it in a maintenance window, outside the deploy`,
  );
}

/**
 * ATTACH PARTITION scans the partition under an ACCESS EXCLUSIVE lock to prove its rows fit the
 * bound, unless a validated CHECK implies it (the parent takes SHARE UPDATE EXCLUSIVE, 12+).
 * That a CHECK matches the bound is not judged: any validated CHECK is taken to be that one.
 */
function attachPartition(command: PartitionCmd, context: RuleContext): void {
  const relation = relationOf(command.name);
  if (!relation) return;
  const partition = context.knowledge.table(relation);
  if (!context.knowledge.quietForLocks(partition) && !partition.checked) {
    context.report(
      'constraint-not-valid',
      `ATTACH PARTITION ${partition.label} scans ${context.knowledge.describe(partition)} to check the partition bound under an ACCESS EXCLUSIVE lock${heldClause(context, partition, 'ACCESS EXCLUSIVE')}: ADD CONSTRAINT … CHECK (matching the bound) NOT VALID on it, VALIDATE CONSTRAINT in a later migration, then ATTACH PARTITION (no scan) and drop the check`,
    );
  }
  context.transaction.took(partition.label, 'ACCESS EXCLUSIVE', context.statement.line);
}

function validateConstraint(name: string, table: TableState, context: RuleContext): void {
  const held = context.transaction.heldOn(table.label);
  if (held && blocksWrites(held.mode) && !context.knowledge.quietForLocks(table)) {
    context.report(
      'constraint-not-valid',
      `VALIDATE CONSTRAINT ${name} scans ${context.knowledge.describe(table)} in the same transaction as line ${held.line}, whose ${held.mode} lock it keeps all the while: validate in a later migration, where it lets reads and writes go on`,
    );
  }
  for (const column of table.unvalidatedNotNull.get(name) ?? []) table.provenNotNull.add(column);
  table.checked = true;
}

function setNotNull(column: string, table: TableState, context: RuleContext): void {
  const added = table.addedColumns.get(column);
  if (added) {
    added.notNull = true;
    if (!added.hasDefault) previousReleaseInserts(column, 'SET NOT NULL', table, context);
  }
  if (table.provenNotNull.has(column) || context.knowledge.quietForLocks(table)) return;
  const check = `${table.label.replace(/^.*\./, '')}_${column}_not_null`;
  context.report(
    'set-not-null-scans',
    `SET NOT NULL on ${table.label}.${column} scans ${context.knowledge.describe(table)} under an ACCESS EXCLUSIVE lock, blocking reads and writes${heldClause(context, table, 'ACCESS EXCLUSIVE')}: ADD CONSTRAINT ${check} CHECK (${column} IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT it in a later migration, then SET NOT NULL (no scan on PostgreSQL 12+) and drop the check`,
  );
}

/** SET DEFAULT or DROP DEFAULT: instant, but dropping the default of a new NOT NULL column breaks old INSERTs. */
function columnDefault(column: string, set: boolean, table: TableState, context: RuleContext): void {
  const added = table.addedColumns.get(column);
  if (!added) return;
  added.hasDefault = set;
  if (!set && added.notNull) previousReleaseInserts(column, 'DROP DEFAULT', table, context);
}

/**
 * A column this release adds is unknown to the previous release, whose INSERTs leave it to its
 * default: NOT NULL without one makes them fail for as long as that release still runs.
 */
function previousReleaseInserts(column: string, what: string, table: TableState, context: RuleContext): void {
  if (context.direction !== 'up' || context.knowledge.newInThisRelease(table)) return;
  context.report(
    'add-column-not-null',
    `${what} leaves ${table.label}.${column}, which this release adds, NOT NULL without a default: the previous release's INSERTs, which do not set ${column}, fail from this migration until the rollout ends; keep a default (a constant, or one computed per row)`,
  );
}

function alterType(column: string, def: ColumnDef, table: TableState, context: RuleContext): void {
  const to = columnTypeOf(def.typeName);
  const from = table.columns.get(column);
  if (to) table.columns.set(column, to);
  if (!to || context.knowledge.quietForLocks(table)) return;
  // USING the column itself converts as no USING does
  const using = def.raw_default;
  const itself =
    using !== undefined &&
    'ColumnRef' in using &&
    strings(using.ColumnRef.fields).join('.') === column &&
    using.ColumnRef.fields?.length === 1;
  const verdict = typeChangeRewrites(from, to, using !== undefined && !itself);
  if (verdict === 'no') return;
  const was = from ? ` (was ${describeType(from)})` : '';
  const unknown =
    verdict === 'unknown'
      ? `, unless it only widens a varchar or a numeric (the current type of ${column} is not known without a database)`
      : '';
  context.report(
    'column-type-rewrites',
    `ALTER COLUMN ${column} TYPE ${describeType(to)}${was} rewrites ${context.knowledge.describe(table)} and rebuilds its indexes under an ACCESS EXCLUSIVE lock${unknown}: add a new column, backfill it in batches, and switch over in a later release`,
  );
}

function dropColumn(column: string, table: TableState, context: RuleContext): void {
  if (context.direction === 'down') {
    if (table.origin === 'database' && table.facts?.heapBytes === 0) return;
    context.report(
      'down-drops-data',
      `DROP COLUMN ${table.label}.${column} destroys what was written to it since the up ran${table.origin === 'database' ? ` (${context.knowledge.describe(table)})` : ''}: copy it aside first, or be sure a backup can be restored`,
    );
  } else if (!context.knowledge.newInThisRelease(table) && !table.addedColumns.has(column)) {
    context.report(
      'drop-breaks-previous-release',
      `DROP COLUMN ${table.label}.${column} breaks the previous release: from the moment this migration commits until its last server stops, its queries that use ${column} fail; expand/contract: release N stops using ${column}, release N+1 drops it`,
    );
  }
  table.columns.delete(column);
}

/**
 * The table lock of the whole statement: the strongest its subcommands need. VALIDATE takes
 * SHARE UPDATE EXCLUSIVE and ADD FOREIGN KEY SHARE ROW EXCLUSIVE; nearly all else ACCESS EXCLUSIVE.
 */
function lockOf(commands: readonly AlterTableCmd[]): LockMode {
  let strongest: LockMode = 'SHARE UPDATE EXCLUSIVE';
  for (const command of commands) {
    const def = command.def;
    if (command.subtype === 'AT_ValidateConstraint' || command.subtype === 'AT_SetStatistics' || command.subtype === 'AT_AttachPartition')
      continue;
    if (command.subtype === 'AT_AddConstraint' && def && 'Constraint' in def && def.Constraint.contype === 'CONSTR_FOREIGN') {
      strongest = 'SHARE ROW EXCLUSIVE';
      continue;
    }
    return 'ACCESS EXCLUSIVE';
  }
  return strongest;
}
