import { parseArgs } from 'node:util';
import { MigrateError } from '../errors.js';
import type { RawSettings } from '../options.js';
import { COMMANDS, SETTINGS, type Setting, type SettingKey } from '../settings/table.js';
import { renderHelp } from './help.js';

export interface CliArguments {
  settings: RawSettings;
  json: boolean;
  noColor: boolean;
  help: boolean;
  version: boolean;
}

type FlagRow = Setting & { flag: NonNullable<Setting['flag']> };
const FLAGGED = (SETTINGS as readonly Setting[]).filter((row): row is FlagRow => row.flag !== null);
const BOOLEAN_FLAGS = FLAGGED.filter((row) => row.flag.kind === 'boolean').map((row) => row.name);
// Flags that take a value: a negative number after one is that value, not a positional.
const VALUE_FLAGS = FLAGGED.filter((row) => row.flag.kind === 'value').map((row) => `--${row.name}`);
const OPTIONAL_FLAGS = FLAGGED.filter((row) => row.flag.kind === 'optional').map((row) => `--${row.name}`);

const OPTIONS: Record<string, { type: 'string' | 'boolean'; short?: string }> = Object.fromEntries(
  FLAGGED.map((row) => [
    row.name,
    { type: row.flag.kind === 'switch' ? 'boolean' : 'string', ...(row.flag.short ? { short: row.flag.short } : {}) },
  ]),
);

/**
 * `oforum-migrate [command] [VERSION] [flags]`. Flags mirror the action's inputs; boolean ones
 * also work bare (`--fail-on-pending`) and negated (`--no-summary`).
 */
export function parseCli(argv: readonly string[]): CliArguments {
  const { args, spellings } = normaliseFlags(argv);
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options: OPTIONS, tokens: true });
  } catch (error) {
    // parseArgs' messages name the flag but could quote a value: keep only the first sentence.
    const message = (error as Error).message
      .split('\n')[0]!
      .replace(/\. To specify.*$/, '')
      // "argument is ambiguous": the flag is followed by another flag, so its value is missing.
      .replace(/^(Option '[^']*') argument is ambiguous\.$/, '$1 argument missing');
    throw new MigrateError('config', `${message} (see --help)`);
  }
  refuseRepeatedFlags(parsed.tokens, spellings);
  const values = parsed.values as Record<string, string | boolean | undefined>;
  refuseEmptyValues(values);
  const [command, second, ...extra] = parsed.positionals;
  const settings: RawSettings = { origin: 'cli' };
  const flag = (name: string): string | undefined => {
    const value = values[name];
    return typeof value === 'string' ? value : undefined;
  };
  for (const row of FLAGGED) {
    if (row.flag.kind === 'switch') continue;
    const value = flag(row.name);
    if (value !== undefined) (settings as Record<string, string>)[row.key] = value;
  }

  const flagCommand = flag('command');
  if (command !== undefined && flagCommand !== undefined && command !== flagCommand) {
    throw new MigrateError('config', `two commands given: "${command}" and --command ${flagCommand}`);
  }
  if (command !== undefined) settings.command = command;
  if (second !== undefined) {
    const effective = (command ?? flagCommand ?? 'up').toLowerCase();
    const row = FLAGGED.find((candidate) => (candidate.positionalFor as readonly string[] | undefined)?.includes(effective));
    if (COMMANDS.some((known) => known.name === second.toLowerCase())) {
      throw new MigrateError('config', `two commands given: "${command}" and "${second}"`);
    }
    if (!row) throw new MigrateError('config', `unexpected argument "${second}"`);
    if (flag(row.name) !== undefined && flag(row.name) !== second) {
      throw new MigrateError('config', `two values of ${row.name} given: "${second}" and --${row.name} ${flag(row.name)}`);
    }
    (settings as Record<string, string>)[row.key] = second;
    settings.positional = [row.key as SettingKey];
  }
  if (extra.length > 0) throw new MigrateError('config', `unexpected argument "${extra[0]}" (see --help)`);
  return {
    settings,
    json: values.json === true,
    noColor: values['no-color'] === true,
    help: values.help === true,
    version: values.version === true,
  };
}

// What leaving each flag out gives, for the refusal of an empty one.
const WITHOUT: Record<string, string> = {
  'migrations-path': 'a directory, or leave the flag out to use the embedded migrations',
  'database-url': 'a URL, or leave the flag out to use DATABASE_URL',
  'target-version': 'a version, or leave the flag out to migrate to the newest',
};

