export const id = 677;
export const ids = [677];
export const modules = {

/***/ 3975:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AB: () => (/* binding */ quoteName),
/* harmony export */   AT: () => (/* binding */ UNDO_SIDES),
/* harmony export */   DB: () => (/* binding */ REPEAT_SIDES),
/* harmony export */   GR: () => (/* binding */ ORDERED),
/* harmony export */   I: () => (/* binding */ COLLECTIONS),
/* harmony export */   _4: () => (/* binding */ phrasePair),
/* harmony export */   dI: () => (/* binding */ PARTS),
/* harmony export */   jS: () => (/* binding */ DRIFT_SIDES),
/* harmony export */   wh: () => (/* binding */ DEFAULT_WHEN_MISSING)
/* harmony export */ });
// How a difference between two snapshots is said: what each collection and part is called, and
// each property's value in words (`not null`, `no default`, `unlogged`), so that a line reads
// `column public.posts.slug: not null in the database, nullable from the migrations`.
/** check with drift: the migrations replayed on a scratch database, against the database. */
const DRIFT_SIDES = {
    expected: { only: 'only in the migrations', value: 'from the migrations', server: 'the scratch server' },
    actual: { only: 'only in the database', value: 'in the database', server: "the database's server" },
};
/** verify: the schema before a migration's up, against the schema after its down. */
const UNDO_SIDES = {
    expected: { only: 'only before the up', value: 'before the up', server: 'the server' },
    actual: { only: 'only after the down', value: 'after the down', server: 'the server' },
};
/** verify: the schema after a migration's first up, against the one after its second. */
const REPEAT_SIDES = {
    expected: { only: 'only the first time up', value: 'the first time up', server: 'the server' },
    actual: { only: 'only the second time up', value: 'the second time up', server: 'the server' },
};
/** The collections compared, in order, with the word for one item ('' when its name says it). */
const COLLECTIONS = [
    ['schemas', 'schema'],
    ['extensions', 'extension'],
    ['tables', 'table'],
    ['indexes', 'index'],
    ['sequences', 'sequence'],
    ['views', 'view'],
    ['statistics', 'statistics object'],
    ['functions', 'function'],
    ['enums', 'enum'],
    ['domains', 'domain'],
    ['compositeTypes', 'type'],
    ['ranges', 'range type'],
    ['baseTypes', 'base type'],
    ['collations', 'collation'],
    ['operators', 'operator'],
    ['operatorFamilies', 'operator family'],
    ['operatorClasses', 'operator class'],
    ['casts', 'cast'],
    ['conversions', 'conversion'],
    ['textSearch', 'text search'],
    ['languages', 'language'],
    ['foreignDataWrappers', 'foreign data wrapper'],
    ['foreignServers', 'foreign server'],
    ['userMappings', 'user mapping'],
    ['eventTriggers', 'event trigger'],
    ['publications', 'publication'],
    ['subscriptions', 'subscription'],
    ['defaultPrivileges', ''],
    ['builtinPrivileges', ''],
    ['comments', ''],
];
/**
 * Lists of named parts inside an item: what one part is called, and whether it is named inside
 * its parent (`column public.posts.slug`) or on it (`constraint posts_pkey on public.posts`).
 */
