import type { RunResult } from '../engine/index.js';
import { EXIT_FAILURE, EXIT_OK, exitCodeFor } from '../errors.js';
import { annotations } from './annotation.js';
import type { ConsoleReporter } from './console.js';
import type { ReportContext } from './context.js';
import { appendToFile, formatOutputs } from './github-protocol.js';
import { actionOutputs, jsonFields } from './outputs.js';
import type { RunnerLog } from './runner-log.js';
import { renderSummary } from './summary.js';

export interface Channels {
  /** stdout reaches an Actions runner: the action, or the CLI in a workflow step */
  workflow: boolean;
  json: boolean;
  env: NodeJS.ProcessEnv;
  log: RunnerLog;
  /** write the job summary (the `summary` setting) */
  summary: boolean;
}

/**
 * Writes every report of a finished run, once: the outputs and the job summary (first, so that a
 * file the runner gave that cannot be written is known before the last line), the annotations,
 * then the console's closing lines (or the JSON object). Returns the exit code: the run's own,
 * or 1 when the runner's files could not be written.
 *
 * Outside the action the outputs and the summary are still written when the runner's files are
 * there (the CLI in a `run:` step); annotations only in a workflow, where they mean something.
 */
export function publish(result: RunResult, context: ReportContext, channels: Channels, console: ConsoleReporter): number {
  const { env, log } = channels;
  const problems: string[] = [];
  if (env.GITHUB_OUTPUT) {
    write(env.GITHUB_OUTPUT, formatOutputs(actionOutputs(result)), 'the outputs', 'GITHUB_OUTPUT', problems);
  }
  if (channels.summary && env.GITHUB_STEP_SUMMARY && (result.digest || result.error)) {
    write(env.GITHUB_STEP_SUMMARY, renderSummary(result, context), 'the job summary', 'GITHUB_STEP_SUMMARY', problems);
  }

  // The annotations go before the closing lines, so that the log still ends with the oForum
  // server's own last line (the runner shows an annotation as a line of its own).
  if (channels.workflow && !channels.json) {
    for (const annotation of annotations(result, context)) log.command(annotation.level, annotation.properties, annotation.message);
  }
  if (channels.json) log.json(jsonFields(result, context));
  else console.finish(result, context);
  for (const problem of problems) {
    if (channels.json) log.error(`✗ ${problem}`);
    else log.line(`✗ ${problem}`);
  }
  log.end();
  if (problems.length > 0) return EXIT_FAILURE;
  return result.error ? exitCodeFor(result.error.code) : EXIT_OK;
}

/**
 * Both texts are redacted as they are built, before escaping (see escape.ts, outputs.ts):
 * redacting the finished file could rename an output or cut the summary's markup.
 */
function write(file: string, text: string, what: string, variable: string, problems: string[]): void {
  try {
    appendToFile(file, text);
  } catch (error) {
    problems.push(`Cannot write ${what} to $${variable} (${file}): ${describeWriteError(error)}`);
  }
}

function describeWriteError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (e.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'no such file or directory';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'read-only file system';
    default:
      return (e.message ?? String(error)).split('\n', 1)[0] ?? 'unknown error';
  }
}
