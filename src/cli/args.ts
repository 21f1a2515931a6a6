import { parseArgs } from 'node:util';
import { MigrateError } from '../errors.js';
import type { RawSettings } from '../options.js';

export interface CliArguments {
  settings: RawSettings;
  json: boolean;
  noColor: boolean;
  help: boolean;
  version: boolean;
}

const BOOLEAN_SETTINGS = ['fail-on-pending', 'summary', 'history', 'allow-edited', 'drift', 'fail-on-drift'] as const;

const OPTIONS = {
  command: { type: 'string' },
  'database-url': { type: 'string' },
  'migrations-path': { type: 'string' },
  'migrations-table': { type: 'string' },
  'lock-timeout': { type: 'string' },
  'connect-timeout': { type: 'string' },
  'fail-on-pending': { type: 'string' },
  summary: { type: 'string' },
  'lock-strategy': { type: 'string' },
  'statement-lock-timeout': { type: 'string' },
  'statement-lock-retries': { type: 'string' },
  history: { type: 'string' },
  'history-table': { type: 'string' },
  'allow-edited': { type: 'string' },
  drift: { type: 'string' },
  'fail-on-drift': { type: 'string' },
  embedded: { type: 'string' },
  json: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/**
 * `oforum-migrate [command] [VERSION] [flags]`. Flags mirror the action's inputs; the two boolean
 * inputs also work bare (`--fail-on-pending`) and negated (`--no-summary`).
 */
export function parseCli(argv: readonly string[]): CliArguments {
  let parsed;
  try {
    parsed = parseArgs({
      args: normaliseBooleans(argv),
      allowPositionals: true,
      strict: true,
      options: OPTIONS,
    });
  } catch (error) {
    // parseArgs' messages name the flag but could quote a value: keep only the first sentence.
    const message = (error as Error).message
      .split('\n')[0]!
      .replace(/\. To specify.*$/, '')
      // "argument is ambiguous": the flag is followed by another flag, so its value is missing.
      .replace(/^(Option '[^']*') argument is ambiguous\.$/, '$1 argument missing');
    throw new MigrateError('config', `${message} (see --help)`);
  }
  const { values, positionals } = parsed;
  const [positionalCommand, forceVersion, ...extra] = positionals;
  if (extra.length > 0) throw new MigrateError('config', `unexpected argument "${extra[0]}" (see --help)`);
  if (positionalCommand !== undefined && values.command !== undefined && positionalCommand !== values.command) {
    throw new MigrateError('config', `two commands given: "${positionalCommand}" and --command ${values.command}`);
  }
  const settings: RawSettings = {};
  const assign = (key: keyof RawSettings, value: string | undefined): void => {
    if (value !== undefined) settings[key] = value;
  };
  assign('command', positionalCommand ?? values.command);
  assign('forceVersion', forceVersion);
  assign('databaseUrl', values['database-url']);
  assign('migrationsPath', values['migrations-path']);
  assign('migrationsTable', values['migrations-table']);
  assign('lockTimeout', values['lock-timeout']);
  assign('connectTimeout', values['connect-timeout']);
  assign('failOnPending', values['fail-on-pending']);
  assign('summary', values.summary);
  assign('lockStrategy', values['lock-strategy']);
  assign('statementLockTimeout', values['statement-lock-timeout']);
  assign('statementLockRetries', values['statement-lock-retries']);
  assign('embedded', values.embedded);
  assign('history', values.history);
  assign('historyTable', values['history-table']);
  assign('allowEdited', values['allow-edited']);
  assign('drift', values.drift);
  assign('failOnDrift', values['fail-on-drift']);
  return {
    settings,
    json: values.json ?? false,
    noColor: values['no-color'] ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}

// Flags that take a value: a negative number after one is that value, not a positional.
const VALUE_FLAGS = Object.entries(OPTIONS)
  .filter(([name, option]) => option.type === 'string' && !(BOOLEAN_SETTINGS as readonly string[]).includes(name))
  .map(([name]) => `--${name}`);

function normaliseBooleans(argv: readonly string[]): string[] {
  const out: string[] = [];
  // `force -1` (golang-migrate's "no version") is a value, not a flag: negative numbers go after
  // a `--`, where parseArgs takes them as positionals, keeping their order.
  const separated = argv.includes('--');
  const negatives: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const name = arg.slice(2);
    const next = argv[i + 1];
    if (!separated && VALUE_FLAGS.includes(arg) && next !== undefined && /^-\d+$/.test(next)) {
      // `--lock-timeout -5` gives the flag its value, to be judged with the other settings.
      out.push(`${arg}=${next}`);
      i++;
    } else if (!separated && /^-\d+$/.test(arg)) {
      negatives.push(arg);
    } else if ((BOOLEAN_SETTINGS as readonly string[]).includes(name) && arg.startsWith('--')) {
      if (next !== undefined && /^(true|false)$/i.test(next)) {
        out.push(`${arg}=${next}`);
        i++;
      } else {
        out.push(`${arg}=true`);
      }
    } else if (arg === '--embedded') {
      // bare --embedded: a temporary server; --embedded=DIR keeps it in DIR
      out.push('--embedded=');
    } else if (arg.startsWith('--no-') && (BOOLEAN_SETTINGS as readonly string[]).includes(arg.slice(5))) {
      out.push(`--${arg.slice(5)}=false`);
    } else {
      out.push(arg);
    }
  }
  return negatives.length > 0 ? [...out, '--', ...negatives] : out;
}

export const HELP = `Usage: oforum-migrate [command] [flags]

Applies oForum's PostgreSQL migrations (or a golang-migrate directory), sharing
golang-migrate's state table and advisory lock with the oForum server.

Commands:
  up               apply pending migrations (default)
  check            change nothing; report the version and pending migrations
  plan             run the pending migrations in a transaction that is rolled
                   back: proves they apply to this database, changes nothing
  verify           prove the migration set on a scratch database: every up,
                   every down in reverse, every up again, same schema
  force VERSION    record VERSION as clean after a dirty database was repaired
                   by hand (-1 records no version)

Flags (each mirrors an action input):
  --database-url URL        PostgreSQL URL (default: $DATABASE_URL)
  --migrations-path DIR     golang-migrate-layout directory (default: the embedded
                            oForum migrations)
  --migrations-table NAME   state table (default: schema_migrations)
  --lock-timeout SECONDS    wait for the migration lock (default: 60)
  --connect-timeout SECONDS retry transient connection failures (default: 30)
  --lock-strategy session|transaction
                            session: golang-migrate's session lock (default);
                            transaction: per-transaction lock, works through
                            PgBouncer's transaction pooling
  --statement-lock-timeout SECONDS
                            PostgreSQL lock_timeout for migration statements, so
                            DDL never queues behind a long transaction and blocks
                            traffic (default: 10; 0 leaves the server's setting)
  --statement-lock-retries N
                            retries, with backoff, of a migration that hit that
                            timeout or a deadlock (default: 3)
  --fail-on-pending         check: fail when migrations are pending
  --history=false           do not keep this tool's history table
  --history-table NAME      its name (default: schema_migrations_history)
  --allow-edited            an applied migration whose file changed is a
                            warning, not a failure
  --drift                   check: compare the schema with the migrations
                            replayed on a scratch database
  --fail-on-drift           check: fail when they differ (implies --drift)
  --summary=false           do not write $GITHUB_STEP_SUMMARY
  --embedded[=DIR]          run against a throwaway PostgreSQL of the tool's own
                            (kept in DIR when given); the default of a local verify
  --json                    print one JSON object instead of lines
  --no-color                no colour (also NO_COLOR)
  -h, --help                this help
  -v, --version             the version

Exit codes: 0 success, 1 failed (migration, dirty, ahead, unreachable, lock),
2 bad usage or configuration.
`;