const PARTS = {
    columns: { word: 'column', style: 'inside' },
    attributes: { word: 'attribute', style: 'inside' },
    constraints: { word: 'constraint', style: 'on' },
    triggers: { word: 'trigger', style: 'on' },
    policies: { word: 'policy', style: 'on' },
    rules: { word: 'rule', style: 'on' },
};
/** Parts whose order is part of the schema (`SELECT *`, row constructors), not only their names. */
const ORDERED = new Set(['columns', 'attributes']);
/** Collections where an item missing on one side means that side has the default, not no object. */
const DEFAULT_WHEN_MISSING = {
    defaultPrivileges: { privileges: [] },
    builtinPrivileges: { privileges: [] },
    comments: { comment: null },
};
/** `what (a, b)`, or `none` for an empty list. */
const list = (items, what, none, separator = ', ') => {
    const values = items;
    return values.length === 0 ? none : `${what} (${values.join(separator)})`;
};
const ENABLED = {
    O: 'enabled',
    D: 'disabled',
    R: 'enabled on replicas only',
    A: 'enabled always',
};
/** A property's value in words; a property missing here is named and shown as JSON. */
const PHRASES = {
    notNull: (v) => (v ? 'not null' : 'nullable'),
    notNullOptions: (v) => (v === null ? 'a plain NOT NULL' : `NOT NULL ${String(v)}`),
    default: (v) => (v === null ? 'no default' : `default ${String(v)}`),
    type: (v) => `type ${String(v)}`,
    identity: (v) => (v === null ? 'no identity' : `generated ${String(v)} as identity`),
    generated: (v) => (v === null ? 'not generated' : `generated (${String(v)})`),
    collation: (v) => (v === null ? "the type's collation" : `collation ${String(v)}`),
    storage: (v) => (v === null ? "the type's storage" : `storage ${String(v)}`),
    compression: (v) => (v === null ? 'the default compression' : `compression ${String(v)}`),
    statisticsTarget: (v) => (v === null ? 'the default statistics target' : `statistics target ${String(v)}`),
    statisticsTargets: (v) => list(v, 'statistics targets', 'the default statistics targets'),
    options: (v) => list(v, 'options', 'no options'),
    foreignOptions: (v) => list(v, 'options', 'no options'),
    inheritedOnly: (v) => (v ? 'inherited only' : 'declared by the table'),
    persistence: (v) => String(v),
    partitionKey: (v) => (v === null ? 'not partitioned' : `partitioned by ${String(v)}`),
    partitionOf: (v) => (v === null ? 'not a partition' : `a partition of ${String(v)}`),
    inherits: (v) => list(v, 'inherits', 'inherits nothing'),
    ofType: (v) => (v === null ? 'not of a type' : `of type ${String(v)}`),
    accessMethod: (v) => (v === null ? 'no access method' : `access method ${String(v)}`),
    tablespace: (v) => (v === null ? 'the default tablespace' : `tablespace ${String(v)}`),
    rowSecurity: (v) => (v ? 'row-level security enabled' : 'row-level security disabled'),
    forceRowSecurity: (v) => (v ? 'row-level security forced on the owner' : 'row-level security not forced on the owner'),
    replicaIdentity: (v) => `replica identity ${String(v)}`,
    foreign: (v) => (v === null ? 'no server' : String(v)),
    kind: (v) => String(v),
    enabled: (v) => ENABLED[String(v)] ?? `enabled ${String(v)}`,
    valid: (v) => (v ? 'valid' : 'invalid'),
    clustered: (v) => (v ? 'the CLUSTER ON index' : 'not the CLUSTER ON index'),
    start: (v) => `start ${String(v)}`,
    increment: (v) => `increment ${String(v)}`,
    min: (v) => `minimum ${String(v)}`,
    max: (v) => `maximum ${String(v)}`,
    cache: (v) => `cache ${String(v)}`,
    cycle: (v) => (v ? 'cycle' : 'no cycle'),
    schema: (v) => `in schema ${String(v)}`,
    version: (v) => `version ${String(v)}`,
    ownedBy: (v) => (v === null ? 'owned by no column' : `owned by ${String(v)}`),
    materialized: (v) => (v ? 'materialized' : 'not materialized'),
    labels: (v) => list(v, 'labels', 'no labels'),
    members: (v) => list(v, 'members', 'no members', '; '),
    configuration: (v) => list(v, 'configuration tables', 'no configuration tables'),
    tables: (v) => list(v, 'tables', 'no tables'),
    schemas: (v) => list(v, 'schemas', 'no schemas'),
    comment: (v) => (v === null ? 'no comment' : `comment ${JSON.stringify(v)}`),
};
/** Long texts (a function's body) are shown around their first difference. */
const LONG = 120;
const CONTEXT = 50;
/** Both values of a property in words, for `<actual> in \u2026, <expected> from \u2026`. */
function phrasePair(field, expected, actual) {
    if (field === 'definition' && typeof expected === 'string' && typeof actual === 'string') {
        const [a, b] = excerpts(oneLine(expected), oneLine(actual));
        return [`definition ${a}`, `definition ${b}`];
    }
    const phrase = PHRASES[field] ?? ((v) => `${words(field)} ${v === undefined ? 'absent' : JSON.stringify(v)}`);
    return [phrase(expected), phrase(actual)];
}
function oneLine(text) {
    return text.replace(/\s+/g, ' ').trim();
}
function excerpts(a, b) {
    if (a.length <= LONG && b.length <= LONG)
        return [a, b];
    let start = 0;
    while (start < a.length && a[start] === b[start])
        start++;
    const cut = (text) => {
        const from = Math.max(0, start - CONTEXT);
        const to = Math.min(text.length, start + CONTEXT);
        return `${from > 0 ? '\u2026' : ''}${text.slice(from, to)}${to < text.length ? '\u2026' : ''}`;
    };
    return [cut(a), cut(b)];
}
/** `notNull` \u2192 `not null`, `ownedBy` \u2192 `owned by`. */
function words(field) {
    return field.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);
}
/** As quote_ident does for a plain name: lower-case letters, digits, _ and $ stay bare. */
function quoteName(name) {
    return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}


