export const id = 101;
export const ids = [101];
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

/***/ 101:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  execute: () => (/* binding */ execute),
  openDatabaseAhead: () => (/* binding */ openDatabaseAhead)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/database/url.ts + 5 modules
var url = __webpack_require__(3667);
// EXTERNAL MODULE: ./src/engine/index.ts
var engine = __webpack_require__(5970);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
;// CONCATENATED MODULE: ./src/history/applied-by.ts

function appliedBy(env) {
    if (env.GITHUB_ACTIONS === 'true' && env.GITHUB_RUN_ID && env.GITHUB_REPOSITORY) {
        const server = env.GITHUB_SERVER_URL || 'https://github.com';
        const attempt = env.GITHUB_RUN_ATTEMPT ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : '';
        return {
            actor: env.GITHUB_ACTOR ? `${env.GITHUB_ACTOR} (GitHub Actions)` : 'GitHub Actions',
            runUrl: `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}${attempt}`,
            commit: env.GITHUB_SHA || null,
        };
    }
    let user = env.USER || env.USERNAME || 'unknown';
    try {
        user = external_node_os_default().userInfo().username;
    }
    catch {
        // no passwd entry (a container's arbitrary uid): keep the environment's name
    }
    return { actor: `${user}@${external_node_os_default().hostname()}`, runUrl: null, commit: null };
}

// EXTERNAL MODULE: ./src/database/cancel.ts
var cancel = __webpack_require__(8339);
// EXTERNAL MODULE: ./src/database/connect.ts
var connect = __webpack_require__(1119);
// EXTERNAL MODULE: ./src/sql/index.ts + 8 modules
var src_sql = __webpack_require__(4058);
;// CONCATENATED MODULE: ./src/database/driver-errors.ts


/**
 * The failures a driver reports, built in one place so that every driver (PostgreSQL's and the
 * tests' in-memory one) reports the same facts with the same words.
 */
/** A migration's statement failed on the server; `dirty`: golang-migrate's flag stays set. */
function migrationFailed(server, version, location, dirty) {
    return new errors/* MigrateError */.Oq('sql', server.message, {
        version,
        ...(dirty ? { dirty } : {}),
        ...(location ? { location } : {}),
        ...(server.code ? { sqlState: server.code } : {}),
        ...(server.detail ? { detail: server.detail } : {}),
        ...(server.hint ? { hint: server.hint } : {}),
        ...(server.where ? { where: server.where } : {}),
    });
}
/** The session ended under the migration: not the file's fault, so no location is given. */
function connectionLost(reason, version, dirty, unsure) {
    if (!dirty && unsure) {
        // The socket failed, not the session: a COMMIT that had reached the server stands, and so do
        // the pipelined messages behind it that the server went on to run.
        const behind = unsure.sentAfter > 0 ? `, and so may the ${unsure.sentAfter} sent after it` : '';
        return new errors/* MigrateError */.Oq('sql', `connection lost while applying version ${version}: ${reason}; it may have committed with its version row${behind}: the next run reads the version and goes on from there`, { version });
    }
    const outcome = dirty ? `left dirty at ${version}` : 'rolled back';
    return new errors/* MigrateError */.Oq('sql', `connection lost while applying version ${version} (${outcome}): ${reason}`, {
        version,
        ...(dirty ? { dirty } : {}),
    });
}
/** Writing the version row around a file that runs statement by statement failed. */
function recordingFailed(reason, version, dirty) {
    return new errors/* MigrateError */.Oq('sql', `recording version ${version} failed: ${reason}`, { version, ...(dirty ? { dirty } : {}) });
}
/** The state was not the planned one when the migration's transaction had the lock. */
function stateChanged(when) {
    return new errors/* MigrateError */.Oq('state-changed', `the state changed ${when}`);
}
/** The session ended outside a migration. */
function sessionLost(reason) {
    return new errors/* MigrateError */.Oq('connection-lost', `connection lost: ${reason}`);
}
function locate(file, sql, position) {
    return { file, line: position.line, column: position.column, excerpt: (0,src_sql/* excerpt */.Kb)(sql, position.line) };
}

// EXTERNAL MODULE: ./src/database/query.ts
var query = __webpack_require__(8597);
;// CONCATENATED MODULE: ./src/database/postgres-errors.ts





/** The server's error when a statement failed and the session goes on; null when it ended. */
function failedOnServer(error) {
    const cause = error instanceof query/* SimpleQueryError */.XZ ? error.cause : error;
    return (0,query/* isServerError */.GQ)(cause) && !(0,connect/* endsSession */.Hf)(cause) ? cause : null;
}
/** Why the session ended or a statement failed, in the server's words when it gave them. */
function reasonOf(client, error) {
    const cause = error instanceof query/* SimpleQueryError */.XZ ? error.cause : error;
    if (!(0,query/* isServerError */.GQ)(cause)) {
        const reason = (0,connect/* lostReason */.pf)(client);
        if (reason)
            return reason;
    }
    return cause instanceof Error ? cause.message : String(cause);
}
/**
 * Where a step's message failed: in the prefix (a guard or the lock: the caller explains it), or
 * in the file (its place, when known). A position places the error in the text sent (a syntax
 * error stops the whole text before any statement runs); without one, the statements completed
 * before the failure tell which failed: BEGIN (when ours), then the prefix, then the file's.
 */
function placeStepFailure(error, server, sent, migration) {
    const { file, sql, statements } = migration;
    const offset = server.position ? (0,src_sql/* serverPositionToOffset */.VP)(sent.text, Number(server.position)) - sent.head.length : null;
    if (file && offset !== null && offset >= 0 && offset <= sql.length)
        return { location: locate(file, sql, (0,src_sql/* offsetToLineColumn */.rQ)(sql, offset)) };
    const failed = error.completedStatements - sent.leading;
    const prefixStatement = sent.prefix[failed];
    if (prefixStatement && (offset === null || offset < 0))
        return { prefix: prefixStatement };
    const statement = statements[failed - sent.prefix.length];
    return { location: file && statement && offset === null ? locate(file, sql, statement) : undefined };
}
/** Where a statement sent alone failed, in its file. */
function placeStatementFailure(server, statement, migration) {
    if (!migration.file)
        return undefined;
    const position = server.position
        ? (0,src_sql/* offsetToLineColumn */.rQ)(migration.sql, statement.start + (0,src_sql/* serverPositionToOffset */.VP)(statement.text, Number(server.position)))
        : statement;
    return locate(migration.file, migration.sql, position);
}
/**
 * The driver's boundary: a MigrateError passes; a server error outside a migration (a permission
 * on the state table, say) is `state`; an error after which the session is gone — the server
 * ended it (class 57P, 08) or the socket closed, which the client reported as an 'error' event
 * — is `connection-lost`. Anything else is a bug and passes unchanged.
 */
function asDriverError(client, error) {
    if (error instanceof errors/* MigrateError */.Oq)
        return error;
    const cause = error instanceof query/* SimpleQueryError */.XZ ? error.cause : error;
    const lost = (0,connect/* lostReason */.pf)(client);
    if ((0,query/* isServerError */.GQ)(cause) && (0,connect/* endsSession */.Hf)(cause))
        return sessionLost(lost ?? cause.message);
    if ((0,query/* isServerError */.GQ)(cause))
        return new errors/* MigrateError */.Oq('state', cause.message, { sqlState: cause.code });
    if (lost)
        return sessionLost(lost);
    return error;
}

;// CONCATENATED MODULE: ./src/database/guards.ts
/**
 * Statements that run at the start of a migration's transaction, after BEGIN, so that a
 * migration can only commit while this run holds the migration lock and the state it planned
 * from. They cost nothing extra: they travel in the migration's own round trip.
 */
