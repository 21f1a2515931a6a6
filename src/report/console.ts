import type { EngineEvents, RunResult } from '../engine/index.js';
import type { MigrationState } from '../engine/result.js';
import { describeHolder } from '../database/lock.js';
import { describeVersions } from '../history/compare.js';
import { displayFile, formatDuration, formatVersion, plural, type ReportContext } from './context.js';
import { failureLine, messageRest } from './failure-line.js';
import { linesOf } from './inert-text.js';
import { failedMigration, outcomeOf, reportedDrift } from './outcome.js';
import { repairLines } from './repair.js';
import { tone, type LogWriter } from './runner-log.js';
import { ConnectWait } from './connect-wait.js';
import { excerptLines } from './excerpt.js';
import { lintConsoleLines, lintFinishLine } from './lint-section.js';
import { instantText } from './instant.js';

export { formatDuration } from './context.js';

export interface ConsoleOptions {
  log: LogWriter;
  /** the clock of the connection wait's messages (a test's own) */
  now?: () => number;
}

const START_LINES: Record<RunResult['command'], string> = {
  up: '⟳ Running migrations...',
  check: '⟳ Checking migrations...',
  plan: '⟳ Planning migrations (in a transaction that is rolled back)...',
  verify: '⟳ Verifying migrations...',
  lint: '⟳ Linting migrations...',
  force: '⟳ Forcing version...',
  down: '⟳ Reverting migrations...',
  goto: '⟳ Migrating to the target version...',
  status: '⟳ Reading the status of every migration...',
};

/**
 * The lines a person reads, streamed as the engine works. The first and the last line are
 * oForum's own; between them, one line per migration applied. Every line goes through the
 * log's choke point (runner-log), which makes outside text inert.
 */
export class ConsoleReporter implements EngineEvents {
  private readonly wait: ConnectWait;

  constructor(private readonly options: ConsoleOptions) {
    this.wait = new ConnectWait(options.now ?? Date.now);
  }

  private get log(): LogWriter {
    return this.options.log;
  }

  start(command: RunResult['command'], settings: { connectTimeoutMs?: number } = {}): void {
    this.wait.timeoutMs = settings.connectTimeoutMs ?? null;
    this.log.line(START_LINES[command]);
  }

  info(text: string): void {
    this.log.line(tone('dim', `  ${text}`));
  }

  /** One line when the wait starts, then one about every 10 s with the time left. */
  connectRetry(reason: string): void {
    const message = this.wait.retry(reason);
    if (message) this.info(message);
  }

  lockWait(holder: Parameters<NonNullable<EngineEvents['lockWait']>>[0]): void {
    this.info(`waiting for the migration lock, ${describeHolder(holder)}`);
  }

  planned(state: { version: number | bigint | null }, pendingCount: number): void {
    this.info(`version ${formatVersion(state.version)}, ${pendingCount} pending`);
  }

  migrationStart(migration: { version: number | bigint; name: string }, mode: string, because: string | null): void {
    if (mode !== 'transaction')
      this.info(`${String(migration.version)} ${migration.name} runs statement by statement (${because}): dirty until it completes`);
  }

  migrationRetry(
    migration: { version: number | bigint; name: string },
    attempt: number,
    retries: number,
    delayMs: number,
    reason: string,
  ): void {
    this.log.line(
      '  ',
      tone('yellow', '↻'),
      ` ${String(migration.version)} ${migration.name}: ${reason}; retry ${attempt} of ${retries} in ${(delayMs / 1000).toFixed(1)} s`,
    );
  }

  migrationDone(applied: { version: number | bigint; name: string; durationMs: number; retries: number; direction?: 'down' }): void {
    const retried = applied.retries > 0 ? `, ${plural(applied.retries, 'retry', 'retries')}` : '';
    const down = applied.direction === 'down';
    this.log.line(
      '  ',
      tone('green', down ? '↓' : '✓'),
      ` ${String(applied.version)} ${applied.name}${down ? ' reverted' : ''} `,
      tone('dim', `(${formatDuration(applied.durationMs)}${retried})`),
    );
  }

  /** What the run found beside its outcome: history, edits, drift, warnings. */
  private notes(result: RunResult, context: ReportContext): void {
    if (result.untracked.length > 0) {
      this.info(
        `${result.untracked.length === 1 ? 'version' : 'versions'} ${describeVersions(result.untracked)} ${result.untracked.length === 1 ? 'has' : 'have'} no history: applied outside this tool, or added below the database's version and never applied (the history cannot tell)`,
      );
    }
    // The differences are listed once, whether they fail the check or not.
    const drift = result.error?.code === 'drift' ? (result.drift ?? []) : reportedDrift(result);
    if (drift.length > 0) {
      const color = result.error ? 'red' : 'yellow';
      this.log.line(tone(color, `  ! drift: the schema differs from its migrations in ${plural(drift.length, 'way', 'ways')}:`));
      for (const line of drift) this.info(`  ${line}`);
    }
    if (result.drift && result.drift.length === 0) this.info('no drift: the schema is what its migrations make');
    for (const warning of result.warnings) this.log.line(tone('yellow', `  ! ${warning}`));
    const lintTone = result.lint?.level === 'error' ? 'red' : 'yellow';
    for (const line of lintConsoleLines(result, context)) this.log.line(tone(lintTone, `  ${line}`));
  }

