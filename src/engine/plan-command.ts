import { createStateTableSql } from '../database/state-table.js';
import { applyStep } from './apply.js';
import { prepareUps } from './prepare.js';
import type { RunResult } from './result.js';
import { capture, emptyResult, pendingOf, readAndPlan, type CommandOptions } from './command-support.js';
import { withSession } from './session.js';

/**
 * `plan`: runs the pending migrations on the target database inside one transaction that is
 * rolled back, to prove they apply to this very database; it changes nothing. The migration
 * lock is held as for `up`, and the statements take their real locks (bounded by
 * statement-lock-timeout) while they run. Files that cannot run in a transaction, and the ones
 * after them, are reported as not tried.
 */
export async function runPlan(options: CommandOptions): Promise<RunResult> {
  const result = emptyResult('plan', options);
  return capture(result, () =>
    withSession(options, async (session) => {
      const { current, plan } = await readAndPlan(session, options, result);
      const steps = prepareUps(plan.pending);
      const firstUntried = steps.findIndex((step) => step.mode !== 'transaction');
      const tryable = firstUntried < 0 ? steps : steps.slice(0, firstUntried);
      const blocker = firstUntried < 0 ? null : steps[firstUntried]!;
      result.proof = {
        tried: [],
        notTried: (firstUntried < 0 ? [] : steps.slice(firstUntried)).map((step) => ({
          ...pendingOf(step),
          because:
            step === blocker
              ? `runs statement by statement (${step.because}), which cannot be rolled back`
              : `comes after migration ${blocker!.version}, which was not tried`,
        })),
      };
      if (steps.length === 0) {
        result.status = 'up-to-date';
        return;
      }
      const client = session.client;
      await client.query('BEGIN');
      try {
        if (!current.exists && session.strategy === 'session') await client.query(createStateTableSql(session.state));
        let planned = current;
        for (const step of tryable) {
          result.proof.tried.push(
            await applyStep(step, {
              session,
              transaction: 'open',
              planned,
              lockTimeoutMs: options.lockTimeoutMs,
              statementLockTimeoutMs: options.statementLockTimeoutMs,
              statementLockRetries: 0,
              events: options.events,
            }),
          );
          planned = { version: step.version, dirty: false, exists: true, pid: null };
        }
        result.status = 'planned';
      } finally {
        await client.query('ROLLBACK').catch(() => {});
      }
    }),
  );
}
