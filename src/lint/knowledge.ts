import type { DatabaseFacts, RelationFacts } from '../database/table-facts.js';
import { columnTypeFromCatalog, keyOf, notNullColumns, regclassInput, type ColumnType, type RelationName } from './ast.js';
import type { Parser } from './parser.js';
import { formatBytes, formatRows } from './sizes.js';

/**
 * Where a table the migration touches comes from, which decides whether a lock on it can hurt:
 * - `file`: created earlier in the same file (new, empty; in a transaction, not even visible);
 * - `batch`: created by an earlier migration of those that run together (the pending ones);
 * - `earlier`: created by an earlier migration of the set, which may have run long ago (no database);
 * - `database`: in the database, with its size;
 * - `absent`: neither in the database nor created before (the statement fails, or made elsewhere);
 * - `unknown`: no database to ask, and not created by the set.
 */
export type Origin = 'file' | 'batch' | 'earlier' | 'database' | 'absent' | 'unknown';

export interface TableState {
  label: string;
  origin: Origin;
  /** the file that created it, for `earlier` */
  createdIn: string | null;
  facts: RelationFacts | null;
  columns: Map<string, ColumnType>;
  /**
   * Columns added by the migrations being linted, which the previous release does not know (its
   * INSERTs leave them to their default), with whether they are NOT NULL and have a default now.
   */
  addedColumns: Map<string, { notNull: boolean; hasDefault: boolean }>;
  /** a partitioned table (PARTITION BY); null when not known (no database, not created by the set) */
  partitioned: boolean | null;
  /** columns NOT NULL already, or that a validated CHECK (col IS NOT NULL) proves, so SET NOT NULL needs no scan */
  provenNotNull: Set<string>;
  /** a validated CHECK constraint is known on it (ATTACH PARTITION can use one instead of a scan) */
  checked: boolean;
  /** NOT VALID checks of that shape, by constraint name, and the columns each would prove */
  unvalidatedNotNull: Map<string, string[]>;
}

// pg_get_constraintdef's text of a NOT NULL check: CHECK ((slug IS NOT NULL)) or CHECK (("Slug" IS NOT NULL))
const NOT_NULL_CHECK = /^CHECK \(\((?:"((?:[^"]|"")+)"|([a-z_][a-z0-9_$]*)) IS NOT NULL\)\)( NOT VALID)?$/;

/** What the lint knows about tables, from the database and from the migrations read so far. */
export class Knowledge {
  private readonly tables = new Map<string, TableRecord>();
  /** domains the migrations create with a CHECK (by last name part, lower-cased as written) */
  readonly checkedDomains = new Set<string>();
  /** indexes the migrations create, by key: their table's key and columns (null for an expression) */
  private readonly indexes = new Map<string, { table: string; columns: (string | null)[] }>();
  private currentFile = '';
  private createdInFile: TableRecord[] = [];

  /**
   * @param facts the target database's catalog, or null without a database
   * @param together the files linted run together (the pending migrations of one deploy)
   */
  constructor(
    private readonly facts: DatabaseFacts | null,
    private readonly together: boolean,
    private readonly parser: Parser | null = null,
  ) {}

  get hasDatabase(): boolean {
    return this.facts !== null;
  }

  /** the functions the database says are volatile, of those the migrations call; null without one */
  get volatileFunctions(): ReadonlySet<string> | null {
    return this.facts?.volatileFunctions ?? null;
  }

  beginFile(file: string): void {
    this.currentFile = file;
  }

  /** What the next file sees of the tables this one created. */
  endFile(): void {
    // only the tables this file created (not every table known, which grew with each file)
    for (const state of this.createdInFile) {
      if (state.origin === 'file') state.origin = this.together ? 'batch' : 'earlier';
    }
    this.createdInFile = [];
    // an earlier migration of the set may have shipped long ago: its columns may be in use
    if (!this.together) for (const state of this.tables.values()) state.forgetAddedColumns();
  }

