import { isActionRun, readInputs } from './action/inputs.js';
import { HELP, parseCli } from './cli/args.js';
import { EXIT_FAILURE, EXIT_OK, exitCodeFor, MigrateError } from './errors.js';
import { blankResult, type RunResult } from './engine/index.js';
import { execute } from './execute.js';
import { resolveOptions, type Options, type RawSettings } from './options.js';
import { ConsoleReporter } from './report/console.js';
import { publish, type Channels } from './report/publish.js';
import { maskCommands, redact } from './secrets.js';
import { loadDirectory, loadEmbedded, type MigrationSet } from './source/index.js';
import { versionText } from './cli/version.js';

/**
 * One run: settings → options → migration set → engine → reporters. Returns the exit code;
 * every expected failure is a MigrateError turned into one line, anything else is a bug.
 */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const action = isActionRun(argv, env);
  const channels: Channels = {
    action,
    json: false,
    color: !action && process.stdout.isTTY === true && !env.NO_COLOR,
    env,
    print: (text) => process.stdout.write(`${redact(text)}\n`),
  };
  const console = new ConsoleReporter({ color: channels.color, write: (line) => channels.print(line) });
  let raw: RawSettings;
  let options: Options | undefined;
  let set: MigrationSet | undefined;
  try {
    if (action) {
      raw = readInputs(env);
    } else {
      const cli = parseCli(argv);
      if (cli.help) {
        process.stdout.write(HELP);
        return EXIT_OK;
      }
      if (cli.version) {
        process.stdout.write(versionText());
        return EXIT_OK;
      }
      channels.json = cli.json;
      if (cli.noColor) channels.color = false;
      raw = cli.settings;
    }
    options = resolveOptions(raw, env);
    if (action) for (const command of maskCommands()) process.stdout.write(`${command}\n`);
    set = options.migrationsPath ? loadDirectory(options.migrationsPath, env.GITHUB_WORKSPACE || process.cwd()) : loadEmbedded();
  } catch (error) {
    if (!(error instanceof MigrateError)) return internalError(error);
    const result = failedBeforeStart(options?.command ?? 'up', error, options?.target?.display ?? '');
    publish(result, null, channels, console, options?.summary ?? true);
    return exitCodeFor(error.code);
  }

  const events = channels.json ? {} : console;
  if (!channels.json) {
    console.start(options.command);
    if (options.target) {
      const from = options.databaseUrlFrom === 'DATABASE_URL' ? ' (from DATABASE_URL)' : '';
      console.info(`database ${options.target.display}${from}, migrations ${set.origin}`);
    }
  }
  let result: RunResult;
  try {
    result = await execute(options, set, events, (description) => {
      if (!channels.json) console.info(`database: ${description}, migrations ${set!.origin}`);
    });
  } catch (error) {
    if (!(error instanceof MigrateError)) return internalError(error);
    result = failedBeforeStart(options.command, error, options.target?.display ?? 'embedded PostgreSQL');
    result.digest = set.digest;
  }
  publish(result, set.origin, channels, console, options.summary);
  return result.error ? exitCodeFor(result.error.code) : EXIT_OK;
}

function failedBeforeStart(command: RunResult['command'], error: MigrateError, database: string): RunResult {
  return { ...blankResult(command, database, ''), error };
}

function internalError(error: unknown): number {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stdout.write(
    `${redact(`✗ Internal error: ${error instanceof Error ? error.message : String(error)} (this is a bug in oforum-migrate)`)}\n`,
  );
  process.stderr.write(`${redact(detail)}\n`);
  return EXIT_FAILURE;
}