/***/ }),

/***/ 1677:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  detectDrift: () => (/* reexport */ detectDrift),
  runVerify: () => (/* reexport */ runVerify)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/database/catalog-wording.ts
var catalog_wording = __webpack_require__(3975);
;// CONCATENATED MODULE: ./src/database/catalog-diff.ts


/**
 * The differences between what the schema should be and what it is, one sentence each and
 * sorted, each naming its sides, e.g.
 * `column public.posts.slug: not null in the database, nullable from the migrations` or
 * `index public.posts_tmp_idx: only in the database`. Empty when they are equal.
 *
 * Something only one side has that names a role the other side's server lacks (a grant to a
 * role of the production server, compared on an embedded one) cannot be compared: it is listed
 * as `not comparable`, never left out.
 */
function diffSnapshots(expected, actual, sides) {
    const context = {
        sides,
        roles: { expected: rolesOf(expected), actual: rolesOf(actual) },
        found: [],
        onlyOneSide: new Set(),
    };
    for (const [key, word] of catalog_wording/* COLLECTIONS */.I) {
        const fallback = catalog_wording/* DEFAULT_WHEN_MISSING */.wh[key];
        // Comments come last: one on an object only one side has goes without saying.
        const list = (snapshot) => {
            const items = (snapshot[key] ?? []);
            return key === 'comments' ? items.filter((item) => saysMore(item.name, context.onlyOneSide)) : items;
        };
        const subjectOf = (item) => {
            const label = key === 'views' && item.materialized === true ? 'materialized view' : word;
            return label ? `${label} ${item.name}` : item.name;
        };
        matchByName(list(expected), list(actual), {
            onlyIn: (item, side) => {
                const subject = subjectOf(item);
                if (fallback && missingRoles(item, side, context).length === 0) {
                    const empty = { ...item, ...fallback };
                    diffItem(side === 'expected' ? item : empty, side === 'expected' ? empty : item, subject, context);
                }
                else {
                    onlyIn(subject, '', item, side, context);
                }
            },
            both: (x, y) => diffItem(x, y, subjectOf(x), context),
        });
    }
    return context.found.sort();
}
/**
 * Whether a comment's object (`column public.tags.name`, `trigger t on public.tags`) is there on
 * both sides, so that its comment says more than the line that names what only one side has.
 */