  table(relation: RelationName): TableState {
    return this.record(relation);
  }

  private record(relation: RelationName): TableRecord {
    const key = this.keyFor(relation);
    let state = this.tables.get(key);
    if (!state) {
      state = this.fromDatabase(relation);
      this.tables.set(key, state);
    }
    return state;
  }

  created(relation: RelationName, columns?: Map<string, ColumnType>): TableState {
    const state = new TableRecord(labelOf(relation), 'file');
    state.createdIn = this.currentFile;
    if (columns) state.columns = columns;
    this.tables.set(this.keyFor(relation), state);
    this.createdInFile.push(state);
    return state;
  }

  /**
   * CREATE … IF NOT EXISTS: new only when the table is known to be absent (the database has no
   * such table, or a statement before dropped it). Without a database it may well be there, with
   * rows: the statement then does nothing, and the table stays as it was known.
   */
  createdIfAbsent(relation: RelationName, columns?: Map<string, ColumnType>): TableState {
    const state = this.record(relation);
    return state.origin === 'absent' ? this.created(relation, columns) : state;
  }

  /** CREATE INDEX: its columns, for a later ADD PRIMARY KEY USING INDEX */
  indexCreated(index: RelationName, table: RelationName, columns: (string | null)[]): void {
    this.indexes.set(keyOf(index), { table: this.keyFor(table), columns });
  }

  /**
   * The columns of an index named in ADD CONSTRAINT … USING INDEX (in the table's schema): as a
   * migration created it, or as the catalog lists them; null when not known.
   */
  indexColumns(index: RelationName): string[] | null {
    const made = this.indexes.get(keyOf(index));
    if (made) return made.columns.every((column) => column !== null) ? (made.columns as string[]) : null;
    // asked about as the statement named its table's schema (lint-file.ts namesIn), or not at all
    const facts =
      this.facts?.relations.get(regclassInput(index)) ?? this.facts?.relations.get(regclassInput({ schema: null, name: index.name }));
    return facts?.kind === 'i' && facts.columns.length > 0 ? facts.columns.map((column) => column.name) : null;
  }

  /** ALTER TABLE … SET SCHEMA: the table moves, its old name leads nowhere. */
  moved(relation: RelationName, schema: string): void {
    const state = this.record(relation);
    this.tables.set(this.keyFor(relation), new TableRecord(labelOf(relation), 'absent'));
    const target: RelationName = { schema, name: state.label.replace(/^.*\./, '') };
    state.label = labelOf(target);
    this.tables.set(this.keyFor(target), state);
  }

  dropped(relation: RelationName): void {
    this.tables.set(this.keyFor(relation), new TableRecord(labelOf(relation), 'absent'));
  }

  renamed(relation: RelationName, to: string): void {
    const state = this.record(relation);
    const target: RelationName = { schema: relation.schema, name: to };
    this.tables.set(this.keyFor(relation), new TableRecord(labelOf(relation), 'absent'));
    // the old name now leads to an absent table: the state moves to the new name
    state.label = state.origin === 'database' ? state.label.replace(/[^.]*$/, to) : labelOf(target);
    this.tables.set(this.keyFor(target), state);
  }

  /** A lock on it cannot block anyone: the table is new, empty, or not there. */
  quietForLocks(state: TableState): boolean {
    if (state.origin === 'file' || state.origin === 'batch' || state.origin === 'absent') return true;
    return state.origin === 'database' && state.facts !== null && state.facts.heapBytes === 0;
  }

  /** The previous release cannot be using it: it is new in the migrations being linted. */
  newInThisRelease(state: TableState): boolean {
    return state.origin === 'file' || state.origin === 'batch' || state.origin === 'absent';
  }

