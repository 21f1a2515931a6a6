import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

interface ActionMetadata {
  inputs?: Record<string, { default?: unknown }>;
}

let cached: Record<string, string> | undefined;

/** Every input action.yml declares, with its default ('' when it has none). */
export function declaredInputs(root: string): Record<string, string> {
  if (!cached) {
    const action = parse(readFileSync(path.join(root, 'action.yml'), 'utf8')) as ActionMetadata;
    cached = {};
    for (const [name, input] of Object.entries(action.inputs ?? {}))
      cached[name] = input.default === undefined ? '' : String(input.default);
  }
  return cached;
}

/**
 * The environment the runner gives a node action's step: every declared input as
 * INPUT_<NAME> (upper case, spaces as `_`, dashes kept), with the step's `with:` value or else the
 * input's default. An input the step passes that action.yml does not declare is passed too (the
 * runner warns, and still passes it), so a test can exercise one before it is declared.
 */
export function inputVariables(root: string, inputs: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries({ ...declaredInputs(root), ...inputs })) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  return env;
}