/** Waits for the migration lock for this transaction only (lock-strategy: transaction). */
function transactionLockSql(lockId) {
    return `SELECT pg_catalog.pg_advisory_xact_lock(${lockId})`;
}
/**
 * Serialises the migrators that reach the state guard: the guard's read then sees every version
 * committed before it, whatever the advisory lock did (a pooled server session shared by two
 * clients lets both through it). Reads of the table, as the oForum server's, are not blocked.
 */
function stateTableLockSql(state) {
    return `LOCK TABLE ${state.qualified} IN EXCLUSIVE MODE`;
}
/** SQLSTATEs of the guard: the lock is not this transaction's; the state is not the planned one. */
const LOCK_NOT_HELD = '22012'; // division_by_zero
const STATE_CHANGED = '22P02'; // invalid_text_representation
/**
 * One statement that lets the migration's transaction go on only while
 * - the migration lock is ours for this transaction: pg_try_advisory_xact_lock is granted at once
 *   when this session holds golang-migrate's session lock (or nobody does), and refused when
 *   another session holds it — as when a transaction-pooling proxy sent this transaction to
 *   another server session than the one that took the lock;
 * - the state table still says what the plan was made from;
 * and that sets lock_timeout for the migration's statements. Each check fails with an error of
 * its own SQLSTATE; the divisor and the cast are not constants, so PostgreSQL cannot evaluate
 * them while planning, before the check has run.
 */
function guardSql(options) {
    const checks = [];
    if (options.lockId !== null) {
        checks.push(`WHEN NOT pg_catalog.pg_try_advisory_xact_lock(${options.lockId}) THEN 1 / (pg_catalog.pg_backend_pid() * 0)`);
    }
    if (options.planned !== undefined) {
        checks.push(`WHEN NOT ${stateIs(options.state, options.planned)} THEN ('state ' || pg_catalog.pg_backend_pid())::int`);
    }
    const guard = checks.length > 0 ? `CASE ${checks.join(' ')} ELSE 0 END` : '0';
    const timeout = options.lockTimeoutMs > 0 ? `, pg_catalog.set_config('lock_timeout', '${Math.round(options.lockTimeoutMs)}ms', true)` : '';
    return `SELECT ${guard}${timeout}`;
}
function stateIs(state, version) {
    return version === null
        ? `NOT EXISTS (SELECT FROM ${state.qualified})`
        : `(SELECT count(*) FILTER (WHERE version = ${version} AND NOT dirty) = 1 AND count(*) = 1 FROM ${state.qualified})`;
}

// EXTERNAL MODULE: ./src/migration-version.ts
var migration_version = __webpack_require__(5590);
// EXTERNAL MODULE: ./src/database/sqlstate.ts
var sqlstate = __webpack_require__(1592);
;// CONCATENATED MODULE: ./src/database/history-read.ts



/** How many of the latest rows a run shows (the summary's history table). */
const RECENT_HISTORY_ROWS = 10;
/**
 * The short read, one statement and one row: each version's latest row as a JSON array of
 * version, checksum, direction and previous version (the checksums of a thousand migrations are
 * then one value the client parses in a millisecond, not a thousand rows), and the newest rows
 * in full. It names the columns of this release's table; a table of an older release lacks some
 * and fails with undefined_column, which readHistory answers with the full read (to_jsonb).
 */
function readHistorySummarySql(history) {
    const latest = `SELECT DISTINCT ON (version) * FROM ${history.qualified} ORDER BY version, id DESC`;
    return `WITH latest AS MATERIALIZED (${latest})
SELECT (SELECT json_agg(json_build_array(version::text, checksum, direction, previous_version::text) ORDER BY version) FROM latest) AS facts,
       (SELECT json_agg(json_build_array(version::text, name, checksum, applied_at, duration_ms, applied_by, run_url, commit_sha, direction, previous_version::text))
          FROM (SELECT * FROM latest ORDER BY applied_at DESC, version DESC LIMIT ${RECENT_HISTORY_ROWS}) AS newest) AS recent`;
}
/**
 * The row readHistorySummarySql returned, read. Its values come from a table anyone with INSERT
 * may write: a value of an unexpected type is read as absent, never trusted as it is.
 */
function historySummaryOf(record) {
    const facts = [];
    for (const item of arrayOf(record?.facts)) {
        const [version, checksum, direction, previous] = arrayOf(item);
        const parsed = versionOf(version);
        if (parsed === null)
            continue;
        facts.push({ version: parsed, checksum: textOf(checksum), ...directionOf(direction), previousVersion: versionOf(previous) });
    }
    const recent = [];
    for (const item of arrayOf(record?.recent)) {
        const [version, name, checksum, appliedAt, durationMs, appliedBy, runUrl, commit, direction, previous] = arrayOf(item);
        const parsed = versionOf(version);
        if (parsed === null)
            continue;
        recent.push({
            version: parsed,
            name: textOf(name),
            checksum: textOf(checksum),
            appliedAt: new Date(textOf(appliedAt)),
            durationMs: typeof durationMs === 'number' ? durationMs : null,
            appliedBy: textOf(appliedBy),
            runUrl: typeof runUrl === 'string' ? runUrl : null,
            commit: typeof commit === 'string' ? commit : null,
            ...directionOf(direction),
            previousVersion: versionOf(previous),
        });
    }
    return { exists: true, recordsPrevious: true, rows: facts, recent };
}
/**
 * Reads the history in short. A missing table is an empty history; a table that cannot be read
 * is reported by the caller as a warning, never a failure.
 */
async function readHistory(client, history) {
    try {
        const [record] = await (0,query/* queryRows */.Ym)(client, readHistorySummarySql(history));
        return historySummaryOf(record);
    }
    catch (error) {
        if ((0,query/* isServerError */.GQ)(error) && error.code === sqlstate/* UNDEFINED_COLUMN */.iN)
            return readFullHistory(client, history);
        if ((0,query/* isServerError */.GQ)(error) && error.code === sqlstate/* UNDEFINED_TABLE */.oh)
            return missingHistory();
        throw error;
    }
}
/** Reads every version's latest row in full (status), from a table of any release. */
async function readFullHistory(client, history) {
    try {
        return historyReadOf(await (0,query/* queryRows */.Ym)(client, readFullHistorySql(history)));
    }
    catch (error) {
        if ((0,query/* isServerError */.GQ)(error) && error.code === sqlstate/* UNDEFINED_TABLE */.oh)
            return missingHistory();
        throw error;
    }
}
/** What a read answers for a history table that does not exist yet. */
function missingHistory() {
    return { rows: [], recent: [], exists: false, recordsPrevious: true };
}
/** The latest row of each version in full, as readFullHistory reads it. */
function readFullHistorySql(history) {
    // to_jsonb: a table of an older release lacks direction (it holds only ups) or
    // previous_version, and reads the same
    return `SELECT DISTINCT ON (version) version, name, checksum, applied_at, duration_ms, applied_by, run_url, commit_sha,
              coalesce(to_jsonb(h) ->> 'direction', 'up') AS direction,
              to_jsonb(h) ->> 'previous_version' AS previous_version, to_jsonb(h) ? 'previous_version' AS records_previous
         FROM ${history.qualified} AS h ORDER BY version, id DESC`;
}
/** The rows readFullHistorySql returned, read. */
function historyReadOf(records) {
    const rows = records.map((row) => ({
        version: BigInt(row.version),
        name: row.name,
        checksum: row.checksum,
        // pg reads `infinity` as a number, not a Date
        appliedAt: row.applied_at instanceof Date ? row.applied_at : new Date(Number.NaN),
        durationMs: row.duration_ms,
        appliedBy: row.applied_by,
        runUrl: row.run_url,
        commit: row.commit_sha,
        ...directionOf(row.direction),
        ...(row.records_previous ? { previousVersion: row.previous_version === null ? null : BigInt(row.previous_version) } : {}),
    }));
    return {
        exists: true,
        // an empty table of an older release is written as it is; one of this release is never empty
        recordsPrevious: records[0]?.records_previous ?? false,
        rows,
        recent: newestOf(rows),
    };
}
/** The newest rows, as readHistorySummarySql orders them. */
function newestOf(rows) {
    return [...rows]
        .sort((a, b) => b.appliedAt.getTime() - a.appliedAt.getTime() || (0,migration_version/* compareVersions */.Z)(b.version, a.version))
        .slice(0, RECENT_HISTORY_ROWS);
}
function arrayOf(value) {
    return Array.isArray(value) ? value : [];
}
function textOf(value) {
    return typeof value === 'string' ? value : '';
}
function versionOf(value) {
    return typeof value === 'string' && /^-?\d{1,20}$/.test(value) ? BigInt(value) : null;
}
function directionOf(value) {
    return value === 'down' || value === 'force' ? { direction: value } : {};
}

