import type { EmbeddedServer } from './embedded/embedded-server.js';
import { MigrateError } from './errors.js';
import { parseDatabaseUrl, type DatabaseTarget } from './database/url.js';
import { runCheck, runForce, runUp, type CommandOptions, type EngineEvents, type RunResult, type Scratch } from './engine/index.js';
import type { Options } from './options.js';
import type { MigrationSet } from './source/index.js';
import { appliedBy } from './history/applied-by.js';
import { openPostgresDriver } from './database/postgres-driver.js';
import { pendingHook } from './lint/hook.js';
import { openAhead, type OpenedAhead } from './engine/open-ahead.js';

// The database an embedded run migrates, on the server it starts.
const EMBEDDED_DATABASE = 'oforum';

/**
 * Runs the command on the database the options name, or on an embedded server started for the
 * run (and stopped after it). `verify` gets its scratch database here.
 */
export async function execute(
  options: Options,
  set: MigrationSet,
  events: EngineEvents,
  /** told where an embedded run's database is, once it is there */
  onDatabase?: (description: string) => void,
  /** the run's cancellation (SIGINT, SIGTERM) */
  signal?: AbortSignal,
  /** the database's session, opened while the files were read (openDatabaseAhead) */
  ahead?: OpenedAhead | null,
): Promise<RunResult> {
  try {
    return await executeCommand(options, set, events, onDatabase, signal, ahead ?? null);
  } finally {
    await ahead?.release();
  }
}

/**
 * Starts opening the session the command will run on, when it runs on the database of
 * database-url: see engine/open-ahead.ts. Null for the commands that open something else first
 * (verify, lint without a database, an embedded server).
 */
export function openDatabaseAhead(options: Options, events: EngineEvents, signal?: AbortSignal): OpenedAhead | null {
  if (!options.target || options.embedded || options.command === 'verify') return null;
  return openAhead(openPostgresDriver, {
    ...driverSettings(options, events, signal),
    target: options.target,
    prefetch: prefetchOf(options),
  });
}

/** The driver's settings of a run: the same for the session opened ahead and the engine's. */
function driverSettings(options: Options, events: EngineEvents, signal: AbortSignal | undefined) {
  return {
    signal,
    events,
    migrationsTable: options.migrationsTable,
    migrationsSchema: options.migrationsSchema,
    lockTimeoutMs: options.lockTimeoutMs,
    connectTimeoutMs: options.connectTimeoutMs,
    lockStrategy: options.lockStrategy,
  };
}

/** What engine/with-driver.ts asks the driver to read in its first round trip. */
function prefetchOf(options: Options): { history: string | null } {
  return { history: options.historyTable || null };
}

async function executeCommand(
  options: Options,
  set: MigrationSet,
  events: EngineEvents,
  onDatabase: ((description: string) => void) | undefined,
  signal: AbortSignal | undefined,
  ahead: OpenedAhead | null,
): Promise<RunResult> {
  const openScratch = scratchOpener(options);
  const base = {
    ...driverSettings(options, events, signal),
    openDriver: ahead?.opener ?? openPostgresDriver,
    history: options.historyTable ? { table: options.historyTable } : null,
    allowEdited: options.allowEdited,
    appliedBy: appliedBy(process.env),
    drift: options.drift ? { fail: options.failOnDrift, openScratch } : null,
    failOnPending: options.failOnPending,
    statementLockTimeoutMs: options.statementLockTimeoutMs,
    statementLockRetries: options.statementLockRetries,
    set,
    targetVersion: options.command === 'goto' ? null : options.targetVersion,
    allowDown: options.allowDown,
    lint: pendingHook({ level: options.lint, review: options.command === 'check' || options.command === 'plan', syntax: false }),
  };
  if (options.command === 'verify') {
    // Loaded only when used: a run's start-up is the cost of what it loads.
    const { runVerify } = await import('./engine/proving.js');
    return runVerify({ ...base, target: options.target ?? placeholderTarget() }, openScratch);
  }
  if (options.command === 'lint' && !options.target && !options.embedded) {
    const { lintSet } = await import('./lint/lint-command.js');
    return lintSet(set, options.lint === 'off' ? 'error' : options.lint);
  }
  let server: EmbeddedServer | null = null;
  let target: DatabaseTarget;
  if (options.target) {
    target = options.target;
  } else {
    const { startEmbeddedServer } = await import('./embedded/embedded-server.js');
    server = await startEmbeddedServer(options.embedded?.directory ?? null);
    await server.createDatabase(EMBEDDED_DATABASE);
    target = parseDatabaseUrl(server.url(EMBEDDED_DATABASE));
    onDatabase?.(describeEmbedded(server));
  }
  try {
    const commandOptions: CommandOptions = { ...base, target };
    switch (options.command) {
      case 'check':
        return await runCheck(commandOptions);
      case 'plan': {
        const { runPlan } = await import('./engine/plan-command.js');
        return await runPlan(commandOptions);
      }
      case 'force':
        return await runForce(commandOptions, options.forceVersion);
      case 'down':
      case 'goto': {
        const { runDown, runGoto } = await import('./engine/down-command.js');
        return options.command === 'down'
          ? await runDown(commandOptions, options.steps)
          : await runGoto(commandOptions, options.targetVersion!);
      }
      case 'status': {
        const { runStatus } = await import('./engine/status-command.js');
        return await runStatus(commandOptions);
      }
      case 'lint': {
        const { lintWithDatabase } = await import('./lint/lint-command.js');
        return await lintWithDatabase(commandOptions, options.lint === 'off' ? 'error' : options.lint);
      }
      default:
        return await runUp(commandOptions);
    }
  } finally {
    await server?.stop();
  }
}

/**
 * Where verify and drift replay migrations: a scratch database created on the server of
 * database-url (and dropped), or an embedded server when the run has no URL or asked for one.
 */
function scratchOpener(options: Options): () => Promise<Scratch> {
  return async () => {
    const target = options.target;
    if (!target || (options.embedded && options.command !== 'verify')) {
      const { startEmbeddedServer } = await import('./embedded/embedded-server.js');
      const server = await startEmbeddedServer(options.command === 'verify' ? (options.embedded?.directory ?? null) : null);
      await server.createDatabase('verify').catch(async (error: unknown) => {
        await server.stop();
        throw scratchFailure('create', error);
      });
      return { target: parseDatabaseUrl(server.url('verify')), description: describeEmbedded(server), dispose: () => server.stop() };
    }
    const { createScratchDatabase } = await import('./database/scratch-database.js');
    const scratch = await createScratchDatabase(target, options.connectTimeoutMs);
    return {
      target: scratch.target,
      description: `a scratch database on ${target.display.replace(/\/[^/]*$/, '')}, dropped after`,
      dispose: () => scratch.drop().catch((error: unknown) => Promise.reject(scratchFailure('drop', error))),
    };
  };
}

/** The scratch database's own failures, typed here: they come from outside the engine's driver. */
function scratchFailure(what: 'create' | 'drop', error: unknown): MigrateError {
  if (error instanceof MigrateError) return error;
  return new MigrateError('connect', `cannot ${what} the scratch database: ${error instanceof Error ? error.message : String(error)}`);
}

function describeEmbedded(server: EmbeddedServer): string {
  return server.kept ? `embedded PostgreSQL kept in ${server.directory}` : 'a temporary embedded PostgreSQL, removed after';
}

/** verify on an embedded server names no database of the user's until the scratch exists. */
function placeholderTarget(): DatabaseTarget {
  return { connectionString: '', display: 'embedded PostgreSQL', lockDatabaseName: '/', secrets: [] };
}
