import type { RunResult } from '../engine/index.js';
import { annotationFile, displayFile, type ReportContext } from './context.js';
import { failureLine } from './failure-line.js';
import { failureHeadline, reportedDrift } from './outcome.js';

export interface Annotation {
  level: 'error' | 'warning';
  properties: Record<string, string | number | undefined>;
  message: string;
}

/**
 * The run's annotations: an error for a failure (a failed migration's points at the file, line
 * and column, so that it shows on the pull request's diff, unless the file is not in the user's
 * repository), and a warning for each finding of a run that succeeded: each drift difference,
 * each warning (an accepted edit, history that could not be written). The hint is not repeated
 * here: the log and the summary give it once.
 */
export function annotations(result: RunResult, context: ReportContext): Annotation[] {
  const found: Annotation[] = [];
  const error = result.error;
  // A lint failure is told by its findings' own error annotations, each at its file and line.
  if (error && error.code !== 'lint') {
    const location = error.data.location;
    const file = location ? annotationFile(location.file, context) : null;
    const title = failureHeadline(error, result);
    const message = [
      failureLine(error, result, (whole) => whole).replace(/^✗ /, ''),
      location && error.data.detail ? error.data.detail : null,
    ]
      .filter(Boolean)
      .join('\n');
    found.push({
      level: 'error',
      properties: location && file ? { title, file, line: location.line, col: location.column } : { title },
      message,
    });
  }
  for (const difference of reportedDrift(result)) {
    found.push({ level: 'warning', properties: { title: 'Schema drift' }, message: difference });
  }
  for (const warning of result.warnings) {
    // a file golang-migrate would fail on: the annotation lands on the file
    const failure = result.serverFailures?.find((candidate) => candidate.message === warning);
    const file = failure ? annotationFile(failure.file, context) : null;
    found.push({
      level: 'warning',
      properties: failure && file ? { title: 'golang-migrate would fail', file, line: failure.line } : { title: 'oForum migrations' },
      message: warning,
    });
  }
  found.push(...lintAnnotations(result, context));
  return found;
}

/**
 * A warning annotation per finding (error at level error), on the file, line and column; the
 * embedded files, which the user's repository does not have, get no file.
 */
export function lintAnnotations(result: RunResult, context: ReportContext): Annotation[] {
  const report = result.lint;
  if (!report || report.level === 'off') return [];
  const level = report.level === 'error' ? 'error' : 'warning';
  return report.findings.map((finding) => {
    const file = annotationFile(finding.file, context);
    return {
      level,
      properties: file
        ? { title: `lint: ${finding.rule}`, file, line: finding.line, col: finding.column }
        : { title: `lint: ${finding.rule} (${displayFile(finding.file, context)}:${finding.line})` },
      message: finding.message,
    };
  });
}