/**
 * An empty value on the command line is a mistake (`--migrations-path "$DIR"` with DIR unset),
 * never a request for what leaving the flag out gives: the embedded migrations, DATABASE_URL, the
 * newest version. In the action an input left empty means "not set" (action.yml's defaults are
 * ''): that stays as it is. `--embedded` alone is its own form and stays accepted.
 */
function refuseEmptyValues(values: Record<string, string | boolean | undefined>): void {
  for (const row of FLAGGED) {
    if (row.flag.kind !== 'value') continue;
    const value = values[row.name];
    if (typeof value !== 'string' || value.trim() !== '') continue;
    throw new MigrateError(
      'config',
      `--${row.name} is empty: give ${WITHOUT[row.name] ?? 'a value, or leave the flag out for its default'}`,
    );
  }
}

/**
 * A flag given twice is refused, naming the flag and never its values (a database URL holds a
 * password). Even the same value twice is refused: two copies come from a command line assembled
 * from two sources (a script's default and the caller's flag), and accepting them while they agree
 * would let that script pass until the day they differ, then run against the wrong database or
 * directory. Refused always, the mistake shows on the first run. Switches (`--json`, `-h`) carry no
 * value that could differ, so a repeated one is harmless and accepted.
 */
function refuseRepeatedFlags(tokens: ReturnType<typeof parseArgs>['tokens'] | undefined, spellings: readonly (string | undefined)[]): void {
  const seen = new Map<string, string[]>();
  for (const token of tokens ?? []) {
    if (token.kind !== 'option' || FLAGGED.find((row) => row.name === token.name)?.flag.kind === 'switch') continue;
    const spelling = spellings[token.index] ?? token.rawName;
    seen.set(token.name, [...(seen.get(token.name) ?? []), spelling]);
  }
  const problems = [...seen]
    .filter(([, given]) => given.length > 1)
    .map(([name, given]) => {
      const times = given.length === 2 ? 'twice' : `${given.length} times`;
      const forms = [...new Set(given)];
      const as = forms.length > 1 ? ` (as ${forms.join(' and ')})` : '';
      return `--${name} given ${times}${as}; give it once`;
    });
  if (problems.length > 0) throw new MigrateError('config', problems.join('; '));
}

/**
 * The arguments as parseArgs reads them, and for each the flag as it was written (`--no-drift`
 * for `--drift=false`, without any `=value`), for messages that name what the user typed.
 */
function normaliseFlags(argv: readonly string[]): { args: string[]; spellings: (string | undefined)[] } {
  const out: string[] = [];
  const spellings: (string | undefined)[] = [];
  const push = (normalised: string, arg: string): void => {
    out.push(normalised);
    spellings.push(arg.startsWith('-') && !/^-\d/.test(arg) && arg !== '--' ? arg.split('=', 1)[0] : undefined);
  };
  // `force -1` (golang-migrate's "no version") is a value, not a flag: negative numbers go after
  // a `--`, where parseArgs takes them as positionals, keeping their order.
  const separated = argv.includes('--');
  const negatives: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const name = arg.slice(2);
    const next = argv[i + 1];
    const negated = /^--no-([^=]+)=/.exec(arg);
    if (!separated && VALUE_FLAGS.includes(arg) && next !== undefined && /^-\d+$/.test(next)) {
      // `--lock-timeout -5` gives the flag its value, to be judged with the other settings.
      push(`${arg}=${next}`, arg);
      i++;
    } else if (!separated && /^-\d+$/.test(arg)) {
      negatives.push(arg);
    } else if (arg.startsWith('--') && BOOLEAN_FLAGS.includes(name)) {
      if (next !== undefined && /^(true|false)$/i.test(next)) {
        push(`${arg}=${next}`, arg);
        i++;
      } else {
        push(`${arg}=true`, arg);
      }
    } else if (OPTIONAL_FLAGS.includes(arg)) {
      // bare: the flag without a value (--embedded: a temporary server; --embedded=DIR keeps it)
      push(`${arg}=`, arg);
    } else if (arg.startsWith('--no-') && BOOLEAN_FLAGS.includes(arg.slice(5))) {
      push(`--${arg.slice(5)}=false`, arg);
    } else if (negated && BOOLEAN_FLAGS.includes(negated[1]!) && (!separated || i < argv.indexOf('--'))) {
      // `--no-drift=true`: a double negative parseArgs would call an unknown option
      const flag = negated[1]!;
      throw new MigrateError('config', `--no-${flag} takes no value: give --no-${flag} alone, or --${flag}=true or false`);
    } else {
      push(arg, arg);
    }
  }
  return negatives.length > 0 ? { args: [...out, '--', ...negatives], spellings } : { args: out, spellings };
}

export const HELP = renderHelp();
