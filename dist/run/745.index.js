export const id = 745;
export const ids = [745,126];
export const modules = {

/***/ 1119:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hf: () => (/* binding */ endsSession),
/* harmony export */   Ng: () => (/* binding */ connect),
/* harmony export */   pf: () => (/* binding */ lostReason)
/* harmony export */ });
/* unused harmony exports APPLICATION_NAME, isTransient, describeConnectError */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var pg__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3849);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);
/* harmony import */ var _cancel_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8339);
/* harmony import */ var _url_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3667);





const APPLICATION_NAME = 'oforum-migrate';
// Failures that go away by themselves: a service container still starting, a server restarting.
const TRANSIENT_SYSTEM_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EPIPE']);
const TRANSIENT_SQLSTATES = new Set([
    '57P03', // cannot_connect_now: "the database system is starting up" / "shutting down"
    '53300', // too_many_connections
    '08006', // connection_failure
    '08001', // sqlclient_unable_to_establish_sqlconnection
]);
/**
 * A client that sends the connection's run-time parameters in its start-up packet, as lib/pq
 * does (search_path, options, statement_timeout, …): the session golang-migrate opens and the
 * session this tool opens then start alike. node-postgres sends only a fixed few of its own.
 */
class SessionClient extends pg__WEBPACK_IMPORTED_MODULE_1__/* ["default"].Client */ .Ay.Client {
    runtime;
    constructor(config, runtime) {
        super(config);
        this.runtime = runtime;
    }
    getStartupConf() {
        const base = pg__WEBPACK_IMPORTED_MODULE_1__/* ["default"].Client */ .Ay.Client.prototype.getStartupConf.call(this);
        return { ...base, ...this.runtime };
    }
}
/**
 * Opens one connection, retrying transient failures with backoff until `timeoutMs` has passed.
 * A wrong password, an unknown database or a bad host name fails at once: waiting cannot fix them.
 * So does a server that closes the connection, twice running, as soon as it has read the
 * start-up packet: it refuses what the packet says, and would refuse it again.
 */
async function connect(options) {
    const deadline = Date.now() + options.timeoutMs;
    const settings = (0,_url_js__WEBPACK_IMPORTED_MODULE_4__/* .connectionSettings */ .Q7)(options.connectionString);
    const config = clientConfig(settings);
    let delay = 100;
    let silentCloses = 0;
    const signal = options.signal;
    for (let attempt = 1;; attempt++) {
        if (signal?.aborted)
            throw (0,_cancel_js__WEBPACK_IMPORTED_MODULE_3__/* .cancelledError */ .YQ)(signal);
        const remaining = deadline - Date.now();
        const perAttempt = settings.connectTimeoutSeconds ? settings.connectTimeoutSeconds * 1000 : 10_000;
        const client = new SessionClient(
        // Bound each attempt too: a host that drops packets would otherwise hang on the OS timeout.
        { ...config, connectionTimeoutMillis: Math.max(1000, Math.min(remaining, perAttempt)) }, settings.runtime);
        // A connection lost later (server restart, pg_terminate_backend) surfaces as a failed
        // query; without this listener it would also be an uncaught 'error' event. The server's
        // reason is kept: the driver's next query error only says the client is not queryable.
        client.on('error', (error) => lostReasons.set(client, error.message.split('\n')[0] ?? error.message));
        let reached = false;
        client.connection.once('connect', () => {
            reached = true;
        });
        // pg never settles connect() for a client ended while it connects: the abort settles it here.
        let abandon = () => { };
        const abandoned = new Promise((_, reject) => {
            abandon = () => reject((0,_cancel_js__WEBPACK_IMPORTED_MODULE_3__/* .cancelledError */ .YQ)(signal));
        });
        signal?.addEventListener('abort', abandon, { once: true });
        try {
            const connecting = client.connect();
            connecting.catch(() => { });
            await Promise.race([connecting, abandoned]);
            signal?.removeEventListener('abort', abandon);
            return client;
        }
        catch (error) {
            signal?.removeEventListener('abort', abandon);
            if (signal?.aborted) {
                // ended without waiting for it: a socket still connecting is simply destroyed
                void client.end().catch(() => { });
                throw (0,_cancel_js__WEBPACK_IMPORTED_MODULE_3__/* .cancelledError */ .YQ)(signal);
            }
            await client.end().catch(() => { });
            const message = String(error.message);
            // libpq's sslmode=prefer (its default) and allow fall back to a plain connection when the
            // server has no SSL; the driver does not, so the fallback is made here.
            if (config.ssl && /does not support SSL/i.test(message)) {
                if (!PLAIN_FALLBACK_MODES.has(settings.sslmode ?? ''))
                    throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .MigrateError */ .Oq('connect', noTls(settings.sslmode));
                config.ssl = false;
                attempt--;
                continue;
            }
            silentCloses = reached && closedSilently(error) ? silentCloses + 1 : 0;
            if (silentCloses >= 2) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .MigrateError */ .Oq('connect', 'the server closed the connection as soon as it read the start-up packet, twice: it refuses a start-up parameter of database-url (an overlong value, or a parameter a pooler does not accept)');
            }
            const reason = describeConnectError(error);
            if (!isTransient(error))
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .MigrateError */ .Oq('connect', reason);
            if (Date.now() + delay >= deadline) {
                const seconds = Math.round(options.timeoutMs / 100) / 10;
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .MigrateError */ .Oq('connect', attempt > 1 ? `${reason} (still failing after ${seconds} s)` : reason);
            }
            options.onRetry?.(reason, attempt);
            await pause(delay, signal);
            delay = Math.min(delay * 2, 2000);
        }
    }
}
/** Waits `ms`, or less when the run is cancelled meanwhile. */
function pause(ms, signal) {
    return new Promise((resolve) => {
        const done = () => {
            clearTimeout(timer);
            signal?.removeEventListener('abort', done);
            resolve();
        };
        const timer = setTimeout(done, ms);
        signal?.addEventListener('abort', done, { once: true });
    });
}
/** The connection ended with no word from the server: no SQLSTATE, only a reset or an end. */
function closedSilently(error) {
    const e = error;
    if (e.severity)
        return false;
    return e.code === 'ECONNRESET' || e.code === 'EPIPE' || /terminated unexpectedly/i.test(e.message ?? '');
}
function noTls(mode) {
    return `the server does not accept TLS (SSL) connections, and database-url's sslmode=${mode ?? 'require'} demands one: connect to the server's TLS endpoint, or, on a private network only, set sslmode=disable (sslmode=prefer tries TLS first and falls back)`;
}
const PLAIN_FALLBACK_MODES = new Set(['prefer', 'allow']);
const lostReasons = new WeakMap();
/** Why the server closed this connection, when it said so. */
function lostReason(client) {
    return lostReasons.get(client);
}
/**
 * Errors that end the session rather than fail a statement: the server shutting down or
 * terminating the backend (class 57P), or the connection itself failing (class 08).
 */
