export const id = 19;
export const ids = [19];
export const modules = {

/***/ 5019:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  detectDrift: () => (/* reexport */ detectDrift),
  runVerify: () => (/* reexport */ runVerify)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/database/catalog-diff.ts
/** The collections of a snapshot, with the word that names one of their items in a difference. */
const COLLECTIONS = [
    ['schemas', 'schema'],
    ['extensions', 'extension'],
    ['tables', 'table'],
    ['indexes', 'index'],
    ['sequences', 'sequence'],
    ['views', 'view'],
    ['functions', 'function'],
    ['enums', 'enum'],
    ['domains', 'domain'],
    ['compositeTypes', 'type'],
];
/** Lists of named parts inside an item; the value says what one part is called. */
const PARTS = {
    columns: 'column',
    constraints: 'constraint',
    triggers: 'trigger',
    attributes: 'attribute',
};
/** Parts whose order is part of the schema (`SELECT *`, row constructors), not only their names. */
const ORDERED = new Set(['columns', 'attributes']);
/**
 * The differences between two snapshots, one sentence each and sorted, e.g.
 * `table public.posts: column slug only in the first` or
 * `index public.posts_slug_key: definition differs ("…" vs "…")`. Empty when they are equal.
 */
function diffSnapshots(a, b, sides = DEFAULT_SIDES) {
    const found = [];
    const where = (side) => (side === 'first' ? sides.first : sides.second);
    for (const [key, label] of COLLECTIONS) {
        const first = (a[key] ?? []);
        const second = (b[key] ?? []);
        matchByName(first, second, {
            onlyIn: (item, side) => found.push(`${label} ${item.name}: only in ${where(side)}`),
            both: (x, y) => diffItem(x, y, `${label} ${x.name}: `, found, where),
        });
    }
    return found.sort();
}
const DEFAULT_SIDES = { first: 'the first', second: 'the second' };
function diffItem(a, b, prefix, found, where) {
    for (const field of fieldsOf(a, b)) {
        const x = a[field];
        const y = b[field];
        const part = PARTS[field];
        if (part && Array.isArray(x) && Array.isArray(y)) {
            diffParts(x, y, part, ORDERED.has(field), prefix, found, where);
        }
        else if (show(x) !== show(y)) {
            found.push(`${prefix}${words(field)} differs (${show(x)} vs ${show(y)})`);
        }
    }
}
function diffParts(a, b, part, ordered, prefix, found, where) {
    matchByName(a, b, {
        onlyIn: (item, side) => found.push(`${prefix}${part} ${item.name} only in ${where(side)}`),
        both: (x, y) => diffItem(x, y, `${prefix}${part} ${x.name} `, found, where),
    });
    if (!ordered)
        return;
    // Only the relative order of the parts both sides have: a missing one is reported above.
    const inB = new Set(b.map((item) => item.name));
    const inA = new Set(a.map((item) => item.name));
    const orderA = a.map((item) => item.name).filter((name) => inB.has(name));
    const orderB = b.map((item) => item.name).filter((name) => inA.has(name));
    if (orderA.join('\0') !== orderB.join('\0')) {
        found.push(`${prefix}${part} order differs (${orderA.join(', ')} vs ${orderB.join(', ')})`);
    }
}
function matchByName(a, b, on) {
    const byName = new Map(b.map((item) => [item.name, item]));
    const seen = new Set();
    for (const item of a) {
        seen.add(item.name);
        const other = byName.get(item.name);
        if (other === undefined)
            on.onlyIn(item, 'first');
        else
            on.both(item, other);
    }
    for (const item of b)
        if (!seen.has(item.name))
            on.onlyIn(item, 'second');
}
function fieldsOf(a, b) {
    const fields = new Set([...Object.keys(a), ...Object.keys(b)]);
    fields.delete('name');
    return [...fields];
}
/** JSON, so strings are quoted and `null` stays distinguishable from the text "null". */
function show(value) {
    return value === undefined ? 'absent' : JSON.stringify(value);
}
/** `notNull` → `not null`, `ownedBy` → `owned by`. */
function words(field) {
    return field.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);
}

;// CONCATENATED MODULE: ./src/database/catalog-snapshot.ts

