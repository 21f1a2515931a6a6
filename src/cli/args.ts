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

const BOOLEAN_SETTINGS = ['fail-on-pending', 'summary'] as const;

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
      options: {
        command: { type: 'string' },
        'database-url': { type: 'string' },
        'migrations-path': { type: 'string' },
        'migrations-table': { type: 'string' },
        'lock-timeout': { type: 'string' },
        'connect-timeout': { type: 'string' },
        'fail-on-pending': { type: 'string' },
        summary: { type: 'string' },
        json: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    // parseArgs' messages name the flag but could quote a value: keep only the first sentence.
    const message = (error as Error).message.split('\n')[0]!.replace(/\. To specify.*$/, '');
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
  return {
    settings,
    json: values.json ?? false,
    noColor: values['no-color'] ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}

function normaliseBooleans(argv: readonly string[]): string[] {
  const out: string[] = [];
  // `force -1` (golang-migrate's "no version") is a value, not a flag: negative numbers go after
  // a `--`, where parseArgs takes them as positionals, keeping their order.
  const negatives = argv.includes('--') ? [] : argv.filter((arg) => /^-\d+$/.test(arg));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const name = arg.slice(2);
    if ((BOOLEAN_SETTINGS as readonly string[]).includes(name) && arg.startsWith('--')) {
      const next = argv[i + 1];
      if (next !== undefined && /^(true|false)$/i.test(next)) {
        out.push(`${arg}=${next}`);
        i++;
      } else {
        out.push(`${arg}=true`);
      }
    } else if (arg.startsWith('--no-') && (BOOLEAN_SETTINGS as readonly string[]).includes(arg.slice(5))) {
      out.push(`--${arg.slice(5)}=false`);
    } else if (!negatives.includes(arg)) {
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
  force VERSION    record VERSION as clean after a dirty database was repaired
                   by hand (-1 records no version)

Flags (each mirrors an action input):
  --database-url URL        PostgreSQL URL (default: $DATABASE_URL)
  --migrations-path DIR     golang-migrate-layout directory (default: the embedded
                            oForum migrations)
  --migrations-table NAME   state table (default: schema_migrations)
  --lock-timeout SECONDS    wait for the migration lock (default: 60)
  --connect-timeout SECONDS retry transient connection failures (default: 30)
  --fail-on-pending         check: fail when migrations are pending
  --summary=false           do not write $GITHUB_STEP_SUMMARY
  --json                    print one JSON object instead of lines
  --no-color                no colour (also NO_COLOR)
  -h, --help                this help
  -v, --version             the version

Exit codes: 0 success, 1 failed (migration, dirty, ahead, unreachable, lock),
2 bad usage or configuration.
`;
