export const id = 62;
export const ids = [62];
export const modules = {

/***/ 6062:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runStatus: () => (/* binding */ runStatus)
/* harmony export */ });
/* unused harmony export migrationStates */
/* harmony import */ var _database_history_table_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3032);
/* harmony import */ var _migration_version_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5590);
/* harmony import */ var _command_support_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8159);
/* harmony import */ var _result_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1173);
/* harmony import */ var _with_driver_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5515);





/**
 * `status`: every migration and what is true of it in this database, from golang-migrate's state
 * row and this tool's history (Flyway's `info`). It changes nothing and refuses nothing: a dirty
 * or ahead database is shown as it is, with a warning.
 */
async function runStatus(options) {
    const result = (0,_result_js__WEBPACK_IMPORTED_MODULE_3__/* .blankResult */ .m)('status', options.target.display, options.set.digest);
    return (0,_command_support_js__WEBPACK_IMPORTED_MODULE_1__/* .capture */ .Fg)(result, () => (0,_with_driver_js__WEBPACK_IMPORTED_MODULE_2__/* .withDriver */ .z)(options, async (driver) => {
        const current = await driver.version();
        (0,_command_support_js__WEBPACK_IMPORTED_MODULE_1__/* .record */ .g1)(result, current);
        let rows = [];
        if (options.history) {
            const table = (0,_database_history_table_js__WEBPACK_IMPORTED_MODULE_0__/* .historyTable */ .f1)(driver.stateTable, options.history.table);
            try {
                rows = (await driver.readFullHistory(table)).rows;
            }
            catch (error) {
                result.warnings.push(`history: cannot read ${table.schema}.${table.table} (${error instanceof Error ? error.message : String(error)}): when and by whom are not known`);
            }
        }
        const states = migrationStates(options.set, current, rows);
        result.migrations = states;
        result.pending = states
            .filter((state) => state.state === 'pending')
            .map((state) => ({ version: state.version, name: state.name, file: state.file }));
        result.untracked = states.filter((state) => state.state === 'outside').map((state) => state.version);
        // the `edited` and `out-of-order` outputs list what the rows show, as check's do
        result.edited = editedOf(options.set, states, rows);
        result.outOfOrder = states.filter((state) => state.state === 'out-of-order').map((state) => state.version);
        const newest = options.set.migrations.at(-1)?.version ?? null;
        if (current.dirty) {
            result.status = 'dirty';
            result.warnings.push(`the database is dirty at version ${current.version ?? -1n}: repair it by hand, then force the version`);
        }
        else if (current.version !== null && (newest === null || current.version > newest)) {
            result.status = 'ahead';
            result.warnings.push(`the database is at version ${current.version}, newer than the newest migration of ${options.set.origin}`);
        }
        else {
            result.status = result.pending.length > 0 ? 'pending' : 'up-to-date';
        }
        const missing = states.filter((state) => state.state === 'missing-file');
        if (missing.length > 0 && result.status !== 'ahead') {
            result.warnings.push(`applied ${missing.length === 1 ? 'version' : 'versions'} without a file: ${missing.map((m) => m.version).join(', ')}`);
        }
    }));
}
/**
 * One row per migration of the set, and one per applied version that has no file:
 * - above the database's version: `pending`;
 * - at or below it: `applied` when this tool's history has its up with the same checksum,
 *   `edited` when the checksum differs, `forced` when its latest row is a `force` (this tool
 *   recorded the version without running the file), `out-of-order` when it has no row but this tool applied
 *   versions both below and above it (a file added later, which golang-migrate never applies),
 *   else `outside` (the oForum server or another tool applied it);
 * - the database's version when dirty: `dirty`; an applied version without a file: `missing-file`.
 */
function migrationStates(set, state, rows) {
    const latest = new Map();
    for (const row of rows) {
        const seen = latest.get(row.version);
        if (!seen || seen.appliedAt.getTime() <= row.appliedAt.getTime())
            latest.set(row.version, row);
    }
    const current = state.version;
    const isUp = (row) => row !== undefined && (row.direction === undefined || row.direction === 'up');
    const ups = [...latest.values()].filter((row) => isUp(row) && current !== null && row.version <= current);
    const states = [];
    const from = (row) => ({
        appliedAt: row?.appliedAt ?? null,
        appliedBy: row?.appliedBy ?? null,
        runUrl: row?.runUrl ?? null,
        reverted: row?.direction === 'down',
    });
    for (const migration of set.migrations) {
        const row = latest.get(migration.version);
        const file = migration.up?.displayPath ?? migration.down?.displayPath ?? null;
        const base = { version: migration.version, name: migration.name, file, ...from(row) };
        if (current === null || migration.version > current) {
            states.push({ ...base, state: 'pending' });
        }
        else if (migration.version === current && state.dirty) {
            states.push({ ...base, state: 'dirty' });
        }
        else if (row?.direction === 'force') {
            states.push({ ...base, state: 'forced' });
        }
        else if (row && isUp(row)) {
            const edited = migration.up !== undefined && migration.up.checksum !== row.checksum;
            states.push({ ...base, state: edited ? 'edited' : 'applied' });
        }
        else {
            const around = ups.some((up) => up.version < migration.version) && ups.some((up) => up.version > migration.version && up.version <= current);
            states.push({ ...base, state: around ? 'out-of-order' : 'outside' });
        }
    }
    const known = new Set(set.migrations.map((migration) => migration.version));
    const orphans = new Set(ups.map((row) => row.version).filter((version) => !known.has(version)));
    if (current !== null && !known.has(current))
        orphans.add(current);
    for (const version of orphans) {
        const row = latest.get(version);
        states.push({
            version,
            name: row?.name ?? '',
            file: null,
            state: version === current && state.dirty ? 'dirty' : 'missing-file',
            ...from(row),
        });
    }
    return states.sort((a, b) => (0,_migration_version_js__WEBPACK_IMPORTED_MODULE_4__/* .compareVersions */ .Z)(a.version, b.version));
}
/** The rows shown `edited`, with the checksum recorded at their up and their file's now. */
function editedOf(set, states, rows) {
    const edited = [];
    for (const state of states) {
        if (state.state !== 'edited')
            continue;
        const migration = set.migrations.find((m) => m.version === state.version);
        const row = latestRow(rows, state.version);
        if (!migration?.up || !row)
            continue;
        edited.push({
            version: state.version,
            name: state.name,
            file: migration.up.displayPath,
            applied: row.checksum,
            current: migration.up.checksum,
        });
    }
    return edited;
}
/** A version's latest history row, as migrationStates picks it. */
function latestRow(rows, version) {
    let latest;
    for (const row of rows) {
        if (row.version === version && (!latest || latest.appliedAt.getTime() <= row.appliedAt.getTime()))
            latest = row;
    }
    return latest;
}


/***/ })

};