function saysMore(name, onlyOneSide) {
    if (onlyOneSide.has(name))
        return false;
    const parent = / on (\S+)$/.exec(name)?.[1] ?? /^column (.+)\.[^.]+$/.exec(name)?.[1];
    return parent === undefined || ![...onlyOneSide].some((subject) => !subject.includes(' on ') && subject.endsWith(` ${parent}`));
}
function rolesOf(snapshot) {
    return Array.isArray(snapshot.roles) ? new Set(snapshot.roles) : null;
}
/** `subject: what only in the database`, or not comparable when its roles are missing over there. */
function onlyIn(subject, what, item, side, context) {
    const other = side === 'expected' ? 'actual' : 'expected';
    const missing = missingRoles(item, side, context);
    if (!what)
        context.onlyOneSide.add(subject);
    const line = `${subject}: ${what}${what ? ' ' : ''}${context.sides[side].only}`;
    if (missing.length === 0) {
        context.found.push(line);
        return;
    }
    const names = missing.map(catalog_wording/* quoteName */.AB).join(', ');
    context.found.push(`${line}, not comparable: ${missing.length === 1 ? 'role' : 'roles'} ${names} ${missing.length === 1 ? 'does' : 'do'} not exist on ${context.sides[other].server}`);
}
/** The roles `item`, only on `side`, names that the other side's server does not have. */
function missingRoles(item, side, context) {
    const there = context.roles[side === 'expected' ? 'actual' : 'expected'];
    return there === null ? [] : (item.roles ?? []).filter((role) => !there.has(role));
}
function diffItem(expected, actual, subject, context) {
    for (const field of fieldsOf(expected, actual)) {
        const x = expected[field];
        const y = actual[field];
        if (field === 'privileges' && Array.isArray(x) && Array.isArray(y)) {
            matchByName(x, y, {
                onlyIn: (grant, side) => onlyIn(subject, grant.name, grant, side, context),
                both: () => { },
            });
        }
        else if (catalog_wording/* PARTS */.dI[field] && Array.isArray(x) && Array.isArray(y)) {
            diffParts(field, x, y, { subject, name: expected.name }, context);
        }
        else if (JSON.stringify(x) !== JSON.stringify(y)) {
            const [before, after] = (0,catalog_wording/* phrasePair */._4)(field, x, y);
            context.found.push(`${subject}: ${after} ${context.sides.actual.value}, ${before} ${context.sides.expected.value}`);
        }
    }
}
function diffParts(field, expected, actual, parent, context) {
    const { word, style } = catalog_wording/* PARTS */.dI[field];
    // `column public.posts.slug`; `constraint posts_pkey on public.posts`, as COMMENT ON names them.
    const subject = (part) => style === 'inside' ? `${word} ${parent.name}.${(0,catalog_wording/* quoteName */.AB)(part.name)}` : `${word} ${part.name} on ${parent.name}`;
    matchByName(expected, actual, {
        onlyIn: (part, side) => onlyIn(subject(part), '', part, side, context),
        both: (x, y) => diffItem(x, y, subject(x), context),
    });
    if (!catalog_wording/* ORDERED */.GR.has(field))
        return;
    // Only the relative order of the parts both sides have: a missing one is reported above.
    const inActual = new Set(actual.map((item) => item.name));
    const inExpected = new Set(expected.map((item) => item.name));
    const before = expected.map((item) => item.name).filter((name) => inActual.has(name));
    const after = actual.map((item) => item.name).filter((name) => inExpected.has(name));
    if (before.join('\0') !== after.join('\0')) {
        const order = (names) => `(${names.map(catalog_wording/* quoteName */.AB).join(', ')})`;
        context.found.push(`${parent.subject}: ${word} order ${order(after)} ${context.sides.actual.value}, ${order(before)} ${context.sides.expected.value}`);
    }
}
function matchByName(expected, actual, on) {
    const byName = new Map(actual.map((item) => [item.name, item]));
    const seen = new Set();
    for (const item of expected) {
        seen.add(item.name);
        const other = byName.get(item.name);
        if (other === undefined)
            on.onlyIn(item, 'expected');
        else
            on.both(item, other);
    }
    for (const item of actual)
        if (!seen.has(item.name))
            on.onlyIn(item, 'actual');
}
/** Every property but the name, and the roles a grant names (they only tell comparability). */
function fieldsOf(a, b) {
    const fields = new Set([...Object.keys(a), ...Object.keys(b)]);
    fields.delete('name');
    fields.delete('roles');
    return [...fields];
}

