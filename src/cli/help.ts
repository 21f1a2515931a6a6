import { COMMANDS, SETTINGS, type Setting } from '../settings/table.js';

const WIDTH = 80;
const COLUMN = 28;

/** `--help`, made from the settings table: what it lists is what the parser accepts. */
export function renderHelp(): string {
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
    ...(SETTINGS as readonly Setting[])
      .filter((row) => row.flag !== null && row.input)
      .flatMap((row) => entry(flagUsage(row), flagHelp(row))),
    '',
    'CLI only:',
    ...(SETTINGS as readonly Setting[])
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
export function flagUsage(row: Setting): string {
  const flag = row.flag!;
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

export function flagHelp(row: Setting): string {
  const only = row.commands !== 'all' && row.commands.length <= 2 ? ` [${row.commands.join(', ')}]` : '';
  const shown = row.defaultText ?? row.default;
  const stated =
    shown === undefined ||
    shown.startsWith('(') ||
    row.flag?.kind === 'switch' ||
    (row.flag?.kind === 'boolean' && shown === 'false') ||
    /\bdefault\b/.test(row.help);
  return `${stated ? row.help : `${row.help} (default: ${shown})`}${only}`;
}

function entry(left: string, help: string, column = COLUMN): string[] {
  const words = help.split(' ');
  const lines: string[] = [];
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