// EXTERNAL MODULE: ./src/database/history-table.ts
var history_table = __webpack_require__(3032);
// EXTERNAL MODULE: ./src/database/lock.ts
var lock = __webpack_require__(8574);
// EXTERNAL MODULE: ./src/database/lock-id.ts
var lock_id = __webpack_require__(4938);
// EXTERNAL MODULE: ./src/database/identifiers.ts
var identifiers = __webpack_require__(913);
;// CONCATENATED MODULE: ./src/database/state-table.ts




/**
 * Where golang-migrate keeps its state for this session: `current_schema()`, as golang-migrate
 * reads it (or the schema x-migrations-table-quoted names; golang-migrate still requires a
 * current schema then, so the check is made either way), and the session's database, which names
 * the advisory lock when the URL does not. One round trip.
 */
async function locateStateTable(client, table, schema = null, session = {}) {
    const [row] = await (0,query/* queryRows */.Ym)(client, `SELECT pg_catalog.current_schema() AS schema, pg_catalog.current_database() AS database${session.checkClientConnection ? `, (${CHECK_CLIENT_CONNECTION_SQL}) AS check_interval` : ''}`);
    if (!row?.schema) {
        throw new errors/* MigrateError */.Oq('state', 'no schema: current_schema() is empty (check search_path and the schema privileges of the user)');
    }
    const located = schema ?? row.schema;
    return { state: { schema: located, table, qualified: (0,identifiers/* qualifiedName */.OL)(located, table) }, database: row.database };
}
/**
 * client_connection_check_interval (PostgreSQL 14 and later) for the session: a statement whose
 * client is gone (SIGKILL, a lost runner) is ended within about a second instead of running on,
 * and committing, with nobody to report it. On 13, where the setting does not exist, nothing is
 * set; a value the URL's options gave is kept.
 */
const CHECK_CLIENT_CONNECTION_SQL = `SELECT pg_catalog.set_config('client_connection_check_interval', '1s', false) WHERE pg_catalog.current_setting('client_connection_check_interval', true) = '0'`;
/**
 * Reads the state in one round trip: the read is tried and a missing table recognised by its
 * SQLSTATE. The outer join returns one row even for an empty table, with the server pid that
 * answered, which tells whether the session that took the lock is still the one talking.
 */
function readStateSql(state) {
    // pg_typeof names the columns' types even when the table is empty (the row is then NULLs).
    return `SELECT pg_catalog.pg_backend_pid() AS pid, s.version, s.dirty, pg_catalog.pg_typeof(s.version)::text AS version_type, pg_catalog.pg_typeof(s.dirty)::text AS dirty_type FROM (SELECT 1) AS one LEFT JOIN (SELECT version, dirty FROM ${state.qualified} LIMIT 2) AS s ON true`;
}
// golang-migrate creates version bigint; a table made by hand with a smaller integer works alike.
const VERSION_TYPES = new Set(['bigint', 'integer', 'smallint']);
async function readState(client, state) {
    let rows;
    try {
        rows = await (0,query/* queryRows */.Ym)(client, readStateSql(state));
    }
    catch (error) {
        return stateReadFailed(error, state);
    }
    return interpretState(rows, state);
}
/** A failed read: a missing table is "no version yet"; a table of another shape is refused. */
function stateReadFailed(error, state) {
    if ((0,query/* isServerError */.GQ)(error) && error.code === sqlstate/* UNDEFINED_TABLE */.oh)
        return { version: null, dirty: false, exists: false, pid: null };
    if ((0,query/* isServerError */.GQ)(error) && error.code === '42703')
        throw notStateTable(state);
    if ((0,query/* isServerError */.GQ)(error)) {
        throw new errors/* MigrateError */.Oq('state', `cannot read ${state.schema}.${state.table}: ${error.message}`, { sqlState: error.code });
    }
    throw error;
}
function interpretState(rows, state) {
    if (rows.length > 1) {
        throw new errors/* MigrateError */.Oq('state', `${state.schema}.${state.table} holds several rows; golang-migrate keeps exactly one (version, dirty) row — is this table another tool's?`);
    }
    const row = rows[0];
    // A text version or a dirty flag of another type is refused before a version is written there.
    if (row?.version_type !== undefined && (!VERSION_TYPES.has(row.version_type) || row.dirty_type !== 'boolean'))
        throw notStateTable(state);
    const pid = row?.pid ?? null;
    if (!row || (row.version === null && row.dirty === null))
        return { version: null, dirty: false, exists: true, pid };
    // The driver gives a bigint as text (exact) and a smaller integer as a number.
    const version = typeof row.version === 'string' || typeof row.version === 'number' ? state_table_versionOf(row.version) : null;
    if (version === null || typeof row.dirty !== 'boolean') {
        throw new errors/* MigrateError */.Oq('state', `${state.schema}.${state.table} is not golang-migrate's state table (unexpected row)`);
    }
    return { version, dirty: row.dirty, exists: true, pid };
}
function state_table_versionOf(value) {
    if (typeof value === 'number')
        return Number.isSafeInteger(value) ? BigInt(value) : null;
    return /^-?\d+$/.test(value) ? BigInt(value) : null;
}
function notStateTable(state) {
    return new errors/* MigrateError */.Oq('state', `${state.schema}.${state.table} is not golang-migrate's state table (it needs the columns version bigint and dirty boolean); set migrations-table to use another table`);
}
/** golang-migrate's own CREATE, run only when the table is missing (it needs the CREATE right). */
function createStateTableSql(state) {
    return `CREATE TABLE IF NOT EXISTS ${state.qualified} (version bigint not null primary key, dirty boolean not null)`;
}
/**
 * golang-migrate's SetVersion as SQL statements: the table is emptied and the row written in the
 * caller's transaction. A clean "no version" leaves the table empty; a dirty one stores -1.
 *
 * golang-migrate empties it with TRUNCATE; DELETE leaves the same one row for every reader, and
 * costs far less: TRUNCATE gives the table a new file on each write (two thirds of a small
 * migration's time) and locks out readers, the oForum server's included, until commit.
 */
function setVersionSql(state, version, dirty) {
    const empty = `DELETE FROM ${state.qualified}`;
    if (version === null && !dirty)
        return empty;
    return `${empty};\nINSERT INTO ${state.qualified} (version, dirty) VALUES (${version ?? -1n}, ${dirty})`;
}

;// CONCATENATED MODULE: ./src/database/opening.ts









