import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatOutputs, maskCommand, workflowCommand } from '../../src/report/github-protocol.js';
import { RunnerLog } from '../../src/report/runner-log.js';
import { HOSTILE } from '../helpers/report-results.js';

/**
 * The runner protocol is written here instead of bundling @actions/core (which would cost the
 * bundle about 0.5 MB and every start about 95 ms of CPU). This test keeps it
 * honest. For a corpus of hostile strings, the commands, masks and outputs are the text that
 * @actions/core itself writes.
 */
const CORPUS = [
  ...HOSTILE,
  '',
  'plain',
  '100% done, 50%0A',
  'a:b,c=d;e]f',
  'line\nline\r\nline\rline',
  '%25%0D%0A%3A%2C',
  'ghadelimiter_00000000-0000-0000-0000-000000000000',
  'emoji 🐘 and é',
  'x'.repeat(5000),
];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'omt-toolkit-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What @actions/core prints on stdout while `act` runs. */
function coreStdout(act: () => void): string {
  let printed = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed += String(chunk);
    return true;
  });
  try {
    act();
  } finally {
    spy.mockRestore();
  }
  return printed;
}

describe('the runner protocol written as @actions/core writes it', () => {
  it.each(CORPUS)('masks a secret: %j', (secret) => {
    if (secret === '') return; // @actions/core would ask the runner to mask nothing
    expect(`${maskCommand(secret)}\n`).toBe(coreStdout(() => core.setSecret(secret)));
  });

  it.each(CORPUS)('annotations with a title, file, line and column: %j', (text) => {
    const properties = { title: `title ${text}`, file: `db/${text}.up.sql`, line: 12, col: 3 };
    const ours = `${workflowCommand('error', properties, text)}\n`;
    const theirs = coreStdout(() =>
      core.error(text, { title: properties.title, file: properties.file, startLine: properties.line, startColumn: properties.col }),
    );
    expect(ours).toBe(theirs);
    expect(`${workflowCommand('warning', { title: `t ${text}` }, text)}\n`).toBe(
      coreStdout(() => core.warning(text, { title: `t ${text}` })),
    );
  });

  it('the log prints the tool’s annotations in the same text, for text that needs no stand-ins', () => {
    for (const text of ['plain', '100% done', 'a:b,c=d;e]f', 'line\nline', '::warning::x ##[error]y']) {
      let printed = '';
      const log = new RunnerLog({
        workflow: true,
        color: false,
        stdout: (chunk) => (printed += chunk),
        stderr: () => {},
        redact: (t) => t,
        secrets: () => [],
      });
      log.command('warning', { title: text }, text);
      expect(printed).toBe(coreStdout(() => core.warning(text, { title: text })));
    }
  });

  it('writes the outputs file as setOutput does, up to the random delimiter', () => {
    const file = path.join(dir, 'output');
    writeFileSync(file, '');
    const previous = process.env.GITHUB_OUTPUT;
    process.env.GITHUB_OUTPUT = file;
    try {
      CORPUS.forEach((value, i) => core.setOutput(`o${i}`, value));
    } finally {
      if (previous === undefined) delete process.env.GITHUB_OUTPUT;
      else process.env.GITHUB_OUTPUT = previous;
    }
    const ours = formatOutputs(Object.fromEntries(CORPUS.map((value, i) => [`o${i}`, value])));
    const delimiters = (text: string) => text.replace(/ghadelimiter_[0-9a-f-]{36}/g, 'ghadelimiter_UUID');
    // the corpus' own fake delimiter is left alone: it is not one of the 36-character random ones
    expect(delimiters(ours)).toBe(delimiters(readFileSync(file, 'utf8')));
    expect(ours.match(/<<ghadelimiter_[0-9a-f-]{36}/g)).toHaveLength(CORPUS.length);
  });
});
