import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { requires } from './requirements.js';
import { ROOT } from './run.js';

/**
 * golang-migrate's own CLI, the referee for compatibility: $GOLANG_MIGRATE, else the shared
 * tools beside the checkout (../shared/tools/golang-migrate). CI has it: the GitHub workflow
 * installs it with `go install`, .ci/run finds the shared one.
 */
export const GOLANG_MIGRATE: string | null =
  [process.env.GOLANG_MIGRATE, path.resolve(ROOT, '../shared/tools/golang-migrate')].find(
    (candidate): candidate is string => !!candidate && existsSync(candidate),
  ) ?? null;

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

/** Runs golang-migrate, e.g. `golangMigrate(['-path', dir, '-database', url, 'version'])`; it prints mostly to stderr. */
export function golangMigrate(args: string[]): Promise<MigrateOutcome> {
  if (!GOLANG_MIGRATE) throw new Error('golang-migrate is not available: declare requiresGolangMigrate() first');
  return new Promise((resolve) => {
    execFile(GOLANG_MIGRATE!, args, { cwd: ROOT, timeout: 60_000, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? Number((error as { code?: unknown }).code ?? 1) || 1 : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
