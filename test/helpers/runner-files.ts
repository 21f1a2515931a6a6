/**
 * How the Actions runner reads the files an action writes to ($GITHUB_OUTPUT, $GITHUB_ENV):
 * a port of actions/runner's file-command parser (src/Runner.Worker/FileCommandManager.cs), so
 * that tests check what the bundle writes against the runner's format, not against a parser of
 * their own. Linux runner: lines end at "\n" only (a "\r" stays part of the line).
 *
 * - `NAME=VALUE` on one line, split at the first `=`;
 * - `NAME<<DELIMITER`, then the value's lines, then a line that is exactly DELIMITER; the value is
 *   the text in between, without the line break before the delimiter;
 * - empty lines are skipped; anything else is an error that fails the step.
 */
export function readRunnerFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const cursor = { index: 0 };
  for (let line = readLine(text, cursor); line !== null; line = readLine(text, cursor)) {
    if (line.text === '') continue;
    const equals = line.text.indexOf('=');
    const heredoc = line.text.indexOf('<<');
    if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
      const name = line.text.slice(0, equals);
      if (name === '') throw new RunnerFileError(`Invalid format '${line.text}'. Name must not be empty`);
      values[name] = line.text.slice(equals + 1);
    } else if (heredoc >= 0) {
      const name = line.text.slice(0, heredoc);
      const delimiter = line.text.slice(heredoc + 2);
      if (name === '' || delimiter === '') {
        throw new RunnerFileError(`Invalid format '${line.text}'. Name must not be empty and delimiter must not be empty`);
      }
      const start = cursor.index;
      let end = cursor.index;
      for (let next = readLine(text, cursor); next?.text !== delimiter; next = readLine(text, cursor)) {
        if (next === null) throw new RunnerFileError(`Invalid value. Matching delimiter not found '${delimiter}'`);
        if (next.newline === null) throw new RunnerFileError('Invalid value. EOF marker missing new line.');
        end = cursor.index - next.newline.length;
      }
      values[name] = end > start ? text.slice(start, end) : '';
    } else {
      throw new RunnerFileError(`Invalid format '${line.text}'`);
    }
  }
  return values;
}

/** What the runner reports when a file command is malformed: the step fails with this message. */
export class RunnerFileError extends Error {}

function readLine(text: string, cursor: { index: number }): { text: string; newline: string | null } | null {
  if (cursor.index >= text.length) return null;
  const from = cursor.index;
  const lf = text.indexOf('\n', from);
  if (lf < 0) {
    cursor.index = text.length;
    return { text: text.slice(from), newline: null };
  }
  cursor.index = lf + 1;
  return { text: text.slice(from, lf), newline: '\n' };
}
