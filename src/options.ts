import { MigrateError } from './errors.js';
import { parseDatabaseUrl, passwordForms, type DatabaseTarget } from './database/url.js';
import { registerSecrets } from './secrets.js';
import type { Command, LockStrategy } from './engine/index.js';

/** Settings as text, from action inputs or CLI flags; absent means "use the default". */
export interface RawSettings {
  command?: string;
  forceVersion?: string;
  databaseUrl?: string;
  migrationsPath?: string;
  migrationsTable?: string;
  lockTimeout?: string;
  connectTimeout?: string;
  failOnPending?: string;
  summary?: string;
  lockStrategy?: string;
  statementLockTimeout?: string;
  statementLockRetries?: string;
  /** CLI only: `''` for a temporary embedded server, or the directory to keep it in */
  embedded?: string;
  history?: string;
  historyTable?: string;
  allowEdited?: string;
  drift?: string;
  failOnDrift?: string;
}

export interface Options {
  command: Command;
  /** `force`'s argument; -1 records "no version", as in golang-migrate */
  forceVersion: number;
  /** the database, or null when the run uses an embedded server */
  target: DatabaseTarget | null;
  /** where the URL came from, said in the log so that a fallback is never silent */
  databaseUrlFrom: 'input' | 'DATABASE_URL' | 'embedded';
  /** a throwaway server of the tool's own: kept in `directory` when one is given */
  embedded: { directory: string | null } | null;
  migrationsPath: string | null;
  migrationsTable: string;
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
}

const COMMANDS: readonly Command[] = ['up', 'check', 'plan', 'verify', 'force'];
const LOCK_STRATEGIES: readonly LockStrategy[] = ['session', 'transaction'];
export const DEFAULTS = {
  migrationsTable: 'schema_migrations',
  lockTimeout: 60,
  connectTimeout: 30,
  statementLockTimeout: 10,
  statementLockRetries: 3,
  historyTable: 'schema_migrations_history',
} as const;

/**
 * Validates every setting and reports all problems at once (exit 2). The password is registered
 * as a secret before anything else can print the URL.
 */
