export const id = 899;
export const ids = [899];
export const modules = {

/***/ 6899:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runPlan: () => (/* binding */ runPlan)
/* harmony export */ });
/* harmony import */ var _database_state_table_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6381);
/* harmony import */ var _apply_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2226);
/* harmony import */ var _prepare_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(493);
/* harmony import */ var _command_support_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4913);
/* harmony import */ var _session_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8789);





/**
 * `plan`: runs the pending migrations on the target database inside one transaction that is
 * rolled back, to prove they apply to this very database; it changes nothing. The migration
 * lock is held as for `up`, and the statements take their real locks (bounded by
 * statement-lock-timeout) while they run. Files that cannot run in a transaction, and the ones
 * after them, are reported as not tried.
 */
async function runPlan(options) {
    const result = (0,_command_support_js__WEBPACK_IMPORTED_MODULE_3__/* .emptyResult */ .$)('plan', options);
    return (0,_command_support_js__WEBPACK_IMPORTED_MODULE_3__/* .capture */ .Fg)(result, () => (0,_session_js__WEBPACK_IMPORTED_MODULE_4__/* .withSession */ .fQ)(options, async (session) => {
        const { current, plan } = await (0,_command_support_js__WEBPACK_IMPORTED_MODULE_3__/* .readAndPlan */ .Nq)(session, options, result);
        const steps = (0,_prepare_js__WEBPACK_IMPORTED_MODULE_2__/* .prepareUps */ .YG)(plan.pending);
        const firstUntried = steps.findIndex((step) => step.mode !== 'transaction');
        const tryable = firstUntried < 0 ? steps : steps.slice(0, firstUntried);
        const blocker = firstUntried < 0 ? null : steps[firstUntried];
        result.proof = {
            tried: [],
            notTried: (firstUntried < 0 ? [] : steps.slice(firstUntried)).map((step) => ({
                ...(0,_command_support_js__WEBPACK_IMPORTED_MODULE_3__/* .pendingOf */ .lc)(step),
                because: step === blocker
                    ? `runs statement by statement (${step.because}), which cannot be rolled back`
                    : `comes after migration ${blocker.version}, which was not tried`,
            })),
        };
        if (steps.length === 0) {
            result.status = 'up-to-date';
            return;
        }
        const client = session.client;
        await client.query('BEGIN');
        try {
            if (!current.exists && session.strategy === 'session')
                await client.query((0,_database_state_table_js__WEBPACK_IMPORTED_MODULE_0__/* .createStateTableSql */ .gw)(session.state));
            let planned = current;
            for (const step of tryable) {
                result.proof.tried.push(await (0,_apply_js__WEBPACK_IMPORTED_MODULE_1__/* .applyStep */ .pA)(step, {
                    session,
                    transaction: 'open',
                    planned,
                    lockTimeoutMs: options.lockTimeoutMs,
                    statementLockTimeoutMs: options.statementLockTimeoutMs,
                    statementLockRetries: 0,
                    events: options.events,
                }));
                planned = { version: step.version, dirty: false, exists: true, pid: null };
            }
            result.status = 'planned';
        }
        finally {
            await client.query('ROLLBACK').catch(() => { });
        }
    }));
}


/***/ })

};
