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
  let parsed;
  try {
    parsed = parseArgs({ args: normaliseFlags(argv), allowPositionals: true, strict: true, options: OPTIONS });
  } catch (error) {
    // parseArgs' messages name the flag but could quote a value: keep only the first sentence.
    const message = (error as Error).message
      .split('\n')[0]!
      .replace(/\. To specify.*$/, '')
      // "argument is ambiguous": the flag is followed by another flag, so its value is missing.
      .replace(/^(Option '[^']*') argument is ambiguous\.$/, '$1 argument missing');
    throw new MigrateError('config', `${message} (see --help)`);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
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

function normaliseFlags(argv: readonly string[]): string[] {
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
    } else if (arg.startsWith('--') && BOOLEAN_FLAGS.includes(name)) {
      if (next !== undefined && /^(true|false)$/i.test(next)) {
        out.push(`${arg}=${next}`);
        i++;
      } else {
        out.push(`${arg}=true`);
      }
    } else if (OPTIONAL_FLAGS.includes(arg)) {
      // bare: the flag without a value (--embedded: a temporary server; --embedded=DIR keeps it)
      out.push(`${arg}=`);
    } else if (arg.startsWith('--no-') && BOOLEAN_FLAGS.includes(arg.slice(5))) {
      out.push(`--${arg.slice(5)}=false`);
    } else {
      out.push(arg);
    }
  }
  return negatives.length > 0 ? [...out, '--', ...negatives] : out;
}

export const HELP = renderHelp();
