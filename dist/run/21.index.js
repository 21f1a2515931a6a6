export const id = 21;
export const ids = [21];
export const modules = {

/***/ 8021:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  I: () => (/* binding */ lintTargetOf),
  K: () => (/* binding */ lintTargets)
});

// EXTERNAL MODULE: ./src/event-loop-turn.ts
var event_loop_turn = __webpack_require__(3868);
// EXTERNAL MODULE: ./src/database/identifiers.ts
var identifiers = __webpack_require__(913);
;// CONCATENATED MODULE: ./src/lint/ast.ts

function relationOf(range) {
    if (!range?.relname)
        return null;
    return { schema: range.schemaname ?? null, name: range.relname };
}
/** A list of String nodes (a qualified name in a DROP, a type's names, \u2026) as strings. */
function strings(nodes) {
    return (nodes ?? []).flatMap((node) => ('String' in node && node.String.sval !== undefined ? [node.String.sval] : []));
}
/** `[schema.]name` from a DROP's object list. */
function relationFromList(node) {
    const parts = 'List' in node ? strings(node.List.items) : 'String' in node ? strings([node]) : [];
    if (parts.length === 0 || parts.length > 3)
        return null;
    return { schema: parts.length > 1 ? parts[parts.length - 2] : null, name: parts[parts.length - 1] };
}
/** The name the catalog query resolves with to_regclass: quoted, so it is taken as written. */
function regclassInput(relation) {
    return relation.schema === null
        ? (0,identifiers/* quoteIdentifier */.Cm)(relation.name)
        : `${(0,identifiers/* quoteIdentifier */.Cm)(relation.schema)}.${(0,identifiers/* quoteIdentifier */.Cm)(relation.name)}`;
}
/**
 * The key a relation is known by across a migration set. Without a database an unqualified name
 * is taken to be in `public`, the default search_path's schema.
 */
function keyOf(relation) {
    return `${relation.schema ?? 'public'}.${relation.name}`;
}
const ALIASES = {
    integer: 'int4',
    int: 'int4',
    smallint: 'int2',
    bigint: 'int8',
    serial: 'serial4',
    smallserial: 'serial2',
    bigserial: 'serial8',
    'character varying': 'varchar',
    character: 'bpchar',
    char: 'bpchar',
    decimal: 'numeric',
    boolean: 'bool',
    real: 'float4',
    'double precision': 'float8',
    'timestamp without time zone': 'timestamp',
    'timestamp with time zone': 'timestamptz',
    'time without time zone': 'time',
    'time with time zone': 'timetz',
    'bit varying': 'varbit',
};
function normaliseTypeName(name) {
    const lower = name.toLowerCase();
    return ALIASES[lower] ?? lower;
}
// INTERVAL_FULL_RANGE of src/include/utils/timestamp.h: the typmod's fields of a plain interval(p)
const INTERVAL_FULL_RANGE = 0x7fff;
function columnTypeOf(type) {
    const names = strings(type?.names);
    const base = names.at(-1);
    if (!base)
        return null;
    let modifiers = (type?.typmods ?? []).flatMap((node) => ('A_Const' in node && node.A_Const.ival ? [node.A_Const.ival.ival ?? 0] : []));
    let name = normaliseTypeName(base);
    // interval's first modifier is its fields: all of them (as format_type prints `interval(4)`),
    // or a restriction (`interval day to second(2)`), kept apart so it never compares equal
    if (name === 'interval' && modifiers.length > 0) {
        if (modifiers[0] !== INTERVAL_FULL_RANGE)
            name = `interval fields ${modifiers[0]}`;
        modifiers = modifiers.slice(1);
    }
    return { base: name, modifiers, array: (type?.arrayBounds?.length ?? 0) > 0 };
}
/** format_type's text (`character varying(100)`, `numeric(10,2)`, `integer[]`) as a ColumnType. */
function columnTypeFromCatalog(text) {
    const array = text.endsWith('[]');
    const bare = array ? text.slice(0, -2) : text;
    const match = /^(.*?)(?:\(([\d,\s]+)\))?( with(?:out)? time zone)?$/.exec(bare);
    const base = `${match?.[1] ?? bare}${match?.[3] ?? ''}`.trim();
    const modifiers = match?.[2] ? match[2].split(',').map((value) => Number(value.trim())) : [];
    return { base: normaliseTypeName(base), modifiers, array };
}
function describeType(type) {
    if (type.base.startsWith('interval fields '))
        return `interval with restricted fields${type.modifiers.length > 0 ? `(${type.modifiers.join(',')})` : ''}${type.array ? '[]' : ''}`;
    return `${type.base}${type.modifiers.length > 0 ? `(${type.modifiers.join(',')})` : ''}${type.array ? '[]' : ''}`;
}
/** Whether an option's argument says false: `(FULL false)`, `(CONCURRENTLY off)`, `0`. */
function isFalse(argument) {
    const value = argument;
    const text = value?.String?.sval?.toLowerCase();
    return (text === 'false' ||
        text === 'off' ||
        text === 'no' ||
        (value?.Integer !== undefined && !value.Integer.ival) ||
        (value?.Boolean !== undefined && !value.Boolean.boolval));
}
/**
 * The columns an expression proves NOT NULL when it holds: `col IS NOT NULL`, alone or as a
 * conjunct of a top-level AND (`CHECK (body IS NOT NULL AND n > 0)`). PostgreSQL accepts any
 * validated CHECK that implies it; this is the safe approximation.
 */
function notNullColumns(expression) {
    const found = [];
    const pending = [expression];
    while (pending.length > 0) {
        const node = pending.pop();
        if (!node)
            continue;
        if ('BoolExpr' in node && node.BoolExpr.boolop === 'AND_EXPR')
            pending.push(...(node.BoolExpr.args ?? []));
        else if ('NullTest' in node && node.NullTest.nulltesttype === 'IS_NOT_NULL' && node.NullTest.arg && 'ColumnRef' in node.NullTest.arg) {
            const fields = strings(node.NullTest.arg.ColumnRef.fields);
            if (fields.length === 1 && fields.length === (node.NullTest.arg.ColumnRef.fields ?? []).length)
                found.push(fields[0]);
        }
    }
    return found;
}
/** Every function an expression calls, by its last name part, lower-cased. */
function calledFunctions(node, into = new Set()) {
    visit(node, (key, value) => {
        if (key === 'FuncCall') {
            const name = strings(value.funcname).at(-1);
            if (name)
                into.add(name.toLowerCase());
        }
    });
    return into;
}
/** Every relation a statement names (RangeVar nodes), for the catalog query. */
function namedRelations(node) {
    const found = [];
    visit(node, (_key, value) => {
        const range = value;
        if (typeof range.relname === 'string' && 'relpersistence' in range)
            found.push({ schema: range.schemaname ?? null, name: range.relname });
    });
    return found;
}
/**
 * Calls `onObject` for every object under a key of the tree, parents before children, in order.
 * Iterative: PostgreSQL accepts expressions nested thousands deep (`abs(abs(\u2026))`, a long chain
 * of `||`), whose trees a recursive walk cannot descend without exhausting the JavaScript stack.
 */
function visit(root, onObject) {
    // [key, value]: a value reached under `key` (null for an array's item or the root)
    const stack = [[null, root]];
    while (stack.length > 0) {
        const [key, node] = stack.pop();
        if (node === null || typeof node !== 'object')
            continue;
        if (Array.isArray(node)) {
            for (let i = node.length - 1; i >= 0; i--)
                stack.push([null, node[i]]);
            continue;
        }
        if (key !== null)
            onObject(key, node);
        const entries = Object.entries(node);
        for (let i = entries.length - 1; i >= 0; i--)
            stack.push(entries[i]);
    }
}

;// CONCATENATED MODULE: ./src/lint/sizes.ts
/** Sizes for messages: `~2.1 M rows`, `1.4 GB` (units of 1024, as pg_size_pretty). */
function formatRows(rows) {
    if (rows < 1000)
        return `~${Math.round(rows)} ${Math.round(rows) === 1 ? 'row' : 'rows'}`;
    if (rows < 1_000_000)
        return `~${trim(rows / 1000)} k rows`;
    if (rows < 1_000_000_000)
        return `~${trim(rows / 1_000_000)} M rows`;
    return `~${trim(rows / 1_000_000_000)} G rows`;
}
function formatBytes(bytes) {
    const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return unit === 0 ? `${value} bytes` : `${trim(value)} ${units[unit]}`;
}
/** One decimal below 10, none above: 2.1, 48, 312. */
function trim(value) {
    return value < 10 ? String(Math.round(value * 10) / 10) : String(Math.round(value));
}

;// CONCATENATED MODULE: ./src/lint/knowledge.ts


