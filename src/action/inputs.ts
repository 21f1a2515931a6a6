import type { RawSettings } from '../options.js';

/**
 * The runner passes each input as INPUT_<NAME>: upper case, spaces as '_', dashes kept
 * (actions/runner; actions/toolkit getInput reads the same names).
 */
export function inputName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

const INPUTS: Record<keyof Omit<RawSettings, 'forceVersion' | 'embedded'>, string> = {
  command: 'command',
  databaseUrl: 'database-url',
  migrationsPath: 'migrations-path',
  migrationsTable: 'migrations-table',
  lockTimeout: 'lock-timeout',
  connectTimeout: 'connect-timeout',
  failOnPending: 'fail-on-pending',
  summary: 'summary',
  lockStrategy: 'lock-strategy',
  statementLockTimeout: 'statement-lock-timeout',
  statementLockRetries: 'statement-lock-retries',
  history: 'history',
  historyTable: 'history-table',
  allowEdited: 'allow-edited',
  drift: 'drift',
  failOnDrift: 'fail-on-drift',
};

/** Every input the action reads, as action.yml declares them. */
export const ACTION_INPUTS: readonly string[] = Object.values(INPUTS);

/** Started by the Actions runner: no arguments, and our inputs in the environment. */
export function isActionRun(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  return argv.length === 0 && Object.values(INPUTS).some((name) => env[inputName(name)] !== undefined);
}

export function readInputs(env: NodeJS.ProcessEnv): RawSettings {
  const settings: RawSettings = {};
  for (const [key, name] of Object.entries(INPUTS) as [keyof RawSettings, string][]) {
    const value = env[inputName(name)];
    if (value !== undefined && value.trim() !== '') settings[key] = value;
  }
  return settings;
}
