import { isActionRun, readInputs } from './action/inputs.js';
import { HELP, parseCli } from './cli/args.js';
import { EXIT_FAILURE, EXIT_OK, MigrateError } from './errors.js';
import { blankResult, type EngineEvents, type RunResult } from './engine/index.js';
import { resolveOptions, type Options, type RawSettings } from './options.js';
import { ConsoleReporter } from './report/console.js';
import type { ReportContext } from './report/context.js';
import { publish, type Channels } from './report/publish.js';
import { RunnerLog } from './report/runner-log.js';
import { maskValues, redact, registerSecrets } from './secrets.js';
import { argumentSecrets } from './cli/argument-secrets.js';
import { loadDirectoryInTurns, loadEmbedded, type MigrationSet } from './source/index.js';
import { versionText } from './cli/version.js';
import { COMMANDS } from './settings/table.js';
import { GIVE_UP_MS, watchSignals, type SignalWatch } from './signals.js';
import type { OpenedAhead } from './engine/open-ahead.js';
// Every run needs the engine: --version and --help are answered by the entry without this bundle.
import { execute, openDatabaseAhead } from './execute.js';
import { eventLoopTurn } from './event-loop-turn.js';
import { settleHeap } from './heap-settings.js';

// The commands of the settings table: a configuration failure's headline names the one asked.
const COMMAND_NAMES: readonly string[] = COMMANDS.map((command) => command.name);

/**
 * One run: settings → options → migration set → engine → reporters. Returns the exit code;
 * every expected failure is a MigrateError turned into one line, anything else is a bug.
 */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const action = isActionRun(argv, env);
  const workflow = action || env.GITHUB_ACTIONS === 'true';
  const log = new RunnerLog({
    workflow,
    color: !workflow && process.stdout.isTTY === true && !env.NO_COLOR,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    redact,
    // every secret registered so far is masked by the runner before the next line is printed
    secrets: maskValues,
  });
  const channels: Channels = { workflow, json: false, env, log, summary: true };
  const console = new ConsoleReporter({ log });
  let raw: RawSettings | undefined;
  let options: Options | undefined;
  let set: MigrationSet | undefined;
  let signals: SignalWatch | undefined;
  let ahead: OpenedAhead | null = null;
  try {
    if (action) {
      raw = readInputs(env);
      // before anything can quote an input: a URL in the wrong input is refused, quoted
      // (database-url's own is readDatabaseUrl's: see argumentSecrets)
      const { databaseUrl: _own, ...others } = raw as Record<string, unknown>;
      registerSecrets(argumentSecrets(Object.values(others).filter((value): value is string => typeof value === 'string')));
    } else {
      // before anything can quote an argument; and a refused command line answers in JSON too
      registerSecrets(argumentSecrets(argv));
      channels.json = argv.includes('--json');
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
      raw = cli.settings;
      if (cli.noColor) log.color = false;
    }
    options = resolveOptions(raw, env);
    // The session's start-up and first round trip go on while the files are read (and while
    // the embedded set is prepared and the run's first lines go out).
    signals = watchRunSignals(channels, console);
    ahead = openDatabaseAhead(options, eventsOf(channels, console), signals.signal);
    // Two turns of the event loop before the files: Node makes the connection's system call only
    // once the running code yields (process.nextTick), and pg sends the start-up message on the
    // socket's 'connect' event, which only the loop's poll phase delivers (the first turn may
    // end in the phase right before the one that runs it). Without them both waited for the
    // files to be read (and node:crypto to load for them: 8-15 ms on Node 24) while the server
    // had nothing to do.
    if (ahead) {
      await eventLoopTurn();
      await eventLoopTurn();
    }
    if (options.migrationsPath) {
      // before the heap grows with the files (the embedded set's few never make it grow)
      settleHeap();
      set = await loadDirectoryInTurns(options.migrationsPath, env.GITHUB_WORKSPACE || process.cwd());
    } else set = loadEmbedded();
    // A wrong path that exists (the repository's root, an empty checkout) must not pass a deploy
    // gate as "up to date"; golang-migrate fails on an empty directory too. force needs no file.
    if (set.migrations.length === 0 && options.command !== 'force') {
      throw new MigrateError(
        'source',
        `migrations-path ${set.origin} holds no migration files ({version}_{name}.up.sql): check the path; golang-migrate refuses an empty directory too`,
      );
    }
  } catch (error) {
    signals?.stop();
    await ahead?.release();
    if (!(error instanceof MigrateError)) return internalError(error, log);
    const asked = options?.command ?? askedCommand(raw, action ? [] : argv);
    const result = failedBeforeStart((asked ?? 'up') as RunResult['command'], error, options?.target?.display ?? '');
    channels.summary = options?.summary ?? true;
    const context: ReportContext = {
      origin: options?.migrationsPath ?? null,
      embedded: false,
      asked,
      env,
    };
    return publish(result, context, channels, console);
  }
  return await runCommand(options, set, channels, console, signals ?? watchRunSignals(channels, console), ahead);
}