// pg_get_constraintdef's text of a NOT NULL check: CHECK ((slug IS NOT NULL)) or CHECK (("Slug" IS NOT NULL))
const NOT_NULL_CHECK = /^CHECK \(\((?:"((?:[^"]|"")+)"|([a-z_][a-z0-9_$]*)) IS NOT NULL\)\)( NOT VALID)?$/;
/** What the lint knows about tables, from the database and from the migrations read so far. */
class Knowledge {
    facts;
    together;
    parser;
    tables = new Map();
    /** domains the migrations create with a CHECK (by last name part, lower-cased as written) */
    checkedDomains = new Set();
    /** indexes the migrations create, by key: their table's key and columns (null for an expression) */
    indexes = new Map();
    currentFile = '';
    createdInFile = [];
    /**
     * @param facts the target database's catalog, or null without a database
     * @param together the files linted run together (the pending migrations of one deploy)
     */
    constructor(facts, together, parser = null) {
        this.facts = facts;
        this.together = together;
        this.parser = parser;
    }
    get hasDatabase() {
        return this.facts !== null;
    }
    /** the functions the database says are volatile, of those the migrations call; null without one */
    get volatileFunctions() {
        return this.facts?.volatileFunctions ?? null;
    }
    beginFile(file) {
        this.currentFile = file;
    }
    /** What the next file sees of the tables this one created. */
    endFile() {
        // only the tables this file created (not every table known, which grew with each file)
        for (const state of this.createdInFile) {
            if (state.origin === 'file')
                state.origin = this.together ? 'batch' : 'earlier';
        }
        this.createdInFile = [];
        // an earlier migration of the set may have shipped long ago: its columns may be in use
        if (!this.together)
            for (const state of this.tables.values())
                state.forgetAddedColumns();
    }
    table(relation) {
        return this.record(relation);
    }
    record(relation) {
        const key = this.keyFor(relation);
        let state = this.tables.get(key);
        if (!state) {
            state = this.fromDatabase(relation);
            this.tables.set(key, state);
        }
        return state;
    }
    created(relation, columns) {
        const state = new TableRecord(labelOf(relation), 'file');
        state.createdIn = this.currentFile;
        if (columns)
            state.columns = columns;
        this.tables.set(this.keyFor(relation), state);
        this.createdInFile.push(state);
        return state;
    }
    /**
     * CREATE \u2026 IF NOT EXISTS: new only when the table is known to be absent (the database has no
     * such table, or a statement before dropped it). Without a database it may well be there, with
     * rows: the statement then does nothing, and the table stays as it was known.
     */
    createdIfAbsent(relation, columns) {
        const state = this.record(relation);
        return state.origin === 'absent' ? this.created(relation, columns) : state;
    }
    /** CREATE INDEX: its columns, for a later ADD PRIMARY KEY USING INDEX */
    indexCreated(index, table, columns) {
        this.indexes.set(keyOf(index), { table: this.keyFor(table), columns });
    }
    /**
     * The columns of an index named in ADD CONSTRAINT \u2026 USING INDEX (in the table's schema): as a
     * migration created it, or as the catalog lists them; null when not known.
     */
    indexColumns(index) {
        const made = this.indexes.get(keyOf(index));
        if (made)
            return made.columns.every((column) => column !== null) ? made.columns : null;
        // asked about as the statement named its table's schema (lint-file.ts namesIn), or not at all
        const facts = this.facts?.relations.get(regclassInput(index)) ?? this.facts?.relations.get(regclassInput({ schema: null, name: index.name }));
        return facts?.kind === 'i' && facts.columns.length > 0 ? facts.columns.map((column) => column.name) : null;
    }
    /** ALTER TABLE \u2026 SET SCHEMA: the table moves, its old name leads nowhere. */
    moved(relation, schema) {
        const state = this.record(relation);
        this.tables.set(this.keyFor(relation), new TableRecord(labelOf(relation), 'absent'));
        const target = { schema, name: state.label.replace(/^.*\./, '') };
        state.label = labelOf(target);
        this.tables.set(this.keyFor(target), state);
    }
    dropped(relation) {
        this.tables.set(this.keyFor(relation), new TableRecord(labelOf(relation), 'absent'));
    }
    renamed(relation, to) {
        const state = this.record(relation);
        const target = { schema: relation.schema, name: to };
        this.tables.set(this.keyFor(relation), new TableRecord(labelOf(relation), 'absent'));
        // the old name now leads to an absent table: the state moves to the new name
        state.label = state.origin === 'database' ? state.label.replace(/[^.]*$/, to) : labelOf(target);
        this.tables.set(this.keyFor(target), state);
    }
    /** A lock on it cannot block anyone: the table is new, empty, or not there. */
    quietForLocks(state) {
        if (state.origin === 'file' || state.origin === 'batch' || state.origin === 'absent')
            return true;
        return state.origin === 'database' && state.facts !== null && state.facts.heapBytes === 0;
    }
    /** The previous release cannot be using it: it is new in the migrations being linted. */
    newInThisRelease(state) {
        return state.origin === 'file' || state.origin === 'batch' || state.origin === 'absent';
    }
    /** `public.posts (~2.1 M rows, 1.4 GB)`; `posts (created by 000001_initial.up.sql)`; `posts`. */
    describe(state, label = state.label) {
        const facts = state.facts;
        if (state.origin === 'database' && facts) {
            const rows = facts.rows === null ? 'rows not counted yet' : formatRows(facts.rows);
            return `${label} (${rows}, ${formatBytes(facts.totalBytes)})`;
        }
        if (state.origin === 'earlier' && state.createdIn)
            return `${label} (created by ${state.createdIn})`;
        return label;
    }
    /**
     * The columns a CHECK's definition (pg_get_constraintdef) proves not null: read by PostgreSQL's
     * parser when the lint has it (`CHECK (((body IS NOT NULL) AND (n > 0)))`), else by its text.
     */
    checkedNotNull(definition) {
        const parsed = this.parser?.parse(`ALTER TABLE t ADD ${definition.replace(/ NOT VALID$/, '')}`);
        if (parsed && 'node' in parsed && 'AlterTableStmt' in parsed.node) {
            const command = parsed.node.AlterTableStmt.cmds?.[0];
            const def = command && 'AlterTableCmd' in command ? command.AlterTableCmd.def : undefined;
            if (def && 'Constraint' in def)
                return notNullColumns(def.Constraint.raw_expr);
        }
        const match = NOT_NULL_CHECK.exec(definition);
        return match ? [match[1]?.replace(/""/g, '"') ?? match[2]] : [];
    }
    keyFor(relation) {
        const facts = this.facts?.relations.get(regclassInput(relation));
        return facts ? `${facts.schema}.${facts.name}` : keyOf(relation);
    }
    fromDatabase(relation) {
        if (!this.facts)
            return new TableRecord(labelOf(relation), 'unknown');
        const facts = this.facts.relations.get(regclassInput(relation));
        if (!facts)
            return new TableRecord(labelOf(relation), 'absent');
        const state = new TableRecord(`${facts.schema}.${facts.name}`, 'database');
        state.facts = facts;
        state.partitioned = facts.kind === 'p';
        for (const column of facts.columns) {
            state.columns.set(column.name, columnTypeFromCatalog(column.type));
            // SET NOT NULL on a column that is NOT NULL already does nothing
            if (column.notNull && facts.kind !== 'i')
                state.provenNotNull.add(column.name);
        }
        state.checked = facts.checks.some((check) => check.validated);
        for (const check of facts.checks) {
            const columns = this.checkedNotNull(check.definition);
            if (columns.length === 0)
                continue;
            if (check.validated)
                for (const column of columns)
                    state.provenNotNull.add(column);
            else
                state.unvalidatedNotNull.set(check.name, columns);
        }
        return state;
    }
}
/**
 * A table's state. Its collections are made when a rule first uses them: a deploy of thousands
 * of pending migrations leaves thousands of new tables here, most of which no later file touches.
 */
class TableRecord {
    label;
    origin;
    createdIn = null;
    partitioned = null;
    checked = false;
    facts = null;
    columnMap;
    added;
    proven;
    unvalidated;
    constructor(label, origin) {
        this.label = label;
        this.origin = origin;
    }
    get columns() {
        return (this.columnMap ??= new Map());
    }
    set columns(columns) {
        this.columnMap = columns;
    }
    get addedColumns() {
        return (this.added ??= new Map());
    }
    get provenNotNull() {
        return (this.proven ??= new Set());
    }
    get unvalidatedNotNull() {
        return (this.unvalidated ??= new Map());
    }
    forgetAddedColumns() {
        this.added = undefined;
    }
}
function labelOf(relation) {
    return relation.schema === null ? relation.name : `${relation.schema}.${relation.name}`;
}

// EXTERNAL MODULE: ./src/sql/index.ts + 1 modules
var src_sql = __webpack_require__(9993);
// EXTERNAL MODULE: ./src/sql/line-locator.ts
var line_locator = __webpack_require__(9407);
;// CONCATENATED MODULE: ./src/lint/column-def.ts

