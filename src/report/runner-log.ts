import { inertLine, inertStrict, inertUnguarded, linesOf } from './inert-text.js';
import { maskCommand, newStopToken, resumeCommands, stopCommands, workflowCommand } from './github-protocol.js';
import { toJson } from './json.js';

export type Tone = 'green' | 'red' | 'yellow' | 'dim';

/** A piece of a line: plain text, or text in a colour (shown only on a terminal). */
export type Piece = string | { tone: Tone; text: string };

export function tone(color: Tone, text: string): Piece {
  return { tone: color, text };
}

/** Where reporters print: one line at a time, made of pieces. */
export interface LogWriter {
  line(...pieces: Piece[]): void;
}

export interface RunnerLogOptions {
  /** stdout reaches an Actions runner (the action, or the CLI in a workflow's `run:` step) */
  workflow: boolean;
  /** ANSI colours: only on a terminal, never in a workflow (where they are ignored here) */
  color: boolean;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** hides every registered secret; applied to all text before it is escaped */
  redact: (text: string) => string;
  /** the secrets to register with the runner (`::add-mask::`) before anything else is printed */
  secrets: () => readonly string[];
  /** a fresh random token per `::stop-commands::` block */
  newToken?: () => string;
}

const ANSI: Record<Tone, number> = { green: 32, red: 31, yellow: 33, dim: 2 };

/**
 * The one place everything the tool prints passes through, so that text from outside (a row
 * value in a server message, a file name, a SQL line, an object name) can never become a
 * workflow command nor split a line:
 * - every line is redacted, then made one inert line (control characters shown, see inert-text);
 * - in a workflow, log lines are printed inside the runner's `::stop-commands::` block, in which
 *   no line is a command (neither `::name::` at its start nor `##[name]` anywhere); outside one,
 *   where the output may still reach a runner, the two forms are broken in the line itself;
 * - the tool's own commands (masks, annotations) are printed only outside such a block, with
 *   their data escaped by the runner's rules;
 * - the secrets are registered with the runner before the first line that could hold them.
 */
export class RunnerLog implements LogWriter {
  private token: string | null = null;
  private readonly masked = new Set<string>();
  /** ANSI colours; `--no-color` turns them off before the first line */
  color: boolean;

  constructor(private readonly options: RunnerLogOptions) {
    this.color = options.color && !options.workflow;
  }

  line(...pieces: Piece[]): void {
    this.registerSecrets(this.options.stdout);
    this.guard();
    const redact = this.options.redact;
    // Without a block (outside a workflow), the line itself must not read as a command.
    const inert = this.options.workflow ? inertLine : inertUnguarded;
    const text = this.color
      ? pieces.map((piece) => (typeof piece === 'string' ? inert(redact(piece)) : paint(piece.tone, inert(redact(piece.text))))).join('')
      : inert(redact(pieces.map((piece) => (typeof piece === 'string' ? piece : piece.text)).join('')));
    this.options.stdout(`${text}\n`);
  }

  /** One of the tool's own workflow commands (an annotation); its values are outside text. */
  command(name: string, properties: Record<string, string | number | undefined>, message: string): void {
    this.registerSecrets(this.options.stdout);
    this.unguard();
    // The runner escapes line breaks itself (%0A); the rest of what people read is made inert like
    // a log line. A file name stays exact: it only tells the runner which file to annotate.
    const redact = this.options.redact;
    const inert = (text: string): string => linesOf(redact(text)).map(inertLine).join('\n');
    const values = Object.fromEntries(
      Object.entries(properties).map(([key, value]) => [
        key,
        typeof value !== 'string' ? value : key === 'file' ? redact(value) : inert(value),
      ]),
    );
    this.options.stdout(`${workflowCommand(name, values, inert(message))}\n`);
  }

  /**
   * `--json`: one line and nothing else on stdout. No block can surround it, so the JSON
   * writer escapes `##[` itself; masks, when needed, go to stderr, which the runner reads too.
   */
  json(value: unknown): void {
    this.registerSecrets(this.options.stderr);
    this.options.stdout(`${toJson(value, this.options.redact)}\n`);
  }

  /** Text for stderr (an internal error's stack): no block guards it, so it is escaped strictly. */
  error(text: string): void {
    this.registerSecrets(this.options.stderr);
    const lines = this.options.redact(text).split(/\r?\n/);
    this.options.stderr(`${lines.map(inertStrict).join('\n')}\n`);
  }

  /** Ends the open block, so that the runner reads commands again after the tool is done. */
  end(): void {
    this.unguard();
  }

  private guard(): void {
    if (!this.options.workflow || this.token !== null) return;
    this.token = (this.options.newToken ?? newStopToken)();
    this.options.stdout(`${stopCommands(this.token)}\n`);
  }

  private unguard(): void {
    if (this.token === null) return;
    this.options.stdout(`${resumeCommands(this.token)}\n`);
    this.token = null;
  }

  private registerSecrets(write: (text: string) => void): void {
    if (!this.options.workflow) return;
    for (const secret of this.options.secrets()) {
      // The runner refuses to mask white space ("Can't add secret mask for empty string").
      if (this.masked.has(secret) || secret.trim() === '') continue;
      this.masked.add(secret);
      if (write === this.options.stdout) this.unguard();
      write(`${maskCommand(secret)}\n`);
    }
  }
}

function paint(color: Tone, text: string): string {
  return `\u001b[${ANSI[color]}m${text}\u001b[0m`;
}
