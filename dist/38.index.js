export const id = 38;
export const ids = [38];
export const modules = {

/***/ 1657:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createScratchDatabase: () => (/* binding */ createScratchDatabase),
/* harmony export */   runScratchWatchdog: () => (/* binding */ runScratchWatchdog)
/* harmony export */ });
/* unused harmony export SCRATCH_PREFIX */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);
/* harmony import */ var _connect_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1119);
/* harmony import */ var _identifiers_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(913);
/* harmony import */ var _query_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8597);
/* harmony import */ var _url_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3667);
/* harmony import */ var _watchdog_variable_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(135);








const SCRATCH_PREFIX = 'oforum_migrate_verify_';
/**
 * Creates the scratch database on the server of `server`, guarded by a detached watchdog process
 * that drops it if this process dies first (even by SIGKILL, which runs no cleanup). The watchdog
 * starts before CREATE DATABASE is sent, so no moment exists at which the database could be left
 * behind unguarded.
 */
async function createScratchDatabase(server, connectTimeoutMs) {
    const admin = await (0,_connect_js__WEBPACK_IMPORTED_MODULE_3__/* .connect */ .Ng)({ connectionString: server.connectionString, timeoutMs: connectTimeoutMs });
    const name = `${SCRATCH_PREFIX}${Date.now().toString(36)}_${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(4).toString('hex')}`;
    const watchdog = startWatchdog({
        connectionString: server.connectionString,
        database: name,
        parent: process.pid,
        session: backendPid(admin),
    });
    try {
        await admin.query(`CREATE DATABASE ${(0,_identifiers_js__WEBPACK_IMPORTED_MODULE_6__/* .quoteIdentifier */ .Cm)(name)}`);
    }
    catch (error) {
        watchdog?.kill();
        await admin.end().catch(() => { });
        if ((0,_query_js__WEBPACK_IMPORTED_MODULE_4__/* .isServerError */ .GQ)(error) && error.code === '42501') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .MigrateError */ .Oq('config', 'verify creates a scratch database and the user of database-url may not (it needs CREATEDB); grant it, or run verify --embedded');
        }
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .MigrateError */ .Oq('connect', `cannot create the scratch database: ${error.message}`);
    }
    const url = new URL(server.connectionString);
    url.pathname = `/${name}`;
    return {
        target: { ...(0,_url_js__WEBPACK_IMPORTED_MODULE_5__/* .parseDatabaseUrl */ .mx)(url.toString()), display: `${server.display.replace(/\/[^/]*$/, '')}/${name}` },
        async drop() {
            await dropDatabase(admin, name);
            await admin.end().catch(() => { });
            watchdog?.kill();
        },
    };
}
/** The server process of a connection, from its BackendKeyData; 0 when unknown. */
function backendPid(client) {
    const pid = client.processID;
    return typeof pid === 'number' && Number.isInteger(pid) ? pid : 0;
}
async function dropDatabase(client, name) {
    // WITH (FORCE) (PostgreSQL 13+) ends sessions a failed step may have left behind.
    await client.query(`DROP DATABASE IF EXISTS ${(0,_identifiers_js__WEBPACK_IMPORTED_MODULE_6__/* .quoteIdentifier */ .Cm)(name)} WITH (FORCE)`);
}
function startWatchdog(spec) {
    const script = process.argv[1];
    if (!script)
        return null;
    try {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_1__.spawn)(process.execPath, [script], {
            detached: true,
            stdio: 'ignore',
            env: { ...process.env, [_watchdog_variable_js__WEBPACK_IMPORTED_MODULE_7__/* .WATCHDOG_VARIABLE */ .b]: JSON.stringify(spec) },
        });
        // A watchdog that cannot start is no reason to fail the run, nor to crash on an unhandled 'error' event.
        child.on('error', () => { });
        child.unref();
        return { kill: () => void child.kill() };
    }
    catch {
        return null;
    }
}
// How long the watchdog waits for the creating session to end before dropping anyway (a pooler
// may keep that server session open for other clients).
const SESSION_END_WAIT_MS = 120_000;
/**
 * The watchdog's loop: wait for the parent to end, then for the server session that sent CREATE
 * DATABASE to end too (a statement already sent still runs after its client is gone, and a
 * CREATE that commits after the drop would leave the database behind), then drop the database
 * (a no-op when the parent dropped it already, or never created it). Bounded: it gives up when
 * the server stays unreachable.
 */
async function runScratchWatchdog(text) {
    const { connectionString, database, parent, session } = JSON.parse(text);
    if (!database.startsWith(SCRATCH_PREFIX))
        return;
    while (isAlive(parent))
        await sleep(250);
    const client = await (0,_connect_js__WEBPACK_IMPORTED_MODULE_3__/* .connect */ .Ng)({ connectionString, timeoutMs: 60_000 }).catch(() => null);
    if (!client)
        return;
    try {
        const deadline = Date.now() + SESSION_END_WAIT_MS;
        while (session > 0 && Date.now() < deadline && (await sessionExists(client, session)))
            await sleep(100);
        await dropDatabase(client, database);
    }
    catch {
        // the server went away: nothing more this process can do
    }
    finally {
        await client.end().catch(() => { });
    }
}
async function sessionExists(client, pid) {
    const { rows } = await client.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]);
    return rows.length > 0;
}
function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
function isAlive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (error) {
        return error.code === 'EPERM';
    }
}


/***/ })

};
