import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertFreshBundle } from './bundle.js';
import { BUNDLE, parseOutputFile, ROOT, runnerVariables } from './run.js';

export interface SpawnedOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout without the runner's workflow commands (`::…::`) */
  lines: string[];
  outputs: Record<string, string>;
  /** the job summary it wrote ('' outside the action) */
  summary: string;
}

/** A run of the bundle that the test can watch while it works and kill at a moment of its choosing. */
export interface SpawnedRun {
  child: ChildProcess;
  /** stdout so far */
  stdout(): string;
  /** resolves true once stdout matches, false when the run ended or `timeoutMs` passed first */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<boolean>;
  /** true once the process has ended */
  exited(): boolean;
  /** sends SIGKILL unless it has ended; true when the signal was sent */
  kill(): boolean;
  /** resolves when the process has ended and its streams are closed */
  done: Promise<SpawnedOutcome>;
}

/**
 * Starts `node dist/index.js` the way the Actions runner does (`action: true`: inputs as INPUT_*
 * variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files) or as the CLI with `args`. Only what a
 * runner would pass reaches it: no DATABASE_URL or PG* variables of the test process.
 */
export function spawnRun(options: { inputs?: Record<string, string>; args?: string[]; env?: NodeJS.ProcessEnv }): SpawnedRun {
  assertFreshBundle();
  const dir = mkdtempSync(path.join(tmpdir(), 'omt-spawn-'));
  const outputFile = path.join(dir, 'output');
  const summaryFile = path.join(dir, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8' };
  if (options.inputs) {
    Object.assign(env, runnerVariables(options.inputs), { GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile });
  }
  Object.assign(env, options.env);
  const child = spawn(process.execPath, [BUNDLE, ...(options.args ?? [])], { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let ended = false;
  const watchers = new Set<() => void>();
  const notify = (): void => {
    for (const watcher of [...watchers]) watcher();
  };
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    notify();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<SpawnedOutcome>((resolve) => {
    child.on('close', (code, signal) => {
      ended = true;
      notify();
      let outputs: Record<string, string>;
      let summary: string;
      try {
        outputs = parseOutputFile(readFileSync(outputFile, 'utf8'));
        summary = readFileSync(summaryFile, 'utf8');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      resolve({
        code,
        signal,
        stdout,
        stderr,
        lines: stdout.split('\n').filter((line) => line !== '' && !line.startsWith('::')),
        outputs,
        summary,
      });
    });
  });
  return {
    child,
    stdout: () => stdout,
    exited: () => ended || child.exitCode !== null || child.signalCode !== null,
    waitForOutput(pattern, timeoutMs) {
      return new Promise((resolve) => {
        const finish = (found: boolean): void => {
          clearTimeout(timer);
          watchers.delete(check);
          resolve(found);
        };
        const check = (): void => {
          if (pattern.test(stdout)) finish(true);
          else if (ended) finish(false);
        };
        const timer = setTimeout(() => finish(false), timeoutMs);
        watchers.add(check);
        check();
      });
    },
    kill() {
      if (child.exitCode !== null || child.signalCode !== null) return false;
      return child.kill('SIGKILL');
    },
    done,
  };
}
