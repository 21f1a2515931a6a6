import type { RunResult } from '../engine/index.js';
import { formatVersion } from './context.js';
import { failedMigration } from './outcome.js';
import { VERSION } from '../version.generated.js';

/** The CLI as a person gets it before a registry release exists: this very release, pinned as the README asks. */
export const CLI_INSTALL = `npm install -g github:oforum/migrate-action#v${VERSION}`;

/**
 * How to repair a dirty database, both ways: from a workflow (the action's `force` command) and
 * at a terminal (the CLI). Shown when the run found the database dirty or left it so; null
 * otherwise. It replaces the engine's shorter hint, so that the advice is given once.
 *
 * golang-migrate marks dirty the version a step moves to: an up of V marks V (the schema lies
 * between V's predecessor and V), a down of V marks the version below it (the schema lies
 * between that one and V; -1 when V was the first). So a dirty version found at the start
 * cannot tell which way the failed step went, and the advice names both neighbours; when this
 * run left it dirty, it names the two versions the schema lies between.
 */
export function repairLines(result: RunResult): string[] | null {
  const error = result.error;
  if (!error || !(error.code === 'dirty' || ((error.code === 'sql' || error.code === 'cancelled') && result.dirty))) return null;
  const none = result.version === null || result.version === undefined || BigInt(result.version) < 0n;
  const version = none ? 'no version' : `version ${formatVersion(result.version)}`;
  const forced = none ? '-1' : formatVersion(result.version);
  const failed = error.code === 'dirty' ? undefined : failedMigration(error, result);
  const between =
    failed?.direction === 'down'
      ? `${version} (as if the down of ${String(failed.version)} had finished) or version ${String(failed.version)} (as if it had not run)`
      : failed
        ? `${version} (as if its migration had finished) or the version before it (as if it had not run)`
        : `${version}, or the version it was moving from: the one before it if an up failed, the one after it if a down failed`;
  return [
    `the database is dirty at ${version}: a migration stopped midway. Repair the schema by hand so that it matches ${between}, then record that version:`,
    `  in a workflow: run the action with command: force and force-version: ${forced} (or the version you repaired to)`,
    `  at a terminal: oforum-migrate force ${forced} (install: ${CLI_INSTALL}; in a checkout: node dist/index.js force ${forced})`,
  ];
}
