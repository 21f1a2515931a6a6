// Process spawning for the benchmark: wall clock from spawn to exit, and peak RSS.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const TIME_BIN = '/usr/bin/time';
export const hasGnuTime = existsSync(TIME_BIN);

/** Children that are running now, so an interrupted benchmark can end exactly those. */
export const running = new Set();

/**
 * Environment for every runner: the caller's, less anything that would make a runner behave as
 * inside GitHub Actions or pick another database than the one on its command line.
 */
export function cleanEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(GITHUB_|INPUT_|RUNNER_|ACTIONS_|PG)/.test(key) || key === 'DATABASE_URL' || key === 'CI') continue;
    env[key] = value;
  }
  return { ...env, NO_COLOR: '1', ...extra };
}

/**
 * Runs one process and times it from spawn to its exit event (the process is gone; its pipes
 * may still be draining, which is not the runner's cost). Output is collected for checks.
 */
export function timedRun(command, args, { env = cleanEnv(), cwd, timeoutMs = 300_000 } = {}) {
  return new Promise((resolve) => {
    const stdout = [];
    const stderr = [];
    let exitedAt = null;
    let exit = null;
    let timedOut = false;
    const started = performance.now();
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (chunk) => stdout.push(chunk));
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    child.on('exit', (code, signal) => {
      exitedAt = performance.now();
      exit = { code, signal };
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ ms: performance.now() - started, code: null, signal: null, error: error.message, stdout: '', stderr: '' });
    });
    child.on('close', () => {
      clearTimeout(timer);
      running.delete(child);
      resolve({
        ms: (exitedAt ?? performance.now()) - started,
        code: exit?.code ?? null,
        signal: exit?.signal ?? null,
        timedOut,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
  });
}

/**
 * Runs one process and reports, besides the wall clock, its peak RSS (KiB) and CPU time (s).
 * GNU time gives the child's rusage (ru_maxrss, ru_utime, ru_stime); it adds one small exec to
 * the wall clock, the same for every runner. Without GNU time, /proc/<pid> is polled: VmHWM (the
 * peak so far) and utime/stime, which miss what happens in the last poll interval.
 */
export async function measuredRun(command, args, { env = cleanEnv(), cwd, timeoutMs = 300_000, scratch } = {}) {
  if (hasGnuTime) {
    const out = join(scratch, `time-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.txt`);
    const result = await timedRun(TIME_BIN, ['-f', '%M %U %S', '-o', out, command, ...args], { env, cwd, timeoutMs });
    let fields;
    try {
      // a child that failed makes GNU time write "Command exited with non-zero status N" first
      fields = readFileSync(out, 'utf8').trim().split('\n').pop().split(' ').map(Number);
      rmSync(out, { force: true });
    } catch {
      fields = [];
    }
    const [kib, user, sys] = fields;
    return {
      ...result,
      maxRssKiB: Number.isFinite(kib) ? kib : null,
      cpuS: Number.isFinite(user) && Number.isFinite(sys) ? user + sys : null,
    };
  }
  let peak = null;
  let cpuTicks = null;
  let child;
  const poll = setInterval(() => {
    if (!child?.pid) return;
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (match) peak = Math.max(peak ?? 0, Number(match[1]));
      const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpuTicks = Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process is gone between two polls
    }
  }, 10);
  const promise = timedRun(command, args, { env, cwd, timeoutMs });
  child = [...running].pop();
  const result = await promise;
  clearInterval(poll);
  return { ...result, maxRssKiB: peak, cpuS: cpuTicks === null ? null : cpuTicks / 100 };
}

export const measureMethod = hasGnuTime ? 'GNU time (%M %U %S)' : '/proc/<pid> polled every 10 ms (VmHWM, utime+stime)';

/** Ends the children this benchmark started (used on interruption). */
export function killRunning() {
  for (const child of running) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}
