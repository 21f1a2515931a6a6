import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { requires } from './requirements.js';
import { ROOT, runAction, type RunOutcome } from './run.js';
import { withServer } from './database.js';

/**
 * golang-migrate's own CLI, the referee for compatibility: `$GOLANG_MIGRATE`, else
 * ../shared/tools/golang-migrate beside the project. Null when neither exists; under CI the
 * tests that need it then fail (see `requireGolangMigrate`), they never skip.
 */
export const GOLANG_MIGRATE: string | null = (() => {
  const candidates = [process.env.GOLANG_MIGRATE, path.resolve(ROOT, '../shared/tools/golang-migrate')].filter(Boolean) as string[];
  return candidates.find((candidate) => existsSync(candidate)) ?? null;
})();

/** Declares that the tests that follow need golang-migrate; true when they must skip (see requires()). */
export function requiresGolangMigrate(): boolean {
  return requires(
    'golang-migrate',
    GOLANG_MIGRATE
      ? null
      : 'neither $GOLANG_MIGRATE nor ../shared/tools/golang-migrate exists (go install -tags postgres github.com/golang-migrate/migrate/v4/cmd/migrate@v4.19.1)',
  );
}

export interface MigrateOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs golang-migrate with its own arguments, e.g. `['-path', dir, '-database', url, 'version']`; it prints mostly to stderr. */
export function golangMigrateCli(args: string[]): Promise<MigrateOutcome> {
  if (!GOLANG_MIGRATE) throw new Error('golang-migrate is not available: declare requiresGolangMigrate() first');
  return new Promise((resolve) => {
    execFile(GOLANG_MIGRATE!, args, { cwd: ROOT, timeout: 60_000, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? Number((error as { code?: unknown }).code ?? 1) || 1 : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Whether tests that compare with golang-migrate run: always under CI, where a missing binary fails. */
export const COMPARE_WITH_GOLANG_MIGRATE = GOLANG_MIGRATE !== null || !!process.env.CI;

export interface GolangMigrateOutcome {
  code: number | null;
  output: string;
}

/** `migrate -path DIR -database URL ARGS…`, with no PG* variables of the test process. */
export function golangMigrate(directory: string, url: string, args: string[]): Promise<GolangMigrateOutcome> {
  if (!GOLANG_MIGRATE) throw new Error('golang-migrate is missing: set GOLANG_MIGRATE or install it at ../shared/tools/golang-migrate');
  const child = spawn(GOLANG_MIGRATE, ['-path', directory, '-database', url, ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
}

/** A directory of migration files, written for the test. */
export function migrationDirectory(files: Record<string, string>): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'omt-gm-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(directory, name), content);
  return directory;
}

/**
 * Runs `work` and watches pg_locks meanwhile: the bigint-keyed advisory lock ids (objid) held by
 * sessions connected to `database` while it ran — golang-migrate's kind; the history table's
 * creation lock, keyed by two integers (objsubid 2), is left out. A migration that sleeps keeps the lock long enough.
 */
export async function advisoryLocksDuring<T>(database: string, work: () => Promise<T>): Promise<{ result: T; lockIds: string[] }> {
  const seen = new Set<string>();
  let done = false;
  // The work starts once the watcher is connected and has looked once: a slow connect on a busy
  // machine must not eat into the time the lock is held.
  let watchingNow: () => void = () => {};
  const looked = new Promise<void>((resolve) => (watchingNow = resolve));
  const watching = withServer(async (client) => {
    while (!done) {
      const { rows } = await client.query<{ objid: string }>(
        `SELECT l.objid::text AS objid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE l.locktype = 'advisory' AND l.objsubid = 1 AND l.granted AND a.datname = $1`,
        [database],
      );
      for (const row of rows) seen.add(row.objid);
      watchingNow();
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
  });
  try {
    // a watcher that failed to connect fails here, not after the work
    await Promise.race([looked, watching]);
    const result = await work();
    return { result, lockIds: [...seen].sort() };
  } finally {
    done = true;
    await watching;
  }
}

/** runAction passes every input action.yml declares, with its default where the step gives none. */
export const runActionAsRunner: (inputs: Record<string, string>, env?: NodeJS.ProcessEnv) => Promise<RunOutcome> = runAction;
