import type { RawSettings } from '../options.js';
import { ACTION_SETTINGS } from '../settings/table.js';

/**
 * The runner passes each input as INPUT_<NAME>: upper case, spaces as '_', dashes kept
 * (actions/runner; actions/toolkit getInput reads the same names).
 */
export function inputName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/** Every input the action reads, as action.yml declares them. */
export const ACTION_INPUTS: readonly string[] = ACTION_SETTINGS.map((row) => row.name);

/** Started by the Actions runner: no arguments, and our inputs in the environment. */
export function isActionRun(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  return argv.length === 0 && ACTION_INPUTS.some((name) => env[inputName(name)] !== undefined);
}

/** The inputs as given; a blank one is "not given", as the runner passes an omitted input's default. */
export function readInputs(env: NodeJS.ProcessEnv): RawSettings {
  const settings: RawSettings = { origin: 'action' };
  for (const row of ACTION_SETTINGS) {
    const value = env[inputName(row.name)];
    if (value !== undefined && value.trim() !== '') (settings as Record<string, string>)[row.key] = value;
  }
  return settings;
}
