import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inputVariables } from './action-inputs.js';
import { assertFreshBundle } from './bundle.js';
import { readRunnerFile } from './runner-files.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BUNDLE = path.join(ROOT, 'dist/index.js');

export interface RunOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout without the runner's workflow commands (`::…::`) */
  lines: string[];
  outputs: Record<string, string>;
  summary: string;
}

/** Only what a runner would pass: no DATABASE_URL or PG* variables leak in from the test process. */
function baseEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8' };
}

/** What the runner sets for a node action's step besides the files: its inputs, and where it runs. */
export function runnerVariables(inputs: Record<string, string>): NodeJS.ProcessEnv {
  return { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: ROOT, ...inputVariables(ROOT, inputs) };
}

/**
 * Runs the built bundle exactly as the Actions runner does: no arguments, every input action.yml
 * declares as INPUT_<NAME> (dashes kept; the step's value, else the default), GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files, then reads what it wrote as the runner reads it.
 */
export function runAction(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}): Promise<RunOutcome> {
  return run([], { ...runnerVariables(inputs), ...env });
}

/** Runs the CLI: `node dist/index.js ARGS`, with no runner files unless given. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunOutcome> {
  return run(args, env, false);
}

export async function run(args: string[], env: NodeJS.ProcessEnv, runnerFiles = true): Promise<RunOutcome> {
  assertFreshBundle();
  const dir = mkdtempSync(path.join(tmpdir(), 'omt-run-'));
  const outputFile = path.join(dir, 'output');
  const summaryFile = path.join(dir, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const files = runnerFiles ? { GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile } : {};
  const child = spawn(process.execPath, [BUNDLE, ...args], {
    env: { ...baseEnv(), ...files, ...env },
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (c, s) => resolve([c, s])),
  );
  const outputs = parseOutputFile(readFileSync(outputFile, 'utf8'));
  const summary = readFileSync(summaryFile, 'utf8');
  rmSync(dir, { recursive: true, force: true });
  return {
    code,
    signal,
    stdout,
    stderr,
    lines: stdout.split('\n').filter((line) => line !== '' && !line.startsWith('::')),
    outputs,
    summary,
  };
}

/** Reads $GITHUB_OUTPUT as the runner does; a file the runner would reject throws. */
export function parseOutputFile(text: string): Record<string, string> {
  return readRunnerFile(text);
}

export function fixture(name: string): string {
  return path.join(ROOT, 'test/fixtures/migrations', name);
}

/** Workflow commands the bundle printed, e.g. `error`, with their properties and message. */
export function workflowCommands(stdout: string, name: string): { properties: Record<string, string>; message: string }[] {
  const found = [];
  for (const line of stdout.split('\n')) {
    const match = new RegExp(`^::${name}(?: ([^:]*))?::(.*)$`).exec(line);
    if (!match) continue;
    const properties: Record<string, string> = {};
    for (const pair of (match[1] ?? '').split(',').filter(Boolean)) {
      const eq = pair.indexOf('=');
      properties[pair.slice(0, eq)] = unescape(pair.slice(eq + 1));
    }
    found.push({ properties, message: unescape(match[2]!) });
  }
  return found;
}

function unescape(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
}
