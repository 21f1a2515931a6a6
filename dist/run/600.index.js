export const id = 600;
export const ids = [600];
export const modules = {

/***/ 4600:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runDown: () => (/* binding */ runDown),
/* harmony export */   runGoto: () => (/* binding */ runGoto)
/* harmony export */ });
/* unused harmony export planDown */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _apply_steps_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7499);
/* harmony import */ var _command_support_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8159);
/* harmony import */ var _commands_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5749);
/* harmony import */ var _history_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(390);
/* harmony import */ var _plan_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(955);
/* harmony import */ var _prepare_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(493);
/* harmony import */ var _result_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(1173);
/* harmony import */ var _with_driver_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(5515);









/**
 * Decides what to revert, refusing before anything runs: a dirty database, an `ahead` one, one at
 * a version without a file (planUp's refusals, golang-migrate's), more steps than there are
 * applied migrations, and a migration to revert that has no down file (golang-migrate would
 * record the version below without running anything).
 */
function planDown(set, state, want, allowDown = true) {
    (0,_plan_js__WEBPACK_IMPORTED_MODULE_5__/* .planUp */ .d)(set, state);
    if (state.version === null) {
        if ('steps' in want && want.steps > 0) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .MigrateError */ .Oq('config', `down ${want.steps}: the database has no version, with only 0 applied migrations to revert`);
        }
        return { steps: [] };
    }
    const current = state.version;
    const applied = set.migrations.filter((migration) => migration.version <= current);
    let reverting;
    if ('steps' in want) {
        if (want.steps > applied.length) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .MigrateError */ .Oq('config', `down ${want.steps}: the database is at version ${current}, with only ${applied.length} applied ${applied.length === 1 ? 'migration' : 'migrations'} to revert`);
        }
        reverting = applied.slice(applied.length - want.steps);
    }
    else {
        reverting = applied.filter((migration) => migration.version > want.to);
    }
    const steps = reverting
        .map((migration) => {
        const index = applied.indexOf(migration);
        return { migration, recordVersion: index > 0 ? applied[index - 1].version : null };
    })
        .reverse();
    const missing = steps.find((step) => !step.migration.down);
    if (missing) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .MigrateError */ .Oq('missing-down', `migration ${missing.migration.version} ${missing.migration.name} has no .down.sql file: nothing was reverted`, {
            version: missing.migration.version,
            hint: 'revert it by hand, then record the version below it with force',
        });
    }
    if (!allowDown && steps.length > 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .MigrateError */ .Oq('config', `going down to ${describeVersion(steps.at(-1).recordVersion)} runs the down ${steps.length === 1 ? 'file' : 'files'} of ${steps.map((step) => step.migration.version).join(', ')}, which destroy data: set allow-down: true`);
    }
    return { steps };
}
/** `down N`: reverts the newest N applied migrations, newest first. */
async function runDown(options, steps) {
    const result = (0,_result_js__WEBPACK_IMPORTED_MODULE_8__/* .blankResult */ .m)('down', options.target.display, options.set.digest);
    return (0,_command_support_js__WEBPACK_IMPORTED_MODULE_2__/* .capture */ .Fg)(result, () => (0,_with_driver_js__WEBPACK_IMPORTED_MODULE_7__/* .withDriver */ .z)({ ...options, reread: (0,_command_support_js__WEBPACK_IMPORTED_MODULE_2__/* .recordReread */ .rb)(result) }, async (driver) => {
        const current = await driver.version();
        (0,_command_support_js__WEBPACK_IMPORTED_MODULE_2__/* .record */ .g1)(result, current);
        await revert(driver, current, planDown(options.set, current, { steps }, options.allowDown ?? true), result, options);
    }));
}
/** `goto V`: up to V as `up` would with target-version V, or down to V; V must have a file. */
async function runGoto(options, version) {
    const result = (0,_result_js__WEBPACK_IMPORTED_MODULE_8__/* .blankResult */ .m)('goto', options.target.display, options.set.digest);
    result.target = version;
    return (0,_command_support_js__WEBPACK_IMPORTED_MODULE_2__/* .capture */ .Fg)(result, () => {
        (0,_plan_js__WEBPACK_IMPORTED_MODULE_5__/* .checkTarget */ .e)(options.set, version);
        return (0,_with_driver_js__WEBPACK_IMPORTED_MODULE_7__/* .withDriver */ .z)({ ...options, reread: (0,_command_support_js__WEBPACK_IMPORTED_MODULE_2__/* .recordReread */ .rb)(result) }, async (driver) => {
            const current = await driver.version();
            (0,_command_support_js__WEBPACK_IMPORTED_MODULE_2__/* .record */ .g1)(result, current);
            if (current.version === null || current.dirty || version >= current.version) {
                (0,_plan_js__WEBPACK_IMPORTED_MODULE_5__/* .planUp */ .d)(options.set, current); // dirty, ahead, missing version: refused before judging history
                const up = { ...options, targetVersion: version };
                const history = await (0,_history_js__WEBPACK_IMPORTED_MODULE_4__/* .loadHistory */ .FB)(driver, up, current, result);
                await options.lint?.(driver, (0,_plan_js__WEBPACK_IMPORTED_MODULE_5__/* .planUp */ .d)(options.set, current, version).pending, result);
                await (0,_commands_js__WEBPACK_IMPORTED_MODULE_3__/* .applyPending */ .Yc)(driver, current, result, up, true, history);
                return;
            }
            await revert(driver, current, planDown(options.set, current, { to: version }, options.allowDown ?? true), result, options);
        });
    });
}
/**
 * Runs the downs, each like an up: in one transaction with its version row (the applied version
 * below it, or no row below the first) and its history row, so that a failure rolls it back and
 * leaves the database clean at the version before it. Files that cannot run in a transaction
 * run golang-migrate's way (dirty, run, clean).
 */
