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

// GitHub's metadata syntax for actions, `branding`: the colours it accepts, and an excerpt of the
// Feather icons it lists (extend it from that list to choose another icon).
const BRANDING_COLORS = ['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark'];
const BRANDING_ICONS = [
  'activity',
  'archive',
  'arrow-up-circle',
  'box',
  'check-circle',
  'check-square',
  'cloud',
  'code',
  'command',
  'cpu',
  'database',
  'git-branch',
  'git-commit',
  'git-merge',
  'hard-drive',
];

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
  target: null,
  beyondTarget: [],
  reverted: [],
  digest: 'sha256:x',
  edited: [],
  untracked: [],
  outOfOrder: [],
  history: [],
  warnings: [],
  drift: null,
};

describe('action.yml', () => {
  it('runs the bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('has what the marketplace needs', () => {
    expect(action.name).toMatch(/^\S.*\S$/);
    expect(action.name).not.toMatch(/\n/);
    expect(action.description.length).toBeLessThanOrEqual(125);
    expect(BRANDING_COLORS).toContain(action.branding.color);
    expect(BRANDING_ICONS).toContain(action.branding.icon);
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