// pg_catalog itself, pg_toast, pg_temp_N and pg_toast_temp_N; user schemas cannot start with pg_.
const userSchema = (ns) => `${ns}.nspname <> 'information_schema' AND ${ns}.nspname !~ '^pg_'`;
// Objects an extension created belong to the extension (listed by name and version), not to the
// schema the migrations wrote.
const notFromExtension = (catalog, oid) => `NOT EXISTS (SELECT FROM pg_depend e WHERE e.classid = '${catalog}'::regclass AND e.objid = ${oid} AND e.deptype = 'e')`;
// $1 is the excludeTables array.
const excluded = (rel, ns) => `(${rel}.relname = ANY ($1::text[]) OR ${ns}.nspname || '.' || ${rel}.relname = ANY ($1::text[]))`;
const triggersOf = (rel) => `coalesce((
  SELECT json_agg(json_build_object('name', tg.tgname, 'enabled', tg.tgenabled, 'definition', pg_get_triggerdef(tg.oid))
                  ORDER BY tg.tgname COLLATE "C")
    FROM pg_trigger tg WHERE tg.tgrelid = ${rel}.oid AND NOT tg.tgisinternal), '[]')`;
const QUERIES = {
    schemas: `
    SELECT n.nspname AS name FROM pg_namespace n
     WHERE ${userSchema('n')} AND ${notFromExtension('pg_namespace', 'n.oid')}`,
    extensions: `
    SELECT x.extname AS name, n.nspname AS schema, x.extversion AS version
      FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace`,
    tables: `
    SELECT c.oid::regclass::text AS name,
           CASE c.relkind WHEN 'p' THEN 'partitioned table' WHEN 'f' THEN 'foreign table' ELSE 'table' END AS kind,
           coalesce((
             SELECT json_agg(json_build_object(
                      'name', a.attname,
                      'type', format_type(a.atttypid, a.atttypmod),
                      'notNull', a.attnotnull,
                      'default', pg_get_expr(d.adbin, d.adrelid),
                      'identity', CASE a.attidentity WHEN 'a' THEN 'always' WHEN 'd' THEN 'by default' END,
                      'generated', CASE a.attgenerated WHEN 's' THEN 'stored' END,
                      'collation', CASE WHEN a.attcollation <> t.typcollation THEN a.attcollation::regcollation::text END)
                    ORDER BY a.attnum)
               FROM pg_attribute a
               JOIN pg_type t ON t.oid = a.atttypid
               LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
              WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '[]') AS columns,
           coalesce((
             SELECT json_agg(json_build_object(
                      'name', k.conname,
                      'type', CASE k.contype WHEN 'p' THEN 'primary key' WHEN 'u' THEN 'unique' WHEN 'f' THEN 'foreign key'
                                WHEN 'c' THEN 'check' WHEN 'x' THEN 'exclusion' WHEN 't' THEN 'trigger'
                                WHEN 'n' THEN 'not null' ELSE k.contype::text END,
                      'definition', pg_get_constraintdef(k.oid))
                    ORDER BY k.conname COLLATE "C")
               FROM pg_constraint k WHERE k.conrelid = c.oid), '[]') AS constraints,
           ${triggersOf('c')} AS triggers
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p', 'f') AND ${userSchema('n')} AND ${notFromExtension('pg_class', 'c.oid')}
       AND NOT ${excluded('c', 'n')}`,
    indexes: `
    SELECT i.indexrelid::regclass::text AS name, i.indisvalid AS valid, pg_get_indexdef(i.indexrelid) AS definition
      FROM pg_index i
      JOIN pg_class c ON c.oid = i.indrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE ${userSchema('n')} AND ${notFromExtension('pg_class', 'c.oid')} AND NOT ${excluded('c', 'n')}`,
    sequences: `
    WITH owner AS (
      SELECT dep.objid AS sequence, c.oid, c.relname, n.nspname, a.attname
        FROM pg_depend dep
        JOIN pg_class c ON c.oid = dep.refobjid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = dep.refobjid AND a.attnum = dep.refobjsubid
       WHERE dep.classid = 'pg_class'::regclass AND dep.refclassid = 'pg_class'::regclass AND dep.deptype IN ('a', 'i'))
    SELECT c.oid::regclass::text AS name, format_type(s.seqtypid, NULL) AS type,
           s.seqstart::text AS start, s.seqincrement::text AS increment, s.seqmin::text AS min,
           s.seqmax::text AS max, s.seqcache::text AS cache, s.seqcycle AS cycle,
           o.oid::regclass::text || '.' || quote_ident(o.attname) AS "ownedBy"
      FROM pg_sequence s
      JOIN pg_class c ON c.oid = s.seqrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN owner o ON o.sequence = c.oid
     WHERE ${userSchema('n')} AND ${notFromExtension('pg_class', 'c.oid')}
       AND NOT ${excluded('c', 'n')} AND NOT coalesce(${excluded('o', 'o')}, false)`,
    views: `
    SELECT c.oid::regclass::text AS name, c.relkind = 'm' AS materialized, pg_get_viewdef(c.oid) AS definition,
           ${triggersOf('c')} AS triggers
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('v', 'm') AND ${userSchema('n')} AND ${notFromExtension('pg_class', 'c.oid')}
       AND NOT ${excluded('c', 'n')}`,
    // pg_get_functiondef refuses aggregates, so they are described by their parts.
    functions: `
    SELECT p.oid::regprocedure::text AS name,
           CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' WHEN 'w' THEN 'window' ELSE 'function' END AS kind,
           CASE WHEN p.prokind = 'a'
                THEN format('AGGREGATE %s (SFUNC = %s, STYPE = %s, FINALFUNC = %s, COMBINEFUNC = %s, INITCOND = %s)',
                            p.oid::regprocedure, ag.aggtransfn::regprocedure, format_type(ag.aggtranstype, NULL),
                            ag.aggfinalfn, ag.aggcombinefn, coalesce(quote_literal(ag.agginitval), 'NULL'))
                ELSE pg_get_functiondef(p.oid) END AS definition
      FROM pg_proc p
      JOIN pg_namespace n ON n.oid = p.pronamespace
      LEFT JOIN pg_aggregate ag ON ag.aggfnoid = p.oid
     WHERE ${userSchema('n')} AND ${notFromExtension('pg_proc', 'p.oid')}`,
    enums: `
    SELECT t.oid::regtype::text AS name,
           array(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels
      FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE t.typtype = 'e' AND ${userSchema('n')} AND ${notFromExtension('pg_type', 't.oid')}`,
    domains: `
    SELECT t.oid::regtype::text AS name, format_type(t.typbasetype, t.typtypmod) AS type, t.typnotnull AS "notNull",
           pg_get_expr(t.typdefaultbin, 0) AS default,
           CASE WHEN t.typcollation <> b.typcollation THEN t.typcollation::regcollation::text END AS collation,
           coalesce((
             SELECT json_agg(json_build_object('name', k.conname, 'definition', pg_get_constraintdef(k.oid))
                             ORDER BY k.conname COLLATE "C")
               FROM pg_constraint k WHERE k.contypid = t.oid), '[]') AS constraints
      FROM pg_type t
      JOIN pg_type b ON b.oid = t.typbasetype
      JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE t.typtype = 'd' AND ${userSchema('n')} AND ${notFromExtension('pg_type', 't.oid')}`,
    compositeTypes: `
    SELECT t.oid::regtype::text AS name,
           coalesce((
             SELECT json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod)) ORDER BY a.attnum)
               FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped), '[]') AS attributes
      FROM pg_type t
      JOIN pg_class c ON c.oid = t.typrelid
      JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE t.typtype = 'c' AND c.relkind = 'c' AND ${userSchema('n')} AND ${notFromExtension('pg_type', 't.oid')}`,
};
/**
 * Reads the schema of the database `client` is connected to, and leaves the session as it was.
 * The reads run with search_path set to pg_catalog alone, so every name and expression comes out
 * schema-qualified whatever search_path the connection uses. An idle client gets a read-only
 * repeatable-read transaction of its own, so all reads see one state; inside the caller's
 * transaction the reads run in a savepoint, and see what that transaction changed.
 */