async function revert(driver, current, plan, result, options) {
    const migrations = plan.steps.map((step) => step.migration);
    // judged as up judges it (README: allow-edited applies to down and goto): an applied file that
    // changed means the database may not hold what the files say, so the downs may not undo it
    const loaded = await (0,_history_js__WEBPACK_IMPORTED_MODULE_4__/* .loadHistory */ .FB)(driver, options, current, result);
    options.events.planned?.(current, 0);
    await options.lint?.(driver, migrations, result, 'down');
    const prepared = plan.steps.map((step) => (0,_prepare_js__WEBPACK_IMPORTED_MODULE_6__/* .prepareDown */ .qu)(step.migration, step.recordVersion));
    if (prepared.length === 0) {
        result.status = 'up-to-date';
        result.pending = pendingAbove(options.set, current.version);
        return;
    }
    if (driver.strategy === 'transaction') {
        const unprotected = prepared.find((step) => step.mode === 'statement-by-statement');
        if (unprotected) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .MigrateError */ .Oq('config', `the down of migration ${unprotected.version} runs statement by statement (${unprotected.because}), which lock-strategy transaction cannot protect: run it over a direct connection with lock-strategy session`);
        }
    }
    const history = loaded?.writable ? loaded : await (0,_history_js__WEBPACK_IMPORTED_MODULE_4__/* .prepareHistory */ .OI)(driver, loaded, result, true);
    try {
        await (0,_apply_steps_js__WEBPACK_IMPORTED_MODULE_1__/* .applySteps */ .G)(driver, prepared, current, history, options, result, result.reverted);
        result.status = 'reverted';
    }
    finally {
        result.pending = pendingAbove(options.set, result.version);
    }
}
function pendingAbove(set, version) {
    return set.migrations.filter((migration) => version === null || migration.version > version).map(_command_support_js__WEBPACK_IMPORTED_MODULE_2__/* .pendingOf */ .lc);
}
function describeVersion(version) {
    return version === null ? 'no version' : `version ${version}`;
}


/***/ })

};
