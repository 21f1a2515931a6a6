import type { RunResult } from '../engine/index.js';
import { toJson } from '../json.js';

/** The contract's outputs, as the strings the runner stores. */
export function actionOutputs(result: RunResult): Record<string, string> {
  const json = jsonFields(result);
  return {
    status: json.status,
    'previous-version': json['previous-version'] === null ? '' : String(json['previous-version']),
    version: json.version === null ? '' : String(json.version),
    applied: toJson(json.applied),
    'applied-count': String(json['applied-count']),
    pending: toJson(json.pending),
    'pending-count': String(json['pending-count']),
    dirty: String(json.dirty),
    'migrations-digest': json['migrations-digest'],
    edited: toJson(json.edited.map((edit) => edit.version)),
    drift: JSON.stringify(json.drift ?? []),
  };
}

/** `--json`: the outputs' fields with real JSON types, plus the error when there is one. */
export function jsonFields(result: RunResult) {
  const error = result.error;
  const location = error?.data.location;
  return {
    status: result.status,
    'previous-version': result.previousVersion,
    version: result.version,
    applied: result.applied.map((migration) => migration.version),
    'applied-count': result.applied.length,
    pending: result.pending.map((migration) => migration.version),
    'pending-count': result.pending.length,
    dirty: result.dirty,
    'migrations-digest': result.digest,
    edited: result.edited.map((edit) => ({
      version: edit.version,
      name: edit.name,
      file: edit.file,
      applied: edit.applied,
      current: edit.current,
    })),
    drift: result.drift,
    untracked: result.untracked,
    warnings: result.warnings,
    command: result.command,
    database: result.database,
    migrations: result.applied.map((migration) => ({
      version: migration.version,
      name: migration.name,
      file: migration.file,
      'duration-ms': Math.round(migration.durationMs * 10) / 10,
      mode: migration.mode,
      retries: migration.retries,
    })),
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
            ...(location ? { file: location.file, line: location.line, column: location.column } : {}),
            ...(error.data.sqlState ? { 'sql-state': error.data.sqlState } : {}),
            ...(error.data.detail ? { detail: error.data.detail } : {}),
            ...(error.data.hint ? { hint: error.data.hint } : {}),
            ...(error.data.where ? { where: error.data.where } : {}),
          },
        }
      : {}),
  };
}
