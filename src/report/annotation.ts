import type { RunResult } from '../engine/index.js';
import { failureLine } from './failure-line.js';
import { workflowCommand } from './github-protocol.js';

/**
 * An error annotation for a failed run; a failed migration's points at the file, line and column
 * so that it shows on the pull request's diff.
 */
export function failureAnnotation(result: RunResult): string | null {
  const error = result.error;
  if (!error) return null;
  const location = error.data.location;
  const title = error.data.version !== undefined && error.code === 'sql' ? `Migration ${error.data.version} failed` : 'oForum migrations';
  const message = [error.message, error.data.detail, error.data.hint && `hint: ${error.data.hint}`].filter(Boolean).join('\n');
  return workflowCommand(
    'error',
    location ? { title, file: location.file, line: location.line, col: location.column } : { title },
    location ? message : `${failureLine(error).replace(/^✗ /, '')}${error.data.hint ? `\nhint: ${error.data.hint}` : ''}`,
  );
}
