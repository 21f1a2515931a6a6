export const id = 745;
export const ids = [745];
export const modules = {

/***/ 5745:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createScratchDatabase: () => (/* binding */ createScratchDatabase),
  runScratchWatchdog: () => (/* binding */ runScratchWatchdog)
});

// UNUSED EXPORTS: SCRATCH_PREFIX

// EXTERNAL MODULE: ./src/crypto-on-demand.ts
var crypto_on_demand = __webpack_require__(6996);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/database/connect.ts + 1 modules
var connect = __webpack_require__(6116);
// EXTERNAL MODULE: ./src/database/identifiers.ts
var identifiers = __webpack_require__(913);
// EXTERNAL MODULE: ./src/database/query.ts
var query = __webpack_require__(8597);
// EXTERNAL MODULE: ./src/database/url.ts + 6 modules
var database_url = __webpack_require__(8412);
;// CONCATENATED MODULE: ./src/database/watchdog-variable.ts
/** The environment variable that makes the bundle verify's scratch-database watchdog. */
const WATCHDOG_VARIABLE = 'OFORUM_MIGRATE_SCRATCH_WATCHDOG';

;// CONCATENATED MODULE: ./src/database/scratch-database.ts








const SCRATCH_PREFIX = 'oforum_migrate_verify_';
/**
 * Creates the scratch database on the server of `server`, guarded by a detached watchdog process
 * that drops it if this process dies first (even by SIGKILL, which runs no cleanup). The watchdog
 * starts before CREATE DATABASE is sent, so no moment exists at which the database could be left
 * behind unguarded.
 */
async function createScratchDatabase(server, connectTimeoutMs) {
    const admin = await (0,connect/* connect */.Ng)({ connectionString: server.connectionString, timeoutMs: connectTimeoutMs });
    const name = `${SCRATCH_PREFIX}${Date.now().toString(36)}_${(0,crypto_on_demand/* randomHex */.nw)(4)}`;
    const watchdog = startWatchdog({
        connectionString: server.connectionString,
        database: name,
        parent: process.pid,
        session: backendPid(admin),
    });
    try {
        await admin.query(`CREATE DATABASE ${(0,identifiers/* quoteIdentifier */.Cm)(name)}`);
    }
    catch (error) {
        watchdog?.kill();
        await admin.end().catch(() => { });
        if ((0,query/* isServerError */.GQ)(error) && error.code === '42501') {
            throw new errors/* MigrateError */.Oq('config', 'verify creates a scratch database and the user of database-url may not (it needs CREATEDB); grant it, or run verify --embedded');
        }
        throw new errors/* MigrateError */.Oq('connect', `cannot create the scratch database: ${error.message}`);
    }
    const url = new URL(server.connectionString);
    url.pathname = `/${name}`;
    return {
        target: { ...(0,database_url/* parseDatabaseUrl */.mx)(url.toString()), display: `${server.display.replace(/\/[^/]*$/, '')}/${name}` },
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
    await client.query(`DROP DATABASE IF EXISTS ${(0,identifiers/* quoteIdentifier */.Cm)(name)} WITH (FORCE)`);
}
function startWatchdog(spec) {
    const script = process.argv[1];
    if (!script)
        return null;
    try {
        const child = (0,external_node_child_process_.spawn)(process.execPath, [script], {
            detached: true,
            stdio: 'ignore',
            env: { ...process.env, [WATCHDOG_VARIABLE]: JSON.stringify(spec) },
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
    const client = await (0,connect/* connect */.Ng)({ connectionString, timeoutMs: 60_000 }).catch(() => null);
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