function endsSession(error) {
    return /^(57P0[1-4]|08)/.test(error.code ?? '');
}
/**
 * The driver's settings, with libpq's meaning of sslmode (require encrypts without verifying the
 * certificate; verify-full verifies it), which is what a DATABASE_URL written for libpq,
 * golang-migrate or psql means. A certificate file that cannot be read is a setting error.
 */
function clientConfig(settings) {
    return {
        host: settings.host,
        port: settings.port,
        user: settings.user,
        database: settings.database,
        ...(settings.password !== null ? { password: settings.password } : {}),
        application_name: settings.applicationName ?? APPLICATION_NAME,
        ssl: sslOptions(settings),
    };
}
function sslOptions(settings) {
    const mode = settings.sslmode;
    // lib/pq (and libpq) use no TLS over a Unix-domain socket.
    if (!mode || mode === 'disable' || settings.host.startsWith('/'))
        return false;
    const read = (path) => {
        if (path === undefined || settings.ssl.inline)
            return path;
        try {
            return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8');
        }
        catch (error) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .MigrateError */ .Oq('config', `database-url: cannot read the certificate file ${path} (${error.code ?? 'unreadable'})`);
        }
    };
    const ssl = {};
    const cert = read(settings.ssl.cert);
    const key = read(settings.ssl.key);
    const ca = read(settings.ssl.rootCert);
    if (cert !== undefined)
        ssl.cert = cert;
    if (key !== undefined)
        ssl.key = key;
    if (ca !== undefined)
        ssl.ca = ca;
    switch (mode) {
        case 'verify-full':
            break;
        case 'verify-ca':
            if (ca === undefined)
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .MigrateError */ .Oq('config', 'database-url: sslmode=verify-ca needs sslrootcert, the certificate authority to verify against');
            ssl.checkServerIdentity = () => undefined;
            break;
        case 'require':
            // With a root certificate, require verifies the chain as verify-ca does (libpq, lib/pq).
            if (ca !== undefined)
                ssl.checkServerIdentity = () => undefined;
            else
                ssl.rejectUnauthorized = false;
            break;
        default:
            ssl.rejectUnauthorized = false;
    }
    return ssl;
}
function isTransient(error) {
    const e = error;
    if (e.code && TRANSIENT_SYSTEM_CODES.has(e.code))
        return true;
    if (e.code && TRANSIENT_SQLSTATES.has(e.code))
        return true;
    // The driver's own timeouts and dropped connections carry no code; a server error that merely
    // mentions a timeout (an invalid statement_timeout in options) is not one of them.
    if (e.severity)
        return false;
    const message = e.message ?? '';
    return /timeout|terminated unexpectedly|Connection terminated/i.test(message);
}
/** A short reason in libpq's words ("connection refused"), never including the URL. */
function describeConnectError(error) {
    const e = error;
    const where = e.address ? ` (${e.address}${e.port ? `:${e.port}` : ''})` : '';
    switch (e.code) {
        case 'ECONNREFUSED':
            return `connection refused${where}`;
        case 'ECONNRESET':
            return `connection reset by the server${where}`;
        case 'ETIMEDOUT':
            return `connection timed out${where}`;
        case 'EHOSTUNREACH':
        case 'ENETUNREACH':
            return `no route to host${where}`;
        case 'ENOTFOUND':
            return `unknown host ${e.hostname ?? ''}`.trim();
        case 'EAI_AGAIN':
            return `temporary failure resolving ${e.hostname ?? 'the host'}`;
        default:
            break;
    }
    const message = (e.message ?? String(error)).split('\n')[0] ?? '';
    if (/timeout/i.test(message))
        return 'connection timed out';
    return message;
}


/***/ }),

/***/ 5745:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createScratchDatabase: () => (/* binding */ createScratchDatabase),
  runScratchWatchdog: () => (/* binding */ runScratchWatchdog)
});

// UNUSED EXPORTS: SCRATCH_PREFIX

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/database/connect.ts
var connect = __webpack_require__(1119);
// EXTERNAL MODULE: ./src/database/identifiers.ts
var identifiers = __webpack_require__(913);
// EXTERNAL MODULE: ./src/database/query.ts
var query = __webpack_require__(8597);
// EXTERNAL MODULE: ./src/database/url.ts + 5 modules
var database_url = __webpack_require__(3667);
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
    const name = `${SCRATCH_PREFIX}${Date.now().toString(36)}_${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`;
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