async function runCommand(
  options: Options,
  set: MigrationSet,
  channels: Channels,
  console: ConsoleReporter,
  signals: SignalWatch,
  ahead: OpenedAhead | null,
): Promise<number> {
  const env = channels.env;
  channels.summary = options.summary;
  const context: ReportContext = { origin: set.origin, embedded: !options.migrationsPath, env };
  const events = eventsOf(channels, console);
  if (!channels.json) {
    console.start(options.command, { connectTimeoutMs: options.connectTimeoutMs });
    if (options.target) {
      const from = options.databaseUrlFrom === 'DATABASE_URL' ? ' (from DATABASE_URL)' : '';
      console.info(`database ${options.target.display}${from}, migrations ${set.origin}`);
    }
  }
  let result: RunResult;
  try {
    result = await execute(
      options,
      set,
      events,
      (description) => {
        if (!channels.json) console.info(`database: ${description}, migrations ${set.origin}`);
      },
      signals.signal,
      ahead,
    );
  } catch (error) {
    signals.stop();
    if (!(error instanceof MigrateError)) return internalError(error, channels.log);
    result = failedBeforeStart(options.command, error, options.target?.display ?? 'embedded PostgreSQL');
    result.digest = set.digest;
  }
  signals.stop();
  return publish(result, context, channels, console);
}

/** SIGINT and SIGTERM, from before the run's session opens until its result is published. */
function watchRunSignals(channels: Channels, console: ConsoleReporter): SignalWatch {
  return watchSignals({
    first: (name) => {
      if (!channels.json) console.info(`${name} received: cancelling the running statement`);
    },
    exitNow: (name, second) => exitAtOnce(name, second, channels),
  });
}

/** The engine's events: the console's lines, none under --json. */
function eventsOf(channels: Channels, console: ConsoleReporter): EngineEvents {
  return channels.json ? {} : console;
}

/**
 * A second signal, or a run that did not end in time after the first: the last line, and the
 * process ends. The sessions' connections close with it; the server rolls back what had not
 * committed, and may have committed what it had received.
 */
function exitAtOnce(name: string, second: boolean, channels: Channels): void {
  const why = second ? `${name} received again, exiting at once` : `the run did not stop within ${GIVE_UP_MS / 1000} s of ${name}, exiting`;
  // Not knowing what the server had received and committed by then, the line claims nothing.
  const line = `✗ Migration cancelled: ${why}; the connection closes and PostgreSQL rolls back what had not committed, but migrations it had received may have committed (and a file that runs statement by statement stays dirty): run check to see where the database is`;
  if (channels.json) channels.log.error(line);
  else channels.log.line(line);
  channels.log.end();
  process.exit(EXIT_FAILURE);
}

/** The command a run that failed before its settings were read was asked for, when it is one. */
/**
 * The command a refused run was asked for, for its headline: from the settings, or, when the
 * command line itself was refused, from its first word that is not a flag (none: `up`).
 */
function askedCommand(raw: RawSettings | undefined, argv: readonly string[]): string | null {
  const fromArguments = raw === undefined ? (argv.find((arg) => !arg.startsWith('-')) ?? 'up') : undefined;
  const asked = (raw?.command ?? fromArguments ?? 'up').trim().toLowerCase();
  return COMMAND_NAMES.includes(asked) ? asked : null;
}

function failedBeforeStart(command: RunResult['command'], error: MigrateError, database: string): RunResult {
  return { ...blankResult(command, database, ''), error };
}

function internalError(error: unknown, log: RunnerLog): number {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  log.line(`✗ Internal error: ${error instanceof Error ? error.message : String(error)} (this is a bug in oforum-migrate)`);
  log.end();
  log.error(detail);
  return EXIT_FAILURE;
}