/** The likely current_schema(): PostgreSQL's default search_path puts `public` first for most users. */
const LIKELY_SCHEMA = 'public';
// the results of the message: BEGIN, the opening row, COMMIT, the state, the history
const OPENING_AT = 1;
const STATE_AT = 3;
const HISTORY_AT = 4;
function openingSql(request) {
    if (request.lockDatabaseName === null)
        return null;
    const schema = request.schema ?? LIKELY_SCHEMA;
    const state = { schema, table: request.table, qualified: (0,identifiers/* qualifiedName */.OL)(schema, request.table) };
    const lockId = (0,lock_id/* advisoryLockId */.Wg)(schema, request.table, request.lockDatabaseName);
    const guessed = request.schema === null ? `here.schema = ${(0,identifiers/* quoteLiteral */.ce)(LIKELY_SCHEMA)}` : 'here.schema IS NOT NULL';
    const history = request.history === null ? null : (0,history_table/* historyTable */.f1)(state, request.history);
    const statements = [
        'BEGIN',
        `WITH here AS MATERIALIZED (SELECT pg_catalog.current_schema() AS schema, pg_catalog.current_database() AS database, (${CHECK_CLIENT_CONNECTION_SQL}) AS check_interval),
     mine AS MATERIALIZED (SELECT here.schema, here.database, coalesce(${guessed}, false) AS guessed, (${(0,lock/* heldByThisSessionSql */.dD)(lockId)}) AS held FROM here)
     SELECT mine.schema, mine.database, mine.guessed, mine.held,
            CASE WHEN mine.guessed AND NOT mine.held THEN pg_catalog.pg_try_advisory_lock(${lockId}) ELSE false END AS locked,
            pg_catalog.pg_backend_pid() AS pid
       FROM mine`,
        'COMMIT',
        readStateSql(state),
        ...(history ? [readHistorySummarySql(history)] : []),
    ];
    return { text: statements.join(';\n'), state, lockId, history };
}
function interpretOpening(opening, answer) {
    const first = answer.results[OPENING_AT];
    if (!first || answer.results.length <= OPENING_AT + 1)
        throw answer.error ?? new Error('the opening message was not answered');
    const row = first.rows[0];
    if (!row?.schema) {
        throw new errors/* MigrateError */.Oq('state', 'no schema: current_schema() is empty (check search_path and the schema privileges of the user)');
    }
    const base = { schema: row.schema, database: row.database };
    if (!row.locked)
        return { ...base, lockPid: null, state: null, history: null };
    // the index of the statement that failed (-1: none)
    const failedAt = answer.error === null ? -1 : answer.results.length;
    const stateResult = answer.results[STATE_AT];
    const historyResult = answer.results[HISTORY_AT];
    let state = null;
    if (stateResult) {
        state = { read: interpretCatching(() => interpretState(stateResult.rows, opening.state)) };
    }
    else if (failedAt === STATE_AT) {
        state = { read: interpretCatching(() => stateReadFailed(answer.error, opening.state)) };
    }
    let history = null;
    if (opening.history && historyResult) {
        history = { table: opening.history, read: historySummaryOf(historyResult.rows[0]) };
    }
    else if (opening.history && failedAt === HISTORY_AT && (0,query/* isServerError */.GQ)(answer.error) && answer.error.code === sqlstate/* UNDEFINED_TABLE */.oh) {
        history = { table: opening.history, read: missingHistory() };
    }
    return { ...base, lockPid: row.pid, state, history };
}
/** Reading the state may refuse the table: the refusal is kept for version() to throw. */
function interpretCatching(read) {
    try {
        const { version, dirty, exists } = read();
        return () => ({ version, dirty, exists });
    }
    catch (error) {
        return () => {
            throw error;
        };
    }
}

;// CONCATENATED MODULE: ./src/database/pipelining.ts
function startPipelining(client) {
    client.pipeline = true;
}
/** Back to one query at a time, once nothing is on the wire; returns whether it switched. */
function stopPipeliningWhenIdle(client) {
    const state = client;
    if (!state.pipeline)
        return true;
    // Fields of pg 8.23 (pinned); read defensively, so that another release cannot crash a run here
    // (test/integration/pipeline.test.ts then shows whether messages still share the wire).
    if (state._activeQuery || (state._sentQueryQueue?.length ?? 0) > 0 || (state._queryQueue?.length ?? 0) > 0)
        return false;
    state.pipeline = false;
    return true;
}
/**
 * Before the connection ends: a query still unanswered then must not hold the close (pg waits for
 * it in pipeline mode, and drops the connection otherwise, which is what a close needs).
 */
function leavePipelining(client) {
    client.pipeline = false;
}

;// CONCATENATED MODULE: ./src/database/transaction-text.ts



/**
 * The statements that open a migration's transaction: the lock (or the proof that it is held),
 * the state the plan was made from (none for `force`, which overrides any state), and
 * PostgreSQL's lock_timeout for the migration's statements. They travel in the migration's own
 * message, so they cost no round trip.
 */
function transactionPrefix(context, planned, statementLockTimeoutMs) {
    const { state, lockId } = context;
    if (context.strategy === 'session') {
        // The state check also stops a run that shares its server session with another migrator
        // (re-entrant advisory locks let both pass the lock check) from applying twice.
        return compact([
            planned ? { sql: stateTableLockSql(state), role: 'setup' } : null,
            { sql: guardSql({ lockId, state, planned: planned?.version, lockTimeoutMs: statementLockTimeoutMs }), role: 'guard' },
        ]);
    }
    return compact([
        { sql: transactionLockWaitSql(context.lockTimeoutMs), role: 'setup' },
        { sql: transactionLockSql(lockId), role: 'lock' },
        planned?.exists === false ? { sql: createStateTableSql(state), role: 'setup' } : null,
        planned ? { sql: stateTableLockSql(state), role: 'setup' } : null,
        // After the wait for the lock, the migration's own lock_timeout (or the session's).
        statementLockTimeoutMs > 0 ? null : { sql: 'SET LOCAL lock_timeout = DEFAULT', role: 'setup' },
        { sql: guardSql({ lockId: null, state, planned: planned?.version, lockTimeoutMs: statementLockTimeoutMs }), role: 'guard' },
    ]);
}
/** lock_timeout bounds the wait for pg_advisory_xact_lock; 0 would mean "forever". */
function transactionLockWaitSql(lockTimeoutMs) {
    return `SET LOCAL lock_timeout = '${Math.max(1, Math.round(lockTimeoutMs))}ms'`;
}
/**
 * How long the transaction has run, on the server's clock (now() is the time of its BEGIN): the
 * duration of a migration whose message was sent before the one ahead of it had finished.
 */
const SERVER_DURATION_SQL = 'SELECT extract(epoch FROM pg_catalog.clock_timestamp() - pg_catalog.now())::float8 * 1000 AS ms';
/**
 * `BEGIN; <prefix>; <file>; DELETE; INSERT; <history>; <duration>; COMMIT` — one simple query.
 * The file's text is sent unchanged after the prefix; the newline before ';' ends a trailing `--`
 * comment, and an extra empty statement is ignored by PostgreSQL.
 */
function stepText(context, step) {
    const own = step.scope === 'own';
    const prefix = transactionPrefix(context, step.planned, step.statementLockTimeoutMs);
    const head = `${own ? 'BEGIN;\n' : ''}${prefix.map((statement) => `${statement.sql};\n`).join('')}`;
    const body = step.migration.statements.length > 0 ? `${step.migration.sql}\n;\n` : '';
    const history = step.history ? `;\n${(0,history_table/* historyWriteSql */.I0)(step.history)}` : '';
    const tail = own ? `;\n${SERVER_DURATION_SQL};\nCOMMIT` : '';
    const text = `${head}${body}${setVersionSql(context.state, step.recordVersion, false)}${history}${tail}`;
    return { text, head, prefix, leading: own ? 1 : 0 };
}
function compact(statements) {
    return statements.filter((statement) => statement !== null);
}

