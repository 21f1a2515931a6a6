/**
 * What the GitHub Actions runner makes of a step's output, written from the runner's own rules
 * (actions/runner: ActionCommandManager.TryProcessCommand, ActionCommand.TryParseV2 and
 * TryParse) and independent of the product's code, so that tests judge the product by the
 * runner's reading, not by its own:
 * - the output is read line by line, a line ending at \r\n, \r or \n (StreamReader.ReadLine);
 * - `::name props::data` is a command when the line starts with it after white space (.NET's
 *   TrimStart, which knows more white space than ASCII);
 * - `##[name props]data` is a command wherever it is in the line (the old form);
 * - the name must be a registered command (compared ignoring case);
 * - after `::stop-commands::TOKEN` no command is processed until one named TOKEN.
 * The runner compares with String.StartsWith/IndexOf under the current culture, which skips
 * characters such as U+200B: they are removed before the line is read, to judge the worst case.
 */
export interface RunnerCommand {
  name: string;
  properties: Record<string, string>;
  data: string;
  /** the line as printed */
  line: string;
}

export interface RunnerReading {
  /** the commands the runner carries out (stop-commands and the resume token included) */
  commands: RunnerCommand[];
  /** the lines that are not carried out as commands: what the log shows */
  lines: string[];
}

const REGISTERED = new Set([
  'add-mask',
  'add-matcher',
  'remove-matcher',
  'debug',
  'notice',
  'warning',
  'error',
  'group',
  'endgroup',
  'echo',
  'set-output',
  'set-env',
  'add-path',
  'save-state',
  'stop-commands',
]);

// .NET char.IsWhiteSpace: the Unicode separators (Zs, Zl, Zp), U+0009–U+000D and U+0085.
const DOTNET_LEADING_SPACE = /^[\p{Zs}\p{Zl}\p{Zp}\t\n\v\f\r\u0085]+/u;

export function readAsRunner(output: string): RunnerReading {
  const commands: RunnerCommand[] = [];
  const lines: string[] = [];
  const registered = new Set(REGISTERED);
  let stopToken: string | null = null;
  const physical = output.split(/\r\n|\r|\n/);
  if (physical.at(-1) === '') physical.pop();
  for (const line of physical) {
    const seen = line.replace(/\p{Default_Ignorable_Code_Point}/gu, '');
    const command = parseV2(seen, registered) ?? parseV1(seen, registered);
    if (!command) {
      lines.push(line);
      continue;
    }
    command.line = line;
    if (stopToken !== null) {
      if (command.name.toLowerCase() === stopToken.toLowerCase()) {
        registered.delete(stopToken.toLowerCase());
        stopToken = null;
        commands.push(command);
      } else {
        lines.push(line);
      }
      continue;
    }
    if (command.name.toLowerCase() === 'stop-commands') {
      stopToken = command.data;
      registered.add(stopToken.toLowerCase());
    }
    commands.push(command);
  }
  return { commands, lines };
}

function parseV2(line: string, registered: Set<string>): RunnerCommand | null {
  const message = line.replace(DOTNET_LEADING_SPACE, '');
  if (!message.startsWith('::')) return null;
  const end = message.indexOf('::', 2);
  if (end < 0) return null;
  const info = message.slice(2, end);
  const space = info.indexOf(' ');
  const name = space < 0 ? info : info.slice(0, space);
  if (!registered.has(name.toLowerCase())) return null;
  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const pair of info
      .slice(space + 1)
      .trim()
      .split(',')
      .filter((part) => part !== '')) {
      const eq = pair.indexOf('=');
      if (eq > 0 && eq < pair.length - 1) properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
    }
  }
  return { name, properties, data: unescapeData(message.slice(end + 2)), line };
}

function parseV1(line: string, registered: Set<string>): RunnerCommand | null {
  const prefix = line.indexOf('##[');
  if (prefix < 0) return null;
  const bracket = line.indexOf(']', prefix);
  if (bracket < 0) return null;
  const info = line.slice(prefix + 3, bracket);
  const space = info.indexOf(' ');
  const name = space < 0 ? info : info.slice(0, space);
  if (!registered.has(name.toLowerCase())) return null;
  return { name, properties: {}, data: line.slice(bracket + 1), line };
}

function unescapeData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

function unescapeProperty(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
}

/** The commands the product meant to give: everything but the stop-commands guards. */
export function givenCommands(reading: RunnerReading): RunnerCommand[] {
  const tokens = new Set(reading.commands.filter((c) => c.name === 'stop-commands').map((c) => c.data.toLowerCase()));
  return reading.commands.filter((c) => c.name !== 'stop-commands' && !tokens.has(c.name.toLowerCase()));
}
