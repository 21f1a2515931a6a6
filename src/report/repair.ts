import type { RunResult } from '../engine/index.js';
import { formatVersion } from './context.js';

/** The CLI as a person gets it before a registry release exists. */
export const CLI_INSTALL = 'npm install -g github:oforum/migrate-action#v1';

/**
 * How to repair a dirty database, both ways: from a workflow (the action's `force` command) and
 * at a terminal (the CLI). Shown when the run found the database dirty or left it so; null
 * otherwise. It replaces the engine's shorter hint, so that the advice is given once.
 */
export function repairLines(result: RunResult): string[] | null {
  const error = result.error;
  if (!error || !(error.code === 'dirty' || ((error.code === 'sql' || error.code === 'cancelled') && result.dirty))) return null;
  const version = formatVersion(result.version);
  return [
    `the database is dirty at version ${version}: repair the schema by hand so that it matches version ${version} (or the one before), then record that version:`,
    `  in a workflow: run the action with command: force and force-version: ${version}`,
    `  at a terminal: oforum-migrate force ${version} (install: ${CLI_INSTALL}; in a checkout: node dist/index.js force ${version})`,
  ];
}