;// CONCATENATED MODULE: ./src/database/postgres-driver.ts

















/**
 * Connects, finds the state table in current_schema() and computes golang-migrate's lock id:
 * from the URL's path when the target names one (as golang-migrate opened from a URL does),
 * else from the session's current_database(). One round trip after connecting; when the lock
 * is wanted at once (options.prefetch) and its id can be foreseen, that round trip also takes
 * the lock and reads the state and the history (see opening.ts).
 */
const openPostgresDriver = async (options) => {
    const client = await (0,connect/* connect */.Ng)({
        connectionString: options.target.connectionString,
        timeoutMs: options.connectTimeoutMs,
        onRetry: (reason, attempt) => options.events.connectRetry?.(reason, attempt),
        signal: options.signal,
    });
    // until the driver exists, its opening query is what a cancel interrupts
    let waiting = () => true;
    const unwatch = (0,cancel/* cancelOnAbort */.ec)(client, options.signal, () => waiting());
    try {
        const named = options.target.lockDatabaseName;
        const table = options.migrationsTable;
        const schema = options.migrationsSchema ?? null;
        const opening = options.prefetch && options.lockStrategy === 'session'
            ? openingSql({ table, schema, lockDatabaseName: named, history: options.prefetch.history })
            : null;
        let located;
        let opened = null;
        if (opening) {
            // the opening message sets client_connection_check_interval as locateStateTable does
            opened = interpretOpening(opening, await (0,query/* partialQuery */.O3)(client, opening.text));
            const where = schema ?? opened.schema;
            located = { state: { schema: where, table, qualified: (0,identifiers/* qualifiedName */.OL)(where, table) }, database: opened.database };
        }
        else {
            located = await locateStateTable(client, table, schema, {
                // a session lock's session: the server ends its statement soon after the client is gone
                checkClientConnection: options.lockStrategy === 'session',
            });
        }
        const { state, database } = located;
        const driver = new PostgresDriver(client, {
            strategy: options.lockStrategy,
            lockId: (0,lock_id/* advisoryLockId */.Wg)(state.schema, state.table, named ?? database),
            state,
            lockTimeoutMs: options.lockTimeoutMs,
        }, options, unwatch);
        waiting = () => driver.waiting;
        if (opened && opened.lockPid !== null)
            driver.adoptOpening(opened);
        return driver;
    }
    catch (error) {
        unwatch();
        const failure = asDriverError(client, error);
        await client.end().catch(() => { });
        throw options.signal?.aborted && failure instanceof errors/* MigrateError */.Oq ? cancelled(options.signal, client, failure) : failure;
    }
};
/**
 * A failure that the cancel caused, told as one: what ran, and what the database is left with.
 * A failure of its own (an error in the SQL that came first) is reported as it is.
 */