export function resolveOptions(raw: RawSettings, env: NodeJS.ProcessEnv): Options {
  const fromInput = nonEmpty(raw.databaseUrl);
  const url = fromInput ?? nonEmpty(env.DATABASE_URL);
  if (url) registerSecrets(passwordForms(url));

  const errors: string[] = [];
  const command = (nonEmpty(raw.command) ?? 'up').toLowerCase() as Command;
  if (!COMMANDS.includes(command)) errors.push(`unknown command "${raw.command}" (expected ${COMMANDS.join(', ')})`);

  let forceVersion = -1;
  if (command === 'force') {
    const text = nonEmpty(raw.forceVersion);
    if (text === undefined) errors.push('force needs a VERSION: oforum-migrate force VERSION');
    else if (!/^(-1|\d+)$/.test(text) || !Number.isSafeInteger(Number(text)))
      errors.push(`force VERSION must be a whole number or -1, not "${text}"`);
    else forceVersion = Number(text);
  } else if (raw.forceVersion !== undefined && COMMANDS.includes(raw.forceVersion.trim().toLowerCase() as Command)) {
    errors.push(`two commands given: "${raw.command}" and "${raw.forceVersion}"`);
  } else if (raw.forceVersion !== undefined) {
    errors.push(`unexpected argument "${raw.forceVersion}"`);
  }

  // --embedded runs against a server of the tool's own; so does a local verify given no URL.
  const embedded =
    raw.embedded !== undefined
      ? { directory: nonEmpty(raw.embedded) ?? null }
      : command === 'verify' && !url && raw.embedded === undefined && env.GITHUB_ACTIONS !== 'true'
        ? { directory: null }
        : null;
  if (embedded && fromInput) errors.push('--embedded and --database-url both given: choose one');

  let target: DatabaseTarget | undefined;
  if (embedded) {
    // no URL: the embedded server's is made when it starts
  } else if (!url) {
    errors.push('DATABASE_URL is required');
  } else {
    try {
      target = parseDatabaseUrl(url);
    } catch (error) {
      if (!(error instanceof MigrateError)) throw error;
      errors.push(error.message);
    }
  }

  // The runner passes an omitted input as its default, so the default cannot mean "chosen over the
  // URL": the URL's x-migrations-table applies then, as it does when the CLI flag is absent.
  const givenTable = nonEmpty(raw.migrationsTable);
  const migrationsTable =
    (givenTable !== DEFAULTS.migrationsTable ? givenTable : undefined) ?? target?.migrationsTable ?? DEFAULTS.migrationsTable;
  if (migrationsTable.includes('\0')) errors.push('migrations-table must not contain a NUL character');
  if (Buffer.byteLength(migrationsTable) > 63)
    errors.push(`migrations-table "${migrationsTable}" is longer than PostgreSQL's 63-byte identifiers`);

  const lockTimeoutMs = seconds('lock-timeout', raw.lockTimeout, DEFAULTS.lockTimeout, errors);
  const connectTimeoutMs = seconds('connect-timeout', raw.connectTimeout, DEFAULTS.connectTimeout, errors);
  const failOnPending = boolean('fail-on-pending', raw.failOnPending, false, errors);
  const summary = boolean('summary', raw.summary, true, errors);
  const lockStrategy = (nonEmpty(raw.lockStrategy) ?? 'session').toLowerCase() as LockStrategy;
  if (!LOCK_STRATEGIES.includes(lockStrategy)) errors.push(`lock-strategy must be session or transaction, not "${raw.lockStrategy}"`);
  const statementLockTimeoutMs = seconds('statement-lock-timeout', raw.statementLockTimeout, DEFAULTS.statementLockTimeout, errors);
  const statementLockRetries = count('statement-lock-retries', raw.statementLockRetries, DEFAULTS.statementLockRetries, errors);
  const history = boolean('history', raw.history, true, errors);
  const historyTableName = nonEmpty(raw.historyTable) ?? DEFAULTS.historyTable;
  if (historyTableName === migrationsTable) errors.push(`history-table must differ from migrations-table ("${migrationsTable}")`);
  if (Buffer.byteLength(historyTableName) > 63)
    errors.push(`history-table "${historyTableName}" is longer than PostgreSQL's 63-byte identifiers`);
  const allowEdited = boolean('allow-edited', raw.allowEdited, false, errors);
  const drift = boolean('drift', raw.drift, false, errors);
  const failOnDrift = boolean('fail-on-drift', raw.failOnDrift, false, errors);

  if (errors.length > 0 || (!target && !embedded)) {
    // "DATABASE_URL is required" is the contract's own line; keep it first and whole.
    errors.sort((a, b) => Number(b.startsWith('DATABASE_URL')) - Number(a.startsWith('DATABASE_URL')));
    throw new MigrateError('config', errors.join('; '));
  }
  return {
    command,
    forceVersion,
    target: target ?? null,
    databaseUrlFrom: embedded ? 'embedded' : fromInput ? 'input' : 'DATABASE_URL',
    embedded,
    migrationsPath: nonEmpty(raw.migrationsPath) ?? null,
    migrationsTable,
    lockTimeoutMs,
    connectTimeoutMs,
    failOnPending,
    summary,
    lockStrategy,
    statementLockTimeoutMs,
    statementLockRetries,
    historyTable: history ? historyTableName : null,
    allowEdited,
    drift: drift || failOnDrift,
    failOnDrift,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function seconds(name: string, value: string | undefined, fallback: number, errors: string[]): number {
  const text = nonEmpty(value);
  if (text === undefined) return fallback * 1000;
  const parsed = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !Number.isFinite(parsed) || parsed > 86_400) {
    errors.push(`${name} must be a number of seconds between 0 and 86400, not "${text}"`);
    return fallback * 1000;
  }
  return Math.round(parsed * 1000);
}

function count(name: string, value: string | undefined, fallback: number, errors: string[]): number {
  const text = nonEmpty(value);
  if (text === undefined) return fallback;
  if (!/^\d{1,2}$/.test(text)) {
    errors.push(`${name} must be a whole number between 0 and 99, not "${text}"`);
    return fallback;
  }
  return Number(text);
}

// The YAML 1.2 core schema booleans, as actions/toolkit's getBooleanInput accepts them.
const TRUE = new Set(['true', 'True', 'TRUE']);
const FALSE = new Set(['false', 'False', 'FALSE']);

function boolean(name: string, value: string | undefined, fallback: boolean, errors: string[]): boolean {
  const text = nonEmpty(value);
  if (text === undefined) return fallback;
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  errors.push(`${name} must be true or false, not "${text}"`);
  return fallback;
}
