import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ACTION_INPUTS } from '../../src/action/inputs.js';
import { actionOutputs } from '../../src/report/outputs.js';
import type { RunResult } from '../../src/engine/index.js';
import { ROOT } from '../helpers/run.js';

interface ActionMetadata {
  name: string;
  description: string;
  branding: { icon: string; color: string };
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as ActionMetadata;

const RESULT: RunResult = {
  command: 'up',
  status: 'applied',
  database: 'h/db',
  previousVersion: null,
  previousDirty: false,
  version: 1n,
  dirty: false,
  applied: [],
  pending: [],
  digest: 'sha256:x',
  edited: [],
  untracked: [],
  history: [],
  warnings: [],
  drift: null,
};

describe('action.yml', () => {
  it('runs the bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('has what the marketplace needs', () => {
    expect(action.name).toBeTruthy();
    expect(action.description.length).toBeLessThanOrEqual(125);
    expect(action.branding.icon).toBeTruthy();
    expect(action.branding.color).toBeTruthy();
  });

  it('declares exactly the inputs the action reads, each described', () => {
    expect(Object.keys(action.inputs).sort()).toEqual([...ACTION_INPUTS].sort());
    for (const [name, input] of Object.entries(action.inputs)) expect(input.description, name).toBeTruthy();
  });

  it('declares exactly the outputs the action writes, each described', () => {
    expect(Object.keys(action.outputs).sort()).toEqual(Object.keys(actionOutputs(RESULT)).sort());
    for (const [name, output] of Object.entries(action.outputs)) expect(output.description, name).toBeTruthy();
  });
});
