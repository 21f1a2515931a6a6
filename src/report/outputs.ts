import type { RunResult } from '../engine/index.js';
import { redact } from '../secrets.js';
import { displayFile, type ReportContext } from './context.js';
import { toJson, versionArray, versionText } from './json.js';
import { lintJson, lintOutput } from './lint-section.js';
import { outcomeOf } from './outcome.js';

const NO_CONTEXT: ReportContext = { origin: null, embedded: false, env: {} };

/**
 * The contract's outputs, as the strings the runner stores. The text from outside (drift,
 * warnings, lint findings) is redacted before it is quoted as JSON, where an escaped password
 * would no longer match itself; the file is not redacted whole, which could rename an output.
 */
export function actionOutputs(result: RunResult): Record<string, string> {
  return {
    status: result.status,
    result: outcomeOf(result),
    'previous-version': versionText(result.previousVersion),
    version: versionText(result.version),
    applied: versionArray(result.applied.map((migration) => migration.version)),
    'applied-count': String(result.applied.length),
    pending: versionArray(result.pending.map((migration) => migration.version)),
    'pending-count': String(result.pending.length),
    dirty: String(result.dirty),
    'migrations-digest': result.digest,
    edited: versionArray(result.edited.map((edit) => edit.version)),
    'out-of-order': versionArray(result.outOfOrder),
    drift: toJson(result.drift ?? [], redact),
    warnings: toJson(result.warnings, redact),
    'beyond-target': versionArray(result.beyondTarget.map((migration) => migration.version)),
    'beyond-target-count': String(result.beyondTarget.length),
    reverted: versionArray(result.reverted.map((migration) => migration.version)),
    'reverted-count': String(result.reverted.length),
    lint: lintOutput(result, redact),
  };
}

/**
 * `--json`: the outputs' fields with real JSON types, plus the error when there is one. Versions
 * stay numbers (or bigints, written as JSON numbers by toJson): never pass this to JSON.stringify.
 */
export function jsonFields(result: RunResult, context: ReportContext = NO_CONTEXT) {
  const error = result.error;
  const location = error?.data.location;
  const file = (path: string | null) => (path === null ? null : displayFile(path, context));
  return {
    status: result.status,
    result: outcomeOf(result),
    'previous-version': result.previousVersion,
    version: result.version,
    applied: result.applied.map((migration) => migration.version),
    'applied-count': result.applied.length,
    pending: result.pending.map((migration) => migration.version),
    'pending-count': result.pending.length,
    dirty: result.dirty,
    'migrations-digest': result.digest,
    edited: result.edited.map((edit) => edit.version),
    'edited-migrations': result.edited.map((edit) => ({
      version: edit.version,
      name: edit.name,
      file: file(edit.file),
      applied: edit.applied,
      current: edit.current,
    })),
    drift: result.drift ?? [],
    untracked: result.untracked,
    'out-of-order': result.outOfOrder,
    warnings: result.warnings,
    'target-version': result.target,
    'beyond-target': result.beyondTarget.map((migration) => migration.version),
    'beyond-target-count': result.beyondTarget.length,
    reverted: result.reverted.map((migration) => migration.version),
    'reverted-count': result.reverted.length,
    lint: lintJson(result, context),
    command: result.command,
    database: result.database,
    // status: every migration and its state; the other commands: what they applied
    migrations: result.migrations
      ? result.migrations.map((migration) => ({
          version: migration.version,
          name: migration.name,
          state: migration.state,
          file: file(migration.file),
          'applied-at': migration.appliedAt,
          'applied-by': migration.appliedBy,
          'run-url': migration.runUrl,
          reverted: migration.reverted,
        }))
      : result.applied.map((migration) => ({
          version: migration.version,
          name: migration.name,
          file: file(migration.file),
          'duration-ms': Math.round(migration.durationMs * 10) / 10,
          mode: migration.mode,
          retries: migration.retries,
        })),
    ...(result.reverted.length > 0
      ? {
          'reverted-migrations': result.reverted.map((migration) => ({
            version: migration.version,
            name: migration.name,
            file: file(migration.file),
            'duration-ms': Math.round(migration.durationMs * 10) / 10,
            mode: migration.mode,
          })),
        }
      : {}),
    ...(result.proof && result.command === 'plan'
      ? {
          tried: result.proof.tried.map((migration) => migration.version),
          'not-tried': result.proof.notTried.map((migration) => ({ version: migration.version, because: migration.because })),
        }
      : {}),
    ...(result.proof?.steps ? { steps: result.proof.steps, scratch: result.proof.scratch } : {}),
    ...(error
      ? {
          error: {
            code: error.code,
            message: error.message,
            ...(error.data.version !== undefined ? { version: error.data.version } : {}),
            ...(location ? { file: file(location.file), line: location.line, column: location.column } : {}),
            ...(error.data.sqlState ? { 'sql-state': error.data.sqlState } : {}),
            ...(error.data.detail ? { detail: error.data.detail } : {}),
            ...(error.data.hint ? { hint: error.data.hint } : {}),
            ...(error.data.where ? { where: error.data.where } : {}),
          },
        }
      : {}),
  };
}