const SERIALS = new Set(['serial2', 'serial4', 'serial8']);
function columnShape(def) {
    const constraints = constraintsOf(def.constraints);
    const type = columnTypeOf(def.typeName);
    const has = (contype) => constraints.find((c) => c.contype === contype);
    const foreign = has('CONSTR_FOREIGN');
    const primaryKey = has('CONSTR_PRIMARY') !== undefined;
    return {
        name: def.colname ?? '',
        type,
        location: def.location,
        notNull: has('CONSTR_NOTNULL') !== undefined || primaryKey,
        default: has('CONSTR_DEFAULT')?.raw_expr,
        serial: type !== null && SERIALS.has(type.base),
        identity: has('CONSTR_IDENTITY') !== undefined,
        generatedStored: has('CONSTR_GENERATED') !== undefined,
        primaryKey,
        unique: has('CONSTR_UNIQUE') !== undefined,
        references: foreign ? relationOf(foreign.pktable) : null,
        check: has('CONSTR_CHECK') !== undefined,
    };
}
function constraintsOf(nodes) {
    return (nodes ?? []).flatMap((node) => ('Constraint' in node ? [node.Constraint] : []));
}
/** The stored type of a column: serial types are integers with a sequence default. */
function storedType(type) {
    if (!type || !SERIALS.has(type.base))
        return type;
    return { ...type, base: type.base.replace('serial', 'int') };
}
// Built-in functions whose value changes from row to row (provolatile = 'v'). With a database,
// its own catalog decides for every other function too.
const VOLATILE = new Set([
    'random',
    'random_normal',
    'gen_random_uuid',
    'uuidv4',
    'uuidv7',
    'uuid_generate_v1',
    'uuid_generate_v1mc',
    'uuid_generate_v4',
    'clock_timestamp',
    'timeofday',
    'nextval',
    'setval',
    'txid_current',
    'pg_current_xact_id',
]);
/** The first function of a default expression that is volatile, or undefined. */
function volatileCall(expression, volatileInDatabase) {
    if (!expression)
        return undefined;
    for (const name of calledFunctions(expression)) {
        if (VOLATILE.has(name) || volatileInDatabase?.has(name))
            return name;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/lint/context.ts
/** The table of a relation name, and the lock the statement takes on it (tracked after the rules ran). */
function tableOf(context, relation) {
    return relation ? context.knowledge.table(relation) : null;
}
/**
 * The clause that says how long a slow step blocks: `; public.posts stays locked ACCESS
 * EXCLUSIVE since line 3 until COMMIT, so reads wait too` when an earlier statement of the same
 * transaction holds a stronger lock than the step takes.
 */
function heldClause(context, table, takes) {
    const held = context.transaction.heldOn(table.label);
    if (!held || held.mode === takes)
        return '';
    if (held.mode !== 'ACCESS EXCLUSIVE')
        return '';
    return `; ${table.label} is already locked ACCESS EXCLUSIVE by line ${held.line} of this transaction, so reads wait too until it commits`;
}

;// CONCATENATED MODULE: ./src/lint/transaction.ts
/**
 * The table locks a file's statements hold at each point. Inside a transaction a lock is held
 * until COMMIT, so a cheap ALTER that takes ACCESS EXCLUSIVE makes every later slow statement
 * on that table block reads too. Modes by strength, as in the table-level lock table of
 * https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES.
 */
const LOCK_MODES = [
    'ACCESS SHARE',
    'ROW SHARE',
    'ROW EXCLUSIVE',
    'SHARE UPDATE EXCLUSIVE',
    'SHARE',
    'SHARE ROW EXCLUSIVE',
    'EXCLUSIVE',
    'ACCESS EXCLUSIVE',
];
/** The strength of a mode: LockStmt's `mode` field uses the same numbers (1 = ACCESS SHARE). */
function lockStrength(mode) {
    return LOCK_MODES.indexOf(mode) + 1;
}
/** SHARE and stronger conflict with ROW EXCLUSIVE: writes wait. */
function blocksWrites(mode) {
    return lockStrength(mode) >= lockStrength('SHARE');
}
class TransactionTracker {
    wholeFile;
    held = new Map();
    open;
    /** @param wholeFile the file runs as one transaction (this tool's and golang-migrate's default) */
    constructor(wholeFile) {
        this.wholeFile = wholeFile;
        this.open = wholeFile;
    }
    /** Whether the statement being linted runs inside a transaction that holds its locks on. */
    get inTransaction() {
        return this.open;
    }
    /** A file that manages its own transactions: BEGIN opens one, COMMIT or ROLLBACK ends it. */
    control(keywords) {
        if (this.wholeFile)
            return;
        if (/^(BEGIN|START TRANSACTION)$/.test(keywords))
            this.open = true;
        else if (/^(COMMIT|END|ABORT|ROLLBACK)$/.test(keywords)) {
            this.open = false;
            this.held.clear();
        }
    }
    /** The strongest lock held on `table` since an earlier statement of this transaction. */
    heldOn(table) {
        return this.open ? this.held.get(table) : undefined;
    }
    took(table, mode, line) {
        if (!this.open)
            return;
        const current = this.held.get(table);
        if (!current || lockStrength(mode) > lockStrength(current.mode))
            this.held.set(table, { mode, line });
    }
}

;// CONCATENATED MODULE: ./src/lint/type-change.ts
/**
 * Whether ALTER COLUMN \u2026 TYPE rewrites the table. PostgreSQL skips the rewrite when the old
 * values are valid in the new type as they are stored (ATColumnChangeRequiresRewrite in
 * src/backend/commands/tablecmds.c): a binary-coercible change that does not tighten a limit.
 * `unknown` when the old type is not known.
 */
function typeChangeRewrites(from, to, using) {
    if (using)
        return 'yes';
    if (!from || from.base === 'unknown')
        return 'unknown';
    if (from.array !== to.array)
        return 'yes';
    // an array's elements are converted one by one (array_map) unless only a limit goes: the
    // same element type, with the same modifiers or none (varchar(20)[] \u2192 varchar[])
    if (from.array)
        return from.base === to.base && (to.modifiers.length === 0 || sameModifiers(from, to)) ? 'no' : 'yes';
    if (from.base === to.base)
        return widens(from.modifiers, to.modifiers, from.base) ? 'no' : 'yes';
    if ((from.base === 'varchar' || from.base === 'text') && to.base === 'text')
        return 'no';
    if (from.base === 'text' && to.base === 'varchar' && to.modifiers.length === 0)
        return 'no';
    if (from.base === 'varchar' && to.base === 'varchar')
        return widens(from.modifiers, to.modifiers, 'varchar') ? 'no' : 'yes';
    if (from.base === 'cidr' && to.base === 'inet')
        return 'no';
    return 'yes';
}
function sameModifiers(from, to) {
    return from.modifiers.length === to.modifiers.length && from.modifiers.every((value, i) => value === to.modifiers[i]);
}
// Fractional-second precision (timestamp(p), time(p), interval(p)): their support functions skip
// the rewrite when it is raised, removed, or set to the maximum, 6 (TemporalSimplify).
const PRECISION_TYPES = new Set(['timestamp', 'timestamptz', 'time', 'timetz', 'interval']);
const MAX_PRECISION = 6;
/** Same type, same or looser limit: varchar(n) \u2192 varchar(m \u2265 n) or no limit; numeric(p, s) \u2192 numeric(q \u2265 p, s). */
function widens(from, to, base) {
    if (to.length === 0)
        return from.length === 0 || base === 'varchar' || base === 'numeric' || base === 'varbit' || PRECISION_TYPES.has(base);
    if (PRECISION_TYPES.has(base) && to.length === 1 && to[0] === MAX_PRECISION)
        return true;
    if (from.length === 0)
        return false;
    if (base === 'numeric')
        return to[0] >= from[0] && (to[1] ?? 0) === (from[1] ?? 0);
    if (base === 'varchar' || base === 'varbit' || PRECISION_TYPES.has(base))
        return to[0] >= from[0];
    return to.every((value, i) => value === from[i]);
}

;// CONCATENATED MODULE: ./src/lint/rules/alter-table.ts





/**
 * ALTER TABLE, subcommand by subcommand: what each costs on a table that already holds rows
 * (https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES), and what it
 * breaks for the release still running. What a subcommand changes is recorded for the next.
 */
function judgeAlterTable(statement, context) {
    if (statement.objtype !== undefined && statement.objtype !== 'OBJECT_TABLE')
        return;
    const table = tableOf(context, relationOf(statement.relation));
    if (!table)
        return;
    const commands = (statement.cmds ?? []).flatMap((node) => ('AlterTableCmd' in node ? [node.AlterTableCmd] : []));
    for (const command of commands)
        judgeCommand(command, table, context);
    context.transaction.took(table.label, lockOf(commands), context.statement.line);
}
function judgeCommand(command, table, context) {
    const def = command.def;
    switch (command.subtype) {
        case 'AT_AddColumn':
            if (def && 'ColumnDef' in def)
                addColumn(columnShape(def.ColumnDef), table, context);
            return;
        case 'AT_AddConstraint':
            if (def && 'Constraint' in def)
                addConstraint(def.Constraint, table, context);
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
            if (def && 'ColumnDef' in def)
                alterType(command.name ?? '', def.ColumnDef, table, context);
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
            if (def && 'PartitionCmd' in def)
                attachPartition(def.PartitionCmd, context);
            return;
    }
}
function addColumn(column, table, context) {
    const quiet = context.knowledge.quietForLocks(table);
    const where = context.knowledge.describe(table);
    // a domain with a CHECK: every row's value (its default, or NULL) is checked, in a rewrite
    const domain = column.type && !column.type.array && context.knowledge.checkedDomains.has(column.type.base) ? column.type.base : undefined;
    const computed = column.serial
        ? `${describeType(column.type)}`
        : column.identity
            ? 'GENERATED AS IDENTITY'
            : column.generatedStored
                ? 'GENERATED ALWAYS AS (\u2026) STORED'
                : undefined;
    const volatile = volatileCall(column.default, context.knowledge.volatileFunctions);
    if (!quiet && (computed || volatile)) {
        context.report('volatile-default-rewrites', `ADD COLUMN ${column.name} ${computed ?? `DEFAULT ${volatile}()`} rewrites ${where} under an ACCESS EXCLUSIVE lock, as every row gets a value of its own${heldClause(context, table, 'ACCESS EXCLUSIVE')}: add the column without it, SET DEFAULT afterwards (new rows only), and backfill existing rows in batches`, column.location);
    }
    else if (!quiet && domain) {
        context.report('volatile-default-rewrites', `ADD COLUMN ${column.name} ${domain} rewrites ${where} under an ACCESS EXCLUSIVE lock: ${domain} is a domain with a CHECK, which every row's value is checked against${heldClause(context, table, 'ACCESS EXCLUSIVE')}; add the column with its base type, backfill in batches, and switch to the domain later (or check with a NOT VALID CHECK constraint)`, column.location);
    }
    if (column.notNull && !column.default && !computed && !context.knowledge.newInThisRelease(table)) {
        const hasRows = table.origin === 'database' && (table.facts?.heapBytes ?? 0) > 0;
        context.report('add-column-not-null', hasRows
            ? `ADD COLUMN ${column.name} NOT NULL without a default fails on ${where}: its rows would be NULL; add it with a constant default, or nullable, backfill, and enforce NOT NULL with a validated CHECK`
            : `ADD COLUMN ${column.name} NOT NULL without a default fails if ${table.label} has rows, and the previous release's INSERTs, which do not set ${column.name}, fail from this migration until the rollout ends: add it with a constant default, or nullable and enforced later`, column.location);
    }
    if (!quiet && (column.primaryKey || column.unique)) {
        context.report('unique-without-index', `ADD COLUMN ${column.name} ${column.primaryKey ? 'PRIMARY KEY' : 'UNIQUE'} builds its index on ${where} under an ACCESS EXCLUSIVE lock: add the column, CREATE UNIQUE INDEX CONCURRENTLY in a file of its own, then ADD CONSTRAINT \u2026 USING INDEX`, column.location);
    }
    if (!quiet && (column.references || column.check)) {
        const what = column.references ? `REFERENCES ${column.references.name}` : 'CHECK';
        context.report('constraint-not-valid', `ADD COLUMN ${column.name} ${what} scans ${where} to validate it under an ACCESS EXCLUSIVE lock: add the column, then the constraint NOT VALID, and VALIDATE CONSTRAINT in a later migration`, column.location);
    }
    table.columns.set(column.name, storedType(column.type) ?? { base: 'unknown', modifiers: [], array: false });
    table.addedColumns.set(column.name, { notNull: column.notNull, hasDefault: Boolean(column.default || computed) });
}
function addConstraint(constraint, table, context) {
    const quiet = context.knowledge.quietForLocks(table);
    const where = context.knowledge.describe(table);
    const name = constraint.conname ? `${constraint.conname} ` : '';
    switch (constraint.contype) {
        case 'CONSTR_FOREIGN': {
            const referenced = relationOf(constraint.pktable);
            if (!quiet && !constraint.skip_validation) {
                context.report('constraint-not-valid', `ADD CONSTRAINT ${name}FOREIGN KEY validates every row of ${where} while it blocks writes to ${table.label}${referenced ? ` and ${referenced.name}` : ''}${heldClause(context, table, 'SHARE ROW EXCLUSIVE')}: add it NOT VALID, then VALIDATE CONSTRAINT in a later migration`, constraint.location);
            }
            if (referenced)
                context.transaction.took(context.knowledge.table(referenced).label, 'SHARE ROW EXCLUSIVE', context.statement.line);
            return;
        }
        case 'CONSTR_CHECK': {
            if (!quiet && !constraint.skip_validation) {
                context.report('constraint-not-valid', `ADD CONSTRAINT ${name}CHECK validates every row of ${where} under an ACCESS EXCLUSIVE lock: add it NOT VALID, then VALIDATE CONSTRAINT in a later migration`, constraint.location);
            }
            const proves = notNullColumns(constraint.raw_expr);
            if (!constraint.skip_validation)
                table.checked = true;
            if (!constraint.skip_validation)
                for (const column of proves)
                    table.provenNotNull.add(column);
            else if (proves.length > 0 && constraint.conname)
                table.unvalidatedNotNull.set(constraint.conname, proves);
            return;
        }
        case 'CONSTR_UNIQUE':
        case 'CONSTR_PRIMARY': {
            const kind = constraint.contype === 'CONSTR_PRIMARY' ? 'PRIMARY KEY' : 'UNIQUE';
            if (!quiet && !constraint.indexname) {
                context.report('unique-without-index', `ADD CONSTRAINT ${name}${kind} builds its index on ${where} under an ACCESS EXCLUSIVE lock: CREATE UNIQUE INDEX CONCURRENTLY in a file of its own, then ADD CONSTRAINT \u2026 ${kind} USING INDEX`, constraint.location);
            }
            if (kind === 'PRIMARY KEY')
                primaryKeyNotNull(constraint, table, context);
            return;
        }
        case 'CONSTR_EXCLUSION': {
            if (!quiet) {
                context.report('unique-without-index', `ADD CONSTRAINT ${name}EXCLUDE builds its index on ${where} under an ACCESS EXCLUSIVE lock, and checks every row: reads and writes wait; PostgreSQL has no CONCURRENTLY form of it, so add it while ${table.label} is new or small, or in a maintenance window`, constraint.location);
            }
            return;
        }
    }
}
/**
 * A primary key makes its columns NOT NULL: over an index (USING INDEX) nothing is built, but a
 * nullable column is scanned for NULLs under the ACCESS EXCLUSIVE lock, as SET NOT NULL does.
 */
function primaryKeyNotNull(constraint, table, context) {
    const schema = table.label.includes('.') ? table.label.replace(/\.[^.]*$/, '') : null;
    const columns = constraint.indexname ? context.knowledge.indexColumns({ schema, name: constraint.indexname }) : strings(constraint.keys);
    if (constraint.indexname && columns && !context.knowledge.quietForLocks(table)) {
        const nullable = columns.filter((column) => !table.provenNotNull.has(column));
        if (nullable.length > 0) {
            const list = nullable.join(', ');
            context.report('set-not-null-scans', `ADD PRIMARY KEY USING INDEX ${constraint.indexname} makes ${list} NOT NULL, which scans ${context.knowledge.describe(table)} under an ACCESS EXCLUSIVE lock${table.origin === 'database' ? '' : ` unless ${nullable.length === 1 ? 'it is' : 'they are'} NOT NULL already`}${heldClause(context, table, 'ACCESS EXCLUSIVE')}: first make ${list} NOT NULL without a scan (CHECK (\u2026 IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in a later migration, SET NOT NULL)`, constraint.location);
        }
    }
    for (const column of columns ?? [])
        table.provenNotNull.add(column);
}
/** SET TABLESPACE, SET LOGGED, SET UNLOGGED: every row is copied to new files under ACCESS EXCLUSIVE. */
function rewriteCommand(command, verb, table, context) {
    if (context.knowledge.quietForLocks(table))
        return;
    context.report('table-rewrite-command', `${command} ${verb} ${context.knowledge.describe(table)} (and its indexes) under an ACCESS EXCLUSIVE lock: reads and writes wait until it is done; do it in a maintenance window, outside the deploy`);
}
/**
 * ATTACH PARTITION scans the partition under an ACCESS EXCLUSIVE lock to prove its rows fit the
 * bound, unless a validated CHECK implies it (the parent takes SHARE UPDATE EXCLUSIVE, 12+).
 * That a CHECK matches the bound is not judged: any validated CHECK is taken to be that one.
 */
function attachPartition(command, context) {
    const relation = relationOf(command.name);
    if (!relation)
        return;
    const partition = context.knowledge.table(relation);
    if (!context.knowledge.quietForLocks(partition) && !partition.checked) {
        context.report('constraint-not-valid', `ATTACH PARTITION ${partition.label} scans ${context.knowledge.describe(partition)} to check the partition bound under an ACCESS EXCLUSIVE lock${heldClause(context, partition, 'ACCESS EXCLUSIVE')}: ADD CONSTRAINT \u2026 CHECK (matching the bound) NOT VALID on it, VALIDATE CONSTRAINT in a later migration, then ATTACH PARTITION (no scan) and drop the check`);
    }
    context.transaction.took(partition.label, 'ACCESS EXCLUSIVE', context.statement.line);
}
function validateConstraint(name, table, context) {
    const held = context.transaction.heldOn(table.label);
    if (held && blocksWrites(held.mode) && !context.knowledge.quietForLocks(table)) {
        context.report('constraint-not-valid', `VALIDATE CONSTRAINT ${name} scans ${context.knowledge.describe(table)} in the same transaction as line ${held.line}, whose ${held.mode} lock it keeps all the while: validate in a later migration, where it lets reads and writes go on`);
    }
    for (const column of table.unvalidatedNotNull.get(name) ?? [])
        table.provenNotNull.add(column);
    table.checked = true;
}
function setNotNull(column, table, context) {
    const added = table.addedColumns.get(column);
    if (added) {
        added.notNull = true;
        if (!added.hasDefault)
            previousReleaseInserts(column, 'SET NOT NULL', table, context);
    }
    if (table.provenNotNull.has(column) || context.knowledge.quietForLocks(table))
        return;
    const check = `${table.label.replace(/^.*\./, '')}_${column}_not_null`;
    context.report('set-not-null-scans', `SET NOT NULL on ${table.label}.${column} scans ${context.knowledge.describe(table)} under an ACCESS EXCLUSIVE lock, blocking reads and writes${heldClause(context, table, 'ACCESS EXCLUSIVE')}: ADD CONSTRAINT ${check} CHECK (${column} IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT it in a later migration, then SET NOT NULL (no scan on PostgreSQL 12+) and drop the check`);
}
/** SET DEFAULT or DROP DEFAULT: instant, but dropping the default of a new NOT NULL column breaks old INSERTs. */
function columnDefault(column, set, table, context) {
    const added = table.addedColumns.get(column);
    if (!added)
        return;
    added.hasDefault = set;
    if (!set && added.notNull)
        previousReleaseInserts(column, 'DROP DEFAULT', table, context);
}
/**
 * A column this release adds is unknown to the previous release, whose INSERTs leave it to its
 * default: NOT NULL without one makes them fail for as long as that release still runs.
 */
function previousReleaseInserts(column, what, table, context) {
    if (context.direction !== 'up' || context.knowledge.newInThisRelease(table))
        return;
    context.report('add-column-not-null', `${what} leaves ${table.label}.${column}, which this release adds, NOT NULL without a default: the previous release's INSERTs, which do not set ${column}, fail from this migration until the rollout ends; keep a default (a constant, or one computed per row)`);
}
function alterType(column, def, table, context) {
    const to = columnTypeOf(def.typeName);
    const from = table.columns.get(column);
    if (to)
        table.columns.set(column, to);
    if (!to || context.knowledge.quietForLocks(table))
        return;
    // USING the column itself converts as no USING does
    const using = def.raw_default;
    const itself = using !== undefined &&
        'ColumnRef' in using &&
        strings(using.ColumnRef.fields).join('.') === column &&
        using.ColumnRef.fields?.length === 1;
    const verdict = typeChangeRewrites(from, to, using !== undefined && !itself);
    if (verdict === 'no')
        return;
    const was = from ? ` (was ${describeType(from)})` : '';
    const unknown = verdict === 'unknown'
        ? `, unless it only widens a varchar or a numeric (the current type of ${column} is not known without a database)`
        : '';
    context.report('column-type-rewrites', `ALTER COLUMN ${column} TYPE ${describeType(to)}${was} rewrites ${context.knowledge.describe(table)} and rebuilds its indexes under an ACCESS EXCLUSIVE lock${unknown}: add a new column, backfill it in batches, and switch over in a later release`);
}
function dropColumn(column, table, context) {
    if (context.direction === 'down') {
        if (table.origin === 'database' && table.facts?.heapBytes === 0)
            return;
        context.report('down-drops-data', `DROP COLUMN ${table.label}.${column} destroys what was written to it since the up ran${table.origin === 'database' ? ` (${context.knowledge.describe(table)})` : ''}: copy it aside first, or be sure a backup can be restored`);
    }
    else if (!context.knowledge.newInThisRelease(table) && !table.addedColumns.has(column)) {
        context.report('drop-breaks-previous-release', `DROP COLUMN ${table.label}.${column} breaks the previous release: from the moment this migration commits until its last server stops, its queries that use ${column} fail; expand/contract: release N stops using ${column}, release N+1 drops it`);
    }
    table.columns.delete(column);
}
/**
 * The table lock of the whole statement: the strongest its subcommands need. VALIDATE takes
 * SHARE UPDATE EXCLUSIVE and ADD FOREIGN KEY SHARE ROW EXCLUSIVE; nearly all else ACCESS EXCLUSIVE.
 */
function lockOf(commands) {
    let strongest = 'SHARE UPDATE EXCLUSIVE';
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

;// CONCATENATED MODULE: ./src/lint/rules/compatibility.ts


/**
 * A deploy migrates first and starts the new servers after: until the last server of the
 * previous release stops, that release runs against the new schema. Dropping or renaming what
 * it uses breaks it for that whole window (expand/contract, or "parallel change").
 */
const WINDOW = 'from the moment this migration commits until its last server stops';
function judgeRename(statement, context) {
    const table = tableOf(context, relationOf(statement.relation));
    if (!table)
        return;
    const old = statement.subname ?? '';
    const to = statement.newname ?? '';
    if (statement.renameType === 'OBJECT_COLUMN' && statement.relationType === 'OBJECT_TABLE') {
        if (context.direction === 'up' && !context.knowledge.newInThisRelease(table) && !table.addedColumns.has(old)) {
            context.report('rename-breaks-previous-release', `RENAME COLUMN ${table.label}.${old} TO ${to} breaks the previous release: ${WINDOW}, its queries that use ${old} fail; add ${to} beside ${old}, write both, backfill, switch reads, and drop ${old} in a later release`);
        }
        const type = table.columns.get(old);
        table.columns.delete(old);
        if (type)
            table.columns.set(to, type);
        const added = table.addedColumns.get(old);
        if (added && table.addedColumns.delete(old))
            table.addedColumns.set(to, added);
    }
    else if (statement.renameType === 'OBJECT_TABLE') {
        if (context.direction === 'up' && !context.knowledge.newInThisRelease(table)) {
            context.report('rename-breaks-previous-release', `RENAME ${table.label} TO ${to} breaks the previous release: ${WINDOW}, its queries that name ${table.label} fail; keep the old name working (CREATE VIEW ${table.label.replace(/^.*\./, '')} AS SELECT * FROM ${to} in the same migration) until a later release drops it`);
        }
        context.knowledge.renamed(relationOf(statement.relation), to);
    }
    else {
        return;
    }
    context.transaction.took(table.label, 'ACCESS EXCLUSIVE', context.statement.line);
}
/** ALTER TABLE \u2026 SET SCHEMA: the table's old name leads nowhere, as after a rename. */
function judgeSetSchema(statement, context) {
    if (statement.objectType !== 'OBJECT_TABLE')
        return;
    const relation = relationOf(statement.relation);
    const table = tableOf(context, relation);
    if (!relation || !table || !statement.newschema)
        return;
    if (context.direction === 'up' && !context.knowledge.newInThisRelease(table)) {
        const to = `${statement.newschema}.${table.label.replace(/^.*\./, '')}`;
        context.report('rename-breaks-previous-release', `SET SCHEMA moves ${table.label} to ${to} and breaks the previous release: ${WINDOW}, its queries that name ${table.label} fail; keep the old name working (CREATE VIEW ${table.label} AS SELECT * FROM ${to} in the same migration) until a later release drops it`);
    }
    context.transaction.took(table.label, 'ACCESS EXCLUSIVE', context.statement.line);
    context.knowledge.moved(relation, statement.newschema);
}
function judgeDrop(statement, context) {
    if (statement.removeType === 'OBJECT_SCHEMA' && context.direction === 'down' && statement.behavior === 'DROP_CASCADE') {
        context.report('down-drops-data', 'DROP SCHEMA \u2026 CASCADE destroys every table in it when this down runs: copy the data aside first, or be sure a backup can be restored');
        return;
    }
    if (statement.removeType !== 'OBJECT_TABLE')
        return;
    for (const object of statement.objects ?? []) {
        const relation = relationFromList(object);
        if (!relation)
            continue;
        const table = context.knowledge.table(relation);
        if (context.direction === 'down') {
            if (!context.knowledge.quietForLocks(table)) {
                context.report('down-drops-data', `DROP TABLE ${context.knowledge.describe(table)} destroys every row written since the up ran: copy it aside first (or rename it), or be sure a backup can be restored`);
            }
        }
        else if (!context.knowledge.newInThisRelease(table)) {
            context.report('drop-breaks-previous-release', `DROP TABLE ${context.knowledge.describe(table)} breaks the previous release: ${WINDOW}, its queries on ${table.label} fail; expand/contract: release N stops using it, release N+1 drops it`);
        }
        context.transaction.took(table.label, 'ACCESS EXCLUSIVE', context.statement.line);
        context.knowledge.dropped(relation);
    }
}
function judgeTruncate(statement, context) {
    for (const node of statement.relations ?? []) {
        const table = tableOf(context, 'RangeVar' in node ? relationOf(node.RangeVar) : null);
        if (!table)
            continue;
        if (context.direction === 'down' && !context.knowledge.quietForLocks(table)) {
            context.report('down-drops-data', `TRUNCATE ${context.knowledge.describe(table)} destroys every row when this down runs: copy it aside first, or be sure a backup can be restored`);
        }
        context.transaction.took(table.label, 'ACCESS EXCLUSIVE', context.statement.line);
    }
}

;// CONCATENATED MODULE: ./src/lint/rules/create-table.ts


const SMALL_INTEGERS = {
    int2: { spelled: 'smallint', limit: '32,767' },
    serial2: { spelled: 'smallserial', limit: '32,767' },
    int4: { spelled: 'integer', limit: '2,147,483,647' },
    serial4: { spelled: 'serial', limit: '2,147,483,647' },
};
/**
 * A new table is empty and, inside the migration's transaction, not even visible to other
 * sessions: nothing about it can block anyone. What can hurt later is a key that runs out.
 */
function judgeCreateTable(statement, context) {
    const relation = relationOf(statement.relation);
    if (!relation)
        return;
    const columns = [];
    const primaryKeys = [];
    for (const element of statement.tableElts ?? []) {
        if ('ColumnDef' in element) {
            const column = columnShape(element.ColumnDef);
            columns.push(column);
            if (column.primaryKey)
                primaryKeys.push(column.name);
        }
        else if ('Constraint' in element && element.Constraint.contype === 'CONSTR_PRIMARY') {
            primaryKeys.push(...strings(element.Constraint.keys));
        }
    }
    if (primaryKeys.length === 1 && context.direction === 'up') {
        const key = columns.find((column) => column.name === primaryKeys[0]);
        const small = key?.type ? SMALL_INTEGERS[key.type.base] : undefined;
        if (key && small && generated(key)) {
            context.report('integer-primary-key', `${relation.name}.${key.name} is a ${small.spelled} key filled from a sequence: it runs out at ${small.limit} inserts, and widening it later rewrites the table and every table that references it; use bigint GENERATED BY DEFAULT AS IDENTITY`, key.location);
        }
    }
    const types = new Map();
    for (const column of columns) {
        const type = storedType(column.type);
        if (type)
            types.set(column.name, type);
    }
    const state = statement.if_not_exists ? context.knowledge.createdIfAbsent(relation, types) : context.knowledge.created(relation, types);
    if (state.origin === 'file') {
        state.partitioned = statement.partspec !== undefined;
        for (const column of columns)
            if (column.notNull)
                state.provenNotNull.add(column.name);
    }
}
/** serial, identity, or a nextval() default: every insert takes the next number. */
function generated(column) {
    if (column.serial || column.identity)
        return true;
    const call = column.default && 'FuncCall' in column.default ? strings(column.default.FuncCall.funcname).at(-1) : undefined;
    return call === 'nextval';
}
/**
 * CREATE TABLE \u2026 AS, CREATE MATERIALIZED VIEW and SELECT \u2026 INTO make a relation too (with rows,
 * but nobody uses it yet: an index built on it right after blocks no one).
 */
function judgeCreateTableAs(statement, context) {
    const relation = relationOf(statement.into?.rel);
    if (!relation || (statement.objtype !== 'OBJECT_TABLE' && statement.objtype !== 'OBJECT_MATVIEW'))
        return;
    if (statement.if_not_exists)
        context.knowledge.createdIfAbsent(relation);
    else
        context.knowledge.created(relation);
}
function judgeSelectInto(statement, context) {
    const relation = relationOf(statement.intoClause?.rel);
    if (relation)
        context.knowledge.created(relation);
}
/**
 * A domain with a CHECK makes ADD COLUMN of its type rewrite the table, each row's value checked
 * (alter-table.ts). The lint knows the domains the migrations create; the database's own are not
 * among the catalog facts it reads.
 */
function judgeCreateDomain(statement, context) {
    const name = strings(statement.domainname).at(-1);
    if (name && constraintsOf(statement.constraints).some((constraint) => constraint.contype === 'CONSTR_CHECK'))
        context.knowledge.checkedDomains.add(normaliseTypeName(name));
}
function judgeAlterDomain(statement, context) {
    const name = strings(statement.typeName).at(-1);
    const def = statement.def;
    if (name && statement.subtype === 'C' && def && 'Constraint' in def && def.Constraint.contype === 'CONSTR_CHECK')
        context.knowledge.checkedDomains.add(normaliseTypeName(name));
}

;// CONCATENATED MODULE: ./src/lint/rules/indexes.ts


/**
 * CREATE INDEX takes a SHARE lock for the whole build (writes wait); CONCURRENTLY takes SHARE
 * UPDATE EXCLUSIVE and lets them go on (https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY).
 */
function judgeCreateIndex(statement, context) {
    const table = tableOf(context, relationOf(statement.relation));
    if (!table)
        return;
    // ON ONLY a partitioned table builds nothing: an invalid index on the parent alone, under a
    // SHARE lock of its own, which each partition's index attaches to (the advice below)
    const onlyParent = statement.relation?.inh !== true && table.partitioned !== false;
    if (!statement.concurrent && !onlyParent && !context.knowledge.quietForLocks(table)) {
        const partitioned = table.facts?.kind === 'p';
        const name = statement.idxname ? `${statement.idxname} ` : '';
        context.report('create-index-blocks-writes', `CREATE ${statement.unique ? 'UNIQUE ' : ''}INDEX ${name}on ${context.knowledge.describe(table)} blocks writes while it builds${heldClause(context, table, 'SHARE')}: ${partitioned
            ? 'CREATE INDEX ON ONLY the partitioned table, CREATE INDEX CONCURRENTLY on each partition (each in a file of its own), then ALTER INDEX \u2026 ATTACH PARTITION'
            : 'use CREATE INDEX CONCURRENTLY in a file of its own'}`);
    }
    context.transaction.took(table.label, statement.concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE', context.statement.line);
    const relation = relationOf(statement.relation);
    if (statement.idxname) {
        const columns = (statement.indexParams ?? []).map((param) => ('IndexElem' in param ? (param.IndexElem.name ?? null) : null));
        context.knowledge.indexCreated({ schema: relation.schema, name: statement.idxname }, relation, columns);
    }
}
/**
 * REINDEX locks writes to the table and reads that would use the index until it is rebuilt;
 * REINDEX \u2026 CONCURRENTLY (PostgreSQL 12+) does not (https://www.postgresql.org/docs/current/sql-reindex.html).
 */
function judgeReindex(statement, context) {
    const concurrent = (statement.params ?? []).some((param) => 'DefElem' in param && param.DefElem.defname === 'concurrently' && !isFalse(param.DefElem.arg));
    if (concurrent)
        return;
    const relation = relationOf(statement.relation);
    const what = statement.kind === 'REINDEX_OBJECT_INDEX' ? 'INDEX' : statement.kind === 'REINDEX_OBJECT_TABLE' ? 'TABLE' : 'SCHEMA';
    if (!relation || what === 'SCHEMA') {
        context.report('reindex-blocks-writes', `REINDEX ${statement.kind?.replace('REINDEX_OBJECT_', '') ?? ''} ${statement.name ?? ''} blocks writes to every table it rebuilds: REINDEX \u2026 CONCURRENTLY, table by table, each in a file of its own`.replace(/\s+/g, ' '));
        return;
    }
    const target = context.knowledge.table(relation);
    if (context.knowledge.quietForLocks(target))
        return;
    const ofTable = what === 'INDEX' ? (target.facts?.table ?? null) : target.label;
    const on = ofTable ? context.knowledge.describe(target, ofTable) : `the table of ${relation.name}`;
    context.report('reindex-blocks-writes', `REINDEX ${what} ${relation.name} blocks writes to ${on}, and reads that use ${what === 'INDEX' ? 'the index' : 'its indexes'}, while it rebuilds${heldClause(context, target, 'SHARE')}: REINDEX ${what} CONCURRENTLY in a file of its own`);
}

;// CONCATENATED MODULE: ./src/lint/rules/maintenance.ts



/** VACUUM FULL rewrites each table under ACCESS EXCLUSIVE; plain VACUUM and ANALYZE do not. */
function judgeVacuum(statement, context) {
    const full = (statement.options ?? []).some((option) => 'DefElem' in option && option.DefElem.defname === 'full' && !isFalse(option.DefElem.arg));
    if (!full || !statement.is_vacuumcmd)
        return;
    const relations = (statement.rels ?? []).flatMap((node) => 'VacuumRelation' in node && node.VacuumRelation.relation ? [relationOf(node.VacuumRelation.relation)] : []);
    if (relations.length === 0) {
        context.report('table-rewrite-command', 'VACUUM FULL rewrites every table of the database, each under an ACCESS EXCLUSIVE lock: plain VACUUM, or pg_repack, outside the migration');
        return;
    }
    for (const relation of relations)
        rewrite('VACUUM FULL', tableOf(context, relation), context);
}
/** CLUSTER rewrites the table in index order under ACCESS EXCLUSIVE; without a name, every clustered table. */
function judgeCluster(statement, context) {
    const relation = relationOf(statement.relation);
    if (!relation) {
        context.report('table-rewrite-command', 'CLUSTER rewrites every table clustered before, each under an ACCESS EXCLUSIVE lock: pg_repack outside the migration');
        return;
    }
    rewrite('CLUSTER', tableOf(context, relation), context);
}
function rewrite(command, table, context) {
    if (!table)
        return;
    if (!context.knowledge.quietForLocks(table)) {
        context.report('table-rewrite-command', `${command} rewrites ${context.knowledge.describe(table)} under an ACCESS EXCLUSIVE lock: reads and writes wait until it is done; plain VACUUM, or pg_repack, outside the migration`);
    }
    context.transaction.took(table.label, 'ACCESS EXCLUSIVE', context.statement.line);
}
/** LOCK TABLE without a mode is ACCESS EXCLUSIVE; SHARE and stronger block writes. */
function judgeLock(statement, context) {
    const mode = LOCK_MODES[(statement.mode ?? 8) - 1] ?? 'ACCESS EXCLUSIVE';
    for (const node of statement.relations ?? []) {
        const table = tableOf(context, 'RangeVar' in node ? relationOf(node.RangeVar) : null);
        if (!table)
            continue;
        if (lockStrength(mode) >= lockStrength('SHARE') && !context.knowledge.quietForLocks(table)) {
            context.report('lock-table', `LOCK TABLE ${context.knowledge.describe(table)} IN ${mode} MODE blocks ${mode === 'ACCESS EXCLUSIVE' ? 'reads and writes' : 'writes'} until the migration commits: leave the locking to each statement, which takes the weakest lock it needs`);
        }
        context.transaction.took(table.label, mode, context.statement.line);
    }
}
/**
 * An UPDATE or DELETE without WHERE touches every row and keeps each locked until the
 * migration's transaction commits. In a down, a DELETE of every row is data gone.
 */
function judgeWrite(statement, kind, context) {
    const table = tableOf(context, relationOf(statement.relation));
    if (!table)
        return;
    if (!statement.whereClause && !context.knowledge.quietForLocks(table)) {
        if (kind === 'DELETE' && context.direction === 'down') {
            context.report('down-drops-data', `DELETE FROM ${context.knowledge.describe(table)} without WHERE destroys every row when this down runs: copy it aside first, or be sure a backup can be restored`);
        }
        else {
            const until = context.transaction.inTransaction ? 'until the migration commits' : 'until it ends';
            context.report('backfill-in-transaction', `${kind} of every row of ${context.knowledge.describe(table)} locks each row ${until}: writes to them wait${heldClause(context, table, 'ROW EXCLUSIVE')}; backfill in batches outside the migration transaction`);
        }
    }
    context.transaction.took(table.label, 'ROW EXCLUSIVE', context.statement.line);
}

;// CONCATENATED MODULE: ./src/lint/judge.ts






/** Hands one parsed statement to the rules for its kind; other kinds have nothing to judge. */
function judge(node, context) {
    if ('AlterTableStmt' in node)
        judgeAlterTable(node.AlterTableStmt, context);
    else if ('IndexStmt' in node)
        judgeCreateIndex(node.IndexStmt, context);
    else if ('ReindexStmt' in node)
        judgeReindex(node.ReindexStmt, context);
    else if ('RenameStmt' in node)
        judgeRename(node.RenameStmt, context);
    else if ('AlterObjectSchemaStmt' in node)
        judgeSetSchema(node.AlterObjectSchemaStmt, context);
    else if ('CreateDomainStmt' in node)
        judgeCreateDomain(node.CreateDomainStmt, context);
    else if ('AlterDomainStmt' in node)
        judgeAlterDomain(node.AlterDomainStmt, context);
    else if ('DropStmt' in node)
        judgeDrop(node.DropStmt, context);
    else if ('TruncateStmt' in node)
        judgeTruncate(node.TruncateStmt, context);
    else if ('VacuumStmt' in node)
        judgeVacuum(node.VacuumStmt, context);
    else if ('ClusterStmt' in node)
        judgeCluster(node.ClusterStmt, context);
    else if ('LockStmt' in node)
        judgeLock(node.LockStmt, context);
    else if ('UpdateStmt' in node)
        judgeWrite(node.UpdateStmt, 'UPDATE', context);
    else if ('DeleteStmt' in node)
        judgeWrite(node.DeleteStmt, 'DELETE', context);
    else if ('CreateStmt' in node)
        judgeCreateTable(node.CreateStmt, context);
    else if ('CreateTableAsStmt' in node)
        judgeCreateTableAs(node.CreateTableAsStmt, context);
    else if ('SelectStmt' in node && node.SelectStmt.intoClause)
        judgeSelectInto(node.SelectStmt, context);
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
// EXTERNAL MODULE: external "node:v8"
var external_node_v8_ = __webpack_require__(8877);
// EXTERNAL MODULE: ./src/sql/code-points.ts
var code_points = __webpack_require__(2943);
;// CONCATENATED MODULE: ./src/lint/parser.ts




/**
 * PostgreSQL's own parser (libpg_query, compiled to WebAssembly), loaded only when a run lints.
 *
 * The bundler copies the .wasm file next to the bundle and replaces this expression with the
 * copy's path (a string); unbundled (tests), it stays a file URL into node_modules.
 */
const WASM_FILE = __webpack_require__.ab + "libpg-query.wasm";
let loading;
function loadParser() {
    // (no `??=` in this module: the bundler's asset scan parses it with an older grammar, and
    // would leave the .wasm to a loader that corrupts it)
    if (!loading)
        loading = load();
    return loading;
}
async function load() {
    const wasmPath = WASM_FILE instanceof URL ? (0,external_node_url_.fileURLToPath)(WASM_FILE) : String(WASM_FILE);
    // A migration set needs a few hundred parses, not PostgreSQL's whole grammar at full speed:
    // compile each WebAssembly function on its first call, with the baseline compiler only. On two
    // busy cores this halves the time to the first parse, which eager compilation and background
    // optimisation of the 1.7 MB module otherwise spend. (These flags only concern WebAssembly,
    // and this is the process's only module.)
    (0,external_node_v8_.setFlagsFromString)('--wasm-lazy-compilation');
    (0,external_node_v8_.setFlagsFromString)('--liftoff-only');
    // Node 24's V8 ignores --liftoff-only set at run time and tiers the parser's largest function
    // up to TurboFan in the background: about 2 s and 550 MB, which the process waits for at exit.
    // Only both of these, set before the module loads, keep it to the baseline compiler there.
    (0,external_node_v8_.setFlagsFromString)('--no-wasm-tier-up');
    (0,external_node_v8_.setFlagsFromString)('--no-wasm-dynamic-tiering');
    // Emscripten's glue looks for the .wasm in `__dirname`, which an ES module bundle does not
    // define: lend it the directory of the copy while the module starts (the lookup happens
    // synchronously, when the module is evaluated), and take it back.
    const scope = globalThis;
    const lent = scope.__dirname === undefined;
    if (lent)
        scope.__dirname = (0,external_node_path_.dirname)(wasmPath);
    let library;
    try {
        library = await __webpack_require__.e(/* import() */ 627).then(__webpack_require__.t.bind(__webpack_require__, 2627, 23));
    }
    finally {
        if (lent)
            delete scope.__dirname;
    }
    await library.loadModule();
    return {
        parse(text) {
            try {
                const node = library.parseSync(text).stmts?.[0]?.stmt;
                return node ? { node } : { error: { message: 'empty statement', offset: 0 } };
            }
            catch (error) {
                const details = error.sqlDetails;
                return { error: { message: error.message, offset: cursorToUtf16Offset(text, details?.cursorPosition) } };
            }
        },
    };
}
/**
 * The UTF-16 offset into `text` of a syntax error's position. PostgreSQL reports an error's
 * cursor position in characters, not bytes (scanner_errposition: pg_mbstrlen_with_len, in
 * libpg_query's UTF-8, so code points); libpg-query hands it over 0-based as `cursorPosition`.
 * The syntax tree's `location`s, by contrast, are byte offsets: see byteToUtf16Offset.
 */
function cursorToUtf16Offset(text, cursorPosition) {
    if (cursorPosition === undefined || !(cursorPosition > 0))
        return 0;
    return (0,code_points/* advanceCodePoints */.H0)(text, 0, Math.floor(cursorPosition));
}
/**
 * The syntax tree's `location`s count UTF-8 bytes into the parsed text; the lexer and the
 * editors count UTF-16 units. (Not for an error's cursor position, which counts characters.)
 */


;// CONCATENATED MODULE: ./src/lint/rules.ts
/**
 * The rules: stable names (they appear in annotations, the `lint` output and in
 * `-- oforum-migrate:ignore NAME: reason` comments, so a name never changes), each with why it
 * matters in one line and what to do instead. Lock behaviour as documented in
 * https://www.postgresql.org/docs/current/explicit-locking.html and on each ALTER TABLE form.
 */
const RULES = {
    'create-index-blocks-writes': {
        why: 'CREATE INDEX holds a SHARE lock on the table while it builds: every INSERT, UPDATE and DELETE waits',
        instead: 'CREATE INDEX CONCURRENTLY, alone in a file of its own',
    },
    'reindex-blocks-writes': {
        why: 'REINDEX blocks writes to the table, and reads that use the index, while it rebuilds',
        instead: 'REINDEX \u2026 CONCURRENTLY (PostgreSQL 12+), alone in a file of its own',
    },
    'concurrently-not-alone': {
        why: 'golang-migrate (and so the oForum server) sends a file as one query, which PostgreSQL runs as one transaction block: a statement that cannot run in one fails there',
        instead: 'put the statement alone in a file of its own',
    },
    'set-not-null-scans': {
        why: 'SET NOT NULL (and ADD PRIMARY KEY USING INDEX over nullable columns) scans the whole table under an ACCESS EXCLUSIVE lock: reads and writes wait',
        instead: 'ADD CONSTRAINT \u2026 CHECK (col IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT in a later migration; then SET NOT NULL (no scan on PostgreSQL 12+) and drop the check',
    },
    'add-column-not-null': {
        why: 'a NOT NULL column without a default fails on a table with rows, and breaks the INSERTs of the release still running',
        instead: 'add the column nullable or with a constant default, backfill, then enforce NOT NULL through a validated CHECK',
    },
    'volatile-default-rewrites': {
        why: 'a column whose default is computed per row (volatile, serial, identity, stored generated), or of a domain with a CHECK, rewrites the table under an ACCESS EXCLUSIVE lock',
        instead: 'add the column without the default, SET DEFAULT afterwards (new rows only), and backfill existing rows in batches',
    },
    'column-type-rewrites': {
        why: 'changing a column type rewrites the table and rebuilds its indexes under an ACCESS EXCLUSIVE lock (widening a varchar or a numeric does not)',
        instead: 'add a new column, write both, backfill in batches, and switch over in a later release',
    },
    'constraint-not-valid': {
        why: 'adding a FOREIGN KEY or CHECK, or attaching a partition, validates every existing row while it holds a lock that blocks writes (a CHECK blocks reads too)',
        instead: 'ADD CONSTRAINT \u2026 NOT VALID, then VALIDATE CONSTRAINT in a later migration (it lets reads and writes go on)',
    },
    'unique-without-index': {
        why: 'ADD UNIQUE, PRIMARY KEY or EXCLUDE builds its index under an ACCESS EXCLUSIVE lock: reads and writes wait',
        instead: 'CREATE UNIQUE INDEX CONCURRENTLY in a file of its own, then ADD CONSTRAINT \u2026 UNIQUE USING INDEX (or PRIMARY KEY USING INDEX)',
    },
    'drop-breaks-previous-release': {
        why: 'the previous release keeps running until the rollout ends, and its queries still use what this drops',
        instead: 'expand/contract: release N stops using it, release N+1 drops it',
    },
    'rename-breaks-previous-release': {
        why: 'the previous release keeps running until the rollout ends, and its queries still use the old name (a RENAME, or SET SCHEMA)',
        instead: 'expand/contract: add the new name beside the old (a new column written by both, or a view), switch over, drop the old in a later release',
    },
    'table-rewrite-command': {
        why: 'VACUUM FULL, CLUSTER and ALTER TABLE \u2026 SET TABLESPACE, SET LOGGED or SET UNLOGGED rewrite the table under an ACCESS EXCLUSIVE lock: reads and writes wait',
        instead: 'plain VACUUM, or an online tool such as pg_repack, outside the migration',
    },
    'lock-table': {
        why: 'an explicit LOCK TABLE in SHARE mode or stronger blocks writes (ACCESS EXCLUSIVE blocks reads too) until the migration commits',
        instead: 'leave the locking to each statement, which takes the weakest lock it needs',
    },
    'backfill-in-transaction': {
        why: 'an UPDATE or DELETE of every row locks each row until the migration commits: writes to them wait (and reads too under an earlier ALTER of the table)',
        instead: 'backfill in batches outside the migration transaction: a job, or a later file that runs batch by batch',
    },
    'integer-primary-key': {
        why: 'a 4-byte key filled from a sequence runs out at 2,147,483,647 inserts; widening it later rewrites the table and every table that references it',
        instead: 'bigint (GENERATED \u2026 AS IDENTITY)',
    },
    'down-drops-data': {
        why: 'running this down destroys data that was written since its up ran',
        instead: 'keep the data (rename, or copy it aside) or make sure a backup is restorable before going down',
    },
    'syntax-error': {
        why: "PostgreSQL's parser rejects the statement: the migration fails when it runs",
        instead: 'fix the SQL',
    },
    'invalid-ignore': {
        why: 'an oforum-migrate:ignore comment needs a known rule name and a reason, in a lower-case -- comment',
        instead: '-- oforum-migrate:ignore rule-name: why this is safe here',
    },
};
const RULE_NAMES = Object.keys(RULES);
function isRuleName(name) {
    return Object.hasOwn(RULES, name);
}
/** Rules whose findings an ignore comment cannot silence. */
const UNSUPPRESSIBLE = new Set(['invalid-ignore', 'syntax-error']);

// EXTERNAL MODULE: ./src/sql/scan.ts
var scan = __webpack_require__(8635);
// EXTERNAL MODULE: ./src/sql/tokenize.ts
var tokenize = __webpack_require__(571);
;// CONCATENATED MODULE: ./src/lint/suppressions.ts




const MARKER = /^--\s*oforum-migrate:(ignore-file|ignore)\b(.*)$/s;
// what looks like one but is not read as one: another case, or a block comment that starts with it
const LOOKALIKE = /^(?:--|\/\*)\s*oforum-migrate:(ignore-file|ignore)\b/i;
const BODY = /^\s+([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*:\s*(\S.*?)\s*$/s;
/**
 * Finds `-- oforum-migrate:ignore rule-a, rule-b: reason` comments. One applies to the
 * statement it is written in, or when it stands between statements to the next one; a comment
 * that trails a statement's last line applies to that statement. `ignore-file` applies to every
 * statement of the file. Only real comments count: the scan follows the lexer's tokens, so the
 * text inside a string or a function body never suppresses anything.
 */
function findSuppressions(sql, statements) {
    const found = { statements: new Map(), file: [], invalid: [] };
    const locate = (0,line_locator/* createLineLocator */.h)(sql);
    let previousEnd = 0;
    const visit = (from, to) => {
        for (const { comment, end } of comments(sql, from, to)) {
            const text = sql.slice(comment, end);
            const marker = MARKER.exec(text);
            if (!marker) {
                const lookalike = LOOKALIKE.exec(text);
                if (lookalike)
                    found.invalid.push({ ...locate(comment), message: lookalikeMessage(text, lookalike[1]) });
                continue;
            }
            const at = locate(comment);
            const parsed = parseBody(marker[2]);
            if (typeof parsed === 'string') {
                found.invalid.push({ ...at, message: parsed });
                continue;
            }
            if (marker[1] === 'ignore-file') {
                found.file.push(parsed);
                continue;
            }
            const target = targetOf(statements, comment, at.line, locate);
            if (target < 0) {
                found.invalid.push({ ...at, message: 'oforum-migrate:ignore is not followed by a statement' });
                continue;
            }
            found.statements.set(target, [...(found.statements.get(target) ?? []), parsed]);
        }
    };
    for (const token of (0,tokenize/* tokenize */.q)(sql)) {
        if (token.kind === 'error')
            return found;
        visit(previousEnd, token.start);
        previousEnd = token.end;
    }
    visit(previousEnd, sql.length);
    return found;
}
function parseBody(body) {
    const match = BODY.exec(body);
    if (!match)
        return 'write it as: -- oforum-migrate:ignore rule-name: the reason it is safe here (the reason is required)';
    const names = match[1].split(',').map((name) => name.trim());
    const unknown = names.find((name) => !isRuleName(name));
    if (unknown !== undefined)
        return `unknown rule "${unknown}" in oforum-migrate:ignore`;
    const fixed = names.find((name) => UNSUPPRESSIBLE.has(name));
    if (fixed !== undefined)
        return `${fixed} cannot be ignored`;
    return { rules: names, reason: match[2] };
}
/**
 * Only the README's form is read: a `--` comment, in lower case. Another case, or a block
 * comment that starts like one, is refused rather than silently ignored (a block comment that
 * holds a `--` ignore, one commented out, is not).
 */
function lookalikeMessage(text, kind) {
    const form = `-- oforum-migrate:${kind.toLowerCase()} rule-name: the reason it is safe here`;
    return text.startsWith('/*')
        ? `oforum-migrate:${kind.toLowerCase()} is read only in a -- comment, not in a block comment: write it as ${form}`
        : `oforum-migrate:${kind.toLowerCase()} is read only in lower case: write it as ${form}`;
}
/** The `--` and block comments of a stretch that holds only whitespace and comments. */
function* comments(sql, from, to) {
    let i = from;
    while (i < to) {
        if (sql.startsWith('--', i)) {
            const end = (0,scan/* lineCommentEnd */.Nm)(sql, i);
            yield { comment: i, end };
            i = end;
        }
        else if (sql.startsWith('/*', i)) {
            const end = (0,scan/* scanBlockComment */.yb)(sql, i);
            if (end >= 0)
                yield { comment: i, end };
            i = end < 0 ? to : end;
        }
        else {
            i++;
        }
    }
}
function targetOf(statements, offset, line, locate) {
    const inside = statements.findIndex((s) => s.start <= offset && offset < s.end);
    if (inside >= 0)
        return inside;
    const next = statements.findIndex((s) => s.start > offset);
    const previous = next < 0 ? statements.length - 1 : next - 1;
    if (previous >= 0 && locate(statements[previous].end).line === line)
        return previous;
    return next;
}

;// CONCATENATED MODULE: ./src/lint/lint-file.ts








function prepareFile(target, parser) {
    const sql = target.sql;
    const split = (0,src_sql/* splitStatements */.Xd)(sql);
    return {
        target,
        sql,
        statements: split.statements,
        nodes: split.statements.map((statement) => {
            const parsed = parser.parse(statement.text);
            return 'node' in parsed ? parsed.node : parsed;
        }),
        lexError: split.error,
        runsInTransaction: (0,src_sql/* transactionMode */.uq)(split.statements).mode === 'single-transaction',
    };
}
/**
 * The relations and functions the file names, for the one catalog query; `created` collects the
 * tables the files create, which the database cannot know yet. Functions matter only in the
 * defaults of ALTER TABLE.
 */
function namesIn(file, relations, functions, created) {
    for (const node of file.nodes) {
        if ('error' in node)
            continue;
        try {
            namesOf(node, relations, functions, created);
        }
        catch (error) {
            // as in lintFile: a statement too deep to read is left unjudged, not a failure of the run
            if (!(error instanceof RangeError))
                throw error;
        }
    }
}
function namesOf(node, relations, functions, created) {
    const made = 'CreateStmt' in node && !node.CreateStmt.if_not_exists
        ? node.CreateStmt.relation
        : 'CreateTableAsStmt' in node && !node.CreateTableAsStmt.if_not_exists
            ? node.CreateTableAsStmt.into?.rel
            : undefined;
    const madeKey = made?.relname ? regclassInput({ schema: made.schemaname ?? null, name: made.relname }) : undefined;
    // created before anything named it (a table dropped first and made again is still asked about);
    // CREATE \u2026 IF NOT EXISTS makes nothing when the table is there: the database is asked
    if (madeKey && !relations.has(madeKey))
        created.add(madeKey);
    for (const relation of namedRelations(node)) {
        const key = regclassInput(relation);
        if (!created.has(key))
            relations.add(key);
    }
    // DROP TABLE names its tables as lists of strings, not as relations
    if ('DropStmt' in node && node.DropStmt.removeType === 'OBJECT_TABLE') {
        for (const object of node.DropStmt.objects ?? []) {
            const relation = relationFromList(object);
            if (relation && !created.has(regclassInput(relation)))
                relations.add(regclassInput(relation));
        }
    }
    if ('AlterTableStmt' in node) {
        calledFunctions(node, functions);
        // ADD \u2026 USING INDEX names an index (in the table's schema) as a string
        const schema = node.AlterTableStmt.relation?.schemaname ?? null;
        for (const command of node.AlterTableStmt.cmds ?? []) {
            const def = 'AlterTableCmd' in command ? command.AlterTableCmd.def : undefined;
            const index = def && 'Constraint' in def ? def.Constraint.indexname : undefined;
            if (index && !created.has(regclassInput({ schema, name: index })))
                relations.add(regclassInput({ schema, name: index }));
        }
    }
}
/**
 * Runs the rules over a prepared file in order, with the tables and locks that its earlier
 * statements (and the earlier files, through `knowledge`) left behind; then applies the file's
 * ignore comments. `syntax`: report what the parser rejects as findings (the lint command), or
 * only list it (a run that will send the SQL to the server, which reports it itself).
 */
function lintFile(file, knowledge, syntax) {
    const { target, statements } = file;
    const locate = (0,line_locator/* createLineLocator */.h)(file.sql);
    const raw = [];
    const result = { findings: [], suppressed: [], unparsed: [] };
    const add = (rule, message, offset, statement) => {
        raw.push({
            finding: { version: target.version, direction: target.direction, file: target.file, ...locate(offset), rule, message },
            statement,
        });
    };
    knowledge.beginFile(target.file.replace(/^.*\//, ''));
    const transaction = new TransactionTracker(file.runsInTransaction);
    statements.forEach((statement, index) => {
        if (statement.kind === 'transaction-control')
            transaction.control(statement.keywords);
        const node = file.nodes[index];
        if ('error' in node) {
            const at = statement.start + node.error.offset;
            if (syntax)
                add('syntax-error', `${node.error.message}`, at, index);
            else
                result.unparsed.push({ file: target.file, ...locate(at), message: node.error.message, why: 'syntax' });
            return;
        }
        const context = {
            direction: target.direction,
            statement,
            knowledge,
            transaction,
            report: (rule, message, at) => add(rule, message, statement.start + (at === undefined ? 0 : (0,code_points/* byteToUtf16Offset */.JZ)(statement.text, at)), index),
        };
        try {
            judge(node, context);
        }
        catch (error) {
            // A tree too deep for the rules (the walks over expressions are iterative, but a rule may
            // not be): the statement is left unjudged, listed like one the parser rejects, and never
            // fails a valid migration. Anything else is a bug and stays one.
            if (!(error instanceof RangeError))
                throw error;
            result.unparsed.push({
                file: target.file,
                ...locate(statement.start),
                message: `the lint could not judge this statement (${error.message})`,
                why: 'too-deep',
            });
        }
    });
    knowledge.endFile();
    if (file.lexError && syntax)
        add('syntax-error', file.lexError.message, file.lexError.offset, -1);
    notAlone(statements, add);
    const suppressions = findSuppressions(file.sql, statements);
    for (const invalid of suppressions.invalid) {
        result.findings.push({
            version: target.version,
            direction: target.direction,
            file: target.file,
            line: invalid.line,
            column: invalid.column,
            rule: 'invalid-ignore',
            message: invalid.message,
        });
    }
    for (const { finding, statement } of raw) {
        const reason = suppressionFor(suppressions, statement, finding.rule);
        if (reason === undefined)
            result.findings.push(finding);
        else
            result.suppressed.push({ ...finding, reason });
    }
    result.findings.sort((a, b) => a.line - b.line || a.column - b.column);
    return result;
}
/**
 * golang-migrate sends a file as one query string, which PostgreSQL runs as one implicit
 * transaction (protocol-flow.html#PROTOCOL-FLOW-MULTI-STATEMENT): a statement that refuses to run
 * in a transaction block fails there unless it is the file's only statement.
 */
function notAlone(statements, add) {
    if (statements.length < 2)
        return;
    statements.forEach((statement, index) => {
        if (statement.kind !== 'no-transaction')
            return;
        const others = statements.length - 1;
        add('concurrently-not-alone', `${statement.keywords} shares its file with ${others} other ${others === 1 ? 'statement' : 'statements'}: golang-migrate, and so the oForum server, sends the file as one query, which PostgreSQL runs as one transaction block, where ${statement.keywords} cannot run (this tool runs the file statement by statement, and the database stays dirty if one fails); ${RULES['concurrently-not-alone'].instead}`, statement.start, index);
    });
}
function suppressionFor(suppressions, statement, rule) {
    if (rule === 'invalid-ignore' || rule === 'syntax-error')
        return undefined;
    const all = [...(suppressions.statements.get(statement) ?? []), ...suppressions.file];
    return all.find((suppression) => suppression.rules.includes(rule))?.reason;
}

;// CONCATENATED MODULE: ./src/lint/lint-set.ts




// The lint may run beside the migrations (lint-alongside.ts): every few files it gives the event
// loop a turn, so that the pipeline's answers are read and its next messages sent meanwhile.
const FILES_PER_TURN = 16;
/**
 * Lints migration files: the ups in order, each seeing the tables the ones before it created,
 * then each down on its own (a down runs against the schema its up left).
 *
 * The database is asked once about everything the files touch, which is known only once every
 * file is parsed; the files are nonetheless held one at a time: a first pass parses each file
 * for the names it touches and drops its text and trees, then, after the one query, a second
 * pass parses each again and judges it. Parsing twice costs less than holding thousands of
 * syntax trees, which made memory grow with the number of pending files. A catalog read ahead
 * for a superset of the names (`readAhead`) needs no first pass.
 */
async function lintTargets(targets, options) {
    const parser = await loadParser();
    const facts = !options.readFacts
        ? null
        : options.readAhead
            ? await options.readFacts([], [])
            : await readFactsFor(targets, parser, options.readFacts);
    const ups = new Knowledge(facts, options.together, parser);
    const total = { findings: [], suppressed: [], unparsed: [] };
    for (const [index, target] of targets.entries()) {
        if (index > 0 && index % FILES_PER_TURN === 0)
            await (0,event_loop_turn/* eventLoopTurn */.o)();
        const knowledge = target.direction === 'up' ? ups : new Knowledge(facts, false, parser);
        const result = lintFile(prepareFile(target, parser), knowledge, options.syntaxFindings);
        total.findings.push(...result.findings);
        total.suppressed.push(...result.suppressed);
        total.unparsed.push(...result.unparsed);
    }
    return total;
}
/** The first pass: the names of what the files touch, then the one catalog query. */
async function readFactsFor(targets, parser, readFacts) {
    const relations = new Set();
    const functions = new Set();
    const created = new Set();
    for (const [index, target] of targets.entries()) {
        if (index > 0 && index % FILES_PER_TURN === 0)
            await (0,event_loop_turn/* eventLoopTurn */.o)();
        namesIn(prepareFile(target, parser), relations, functions, created);
    }
    const ask = [...relations].sort();
    // Migrations that only touch what they create themselves need nothing from the catalog.
    return ask.length === 0 && functions.size === 0
        ? { relations: new Map(), volatileFunctions: new Set(), serverVersion: 0 }
        : await readFacts(ask, [...functions].sort());
}
/**
 * A migration's file as a lint target: its text is read when the lint prepares the file (a
 * directory's file is read again each time: source/directory-file.ts), so that the lint holds one
 * text at a time however many files it judges.
 */
function lintTargetOf(migration, direction) {
    const file = migration[direction];
    return file ? new MigrationTarget(migration.version, direction, file) : null;
}
/**
 * A class, not an object literal with a getter: V8 keeps a literal with an accessor as a
 * dictionary (about 500 bytes with its closure), and a run that lints 10 000 pending files holds
 * one target per file; an instance of this class takes about 40.
 */
class MigrationTarget {
    version;
    direction;
    source;
    constructor(version, direction, source) {
        this.version = version;
        this.direction = direction;
        this.source = source;
    }
    get file() {
        return this.source.displayPath;
    }
    get sql() {
        return this.source.sql;
    }
}


/***/ })

};