async function snapshotSchema(client, options = {}) {
    const status = client.getTransactionStatus();
    const nested = status === 'T' || status === 'E';
    await client.query(nested ? 'SAVEPOINT catalog_snapshot' : 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    let snapshot;
    try {
        await client.query('SET LOCAL search_path = pg_catalog');
        snapshot = await readCatalog(client, options.excludeTables ?? []);
    }
    catch (error) {
        await end(client, nested).catch(() => { });
        throw error;
    }
    await end(client, nested);
    return snapshot;
}
// Rolling back undoes SET LOCAL (also inside a savepoint) and nothing else: the reads wrote nothing.
function end(client, nested) {
    return client.query(nested ? 'ROLLBACK TO SAVEPOINT catalog_snapshot; RELEASE SAVEPOINT catalog_snapshot' : 'ROLLBACK');
}
async function readCatalog(client, exclude) {
    const snapshot = {};
    for (const [key, text] of Object.entries(QUERIES)) {
        const { rows } = await client.query(text, text.includes('$1') ? [exclude] : []);
        snapshot[key] = rows.sort((x, y) => compare(x.name, y.name));
    }
    return snapshot;
}
function compare(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}

// EXTERNAL MODULE: ./src/engine/apply.ts
var apply = __webpack_require__(2226);
// EXTERNAL MODULE: ./src/engine/command-support.ts
var command_support = __webpack_require__(4913);
// EXTERNAL MODULE: ./src/engine/prepare.ts
var prepare = __webpack_require__(493);
// EXTERNAL MODULE: ./src/engine/session.ts + 1 modules
var engine_session = __webpack_require__(8789);
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
    const result = (0,command_support/* emptyResult */.$)('verify', options);
    return (0,command_support/* capture */.Fg)(result, async () => {
        const scratch = await openScratch();
        result.database = scratch.target.display;
        try {
            await (0,engine_session/* withSession */.fQ)({ ...options, target: scratch.target, lockStrategy: 'session' }, (session) => proveSet(session, options, result));
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
async function proveSet(session, options, result) {
    const migrations = options.set.migrations;
    const missingDown = migrations.find((migration) => migration.up && !migration.down);
    if (missingDown) {
        throw verifyFailure(`migration ${missingDown.version} ${missingDown.name} has no .down.sql file`, missingDown.version);
    }
    const ups = (0,prepare/* prepareUps */.YG)(migrations);
    const downs = (0,prepare/* prepareDowns */.t4)(migrations);
    const snapshot = () => snapshotSchema(session.client, { excludeTables: [session.state.table] });
    await session.client.query(`CREATE TABLE IF NOT EXISTS ${session.state.qualified} (version bigint not null primary key, dirty boolean not null)`);
    // snapshots[i]: the schema with the first i migrations applied
    const snapshots = [await snapshot()];
    let version = null;
    for (const step of ups) {
        await run(step, session, options, version);
        version = step.version;
        snapshots.push(await snapshot());
    }
    for (const [index, step] of downs.entries()) {
        await run(step, session, options, version);
        version = step.recordVersion;
        const expected = snapshots[ups.length - index - 1];
        const differences = diffSnapshots(expected, await snapshot());
        if (differences.length > 0) {
            throw verifyFailure(`the down of migration ${step.version} ${step.name} does not undo its up: ${summarise(differences)}`, step.version, differences);
        }
    }
    for (const [index, step] of ups.entries()) {
        await run(step, session, options, version);
        version = step.version;
        const differences = diffSnapshots(snapshots[index + 1], await snapshot());
        if (differences.length > 0) {
            throw verifyFailure(`migration ${step.version} ${step.name} gives another schema the second time up (after its down): ${summarise(differences)}`, step.version, differences);
        }
    }
    result.version = version;
}
async function run(step, session, options, planned) {
    await (0,apply/* applyStep */.pA)(step, {
        session,
        planned: { version: planned, dirty: false, exists: true, pid: null },
        lockTimeoutMs: options.lockTimeoutMs,
        statementLockTimeoutMs: options.statementLockTimeoutMs,
        statementLockRetries: 0,
        events: {},
    }).catch((error) => {
        if (error instanceof errors/* MigrateError */.Oq && error.code === 'sql') {
            const what = `${step.direction === 'up' ? 'up' : 'down'} of migration ${step.version} ${step.name}`;
            throw new errors/* MigrateError */.Oq('verify', `the ${what} failed: ${error.message}`, error.data);
        }
        throw error;
    });
}
function verifyFailure(message, version, differences = []) {
    return new errors/* MigrateError */.Oq('verify', message, { version, ...(differences.length > 0 ? { detail: differences.join('\n') } : {}) });
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
async function detectDrift(session, options, version, openScratch) {
    const exclude = [session.state.table, ...(options.history ? [options.history.table] : [])];
    const actual = await snapshotSchema(session.client, { excludeTables: exclude });
    const steps = (0,prepare/* prepareUps */.YG)(options.set.migrations.filter((migration) => version !== null && migration.version <= version));
    const scratch = await openScratch();
    try {
        const expected = await (0,engine_session/* withSession */.fQ)({ ...options, target: scratch.target, lockStrategy: 'session', events: {} }, async (replay) => {
            await replay.client.query(`CREATE TABLE IF NOT EXISTS ${replay.state.qualified} (version bigint not null primary key, dirty boolean not null)`);
            let planned = null;
            for (const step of steps) {
                await (0,apply/* applyStep */.pA)(step, {
                    session: replay,
                    planned: { version: planned, dirty: false, exists: true, pid: null },
                    lockTimeoutMs: options.lockTimeoutMs,
                    statementLockTimeoutMs: 0,
                    statementLockRetries: 0,
                    events: {},
                });
                planned = step.version;
            }
            return snapshotSchema(replay.client, { excludeTables: exclude });
        });
        return diffSnapshots(expected, actual, { first: 'the migrations', second: 'the database' });
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