function cancelled(signal, client, error) {
    if (error.code === 'cancelled')
        return error;
    const { sqlState, version, dirty, location } = error.data;
    const causedByCancel = sqlState === sqlstate/* QUERY_CANCELED */.ro || error.code === 'connection-lost' || (error.code === 'sql' && sqlState === undefined);
    if (!causedByCancel)
        return error;
    const closed = (0,cancel/* closedByCancelTimeout */.$L)(client);
    const received = `${(0,cancel/* cancelReason */.zw)(signal)} received`;
    const closing = `the statement did not stop within ${cancel/* CLOSE_AFTER_MS */.Pu / 1000} s of the cancel request, so the connection was closed`;
    if (version === undefined)
        return (0,cancel/* cancelledError */.YQ)(signal, closed ? `${received}; ${closing}` : received);
    if (dirty) {
        const where = location ? ` at line ${location.line}` : '';
        return (0,cancel/* cancelledError */.YQ)(signal, `${received} while migration ${version} ran statement by statement: it stopped${where}${closed ? ` (${closing})` : ''} and left the database dirty at version ${version}`, { version, dirty, ...(location ? { location } : {}) });
    }
    return (0,cancel/* cancelledError */.YQ)(signal, closed
        ? `${received} while migration ${version} ran; ${closing}: PostgreSQL rolls the migration back once it notices (within about a second from PostgreSQL 14)`
        : `${received} while migration ${version} ran: it was rolled back`, { version });
}
/** The only place the engine's SQL is sent. See Driver for each method's contract. */
class PostgresDriver {
    client;
    context;
    options;
    unwatch;
    stateTable;
    strategy;
    /** the server pid that took the session lock */
    lockPid = null;
    /** whether the session's lock_timeout is set for statements run one by one */
    statementTimeoutSet = false;
    /** driver calls still waiting for the server, which a cancel must interrupt */
    busy = 0;
    /** the state and history read with the lock by the opening message, each answered once */
    opened = null;
    /**
     * The lock was taken in the opening message, and the session answering has not been seen
     * since: the next message to the server (whatever it asks) is preceded by the proof that the
     * session answering is still the one holding the lock, so that a transaction-pooling proxy is
     * seen before anything is written, as the state read after the lock sees it on the old path.
     */
    unproven = false;
    /** the proof in progress: every call that needs it waits for the same one */
    proving = null;
    /** run()s sent and not yet settled: more than one means their messages are pipelined */
    runs = 0;
    constructor(client, context, options, unwatch = () => { }) {
        this.client = client;
        this.context = context;
        this.options = options;
        this.unwatch = unwatch;
        this.stateTable = context.state;
        this.strategy = context.strategy;
    }
    /** The opening message took the lock (see opening.ts). */
    adoptOpening(opened) {
        this.opened = opened;
        this.lockPid = opened.lockPid;
        this.unproven = true;
    }
    /**
     * A transaction-pooling proxy may hand the next message to another server session than the
     * one that took the lock: it is seen here, before anything is written, naming both.
     */
    prove() {
        if (!this.unproven)
            return Promise.resolve();
        // Pipelined runs wait for one proof, and so still go out in the order they were called.
        this.proving ??= (async () => {
            const [row] = await (0,query/* queryRows */.Ym)(this.client, 'SELECT pg_catalog.pg_backend_pid() AS pid');
            if (row?.pid !== this.lockPid)
                throw (0,lock/* poolerDetected */.Sf)(this.lockPid ?? undefined, row?.pid ?? null);
            this.unproven = false;
        })();
        return this.proving;
    }
    lock() {
        // taken by the opening message: nothing is sent
        if (this.strategy === 'session' && this.lockPid !== null)
            return this.guarded(async () => { }, false);
        return this.guarded(async () => {
            if (this.strategy !== 'session')
                return;
            this.lockPid = await (0,lock/* acquireLock */.IZ)(this.client, {
                lockId: this.context.lockId,
                timeoutMs: this.options.lockTimeoutMs,
                onWait: (holder) => this.options.events.lockWait?.(holder),
            });
        });
    }
    unlock() {
        // the release tells itself whether this session held the lock: no proof first
        return this.guarded(async () => {
            if (this.strategy !== 'session')
                return;
            const { released, pid } = await (0,lock/* releaseLock */.x_)(this.client, this.context.lockId);
            // Nothing was written since the opening message: a session that did not hold the lock
            // means a transaction-pooling proxy answered from another one all along.
            if (!released && this.unproven)
                throw (0,lock/* poolerDetected */.Sf)(this.lockPid ?? undefined, pid);
        }, false);
    }
    version() {
        const prefetched = this.strategy === 'session' ? this.opened?.state : undefined;
        if (prefetched && this.opened) {
            // read with the lock in the opening message: nothing is sent
            this.opened = { ...this.opened, state: null };
            return this.guarded(async () => prefetched.read(), false);
        }
        return this.guarded(async () => {
            if (this.strategy === 'transaction')
                return this.versionUnderTransactionLock();
            const read = await readState(this.client, this.context.state);
            const pid = read.pid ?? (await (0,query/* queryRows */.Ym)(this.client, 'SELECT pg_backend_pid() AS pid'))[0]?.pid;
            if (pid !== this.lockPid)
                throw (0,lock/* poolerDetected */.Sf)(this.lockPid ?? undefined, pid ?? null);
            return { version: read.version, dirty: read.dirty, exists: read.exists };
        });
    }
    async peekVersion() {
        const read = await readState(this.client, this.context.state);
        return { version: read.version, dirty: read.dirty, exists: read.exists };
    }
    async versionUnderTransactionLock() {
        const { state, lockId } = this.context;
        let results;
        try {
            results = (await this.client.query(`BEGIN;\n${transactionLockWaitSql(this.options.lockTimeoutMs)};\n${transactionLockSql(lockId)};\n${readStateSql(state)};\nCOMMIT`));
        }
        catch (error) {
            await this.client.query('ROLLBACK').catch(() => { });
            if ((0,query/* isServerError */.GQ)(error) && error.code === sqlstate/* LOCK_NOT_AVAILABLE */.oN)
                throw await (0,lock/* lockTimeout */.ZI)(this.client, lockId, this.options.lockTimeoutMs);
            const read = stateReadFailed(error, state);
            return { version: read.version, dirty: read.dirty, exists: read.exists };
        }
        const read = interpretState(results[3].rows, state);
        return { version: read.version, dirty: read.dirty, exists: read.exists };
    }
    createStateTable() {
        return this.guarded(async () => {
            await this.client.query(createStateTableSql(this.context.state));
        });
    }
    run(step) {
        this.runs++;
        return this.guarded(async () => {
            const sent = stepText(this.context, step);
            try {
                if (this.runs > 1)
                    startPipelining(this.client);
                const results = await (0,query/* simpleQuery */.zr)(this.client, sent.text);
                // A cancel that reached the server between two messages was dropped: ask again.
                if (this.runs > 1 && this.options.signal?.aborted)
                    (0,cancel/* cancelAgain */.rR)(this.client);
                const ms = step.scope === 'own' ? results.at(-2)?.rows[0]?.ms : undefined;
                return { serverMs: typeof ms === 'number' ? ms : null };
            }
            catch (error) {
                // An error leaves an explicit transaction aborted: end our own (if the connection is
                // gone, the server has rolled it back already); rehearse() ends an open one.
                if (step.scope === 'own')
                    await this.client.query('ROLLBACK').catch(() => { });
                const server = failedOnServer(error);
                if (!server) {
                    // The server ending the session (57P01–57P04: terminated, shut down) rolled it back; a
                    // failed socket says nothing of what the server went on to do.
                    const cause = error instanceof query/* SimpleQueryError */.XZ ? error.cause : error;
                    const ended = (0,query/* isServerError */.GQ)(cause) && /^57P/.test(cause.code ?? '');
                    const unsure = ended || step.scope !== 'own' ? undefined : { sentAfter: this.runs - 1 };
                    throw connectionLost(reasonOf(this.client, error), step.migration.version, false, unsure);
                }
                const place = placeStepFailure(error, server, sent, step.migration);
                if ('prefix' in place)
                    throw await this.prefixFailure(place.prefix, server);
                throw migrationFailed(server, step.migration.version, place.location, false);
            }
        }).finally(() => {
            this.runs--;
            if (this.runs === 0)
                stopPipeliningWhenIdle(this.client);
        });
    }
    /** A failed guard or lock explained; anything else there is the state table's problem. */
    async prefixFailure(statement, server) {
        if (statement.role === 'lock' && server.code === sqlstate/* LOCK_NOT_AVAILABLE */.oN) {
            return (0,lock/* lockTimeout */.ZI)(this.client, this.context.lockId, this.options.lockTimeoutMs);
        }
        if (statement.role === 'guard' && server.code === LOCK_NOT_HELD)
            return (0,lock/* poolerDetected */.Sf)();
        if (statement.role === 'guard' && server.code === STATE_CHANGED)
            return stateChanged('while waiting for the lock');
        return new errors/* MigrateError */.Oq('state', server.message, { sqlState: server.code ?? '' });
    }
    setDirty(mark) {
        return this.guarded(async () => {
            const { state, lockId } = this.context;
            // golang-migrate marks the target version dirty first; the mark commits only while the
            // migration lock is this session's and the state is the planned one.
            const guard = guardSql({ lockId, state, planned: mark.planned, lockTimeoutMs: 0 });
            const timeout = mark.statementLockTimeoutMs > 0 ? `;\nSET lock_timeout = '${Math.round(mark.statementLockTimeoutMs)}ms'` : '';
            const text = `BEGIN;\n${stateTableLockSql(state)};\n${guard};\n${setVersionSql(state, mark.recordVersion, true)};\nCOMMIT${timeout}`;
            try {
                await (0,query/* simpleQuery */.zr)(this.client, text);
            }
            catch (error) {
                await this.client.query('ROLLBACK').catch(() => { });
                const server = failedOnServer(error);
                const guardFailed = server !== null && error.completedStatements === 2;
                if (guardFailed && server.code === LOCK_NOT_HELD)
                    throw (0,lock/* poolerDetected */.Sf)();
                if (guardFailed && server.code === STATE_CHANGED)
                    throw stateChanged('before the dirty mark');
                throw recordingFailed(reasonOf(this.client, error), mark.version, false);
            }
            this.statementTimeoutSet = mark.statementLockTimeoutMs > 0;
        });
    }
    runStatement(run) {
        return this.guarded(async () => {
            const { statement, statementLockTimeoutMs } = run;
            try {
                // Set again after a failed attempt reset it (the dirty mark set it the first time).
                if (statementLockTimeoutMs > 0 && !this.statementTimeoutSet) {
                    await this.client.query(`SET lock_timeout = '${Math.round(statementLockTimeoutMs)}ms'`);
                    this.statementTimeoutSet = true;
                }
                await (0,query/* simpleQuery */.zr)(this.client, statement.text);
                return;
            }
            catch (error) {
                // The file may have left its own transaction open and aborted; the dirty flag is
                // already committed, so ending that transaction loses nothing.
                await this.client.query(`ROLLBACK${statementLockTimeoutMs > 0 ? ';\nRESET lock_timeout' : ''}`).catch(() => { });
                this.statementTimeoutSet = false;
                const server = failedOnServer(error);
                if (!server)
                    throw connectionLost(reasonOf(this.client, error), run.migration.version, true);
                throw migrationFailed(server, run.migration.version, placeStatementFailure(server, statement, run.migration), true);
            }
        });
    }
    setClean(mark) {
        return this.guarded(async () => {
            const history = mark.history ? `;\n${(0,history_table/* historyWriteSql */.I0)(mark.history)}` : '';
            const reset = mark.statementLockTimeoutMs > 0 ? ';\nRESET lock_timeout' : '';
            try {
                await (0,query/* simpleQuery */.zr)(this.client, `${setVersionSql(this.context.state, mark.recordVersion, false)}${history}${reset}`);
            }
            catch (error) {
                throw recordingFailed(reasonOf(this.client, error), mark.version, true);
            }
            this.statementTimeoutSet = false;
        });
    }
    forceVersion(version, createTable, history = null) {
        return this.guarded(async () => {
            const prefix = transactionPrefix(this.context, null, 0);
            const create = createTable ? `${createStateTableSql(this.context.state)};\n` : '';
            const head = `BEGIN;\n${prefix.map((statement) => `${statement.sql};\n`).join('')}`;
            try {
                const row = history ? `${(0,history_table/* historyWriteSql */.I0)(history)};\n` : '';
                await (0,query/* simpleQuery */.zr)(this.client, `${head}${create}${setVersionSql(this.context.state, version, false)};\n${row}COMMIT`);
            }
            catch (error) {
                await this.client.query('ROLLBACK').catch(() => { });
                const server = failedOnServer(error);
                const prefixStatement = server ? prefix[error.completedStatements - 1] : undefined;
                if (server && prefixStatement)
                    throw await this.prefixFailure(prefixStatement, server);
                throw error;
            }
        });
    }
    rehearse(work) {
        return this.guarded(async () => {
            await this.client.query('BEGIN');
            try {
                return await work();
            }
            finally {
                await this.client.query('ROLLBACK').catch(() => { });
            }
        });
    }
    readHistory(table) {
        const prefetched = this.opened?.history;
        if (prefetched && this.opened && prefetched.table.qualified === table.qualified) {
            this.opened = { ...this.opened, history: null };
            return Promise.resolve(prefetched.read);
        }
        return this.guarded(() => readHistory(this.client, table));
    }
    readFullHistory(table) {
        return this.guarded(() => readFullHistory(this.client, table));
    }
    mayWriteHistory(table, exists, down = false) {
        return this.guarded(() => (0,history_table/* mayWriteHistory */.L2)(this.client, table, exists, down));
    }
    snapshotSchema(excludeTables) {
        return this.guarded(async () => {
            // Loaded only by verify and drift: the catalog queries stay out of up's start-up.
            const { snapshotSchema } = await __webpack_require__.e(/* import() */ 303).then(__webpack_require__.bind(__webpack_require__, 1303));
            return snapshotSchema(this.client, { excludeTables: [...excludeTables] });
        });
    }
    readDatabaseFacts(relations, functions) {
        return this.guarded(async () => {
            // Loaded only when there is something to lint.
            const { readDatabaseFacts } = await __webpack_require__.e(/* import() */ 483).then(__webpack_require__.bind(__webpack_require__, 3483));
            return readDatabaseFacts(this.client, relations, functions);
        });
    }
    async close() {
        this.unwatch();
        leavePipelining(this.client);
        await this.client.end().catch(() => { });
    }
    /** Whether a cancel must interrupt this session: a driver call waits for the server. */
    get waiting() {
        return this.busy > 0;
    }
    /**
     * Every failure leaves the driver typed: see asDriverError. After a cancel nothing new starts,
     * and a failure the cancel caused is `cancelled`.
     */
    async guarded(work, proof = true) {
        const signal = this.options.signal;
        if (signal?.aborted)
            throw (0,cancel/* cancelledError */.YQ)(signal);
        this.busy++;
        try {
            if (proof)
                await this.prove();
            return await work();
        }
        catch (error) {
            const typed = asDriverError(this.client, error);
            throw signal?.aborted && typed instanceof errors/* MigrateError */.Oq ? cancelled(signal, this.client, typed) : typed;
        }
        finally {
            this.busy--;
        }
    }
}

