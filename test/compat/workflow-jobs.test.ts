import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/database.js';
import { ROOT, runAction } from '../helpers/run.js';

// The jobs of .github/workflows/ci.yml that run the action itself (`uses: ./`), replayed here on
// the server under test: each step as the runner would run it, then the job's closing assertions
// with the expressions they read filled in from what the steps produced.
interface Step {
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  'continue-on-error'?: boolean;
}
interface Job {
  services?: { postgres?: { env?: Record<string, string> } };
  steps: Step[];
}

const jobs = (parse(readFileSync(path.join(ROOT, '.github/workflows/ci.yml'), 'utf8')) as { jobs: Record<string, Job> }).jobs;
const db = useTestDatabase();

interface StepResult {
  outcome: 'success' | 'failure';
  outputs: Record<string, string>;
}

/** The job's `uses: ./` steps, run in order, its service's database replaced by the test's own. */
async function replay(job: Job): Promise<Record<string, StepResult>> {
  const results: Record<string, StepResult> = {};
  for (const step of job.steps.filter((candidate) => candidate.uses === './')) {
    const inputs: Record<string, string> = {};
    for (const [name, value] of Object.entries(step.with ?? {})) inputs[name] = String(value);
    if (/^postgres:\/\/.*@localhost:5432\/postgres$/.test(inputs['database-url'] ?? '')) inputs['database-url'] = db().url;
    const run = await runAction(inputs);
    const outcome = run.code === 0 ? 'success' : 'failure';
    // A failing step without continue-on-error would end the job there.
    expect(outcome === 'success' || step['continue-on-error'], `step ${step.id}: ${run.stdout}`).toBe(true);
    if (step.id) results[step.id] = { outcome, outputs: run.outputs };
  }
  return results;
}

/** `${{ steps.ID.outputs.NAME }}` and `${{ steps.ID.outcome }}`, as the runner evaluates them. */
function evaluate(text: string, results: Record<string, StepResult>): string {
  return text.replace(/\$\{\{\s*steps\.([\w-]+)\.(outcome|outputs\.([\w-]+))\s*\}\}/g, (_all, id: string, _what: string, name?: string) => {
    const result = results[id];
    if (!result) throw new Error(`the workflow reads step ${id}, which did not run`);
    return name ? (result.outputs[name] ?? '') : result.outcome;
  });
}

function bash(script: string, env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script],
      { env: { PATH: process.env.PATH, ...env } },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: unknown }).code) || 1 : 0, output: `${stdout}${stderr}` }),
    );
  });
}

describe.each(['self-test', 'prove'])('the %s job of ci.yml', (name) => {
  it('passes its own assertions, and each of them can fail', async () => {
    const job = jobs[name]!;
    const results = await replay(job);
    const check = job.steps.at(-1)!;
    expect(check.run).toBeTruthy();
    const env = Object.fromEntries(Object.entries(check.env ?? {}).map(([key, value]) => [key, evaluate(value, results)]));
    const passing = await bash(check.run!, env);
    expect(passing.code, passing.output).toBe(0);
    // Every value the assertions read is checked: a wrong one fails the step.
    for (const key of Object.keys(env)) {
      const failing = await bash(check.run!, { ...env, [key]: 'wrong' });
      expect(failing.code, `${key}=wrong passed:\n${failing.output}`).not.toBe(0);
    }
  });
});
