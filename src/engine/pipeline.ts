import type { Driver, PlannedState, StepRun, TransactionStep } from '../database/driver.js';
import { isRetryable } from '../database/driver.js';
import type { HistoryWrite } from '../database/history-table.js';
import { MigrateError } from '../errors.js';
import { appliedOf, transactionStep } from './apply.js';
import type { Clock } from './clock.js';
import type { EngineEvents } from './events.js';
import type { PreparedStep } from './prepare.js';
import type { AppliedMigration } from './result.js';
import { retrying } from './retry.js';

/**
 * How much is on the wire at once: enough that a link's round trip is paid once per run rather
 * than once per migration, little enough that memory stays flat however many are pending.
 */
export const PIPELINE_LIMITS = { steps: 64, bytes: 1 << 20 };

export interface PipelineOptions {
  driver: Driver;
  events: EngineEvents;
  clock: Clock;
  statementLockTimeoutMs: number;
  statementLockRetries: number;
  /** told of each step once it is committed, in order */
  committed(applied: AppliedMigration, step: PreparedStep): void;
  /** told of the step whose failure is about to be thrown */
  failed(step: PreparedStep): void;
  limits?: { steps: number; bytes: number };
}

type Outcome = { ok: true; run: StepRun } | { ok: false; error: unknown };

interface Sent {
  prepared: PreparedStep;
  step: TransactionStep;
  bytes: number;
  outcome: Promise<Outcome>;
  /** when it began to run on the server, as far as the client can tell */
  startedAt: number;
}

/**
 * Transactional migrations sent without waiting for each answer (the driver pipelines run()s):
 * every message is still one migration's own BEGIN … COMMIT with its version and history rows,
 * and each one's guard lets it commit only on the state the one before it leaves. So:
 * - a failure in migration k leaves k − 1 committed and clean; the messages sent after k fail
 *   without changing anything (their transaction is aborted, or their guard finds the state k
 *   did not write), and k's error, placed in k's file, is the run's;
 * - a lock timeout or deadlock in k is retried alone, with the usual backoff, and the messages
 *   after it are sent again once it has committed;
 * - answers come back one message at a time, as each commits, so the log's lines are live and
 *   each duration is the server's own time for that transaction.
 * Files that cannot run in a transaction are not sent here: the engine drains the pipeline
 * before them (drain()).
 */
export class Pipeline {
  private readonly window: Sent[] = [];
  private bytes = 0;

  constructor(private readonly options: PipelineOptions) {}

  /** Sends `prepared` planned from `planned`, after waiting for room on the wire. */
  async send(prepared: PreparedStep, planned: PlannedState, history: HistoryWrite | null): Promise<void> {
    const limits = this.options.limits ?? PIPELINE_LIMITS;
    const bytes = Buffer.byteLength(prepared.sql);
    while (this.window.length >= limits.steps || (this.window.length > 0 && this.bytes + bytes > limits.bytes)) {
      await this.settleOldest();
    }
    const step = transactionStep(prepared, planned, this.options.statementLockTimeoutMs, history);
    this.write({ prepared, step, bytes });
  }

  /** Waits until every message sent has been answered; throws the first failure. */
  async drain(): Promise<void> {
    while (this.window.length > 0) await this.settleOldest();
  }

  private write(entry: Pick<Sent, 'prepared' | 'step' | 'bytes'>): void {
    const first = this.window.length === 0;
    if (first) this.options.events.migrationStart?.(entry.prepared, entry.prepared.mode, entry.prepared.because);
    const outcome = this.options.driver.run(entry.step).then(
      (run): Outcome => ({ ok: true, run }),
      (error: unknown): Outcome => ({ ok: false, error }),
    );
    this.window.push({ ...entry, outcome, startedAt: this.options.clock.now() });
    this.bytes += entry.bytes;
  }

  private async settleOldest(): Promise<void> {
    const head = this.window[0]!;
    const outcome = await head.outcome;
    if (outcome.ok) {
      this.shift();
      this.done(head, outcome.run, 0);
      return;
    }
    // Everything sent after the failed message fails with it; wait for those answers, so that
    // nothing of this run is still on the wire when it goes on.
    const behind = this.window.slice(1);
    await Promise.all(behind.map((entry) => entry.outcome));
    this.window.length = 0;
    this.bytes = 0;
    const { error } = outcome;
    if (!(error instanceof MigrateError) || !isRetryable(error) || this.options.statementLockRetries === 0) {
      this.options.failed(head.prepared);
      throw error;
    }
    const { run, retries } = await this.retryAlone(head, error).catch((retryError: unknown) => {
      this.options.failed(head.prepared);
      throw retryError;
    });
    this.done(head, run, retries);
    for (const entry of behind) this.write(entry);
  }

  /**
   * The lock conflict of `head` retried as a migration sent alone is: the same backoff and the
   * same limit, counting the pipelined attempt as the first.
   */
  private async retryAlone(head: Sent, failure: MigrateError): Promise<{ run: StepRun; retries: number }> {
    const { driver, events, clock, statementLockRetries } = this.options;
    let run: StepRun | null = null;
    let pipelinedAttempt = true;
    const retries = await retrying(
      async () => {
        if (pipelinedAttempt) {
          pipelinedAttempt = false;
          throw failure;
        }
        run = await driver.run(head.step);
      },
      {
        retries: statementLockRetries,
        canRetry: isRetryable,
        onRetry: (attempt, delayMs, error) => events.migrationRetry?.(head.prepared, attempt, statementLockRetries, delayMs, error.message),
        clock,
      },
    );
    return { run: run!, retries };
  }

  private shift(): void {
    const head = this.window.shift()!;
    this.bytes -= head.bytes;
  }

  private done(head: Sent, run: StepRun, retries: number): void {
    const now = this.options.clock.now();
    const applied = appliedOf(head.prepared, run.serverMs ?? now - head.startedAt, retries);
    this.options.committed(applied, head.prepared);
    this.options.events.migrationDone?.(applied);
    // The next message began on the server when this one ended.
    const next = this.window[0];
    if (next) {
      next.startedAt = now;
      this.options.events.migrationStart?.(next.prepared, next.prepared.mode, next.prepared.because);
    }
  }
}
