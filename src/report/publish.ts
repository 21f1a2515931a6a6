import type { RunResult } from '../engine/index.js';
import { redact } from '../secrets.js';
import { failureAnnotation } from './annotation.js';
import type { ConsoleReporter } from './console.js';
import { appendToFile, formatOutputs } from './github-protocol.js';
import { actionOutputs, jsonFields } from './outputs.js';
import { renderSummary } from './summary.js';
import { toJson } from '../json.js';

export interface Channels {
  /** started by the Actions runner */
  action: boolean;
  json: boolean;
  color: boolean;
  env: NodeJS.ProcessEnv;
  /** one line of stdout (redacted) */
  print: (text: string) => void;
}

/**
 * Writes every report of a finished run, once: the last console line (or the JSON object), the
 * outputs, the job summary and the failure annotation. All text passes through `redact`.
 * Outside the action, the outputs and the summary are still written when the runner's files are
 * there (the CLI in a `run:` step); annotations only in a workflow, where they mean something.
 */
export function publish(result: RunResult, origin: string | null, channels: Channels, console: ConsoleReporter, summary: boolean): void {
  if (channels.json) channels.print(toJson(jsonFields(result)));
  else console.finish(result);

  const env = channels.env;
  const inWorkflow = channels.action || env.GITHUB_ACTIONS === 'true';
  if (inWorkflow && !channels.json) {
    const annotation = failureAnnotation(result);
    if (annotation) channels.print(annotation);
  }
  if (env.GITHUB_OUTPUT) appendToFile(env.GITHUB_OUTPUT, redact(formatOutputs(actionOutputs(result))));
  if (summary && env.GITHUB_STEP_SUMMARY && (result.digest || result.error)) {
    appendToFile(env.GITHUB_STEP_SUMMARY, redact(renderSummary(result, origin ?? 'not loaded')));
  }
}
