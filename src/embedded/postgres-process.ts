import { spawn, type ChildProcess } from 'node:child_process';
import { untilExit } from './running-servers.js';
import type { ServerUser } from './server-user.js';

/** How a PostgreSQL program is started: as whom, from where. */
export interface ProgramOptions {
  user: ServerUser | null;
  /** a directory the program's user can enter: a private working directory would stop it */
  cwd: string;
}

/** A program that failed: its own last words, or why it could not be started. */
export class ProgramError extends Error {}

// English messages, whatever the machine's locale: the server's readiness is read from its log.
const ENV = { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' };
const READY = 'database system is ready to accept connections';
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
// What is kept of a program's output for the message when it fails.
const TAIL_CHARS = 2000;

/** Runs initdb (or any program) to its end; rejects with a ProgramError naming the failure. */
export function runProgram(file: string, args: readonly string[], options: ProgramOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawnAs(file, args, options);
    const release = untilExit(() => child.kill());
    let output = '';
    const collect = (chunk: Buffer) => (output = tail(output + chunk.toString('utf8')));
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    // Without this listener a program that cannot be started (EACCES, ENOENT) ends the whole
    // process with Node's unhandled 'error' event.
    child.on('error', (error) => {
      release();
      reject(new ProgramError(startFailure(file, error)));
    });
    child.on('close', (code, signal) => {
      release();
      if (code === 0) resolve();
      else reject(new ProgramError(lastLines(output) || `${shortName(file)} ended with ${signal ?? `exit code ${code}`}`));
    });
  });
}

/** A running server, started by startServer. */
export interface ServerProcess {
  /** fast shutdown (SIGINT), waiting for it to end; a second call does nothing */
  stop(): Promise<void>;
  /** immediate shutdown without waiting, for a process that is exiting */
  kill(): void;
}

/** Starts `postgres` and waits until it accepts connections, or rejects with a ProgramError. */
export function startServer(file: string, args: readonly string[], options: ProgramOptions): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const child = spawnAs(file, args, options);
    // From its start on, the server ends with this process, even on Ctrl-C before it is ready.
    const release = untilExit(() => quit(child));
    let log = '';
    let ready = false;
    const exited = new Promise<void>((done) =>
      child.once('close', () => {
        release();
        done();
      }),
    );
    const timer = setTimeout(() => {
      quit(child);
      reject(new ProgramError(`the server did not accept connections within ${START_TIMEOUT_MS / 1000} s${detail(log)}`));
    }, START_TIMEOUT_MS);
    // The log is read for as long as the server runs: a full pipe would block its writes.
    child.stderr?.on('data', (chunk: Buffer) => {
      log = tail(log + chunk.toString('utf8'));
      if (!ready && log.includes(READY)) {
        ready = true;
        clearTimeout(timer);
        resolve(handle(child, exited));
      }
    });
    child.stdout?.resume();
    child.on('error', (error) => {
      release();
      clearTimeout(timer);
      reject(new ProgramError(startFailure(file, error)));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (!ready) reject(new ProgramError(lastLines(log) || `the server ended with ${signal ?? `exit code ${code}`}`));
    });
  });
}

function handle(child: ChildProcess, exited: Promise<void>): ServerProcess {
  let stopping: Promise<void> | null = null;
  return {
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
    kill() {
      quit(child);
    },
  };
}

/** Immediate shutdown: the postmaster ends its backends and exits without a checkpoint. */
function quit(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGQUIT');
}

function spawnAs(file: string, args: readonly string[], options: ProgramOptions): ChildProcess {
  return spawn(file, args, {
    cwd: options.cwd,
    env: ENV,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.user ? { uid: options.user.uid, gid: options.user.gid } : {}),
  });
}

function startFailure(file: string, error: NodeJS.ErrnoException): string {
  const reason = error.code === 'EACCES' ? 'permission denied' : error.code === 'ENOENT' ? 'not found' : (error.code ?? error.message);
  return `${shortName(file)} could not be started (${reason}): ${file}`;
}

function shortName(file: string): string {
  return file.split(/[\\/]/).at(-1) ?? file;
}

function tail(text: string): string {
  return text.length > TAIL_CHARS ? text.slice(-TAIL_CHARS) : text;
}

/** The program's error lines (else its last lines) as one line: what it said went wrong. */
function lastLines(output: string): string {
  const lines = output
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '');
  const errors = lines.filter((line) => /\b(error|FATAL|PANIC):/.test(line));
  return (errors.length > 0 ? errors : lines).slice(-3).join(' ');
}

function detail(log: string): string {
  const last = lastLines(log);
  return last ? `: ${last}` : '';
}
