import { readDatabaseUrl, type DatabaseTarget } from '../database/url.js';
import { MigrateError } from '../errors.js';
import type { Command, LockStrategy } from '../engine/index.js';
import { registerSecrets } from '../secrets.js';
import type { Version } from '../migration-version.js';
import type { LintLevel } from '../lint/types.js';
import { SettingError, tableName } from './parsers.js';
import { SETTINGS, type SettingKey, type SettingRow, type SettingValues } from './table.js';

/** Settings as text, from action inputs or CLI flags; absent or blank means "not given". */
export type RawSettings = Partial<Record<SettingKey, string>> & {
  /** who gave them: decides how messages name a setting */
  origin?: 'action' | 'cli';
  /** the settings the CLI took from positional arguments (`force 3`) */
  positional?: readonly SettingKey[];
};

export interface Options {
  command: Command;
  /** `force`'s argument; -1 records "no version", as in golang-migrate */
  forceVersion: Version;
  /** up, check, plan: go no further than this version; goto: the version to reach; null: the newest */
  targetVersion: Version | null;
  /** down: how many applied migrations to revert */
  steps: number;
  /** down files may run: allow-down in the action, always at a terminal */
  allowDown: boolean;
  /** the database, or null when the run uses an embedded server */
  target: DatabaseTarget | null;
  /** where the URL came from, said in the log so that a fallback is never silent */
  databaseUrlFrom: 'input' | 'DATABASE_URL' | 'embedded';
  /** a throwaway server of the tool's own: kept in `directory` when one is given */
  embedded: { directory: string | null } | null;
  migrationsPath: string | null;
  migrationsTable: string;
  /** the state table's schema when the URL names one (x-migrations-table-quoted); else current_schema() */
  migrationsSchema: string | null;
  lockTimeoutMs: number;
  connectTimeoutMs: number;
  failOnPending: boolean;
  summary: boolean;
  lockStrategy: LockStrategy;
  statementLockTimeoutMs: number;
  statementLockRetries: number;
  /** the history table's name, or null when history is off */
  historyTable: string | null;
  allowEdited: boolean;
  drift: boolean;
  failOnDrift: boolean;
  /** lint of the pending migrations: `warn` by default, `error` for the lint command */
  lint: LintLevel;
  /** every setting as parsed, by key: a new row of the table is here without more code */
  values: SettingValues;
}

export const DEFAULT_MIGRATIONS_TABLE = 'schema_migrations';
export const DEFAULT_STATEMENT_LOCK_TIMEOUT_MS = 10_000;

/**
 * Validates every setting and reports all problems at once (exit 2). The password is registered
 * as a secret before anything else can print the URL. Defaults that the URL can also carry
 * (migrations-table, statement-lock-timeout) are resolved here and nowhere else: a setting left
 * empty never overrides the URL, and one that disagrees with it is an error naming both.
 */
