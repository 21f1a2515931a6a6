import { flagUsage } from '../cli/help.js';
import { COMMANDS, SETTINGS, type Setting } from './table.js';

/**
 * action.yml's `inputs:` and the README's reference tables, made from the settings table.
 * test/unit/settings-docs.test.ts compares the files with these (and rewrites them with
 * `npm run settings:docs`).
 */
const ROWS = SETTINGS as readonly Setting[];

export interface InputDeclaration {
  name: string;
  description: string;
  required: boolean;
  default: string;
}

/** The inputs as action.yml declares them. A default the URL can also carry is empty. */
export function actionInputs(): InputDeclaration[] {
  return ROWS.filter((row) => row.input).map((row) => ({
    name: row.name,
    description: plain(row.description),
    required: false,
    default: row.default ?? '',
  }));
}

export function actionInputsYaml(): string {
  const quote = (text: string): string => `'${text.replace(/'/g, "''")}'`;
  const lines = ['inputs:'];
  for (const input of actionInputs()) {
    lines.push(`  ${input.name}:`, `    description: ${quote(input.description)}`, `    required: ${input.required}`);
    lines.push(`    default: ${quote(input.default)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The README's inputs table: one row per input, cells as Markdown. */
export function inputsTableCells(): string[][] {
  return ROWS.filter((row) => row.input).map((row) => [
    `\`${row.name}\``,
    defaultCell(row),
    commandsCell(row),
    [row.description, positional(row)].filter(Boolean).join(' '),
  ]);
}

/** The README's CLI-only flags. */
export function cliTableCells(): string[][] {
  return ROWS.filter((row) => !row.input && row.flag !== null).map((row) => [`\`${flagUsage(row)}\``, row.description]);
}

export const INPUTS_HEADER = ['input / flag', 'default', 'commands', 'meaning'];
export const CLI_HEADER = ['CLI only', 'meaning'];
export const README_START = '<!-- settings-table:start (generated from src/settings/table.ts: npm run settings:docs) -->';
export const README_END = '<!-- settings-table:end -->';

export function readmeBlock(): string {
  return [README_START, '', table(INPUTS_HEADER, inputsTableCells()), '', table(CLI_HEADER, cliTableCells()), '', README_END].join('\n');
}

/** Prettier would pad every column to its widest cell, a third of the README's bytes: it leaves these as written. */
const PRETTIER_IGNORE = '<!-- prettier-ignore -->';

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [PRETTIER_IGNORE, line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function defaultCell(row: Setting): string {
  const shown = row.defaultText ?? row.default;
  if (shown === undefined || shown === '') return '';
  return /^[(]/.test(shown) ? `_${shown}_` : `\`${shown}\``;
}

function commandsCell(row: Setting): string {
  return row.commands === 'all' ? 'all' : row.commands.join(', ');
}

function positional(row: Setting): string {
  if (!row.positionalFor) return '';
  const forms = row.positionalFor.map((name) => `\`${name} ${COMMANDS.find((command) => command.name === name)?.argument ?? 'VALUE'}\``);
  return `On the command line also the argument after the command: ${forms.join(', ')}.`;
}

/** action.yml descriptions are shown as plain text: a Markdown link keeps only its words. */
function plain(markdown: string): string {
  return markdown.replace(/\[([^\]]+)\]\([^)]+\)/g, '$1');
}
