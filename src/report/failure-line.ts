import type { MigrateError } from '../errors.js';
import type { RunResult } from '../engine/index.js';
import { formatVersion, plural } from './context.js';

/**
 * The one line that tells a person what failed; the prefixes are oForum's own
 * ("✗ Failed to connect: …", "✗ Migration failed: …"). A migration's error message is cut to
 * its first line there (one that quotes a value can span lines); the annotation, which
 * carries its newlines escaped, passes `message` to keep it whole.
 */
export function failureLine(error: MigrateError, result?: RunResult, message: (text: string) => string = firstLine): string {
  switch (error.code) {
    case 'config':
    case 'source':
      return `✗ ${error.message}`;
    case 'connect':
      return `✗ Failed to connect: ${error.message}`;
    case 'pending':
      return `✗ Check failed: ${error.message}`;
    case 'verify':
      return `✗ Verify failed: ${error.message}`;
    case 'drift':
      // The differences are listed once, above this line (and in the summary and the output).
      return result?.drift
        ? `✗ Check failed: the schema differs from its migrations in ${plural(result.drift.length, 'way', 'ways')} (fail-on-drift)`
        : `✗ Check failed: ${error.message}`;
    case 'lint':
      return `✗ Lint failed: ${error.message}`;
    case 'cancelled':
      return `✗ Migration cancelled: ${firstLine(error.message)}${result ? (rereadState(result) ?? cancelledState(error, result)) : ''}`;
    default:
      return `✗ Migration failed: ${message(error.message)}${result ? (rereadState(result) ?? '') : ''}`;
  }
}

/** What the state read again after a lost session says (see RunResult.versionReread). */
function rereadState(result: RunResult): string | null {
  if (result.versionReread === 'failed') return '; the version could not be read again: run check to see it';
  if (result.versionReread !== true) return null;
  return `; read again on a new session, the database is at version ${formatVersion(result.version)}${result.dirty ? ' (dirty)' : ''}`;
}

/** Where a cancelled run left the database, when the run knows it and the message does not say. */
function cancelledState(error: MigrateError, result: RunResult): string {
  if (error.data.dirty || !stateKnown(error, result)) return '';
  const applied = result.applied.length > 0 ? `${plural(result.applied.length, 'migration', 'migrations')} applied before; ` : '';
  return `; ${applied}the database is at version ${formatVersion(result.version)}`;
}

/** Whether a cancelled run had read the state: it was applying a migration, or had applied some. */
export function stateKnown(error: MigrateError, result: RunResult): boolean {
  return error.data.version !== undefined || result.applied.length > 0;
}

/**
 * The lines of the error's message that its failure line leaves out (a migration's message cut
 * to its first line): shown above that line, so that nothing of it is lost.
 */
export function messageRest(error: MigrateError): string[] {
  if (CUT_NOT.has(error.code)) return [];
  return error.message
    .split(/\r?\n/)
    .slice(1)
    .filter((line) => line.trim() !== '');
}

// the codes whose failure line keeps the whole message (see failureLine)
const CUT_NOT = new Set(['config', 'source', 'connect', 'pending', 'verify', 'drift', 'lint']);

export function firstLine(text: string): string {
  return text.split(/\r?\n/, 1)[0] ?? '';
}