// EXTERNAL MODULE: ./src/engine/apply.ts
var apply = __webpack_require__(2226);
// EXTERNAL MODULE: ./src/engine/command-support.ts + 1 modules
var command_support = __webpack_require__(8159);
// EXTERNAL MODULE: ./src/engine/prepare.ts
var prepare = __webpack_require__(493);
// EXTERNAL MODULE: ./src/engine/result.ts
var engine_result = __webpack_require__(1173);
// EXTERNAL MODULE: ./src/engine/server-compat.ts
var server_compat = __webpack_require__(9710);
// EXTERNAL MODULE: ./src/engine/with-driver.ts
var with_driver = __webpack_require__(5515);
// EXTERNAL MODULE: ./src/visible-line-breaks.ts
var visible_line_breaks = __webpack_require__(657);
;// CONCATENATED MODULE: ./src/engine/verify-command.ts









// Differences listed in one message; the rest are counted.
const SHOWN_DIFFERENCES = 8;
/**
 * `verify` proves the migration set itself, on a scratch database: every up (snapshotting the
 * schema after each), every down in reverse (each must give back the schema before its up, and
 * at the end nothing but the state table remains), then every up again (each must give the same
 * schema as the first time). A failure names the migration and what differs.
 */
async function runVerify(options, openScratch) {
    const result = (0,engine_result/* blankResult */.m)('verify', options.target.display, options.set.digest);
    return (0,command_support/* capture */.Fg)(result, async () => {
        const scratch = await openScratch();
        result.database = scratch.target.display;
        try {
            await (0,with_driver/* withDriver */.z)({ ...options, target: scratch.target, lockStrategy: 'session' }, (driver) => proveSet(driver, options));
            const count = options.set.migrations.length;
            result.proof = {
                tried: [],
                notTried: [],
                steps: `${count} ups, ${count} downs, ${count} ups`,
                scratch: scratch.description,
            };
            result.status = 'verified';
        }
        finally {
            await scratch.dispose();
        }
    });
}
async function proveSet(driver, options) {
    const migrations = options.set.migrations;
    const [failure, ...more] = (0,server_compat/* serverFailures */.t)(migrations, ['up', 'down']);
    if (failure) {
        throw serverFailure(failure, more);
    }
    const missingDown = migrations.find((migration) => migration.up && !migration.down);
    if (missingDown) {
        throw verifyFailure(`migration ${missingDown.version} ${missingDown.name} has no .down.sql file`, missingDown.version);
    }
    const ups = (0,prepare/* prepareUps */.YG)(migrations);
    const downs = (0,prepare/* prepareDowns */.t4)(migrations);
    const snapshot = () => driver.snapshotSchema([driver.stateTable.table]);
    await driver.createStateTable();
    // snapshots[i]: the schema with the first i migrations applied
    const snapshots = [await snapshot()];
    let version = null;
    for (const step of ups) {
        await run(step, driver, options, version);
        version = step.version;
        snapshots.push(await snapshot());
    }
    for (const [index, step] of downs.entries()) {
        await run(step, driver, options, version);
        version = step.recordVersion;
        const expected = snapshots[ups.length - index - 1];
        const differences = diffSnapshots(expected, await snapshot(), catalog_wording/* UNDO_SIDES */.AT);
        if (differences.length > 0) {
            throw verifyFailure(`the down of migration ${step.version} ${step.name} does not undo its up: ${summarise(differences)}`, step.version, differences);
        }
    }
    for (const [index, step] of ups.entries()) {
        await run(step, driver, options, version);
        version = step.version;
        const differences = diffSnapshots(snapshots[index + 1], await snapshot(), catalog_wording/* REPEAT_SIDES */.DB);
        if (differences.length > 0) {
            throw verifyFailure(`migration ${step.version} ${step.name} gives another schema the second time up (after its down): ${summarise(differences)}`, step.version, differences);
        }
    }
    // `version` stays the target database's, which verify never reads: the scratch's is not reported
}
async function run(step, driver, options, planned) {
    await (0,apply/* applyStep */.pA)(step, {
        driver,
        planned: { version: planned, exists: true },
        statementLockTimeoutMs: options.statementLockTimeoutMs,
        statementLockRetries: 0,
        events: {},
        clock: (0,command_support/* clockOf */.ie)(options),
    }).catch((error) => {
        if (error instanceof errors/* MigrateError */.Oq && error.code === 'sql') {
            const what = `${step.direction === 'up' ? 'up' : 'down'} of migration ${step.version} ${step.name}`;
            throw new errors/* MigrateError */.Oq('verify', `the ${what} failed: ${error.message}`, error.data);
        }
        throw error;
    });
}
function verifyFailure(message, version, differences = []) {
    // one difference a line: a name with a line break in it must not make two
    const detail = differences.map(visible_line_breaks/* visibleLineBreaks */.l).join('\n');
    return new errors/* MigrateError */.Oq('verify', message, { version, ...(differences.length > 0 ? { detail } : {}) });
}
/** verify fails on a file golang-migrate would fail on, though up runs it: the set must suit both. */
function serverFailure(failure, more) {
    const others = more.length > 0 ? `; also ${more.map((other) => other.file).join(', ')}` : '';
    return new errors/* MigrateError */.Oq('verify', `${failure.message}${others}`, {
        location: { file: failure.file, line: failure.line, column: 1 },
    });
}
function summarise(differences) {
    const shown = differences.slice(0, SHOWN_DIFFERENCES).join('; ');
    const more = differences.length - SHOWN_DIFFERENCES;
    return more > 0 ? `${shown}; and ${more} more` : shown;
}