// EXTERNAL MODULE: ./src/lint/hook.ts
var hook = __webpack_require__(890);
;// CONCATENATED MODULE: ./src/engine/open-ahead.ts
/**
 * Starts `open(options)` now. `options` must be what the engine's own open will be given (its
 * events and signal included): an open asked with other settings (a scratch database, another
 * table) is a separate one.
 */
function openAhead(open, options) {
    const events = new HeldEvents(options.events);
    // release() stops a connection still waiting for the server; the run's signal stops it too
    const released = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, released.signal]) : released.signal;
    const opening = open({ ...options, events, signal });
    // Taken by the engine, or ended by release(): never left to reject unobserved.
    opening.catch(() => { });
    let taken = false;
    return {
        opener: (asked) => {
            if (taken || !sameDriverSettings(asked, options))
                return open(asked);
            taken = true;
            // the run's first line is out: what the connection waited for may be told now
            events.release();
            return opening;
        },
        async release() {
            if (taken)
                return;
            taken = true;
            released.abort(new Error('the run ended before its session was used'));
            const driver = await opening.catch(() => null);
            await driver?.close();
        },
    };
}
function sameDriverSettings(a, b) {
    return (a.target === b.target &&
        a.migrationsTable === b.migrationsTable &&
        (a.migrationsSchema ?? null) === (b.migrationsSchema ?? null) &&
        a.lockTimeoutMs === b.lockTimeoutMs &&
        a.connectTimeoutMs === b.connectTimeoutMs &&
        a.lockStrategy === b.lockStrategy &&
        a.signal === b.signal &&
        (a.prefetch?.history ?? null) === (b.prefetch?.history ?? null) &&
        (a.prefetch === undefined) === (b.prefetch === undefined));
}
/**
 * The events of a driver opened ahead: a connection retry happens before the run has printed
 * its first line, so it is told once the engine takes the driver, in order.
 */
class HeldEvents {
    to;
    held = [];
    constructor(to) {
        this.to = to;
    }
    connectRetry(reason, attempt) {
        this.tell(() => this.to.connectRetry?.(reason, attempt));
    }
    lockWait(holder) {
        this.tell(() => this.to.lockWait?.(holder));
    }
    release() {
        const held = this.held ?? [];
        this.held = null;
        for (const tell of held)
            tell();
    }
    tell(event) {
        if (this.held)
            this.held.push(event);
        else
            event();
    }
}

;// CONCATENATED MODULE: ./src/execute.ts







// The database an embedded run migrates, on the server it starts.
const EMBEDDED_DATABASE = 'oforum';
/**
 * Runs the command on the database the options name, or on an embedded server started for the
 * run (and stopped after it). `verify` gets its scratch database here.
 */
async function execute(options, set, events, 
/** told where an embedded run's database is, once it is there */
onDatabase, 
/** the run's cancellation (SIGINT, SIGTERM) */
signal, 
/** the database's session, opened while the files were read (openDatabaseAhead) */
ahead) {
    try {
        return await executeCommand(options, set, events, onDatabase, signal, ahead ?? null);
    }
    finally {
        await ahead?.release();
    }
}
/**
 * Starts opening the session the command will run on, when it runs on the database of
 * database-url: see engine/open-ahead.ts. Null for the commands that open something else first
 * (verify, lint without a database, an embedded server).
 */
