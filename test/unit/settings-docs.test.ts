import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { HELP, parseCli } from '../../src/cli/args.js';
import { flagHelp, flagUsage } from '../../src/cli/help.js';
import {
  actionInputs,
  actionInputsYaml,
  cliTableCells,
  CLI_HEADER,
  inputsTableCells,
  INPUTS_HEADER,
  readmeBlock,
  README_END,
  README_START,
} from '../../src/settings/docs.js';
import { COMMANDS, SETTINGS, type Setting } from '../../src/settings/table.js';
import { ROOT } from '../helpers/run.js';

/**
 * action.yml's inputs, the README's reference tables and --help are made from one table of
 * settings. These tests fail when a file is out of step with it; `npm run settings:docs`
 * (UPDATE_SETTINGS_DOCS=1) rewrites the files from the table.
 */
const ACTION_FILE = path.join(ROOT, 'action.yml');
const README_FILE = path.join(ROOT, 'README.md');
const ROWS = SETTINGS as readonly Setting[];

if (process.env.UPDATE_SETTINGS_DOCS) {
  const action = readFileSync(ACTION_FILE, 'utf8');
  const start = action.indexOf('\ninputs:\n') + 1;
  const end = action.indexOf('\noutputs:\n');
  writeFileSync(ACTION_FILE, `${action.slice(0, start)}${actionInputsYaml()}${action.slice(end)}`);
  const readme = readFileSync(README_FILE, 'utf8');
  const from = readme.indexOf(README_START);
  const to = readme.indexOf(README_END) + README_END.length;
  writeFileSync(README_FILE, `${readme.slice(0, from)}${readmeBlock()}${readme.slice(to)}`);
}

interface ActionInput {
  description: string;
  required?: boolean;
  default?: string;
}

describe('action.yml inputs', () => {
  const declared = (parse(readFileSync(ACTION_FILE, 'utf8')) as { inputs: Record<string, ActionInput> }).inputs;

  it('declares the inputs of the table, in its order', () => {
    expect(Object.keys(declared)).toEqual(actionInputs().map((input) => input.name));
  });

  it.each(actionInputs().map((input) => [input.name, input] as const))(
    '%s: description, default, required as in the table',
    (name, input) => {
      expect(declared[name]).toEqual({ description: input.description, required: input.required, default: input.default });
    },
  );

  it('leaves empty the defaults that database-url can also carry, so that the URL is not overridden unasked', () => {
    for (const row of ROWS.filter((candidate) => candidate.urlParameter)) expect(declared[row.name]?.default, row.name).toBe('');
  });
});

/** The cells of the Markdown tables between the markers, whatever their padding. */
function readmeTables(): string[][][] {
  const readme = readFileSync(README_FILE, 'utf8');
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  expect(start, 'the README has the settings markers').toBeGreaterThanOrEqual(0);
  const tables: string[][][] = [];
  let current: string[][] | null = null;
  for (const line of readme.slice(start, end).split('\n')) {
    if (!line.startsWith('|')) {
      current = null;
      continue;
    }
    const cells = line
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim().replace(/\\\|/g, '|'));
    if (cells.every((cell) => /^:?-+:?$/.test(cell))) continue;
    if (!current) tables.push((current = []));
    current.push(cells);
  }
  return tables;
}

describe('the README reference', () => {
  it('has the inputs table of the settings table', () => {
    const unescape = (rows: string[][]): string[][] => rows.map((row) => row.map((cell) => cell.replace(/\\\|/g, '|')));
    expect(readmeTables()[0]).toEqual([INPUTS_HEADER, ...unescape(inputsTableCells())]);
  });

  it('has the CLI-only flags of the settings table', () => {
    expect(readmeTables()[1]).toEqual([CLI_HEADER, ...cliTableCells()]);
  });

  it('is what the generator writes', () => {
    expect(readmeBlock()).toContain(README_START);
  });
});

describe('--help', () => {
  it('lists every flag of the table once, with its help', () => {
    for (const row of ROWS.filter((candidate) => candidate.flag !== null)) {
      const usage = flagUsage(row);
      expect(
        HELP.split('\n').filter((line) => line.startsWith(`  ${usage}`)),
        usage,
      ).toHaveLength(1);
      const words = flagHelp(row).split(' ');
      expect(HELP.replace(/\s+/g, ' '), usage).toContain(words.join(' '));
    }
  });

  it('lists every command', () => {
    for (const command of COMMANDS) expect(HELP).toMatch(new RegExp(`^  ${command.name}\\b`, 'm'));
  });

  it('names no flag the parser does not accept', () => {
    const flags = new Set(HELP.match(/--[a-z][a-z-]*/g));
    for (const flag of flags) {
      const name = flag.startsWith('--no-') && !ROWS.some((row) => row.name === flag.slice(2)) ? flag.slice(5) : flag.slice(2);
      const row = ROWS.find((candidate) => candidate.name === name);
      expect(row?.flag, flag).toBeTruthy();
      const args = row!.flag!.kind === 'value' ? [flag, '1'] : [flag];
      expect(() => parseCli(args), flag).not.toThrow();
    }
  });

  it('has lines of at most 80 columns', () => {
    for (const line of HELP.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
  });
});
