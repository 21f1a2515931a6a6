export const id = 526;
export const ids = [526];
export const modules = {

/***/ 2526:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   lintPending: () => (/* binding */ lintPending)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _lint_set_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8021);


/**
 * Lints the pending ups against the database they are about to run on: the tables they touch,
 * with their sizes, come from one catalog query on the run's own session. When the catalog
 * cannot be read (a lock held by the application, a missing privilege), the lint goes on
 * without sizes and says so in `warnings`.
 */
async function lintPending(database, pending, options, warnings) {
    // down and goto: the down files about to run, newest first, each judged on its own
    const direction = options.direction ?? 'up';
    const targets = pending.flatMap((migration) => (0,_lint_set_js__WEBPACK_IMPORTED_MODULE_1__/* .lintTargetOf */ .I)(migration, direction) ?? []);
    let basis = 'database';
    const readFacts = async (relations, functions) => {
        try {
            return await database.readDatabaseFacts(relations, functions);
        }
        catch (error) {
            // The server refused the catalog read (a lock held by the application, a missing
            // privilege): the session goes on. A lost session is the run's failure.
            if (!(error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .MigrateError */ .Oq && error.code === 'state'))
                throw error;
            basis = 'migrations';
            warnings.push(`lint could not read the sizes of the tables (${error.message}): its findings are not graded by them`);
            return null;
        }
    };
    const result = await (0,_lint_set_js__WEBPACK_IMPORTED_MODULE_1__/* .lintTargets */ .K)(targets, {
        together: true,
        syntaxFindings: options.syntax,
        readFacts,
        ...(options.readAhead ? { readAhead: true } : {}),
    });
    return { level: options.level, basis, files: targets.length, ...result, review: options.review };
}


/***/ })

};
