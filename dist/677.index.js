export const id = 677;
export const ids = [677];
export const modules = {

/***/ 1677:
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

// EXTERNAL MODULE: ./src/engine/apply.ts + 2 modules
var apply = __webpack_require__(6348);
// EXTERNAL MODULE: ./src/engine/command-support.ts + 1 modules
var command_support = __webpack_require__(8159);
// EXTERNAL MODULE: ./src/engine/prepare.ts
var prepare = __webpack_require__(493);
// EXTERNAL MODULE: ./src/engine/result.ts
var engine_result = __webpack_require__(1173);
// EXTERNAL MODULE: ./src/engine/with-driver.ts
var with_driver = __webpack_require__(5515);
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
            await (0,with_driver/* withDriver */.z)({ ...options, target: scratch.target, lockStrategy: 'session' }, (driver) => proveSet(driver, options, result));
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
async function proveSet(driver, options, result) {
    const migrations = options.set.migrations;
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
        const differences = diffSnapshots(expected, await snapshot());
        if (differences.length > 0) {
            throw verifyFailure(`the down of migration ${step.version} ${step.name} does not undo its up: ${summarise(differences)}`, step.version, differences);
        }
    }
    for (const [index, step] of ups.entries()) {
        await run(step, driver, options, version);
        version = step.version;
        const differences = diffSnapshots(snapshots[index + 1], await snapshot());
        if (differences.length > 0) {
            throw verifyFailure(`migration ${step.version} ${step.name} gives another schema the second time up (after its down): ${summarise(differences)}`, step.version, differences);
        }
    }
    result.version = version;
}
async function run(step, driver, options, planned) {
    await (0,apply/* applyStep */.p)(step, {
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
                await (0,apply/* applyStep */.p)(step, {
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
