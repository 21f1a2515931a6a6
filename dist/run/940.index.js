export const id = 940;
export const ids = [940];
export const modules = {

/***/ 6940:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   lintSet: () => (/* binding */ lintSet),
/* harmony export */   lintWithDatabase: () => (/* binding */ lintWithDatabase)
/* harmony export */ });
/* harmony import */ var _engine_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5970);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _hook_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8587);
/* harmony import */ var _lint_set_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8021);




/**
 * `lint` without a database: every up of the set in order, then every down, judged by what the
 * migrations themselves say. A table an earlier migration created may hold rows by now: the
 * findings say which migration created it, and a database grades them.
 */
async function lintSet(set, level) {
    const result = (0,_engine_index_js__WEBPACK_IMPORTED_MODULE_0__/* .blankResult */ .mE)('lint', 'no database', set.digest);
    const targets = [];
    for (const direction of ['up', 'down']) {
        for (const migration of set.migrations) {
            const target = (0,_lint_set_js__WEBPACK_IMPORTED_MODULE_3__/* .lintTargetOf */ .I)(migration, direction);
            if (target)
                targets.push(target);
        }
    }
    const linted = await (0,_lint_set_js__WEBPACK_IMPORTED_MODULE_3__/* .lintTargets */ .K)(targets, { together: false, syntaxFindings: true });
    result.lint = { level, basis: 'migrations', files: targets.length, ...linted, review: [] };
    return finish(result);
}
/**
 * `lint` with a database: the pending ups only, graded by the catalog. It is `check` with the
 * lint, read under the migration lock so it never sees a half-done migration.
 */
async function lintWithDatabase(options, level) {
    const result = await (0,_engine_index_js__WEBPACK_IMPORTED_MODULE_0__/* .runCheck */ .k_)({
        ...options,
        failOnPending: false,
        drift: null,
        lint: (0,_hook_js__WEBPACK_IMPORTED_MODULE_2__/* .pendingHook */ .t)({ level, review: false, syntax: true }),
    });
    result.command = 'lint';
    if (!result.error) {
        result.status = 'linted';
        result.lint ??= { level, basis: 'database', files: 0, findings: [], suppressed: [], review: [], unparsed: [] };
    }
    return result;
}
function finish(result) {
    try {
        (0,_hook_js__WEBPACK_IMPORTED_MODULE_2__/* .failOnErrors */ .r)(result.lint);
        result.status = 'linted';
    }
    catch (error) {
        if (!(error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .MigrateError */ .Oq))
            throw error;
        result.error = error;
        result.status = 'failed';
    }
    return result;
}


/***/ })

};