  finish(result: RunResult, context: ReportContext): void {
    const error = result.error;
    this.notes(result, context);
    if (result.migrations) for (const line of statusLines(result.migrations, context)) this.log.line(`  ${line}`);
    if (result.beyondTarget.length > 0) {
      this.info(
        `beyond target-version ${formatVersion(result.target)}, left pending: ${result.beyondTarget.map((m) => `${String(m.version)} ${m.name}`).join(', ')}`,
      );
    }
    if (error) {
      this.failure(result, context);
      this.log.line(tone('red', failureLine(error, result)));
      return;
    }
    const color = outcomeOf(result) === 'warning' ? 'yellow' : 'green';
    switch (result.status) {
      case 'applied':
        this.log.line(tone(color, '✓ Migrations applied'));
        return;
      case 'up-to-date':
        if (result.command === 'down') this.log.line(tone(color, '✓ Nothing to revert: the database has no version'));
        else if (result.command === 'status') this.log.line(tone(color, `✓ Version ${formatVersion(result.version)}, nothing pending`));
        else this.log.line(tone(color, '✓ Already up to date'));
        return;
      case 'reverted':
        this.log.line(
          tone(
            color,
            `✓ Reverted ${plural(result.reverted.length, 'migration', 'migrations')}, now at version ${formatVersion(result.version)}`,
          ),
        );
        return;
      case 'pending':
        if (result.command === 'status') {
          this.log.line(
            tone(color, `✓ Version ${formatVersion(result.version)}, ${plural(result.pending.length, 'migration', 'migrations')} pending`),
          );
          return;
        }
        for (const pending of result.pending) this.info(`pending: ${String(pending.version)} ${pending.name}`);
        this.log.line(tone(color, `✓ Safe to migrate: ${plural(result.pending.length, 'migration', 'migrations')} pending`));
        return;
      case 'planned': {
        for (const skipped of result.proof?.notTried ?? [])
          this.info(`not tried: ${String(skipped.version)} ${skipped.name}: ${skipped.because}`);
        const count = result.proof?.tried.length ?? 0;
        this.log.line(tone(color, `✓ Plan: ${plural(count, 'migration applies', 'migrations apply')} to this database (rolled back)`));
        return;
      }
      case 'verified':
        this.log.line(
          tone(color, `✓ Migrations verified: ${result.proof?.steps ?? ''} on ${result.proof?.scratch ?? 'a scratch database'}`),
        );
        return;
      case 'linted':
        this.log.line(tone(color, lintFinishLine(result)));
        return;
      case 'forced':
        this.log.line(
          tone(
            color,
            `✓ Forced version ${formatVersion(result.version)} (was ${describeState(result.previousVersion, result.previousDirty)})`,
          ),
        );
        return;
      case 'dirty':
      case 'ahead':
        // status shows such a database without failing; the warning above says what to do
        this.log.line(tone(color, `✓ Version ${formatVersion(result.version)}${result.dirty ? ' (dirty)' : ''}: ${result.status}`));
        return;
      default:
        this.log.line(`✓ ${result.status}`);
    }
  }

  /** Where it failed and why: the file, the SQL around it, the server's detail, the way out. */
  private failure(result: RunResult, context: ReportContext): void {
    const error = result.error!;
    const location = error.data.location;
    if (location) {
      const failed = failedMigration(error, result);
      const what = failed ? `${String(failed.version)} ${failed.name}${failed.direction === 'down' ? ' (down)' : ''} failed` : 'failed';
      this.log.line('  ', tone('red', '✗'), ` ${what} at ${displayFile(location.file, context)}:${location.line}:${location.column}`);
      for (const line of excerptLines(location)) this.log.line(`    ${line}`);
    }
    // the rest of a message that spans lines, which the closing line cuts to its first
    for (const line of messageRest(error)) this.info(line);
    // verify's detail lists every difference; a server's detail and context may take several lines
    for (const extra of [error.data.detail, error.data.where]) {
      if (extra && error.code !== 'drift') for (const line of linesOf(extra)) this.info(line);
    }
    const repair = repairLines(result);
    if (repair) for (const line of repair) this.info(line);
    else if (error.data.hint) for (const line of linesOf(`hint: ${error.data.hint}`)) this.info(line);
  }
}

function describeState(version: number | bigint | null, dirty: boolean | undefined): string {
  if (version === null) return 'no version';
  return `${String(version)}${dirty ? ', dirty' : ', clean'}`;
}

/** status: one line per migration, in columns: version, state, name, when and by whom. */
export function statusLines(migrations: readonly MigrationState[], context: ReportContext): string[] {
  void context;
  const width = Math.max(7, ...migrations.map((m) => String(m.version).length));
  const stateWidth = Math.max(...migrations.map((m) => STATE_WORDS[m.state].length), 5);
  return migrations.map((m) => {
    const when = m.appliedAt ? `  ${m.reverted ? 'reverted' : 'applied'} ${instantText(m.appliedAt)} by ${m.appliedBy}` : '';
    return `${String(m.version).padStart(width)}  ${STATE_WORDS[m.state].padEnd(stateWidth)}  ${m.name}${when}`;
  });
}

/** The states as people read them (the JSON keeps the short words). */
export const STATE_WORDS: Record<MigrationState['state'], string> = {
  applied: 'applied',
  pending: 'pending',
  'out-of-order': 'out of order',
  edited: 'edited',
  forced: 'recorded by force',
  outside: 'applied outside this tool',
  'missing-file': 'missing file',
  dirty: 'dirty',
};