  /** `public.posts (~2.1 M rows, 1.4 GB)`; `posts (created by 000001_initial.up.sql)`; `posts`. */
  describe(state: TableState, label = state.label): string {
    const facts = state.facts;
    if (state.origin === 'database' && facts) {
      const rows = facts.rows === null ? 'rows not counted yet' : formatRows(facts.rows);
      return `${label} (${rows}, ${formatBytes(facts.totalBytes)})`;
    }
    if (state.origin === 'earlier' && state.createdIn) return `${label} (created by ${state.createdIn})`;
    return label;
  }

  /**
   * The columns a CHECK's definition (pg_get_constraintdef) proves not null: read by PostgreSQL's
   * parser when the lint has it (`CHECK (((body IS NOT NULL) AND (n > 0)))`), else by its text.
   */
  private checkedNotNull(definition: string): string[] {
    const parsed = this.parser?.parse(`ALTER TABLE t ADD ${definition.replace(/ NOT VALID$/, '')}`);
    if (parsed && 'node' in parsed && 'AlterTableStmt' in parsed.node) {
      const command = parsed.node.AlterTableStmt.cmds?.[0];
      const def = command && 'AlterTableCmd' in command ? command.AlterTableCmd.def : undefined;
      if (def && 'Constraint' in def) return notNullColumns(def.Constraint.raw_expr);
    }
    const match = NOT_NULL_CHECK.exec(definition);
    return match ? [match[1]?.replace(/""/g, '"') ?? match[2]!] : [];
  }

  private keyFor(relation: RelationName): string {
    const facts = this.facts?.relations.get(regclassInput(relation));
    return facts ? `${facts.schema}.${facts.name}` : keyOf(relation);
  }

  private fromDatabase(relation: RelationName): TableRecord {
    if (!this.facts) return new TableRecord(labelOf(relation), 'unknown');
    const facts = this.facts.relations.get(regclassInput(relation));
    if (!facts) return new TableRecord(labelOf(relation), 'absent');
    const state = new TableRecord(`${facts.schema}.${facts.name}`, 'database');
    state.facts = facts;
    state.partitioned = facts.kind === 'p';
    for (const column of facts.columns) {
      state.columns.set(column.name, columnTypeFromCatalog(column.type));
      // SET NOT NULL on a column that is NOT NULL already does nothing
      if (column.notNull && facts.kind !== 'i') state.provenNotNull.add(column.name);
    }
    state.checked = facts.checks.some((check) => check.validated);
    for (const check of facts.checks) {
      const columns = this.checkedNotNull(check.definition);
      if (columns.length === 0) continue;
      if (check.validated) for (const column of columns) state.provenNotNull.add(column);
      else state.unvalidatedNotNull.set(check.name, columns);
    }
    return state;
  }
}

/**
 * A table's state. Its collections are made when a rule first uses them: a deploy of thousands
 * of pending migrations leaves thousands of new tables here, most of which no later file touches.
 */
class TableRecord implements TableState {
  createdIn: string | null = null;
  partitioned: boolean | null = null;
  checked = false;
  facts: RelationFacts | null = null;
  private columnMap: Map<string, ColumnType> | undefined;
  private added: Map<string, { notNull: boolean; hasDefault: boolean }> | undefined;
  private proven: Set<string> | undefined;
  private unvalidated: Map<string, string[]> | undefined;

  constructor(
    public label: string,
    public origin: Origin,
  ) {}

  get columns(): Map<string, ColumnType> {
    return (this.columnMap ??= new Map());
  }

  set columns(columns: Map<string, ColumnType>) {
    this.columnMap = columns;
  }

  get addedColumns(): Map<string, { notNull: boolean; hasDefault: boolean }> {
    return (this.added ??= new Map());
  }

  get provenNotNull(): Set<string> {
    return (this.proven ??= new Set());
  }

  get unvalidatedNotNull(): Map<string, string[]> {
    return (this.unvalidated ??= new Map());
  }

  forgetAddedColumns(): void {
    this.added = undefined;
  }
}

function labelOf(relation: RelationName): string {
  return relation.schema === null ? relation.name : `${relation.schema}.${relation.name}`;
}
