import type { PlannedState } from '../database/driver.js';
import { applyStep } from './apply.js';
import type { CommandOptions } from './command-options.js';
import { beyondWarning, capture, clockOf, pendingOf, readAndPlan, recordUnlocked } from './command-support.js';
import { prepareUps } from './prepare.js';
import { checkTarget } from './plan.js';
import { blankResult, type RunResult } from './result.js';
import { withDriver } from './with-driver.js';
import { warnServerFailures } from './server-compat.js';

/**
 * `plan`: runs the pending migrations on the target database inside one transaction that is
 * rolled back, to prove they apply to this very database; it changes nothing. The migration
 * lock is held as for `up`, and the statements take their real locks (bounded by
 * statement-lock-timeout) while they run. Files that cannot run in a transaction, and the ones
 * after them, are reported as not tried.
 */
export async function runPlan(options: CommandOptions): Promise<RunResult> {
  const result = blankResult('plan', options.target.display, options.set.digest);
  result.target = options.targetVersion ?? null;
  return capture(result, () => {
    checkTarget(options.set, result.target);
    return withDriver({ ...options, lockTimedOut: recordUnlocked(result) }, async (driver) => {
      const { current, plan } = await readAndPlan(driver, options, result);
      beyondWarning(current, result);
      // as check and up warn: files the oForum server (golang-migrate) would fail on
      warnServerFailures(result, options.set);
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
      const proof = result.proof;
      await driver.rehearse(async () => {
        if (!current.exists && driver.strategy === 'session') await driver.createStateTable();
        let planned: PlannedState = current;
        for (const step of tryable) {
          proof.tried.push(
            await applyStep(step, {
              driver,
              scope: 'open',
              planned,
              statementLockTimeoutMs: options.statementLockTimeoutMs,
              statementLockRetries: 0,
              events: options.events,
              clock: clockOf(options),
            }),
          );
          planned = { version: step.version, exists: true };
        }
      });
      result.status = 'planned';
    });
  });
}