export function resolveOptions(raw: RawSettings, env: NodeJS.ProcessEnv): Options {
  const errors: string[] = [];
  const given = (key: SettingKey): string | undefined => nonEmpty(raw[key]);
  const nameOf = (row: SettingRow): string =>
    raw.origin === 'cli' && raw.positional?.includes(row.key)
      ? `${raw.command ?? ''} ${row.flag?.placeholder ?? 'VERSION'}`.trim()
      : row.name;

  const values = {} as Record<string, unknown>;
  for (const row of SETTINGS) {
    const text = given(row.key) ?? row.default;
    values[row.key] = null;
    if (text === undefined) continue;
    try {
      values[row.key] = (row.parse as (text: string, name: string) => unknown)(text, nameOf(row));
    } catch (error) {
      if (!(error instanceof SettingError)) throw error;
      errors.push(error.message);
    }
  }
  const settings = values as SettingValues;
  const command = settings.command ?? 'up';

  // The URL: from the input or flag, else DATABASE_URL; its password is a secret at once.
  const fromInput = given('databaseUrl');
  const url = fromInput ?? nonEmpty(env.DATABASE_URL);
  let target: DatabaseTarget | undefined;
  const embedded =
    raw.embedded !== undefined
      ? { directory: nonEmpty(raw.embedded) ?? null }
      : command === 'verify' && !url && env.GITHUB_ACTIONS !== 'true'
        ? { directory: null }
        : null;
  if (embedded && fromInput) errors.push('--embedded and --database-url both given: choose one');
  // lint needs no database: without one it lints the whole set
  if (!embedded && !url && command !== 'lint') errors.unshift(missingUrl(raw.origin ?? 'cli'));
  if (!embedded && url) {
    const reading = readDatabaseUrl(url, env);
    registerSecrets(reading.secrets);
    if (reading.target) target = reading.target;
    errors.push(...reading.problems);
  }

  for (const row of SETTINGS) {
    if (!row.strict || row.commands === 'all' || row.commands.includes(command) || given(row.key) === undefined) continue;
    errors.push(`${row.name} is for ${row.commands.join(', ')} only, not ${command}`);
  }
  if (command === 'force' && given('forceVersion') === undefined) {
    errors.push(
      raw.origin === 'action'
        ? 'force needs the force-version input: the version to record as clean (-1: none)'
        : 'force needs a VERSION: oforum-migrate force VERSION',
    );
  }

  if (command === 'goto' && given('targetVersion') === undefined) {
    errors.push(
      raw.origin === 'action'
        ? 'goto needs the target-version input: the version to migrate up or down to'
        : 'goto needs a VERSION: oforum-migrate goto VERSION',
    );
  }
  const allowDown = raw.origin !== 'action' || settings.allowDown;
  if (command === 'down' && !allowDown) {
    errors.push('down runs down files, which destroy data: set allow-down: true as well as command: down');
  }

  const { table: migrationsTable, schema: migrationsSchema } = stateTable(settings.migrationsTable, target, errors);
  const statementLockTimeoutMs = statementLockTimeout(settings.statementLockTimeout, target, errors);
  // The history belongs to its state table: two migrations-table values in one schema must not
  // judge each other's migrations.
  const historyTable = settings.historyTable ?? `${migrationsTable}_history`;
  if (settings.history && !settings.historyTable && Buffer.byteLength(historyTable) > 63) {
    errors.push(
      `the history table's default name "${historyTable.slice(0, 60)}…" is longer than PostgreSQL's 63-byte identifiers: set history-table`,
    );
  }
  if (historyTable === migrationsTable) {
    errors.push(`history-table must differ from migrations-table ("${historyTable}")`);
  }

  const lint = settings.lint ?? (command === 'lint' ? 'error' : 'warn');
  if (command === 'lint' && lint === 'off') errors.push('the lint command needs lint warn or error, not off');

  if (errors.length > 0) throw new MigrateError('config', errors.join('; '));
  return {
    command,
    forceVersion: settings.forceVersion ?? -1n,
    targetVersion: settings.targetVersion,
    steps: settings.steps ?? 1,
    allowDown,
    target: target ?? null,
    databaseUrlFrom: embedded ? 'embedded' : fromInput ? 'input' : 'DATABASE_URL',
    embedded,
    migrationsPath: settings.migrationsPath ? settings.migrationsPath.trim() : null,
    migrationsTable,
    migrationsSchema,
    lockTimeoutMs: settings.lockTimeout,
    connectTimeoutMs: settings.connectTimeout,
    failOnPending: settings.failOnPending,
    summary: settings.summary,
    lockStrategy: settings.lockStrategy,
    statementLockTimeoutMs,
    statementLockRetries: settings.statementLockRetries,
    historyTable: settings.history ? historyTable : null,
    allowEdited: settings.allowEdited,
    drift: settings.drift || settings.failOnDrift,
    failOnDrift: settings.failOnDrift,
    lint,
    values: settings,
  };
}

/**
 * The contract's words first ("DATABASE_URL is required"), then what to check: in Actions, an
 * empty secret is the usual cause, and on a pull request from a fork every secret is empty.
 */
function missingUrl(origin: 'action' | 'cli'): string {
  return origin === 'action'
    ? "DATABASE_URL is required: the database-url input and the DATABASE_URL environment variable are both empty. If database-url comes from a secret, check that the secret exists in this repository (or the job's environment); on pull requests from forks GitHub passes no secrets, so run migrations on push or in a protected environment instead"
    : 'DATABASE_URL is required: give --database-url URL or set the DATABASE_URL environment variable';
}

/**
 * migrations-table, which the URL can also carry (x-migrations-table): the URL's when the setting
 * was left empty, or gives the same text; the setting's when the URL has none; else an error
 * naming both. A name from the URL is held to the same limits as the setting.
 */
function stateTable(value: string | null, target: DatabaseTarget | undefined, errors: string[]): { table: string; schema: string | null } {
  const fromUrl = target?.stateTable;
  if (value !== null && fromUrl && value !== target.migrationsTable) {
    errors.push(
      `migrations-table "${value}" disagrees with database-url's x-migrations-table "${target.migrationsTable}": set one of them, or the same in both`,
    );
  }
  if (value !== null && !fromUrl) return { table: value, schema: null };
  if (!fromUrl) return { table: DEFAULT_MIGRATIONS_TABLE, schema: null };
  for (const name of [fromUrl.table, fromUrl.schema ?? '']) {
    try {
      tableName(name, 'migrations-table');
    } catch (error) {
      errors.push((error as Error).message);
    }
  }
  return fromUrl;
}

function statementLockTimeout(value: number | null, target: DatabaseTarget | undefined, errors: string[]): number {
  const session = target?.sessionLockTimeout;
  if (value === null) return session ? 0 : DEFAULT_STATEMENT_LOCK_TIMEOUT_MS; // 0: keep the session's, which the URL set
  if (session && session.ms !== value) {
    errors.push(
      `statement-lock-timeout ${value / 1000} s disagrees with database-url's lock_timeout "${session.text}": set one of them, or the same in both`,
    );
  }
  return value;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