;// CONCATENATED MODULE: ./src/engine/drift.ts





/**
 * How the database's schema differs from what its migrations make: the migrations up to the
 * database's version are replayed on a scratch database and the two catalogs compared. An index
 * added by hand shows as `only in the database`, a missing constraint as `only in the
 * migrations`. Both sides leave out the state and history tables.
 */
async function detectDrift(driver, options, version, openScratch) {
    const exclude = [driver.stateTable.table, ...(options.history ? [options.history.table] : [])];
    const actual = await driver.snapshotSchema(exclude);
    const steps = (0,prepare/* prepareUps */.YG)(options.set.migrations.filter((migration) => version !== null && migration.version <= version));
    const scratch = await openScratch();
    try {
        const replayOptions = { ...options, target: scratch.target, lockStrategy: 'session', events: {} };
        const expected = await (0,with_driver/* withDriver */.z)(replayOptions, async (replay) => {
            await replay.createStateTable();
            let planned = null;
            for (const step of steps) {
                await (0,apply/* applyStep */.pA)(step, {
                    driver: replay,
                    planned: { version: planned, exists: true },
                    statementLockTimeoutMs: 0,
                    statementLockRetries: 0,
                    events: {},
                    clock: (0,command_support/* clockOf */.ie)(options),
                });
                planned = step.version;
            }
            return replay.snapshotSchema(exclude);
        });
        return diffSnapshots(expected, actual, catalog_wording/* DRIFT_SIDES */.jS);
    }
    finally {
        await scratch.dispose();
    }
}

;// CONCATENATED MODULE: ./src/engine/proving.ts
// verify and drift replay migrations on a scratch database and compare catalogs: one module,
// loaded only by the runs that need it, so the bundle carries the catalog code once.




/***/ })

};
