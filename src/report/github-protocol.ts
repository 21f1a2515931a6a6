import { randomUuid } from '../crypto-on-demand.js';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';

/**
 * The Actions runner's file and command protocols (docs: "Workflow commands for GitHub
 * Actions"), the same formats actions/toolkit's core writes.
 */

/** Message part of a workflow command: %, CR and LF are escaped. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values also escape ':' and ','. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function workflowCommand(name: string, properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

/**
 * Registers a secret with the runner, which then masks it in every line of the log. The value is
 * escaped like any command's data: a secret holding a line break must not end the command early
 * and print its second half as a log line.
 */
export function maskCommand(secret: string): string {
  return workflowCommand('add-mask', {}, secret);
}

/**
 * The runner's own guard for text it must not take as commands: after `::stop-commands::TOKEN`
 * no line is a command until `::TOKEN::`. The token is random per block, so text printed inside
 * cannot end the block.
 */
export function stopCommands(token: string): string {
  return `::stop-commands::${token}`;
}

export function resumeCommands(token: string): string {
  return `::${token}::`;
}

export function newStopToken(): string {
  return randomUuid().replace(/-/g, '');
}

/**
 * Appends `name<<delimiter` blocks to $GITHUB_OUTPUT; the delimiter is random so that no value
 * can end its block early.
 */
export function formatOutputs(outputs: Record<string, string>): string {
  let text = '';
  for (const [name, value] of Object.entries(outputs)) {
    let delimiter = `ghadelimiter_${randomUuid()}`;
    while (value.includes(delimiter)) delimiter = `ghadelimiter_${randomUuid()}`;
    text += `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`;
  }
  return text;
}

export function appendToFile(file: string, text: string): void {
  appendFileSync(file, text, { encoding: 'utf8' });
}