function openDatabaseAhead(options, events, signal) {
    if (!options.target || options.embedded || options.command === 'verify')
        return null;
    return openAhead(openPostgresDriver, {
        ...driverSettings(options, events, signal),
        target: options.target,
        prefetch: prefetchOf(options),
    });
}
/** The driver's settings of a run: the same for the session opened ahead and the engine's. */
function driverSettings(options, events, signal) {
    return {
        signal,
        events,
        migrationsTable: options.migrationsTable,
        migrationsSchema: options.migrationsSchema,
        lockTimeoutMs: options.lockTimeoutMs,
        connectTimeoutMs: options.connectTimeoutMs,
        lockStrategy: options.lockStrategy,
    };
}
/** What engine/with-driver.ts asks the driver to read in its first round trip. */
function prefetchOf(options) {
    return { history: options.historyTable || null };
}
async function executeCommand(options, set, events, onDatabase, signal, ahead) {
    const openScratch = scratchOpener(options);
    const base = {
        ...driverSettings(options, events, signal),
        openDriver: ahead?.opener ?? openPostgresDriver,
        history: options.historyTable ? { table: options.historyTable } : null,
        allowEdited: options.allowEdited,
        appliedBy: appliedBy(process.env),
        drift: options.drift ? { fail: options.failOnDrift, openScratch } : null,
        failOnPending: options.failOnPending,
        statementLockTimeoutMs: options.statementLockTimeoutMs,
        statementLockRetries: options.statementLockRetries,
        set,
        targetVersion: options.command === 'goto' ? null : options.targetVersion,
        allowDown: options.allowDown,
        lint: (0,hook/* pendingHook */.t)({ level: options.lint, review: options.command === 'check' || options.command === 'plan', syntax: false }),
    };
    if (options.command === 'verify') {
        // Loaded only when used: a run's start-up is the cost of what it loads.
        const { runVerify } = await __webpack_require__.e(/* import() */ 677).then(__webpack_require__.bind(__webpack_require__, 1677));
        return runVerify({ ...base, target: options.target ?? placeholderTarget() }, openScratch);
    }
    if (options.command === 'lint' && !options.target && !options.embedded) {
        const { lintSet } = await Promise.all(/* import() */[__webpack_require__.e(21), __webpack_require__.e(940)]).then(__webpack_require__.bind(__webpack_require__, 6940));
        return lintSet(set, options.lint === 'off' ? 'error' : options.lint);
    }
    let server = null;
    let target;
    if (options.target) {
        target = options.target;
    }
    else {
        const { startEmbeddedServer } = await __webpack_require__.e(/* import() */ 207).then(__webpack_require__.bind(__webpack_require__, 6207));
        server = await startEmbeddedServer(options.embedded?.directory ?? null);
        await server.createDatabase(EMBEDDED_DATABASE);
        target = (0,url/* parseDatabaseUrl */.mx)(server.url(EMBEDDED_DATABASE));
        onDatabase?.(describeEmbedded(server));
    }
    try {
        const commandOptions = { ...base, target };
        switch (options.command) {
            case 'check':
                return await (0,engine/* runCheck */.k_)(commandOptions);
            case 'plan': {
                const { runPlan } = await __webpack_require__.e(/* import() */ 899).then(__webpack_require__.bind(__webpack_require__, 6899));
                return await runPlan(commandOptions);
            }
            case 'force':
                return await (0,engine/* runForce */.bl)(commandOptions, options.forceVersion);
            case 'down':
            case 'goto': {
                const { runDown, runGoto } = await __webpack_require__.e(/* import() */ 600).then(__webpack_require__.bind(__webpack_require__, 4600));
                return options.command === 'down'
                    ? await runDown(commandOptions, options.steps)
                    : await runGoto(commandOptions, options.targetVersion);
            }
            case 'status': {
                const { runStatus } = await __webpack_require__.e(/* import() */ 62).then(__webpack_require__.bind(__webpack_require__, 6062));
                return await runStatus(commandOptions);
            }
            case 'lint': {
                const { lintWithDatabase } = await Promise.all(/* import() */[__webpack_require__.e(21), __webpack_require__.e(940)]).then(__webpack_require__.bind(__webpack_require__, 6940));
                return await lintWithDatabase(commandOptions, options.lint === 'off' ? 'error' : options.lint);
            }
            default:
                return await (0,engine/* runUp */.dR)(commandOptions);
        }
    }
    finally {
        await server?.stop();
    }
}
/**
 * Where verify and drift replay migrations: a scratch database created on the server of
 * database-url (and dropped), or an embedded server when the run has no URL or asked for one.
 */
function scratchOpener(options) {
    return async () => {
        const target = options.target;
        if (!target || (options.embedded && options.command !== 'verify')) {
            const { startEmbeddedServer } = await __webpack_require__.e(/* import() */ 207).then(__webpack_require__.bind(__webpack_require__, 6207));
            const server = await startEmbeddedServer(options.command === 'verify' ? (options.embedded?.directory ?? null) : null);
            await server.createDatabase('verify').catch(async (error) => {
                await server.stop();
                throw scratchFailure('create', error);
            });
            return { target: (0,url/* parseDatabaseUrl */.mx)(server.url('verify')), description: describeEmbedded(server), dispose: () => server.stop() };
        }
        const { createScratchDatabase } = await __webpack_require__.e(/* import() */ 126).then(__webpack_require__.bind(__webpack_require__, 5745));
        const scratch = await createScratchDatabase(target, options.connectTimeoutMs);
        return {
            target: scratch.target,
            description: `a scratch database on ${target.display.replace(/\/[^/]*$/, '')}, dropped after`,
            dispose: () => scratch.drop().catch((error) => Promise.reject(scratchFailure('drop', error))),
        };
    };
}
/** The scratch database's own failures, typed here: they come from outside the engine's driver. */
function scratchFailure(what, error) {
    if (error instanceof errors/* MigrateError */.Oq)
        return error;
    return new errors/* MigrateError */.Oq('connect', `cannot ${what} the scratch database: ${error instanceof Error ? error.message : String(error)}`);
}
function describeEmbedded(server) {
    return server.kept ? `embedded PostgreSQL kept in ${server.directory}` : 'a temporary embedded PostgreSQL, removed after';
}
/** verify on an embedded server names no database of the user's until the scratch exists. */
function placeholderTarget() {
    return { connectionString: '', display: 'embedded PostgreSQL', lockDatabaseName: '/', secrets: [] };
}


/***/ }),

/***/ 890:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   r: () => (/* binding */ failOnErrors),
/* harmony export */   t: () => (/* binding */ pendingHook)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);

/**
 * The engine's hook for a run's settings, or null when it has nothing to do. The parser and the
 * rules load only when there is something pending to lint: a run with nothing pending, or with
 * lint off, starts no faster or slower than without lint.
 */
function pendingHook(options) {
    if (options.level === 'off' && !options.review)
        return null;
    const hook = async (database, pending, result, direction = 'up') => {
        if (pending.length === 0)
            return;
        const review = options.review ? reviewOf(pending, direction) : [];
        if (options.level === 'off') {
            result.lint = { level: 'off', basis: 'database', files: 0, findings: [], suppressed: [], review, unparsed: [] };
            return;
        }
        const { lintPending } = await Promise.all(/* import() */[__webpack_require__.e(21), __webpack_require__.e(526)]).then(__webpack_require__.bind(__webpack_require__, 2526));
        result.lint = await lintPending(database, pending, { level: options.level, syntax: options.syntax, review, direction }, result.warnings);
        failOnErrors(result.lint);
    };
    // A lint that only warns need not hold the migrations back (lint-alongside.ts).
    if (options.level === 'warn' && !options.review && !options.syntax) {
        hook.alongside = async (database, pending, result, start) => {
            if (pending.length === 0)
                return { finished: Promise.resolve() };
            const { lintAlongside } = await __webpack_require__.e(/* import() */ 176).then(__webpack_require__.bind(__webpack_require__, 1176));
            return lintAlongside(database, pending, result, start);
        };
    }
    return hook;
}
function reviewOf(pending, direction) {
    return pending.flatMap((migration) => {
        const file = migration[direction];
        return file ? [{ version: migration.version, name: migration.name, file: file.displayPath, sql: file.sql }] : [];
    });
}
/** At level `error`, any finding fails the run (exit 1), before a migration runs. */
function failOnErrors(report) {
    if (report.level !== 'error' || report.findings.length === 0)
        return;
    const count = report.findings.length;
    const first = report.findings[0];
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .MigrateError */ .Oq('lint', `${count} lint ${count === 1 ? 'finding' : 'findings'} (lint is error), first ${first.rule} at ${first.file}:${first.line}:${first.column}`);
}


/***/ })

};
