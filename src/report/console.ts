import type { EngineEvents, RunResult } from '../engine/index.js';
import { describeHolder } from '../database/lock.js';
import { failureLine } from './failure-line.js';
import { describeVersions } from '../history/compare.js';
import type { Version } from '../migration-version.js';

export interface ConsoleOptions {
  color: boolean;
  write: (line: string) => void;
}

const COLORS = { green: 32, red: 31, yellow: 33, dim: 2 } as const;

const START_LINES: Record<RunResult['command'], string> = {
  up: '⟳ Running migrations...',
  check: '⟳ Checking migrations...',
  plan: '⟳ Planning migrations (in a transaction that is rolled back)...',
  verify: '⟳ Verifying migrations...',
  force: '⟳ Forcing version...',
};

/**
 * The lines a person reads, streamed as the engine works. The first and the last line are
 * oForum's own; between them, one line per migration applied.
 */
export class ConsoleReporter implements EngineEvents {
  constructor(private readonly options: ConsoleOptions) {}

  private paint(color: keyof typeof COLORS, text: string): string {
    return this.options.color ? `\u001b[${COLORS[color]}m${text}\u001b[0m` : text;
  }

  start(command: RunResult['command']): void {
    this.options.write(START_LINES[command]);
  }

  /** What the run found beside its outcome: history, edits, drift, warnings. */
  private notes(result: RunResult): void {
    if (result.untracked.length > 0) {
      this.info(
        `${result.untracked.length === 1 ? 'version' : 'versions'} ${describeVersions(result.untracked)} applied outside this tool (no history)`,
      );
    }
    if (result.drift && result.drift.length > 0 && result.error?.code !== 'drift') {
      this.options.write(
        this.paint('yellow', `  ! drift: the schema differs from its migrations in ${plural(result.drift.length, 'way', 'ways')}:`),
      );
    }
    if (result.drift && result.error?.code !== 'drift') for (const line of result.drift.slice(0, 20)) this.info(`  ${line}`);
    if (result.drift && result.drift.length === 0) this.info('no drift: the schema is what its migrations make');
    for (const warning of result.warnings) this.options.write(this.paint('yellow', `  ! ${warning}`));
  }

  info(text: string): void {
    this.options.write(this.paint('dim', `  ${text}`));
  }

  connectRetry(reason: string, attempt: number): void {
    this.info(`waiting for the database (${reason}), attempt ${attempt}`);
  }

  lockWait(holder: Parameters<NonNullable<EngineEvents['lockWait']>>[0]): void {
    this.info(`waiting for the migration lock, ${describeHolder(holder)}`);
  }

  planned(state: { version: Version | null }, pendingCount: number): void {
    this.info(`version ${state.version ?? 'none'}, ${pendingCount} pending`);
  }

  migrationStart(migration: { version: Version; name: string }, mode: string, because: string | null): void {
    if (mode !== 'transaction')
      this.info(`${migration.version} ${migration.name} runs statement by statement (${because}): dirty until it completes`);
  }

  migrationRetry(migration: { version: Version; name: string }, attempt: number, retries: number, delayMs: number, reason: string): void {
    this.options.write(
      `  ${this.paint('yellow', '↻')} ${migration.version} ${migration.name}: ${reason}; retry ${attempt} of ${retries} in ${(delayMs / 1000).toFixed(1)} s`,
    );
  }

  migrationDone(applied: { version: Version; name: string; durationMs: number; retries: number }): void {
    const retried = applied.retries > 0 ? `, ${applied.retries} ${applied.retries === 1 ? 'retry' : 'retries'}` : '';
    this.options.write(
      `  ${this.paint('green', '✓')} ${applied.version} ${applied.name} ${this.paint('dim', `(${formatDuration(applied.durationMs)}${retried})`)}`,
    );
  }

  finish(result: RunResult): void {
    const write = this.options.write;
    const error = result.error;
    this.notes(result);
    if (error) {
      const location = error.data.location;
      if (location) {
        const failed = result.pending.find((pending) => pending.version === error.data.version);
        const what = failed ? `${failed.version} ${failed.name} failed` : 'failed';
        write(`  ${this.paint('red', '✗')} ${what} at ${location.file}:${location.line}:${location.column}`);
        const width = String(location.excerpt?.at(-1)?.number ?? location.line).length;
        for (const row of location.excerpt ?? []) {
          const marker = row.number === location.line ? '>' : ' ';
          write(`    ${marker} ${String(row.number).padStart(width)} | ${row.text}`);
          if (row.number === location.line) write(`      ${' '.repeat(width)} | ${' '.repeat(Math.max(0, location.column - 1))}^`);
        }
      }
      // verify lists every difference it found; a server's detail and context take one line each
      const detailLines = error.code === 'verify' ? 20 : 1;
      for (const extra of [error.data.detail, error.data.where].filter(Boolean)) {
        for (const line of String(extra).split('\n').slice(0, detailLines)) this.info(line);
      }
      if (error.data.hint) this.info(`hint: ${error.data.hint}`);
      if (result.dirty && error.code === 'sql')
        this.info(`the database is dirty at version ${result.version}: repair it, then run: oforum-migrate force ${result.version}`);
      write(this.paint('red', failureLine(error)));
      return;
    }
    switch (result.status) {
      case 'applied':
        write(this.paint('green', '✓ Migrations applied'));
        return;
      case 'up-to-date':
        write(this.paint('green', '✓ Already up to date'));
        return;
      case 'pending': {
        const count = result.pending.length;
        for (const pending of result.pending) this.info(`pending: ${pending.version} ${pending.name}`);
        write(this.paint('yellow', `✓ Safe to migrate: ${count} migration${count === 1 ? '' : 's'} pending`));
        return;
      }
      case 'planned': {
        for (const skipped of result.proof?.notTried ?? []) this.info(`not tried: ${skipped.version} ${skipped.name}: ${skipped.because}`);
        const count = result.proof?.tried.length ?? 0;
        write(this.paint('green', `✓ Plan: ${count} migration${count === 1 ? ' applies' : 's apply'} to this database (rolled back)`));
        return;
      }
      case 'verified':
        write(
          this.paint('green', `✓ Migrations verified: ${result.proof?.steps ?? ''} on ${result.proof?.scratch ?? 'a scratch database'}`),
        );
        return;
      case 'forced':
        write(
          this.paint(
            'green',
            `✓ Forced version ${result.version ?? 'none'} (was ${describeState(result.previousVersion, result.previousDirty)})`,
          ),
        );
        return;
      default:
        write(`✓ ${result.status}`);
    }
  }
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function describeState(version: Version | null, dirty: boolean | undefined): string {
  if (version === null) return 'no version';
  return `${version}${dirty ? ', dirty' : ', clean'}`;
}

export function formatDuration(ms: number): string {
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 10_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}
