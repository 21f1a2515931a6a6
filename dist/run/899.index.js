export const id = 899;
export const ids = [899];
export const modules = {

/***/ 6899:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runPlan: () => (/* binding */ runPlan)
/* harmony export */ });
/* harmony import */ var _apply_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2226);
/* harmony import */ var _command_support_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8159);
/* harmony import */ var _prepare_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(493);
/* harmony import */ var _plan_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(955);
/* harmony import */ var _result_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(1173);
/* harmony import */ var _with_driver_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5515);
/* harmony import */ var _server_compat_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9710);







/**
 * `plan`: runs the pending migrations on the target database inside one transaction that is
 * rolled back, to prove they apply to this very database; it changes nothing. The migration
 * lock is held as for `up`, and the statements take their real locks (bounded by
 * statement-lock-timeout) while they run. Files that cannot run in a transaction, and the ones
 * after them, are reported as not tried.
 */
async function runPlan(options) {
    const result = (0,_result_js__WEBPACK_IMPORTED_MODULE_6__/* .blankResult */ .m)('plan', options.target.display, options.set.digest);
    result.target = options.targetVersion ?? null;
    return (0,_command_support_js__WEBPACK_IMPORTED_MODULE_1__/* .capture */ .Fg)(result, () => {
        (0,_plan_js__WEBPACK_IMPORTED_MODULE_3__/* .checkTarget */ .e)(options.set, result.target);
        return (0,_with_driver_js__WEBPACK_IMPORTED_MODULE_4__/* .withDriver */ .z)({ ...options, lockTimedOut: (0,_command_support_js__WEBPACK_IMPORTED_MODULE_1__/* .recordUnlocked */ .P7)(result) }, async (driver) => {
            const { current, plan } = await (0,_command_support_js__WEBPACK_IMPORTED_MODULE_1__/* .readAndPlan */ .Nq)(driver, options, result);
            (0,_command_support_js__WEBPACK_IMPORTED_MODULE_1__/* .beyondWarning */ .iP)(current, result);
            // as check and up warn: files the oForum server (golang-migrate) would fail on
            (0,_server_compat_js__WEBPACK_IMPORTED_MODULE_5__/* .warnServerFailures */ .v)(result, options.set);
            const steps = (0,_prepare_js__WEBPACK_IMPORTED_MODULE_2__/* .prepareUps */ .YG)(plan.pending);
            const firstUntried = steps.findIndex((step) => step.mode !== 'transaction');
            const tryable = firstUntried < 0 ? steps : steps.slice(0, firstUntried);
            const blocker = firstUntried < 0 ? null : steps[firstUntried];
            result.proof = {
                tried: [],
                notTried: (firstUntried < 0 ? [] : steps.slice(firstUntried)).map((step) => ({
                    ...(0,_command_support_js__WEBPACK_IMPORTED_MODULE_1__/* .pendingOf */ .lc)(step),
                    because: step === blocker
                        ? `runs statement by statement (${step.because}), which cannot be rolled back`
                        : `comes after migration ${blocker.version}, which was not tried`,
                })),
            };
            if (steps.length === 0) {
                result.status = 'up-to-date';
                return;
            }
            const proof = result.proof;
            await driver.rehearse(async () => {
                if (!current.exists && driver.strategy === 'session')
                    await driver.createStateTable();
                let planned = current;
                for (const step of tryable) {
                    proof.tried.push(await (0,_apply_js__WEBPACK_IMPORTED_MODULE_0__/* .applyStep */ .pA)(step, {
                        driver,
                        scope: 'open',
                        planned,
                        statementLockTimeoutMs: options.statementLockTimeoutMs,
                        statementLockRetries: 0,
                        events: options.events,
                        clock: (0,_command_support_js__WEBPACK_IMPORTED_MODULE_1__/* .clockOf */ .ie)(options),
                    }));
                    planned = { version: step.version, exists: true };
                }
            });
            result.status = 'planned';
        });
    });
}


/***/ })

};
