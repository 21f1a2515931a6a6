import { DRIFT_SIDES, diffSnapshots } from '../database/catalog-diff.js';
import type { Driver } from '../database/driver.js';
import type { Version } from '../migration-version.js';
import { applyStep } from './apply.js';
import type { CommandOptions, Scratch } from './command-options.js';
import { clockOf } from './command-support.js';
import { prepareUps } from './prepare.js';
import { withDriver } from './with-driver.js';

/**
 * How the database's schema differs from what its migrations make: the migrations up to the
 * database's version are replayed on a scratch database and the two catalogs compared. An index
 * added by hand shows as `only in the database`, a missing constraint as `only in the
 * migrations`. Both sides leave out the state and history tables.
 */
export async function detectDrift(
  driver: Driver,
  options: CommandOptions,
  version: Version | null,
  openScratch: () => Promise<Scratch>,
): Promise<string[]> {
  const exclude = [driver.stateTable.table, ...(options.history ? [options.history.table] : [])];
  const actual = await driver.snapshotSchema(exclude);
  const steps = prepareUps(options.set.migrations.filter((migration) => version !== null && migration.version <= version));
  const scratch = await openScratch();
  try {
    const replayOptions = { ...options, target: scratch.target, lockStrategy: 'session' as const, events: {} };
    const expected = await withDriver(replayOptions, async (replay) => {
      await replay.createStateTable();
      let planned: Version | null = null;
      for (const step of steps) {
        await applyStep(step, {
          driver: replay,
          planned: { version: planned, exists: true },
          statementLockTimeoutMs: 0,
          statementLockRetries: 0,
          events: {},
          clock: clockOf(options),
        });
        planned = step.version;
      }
      return replay.snapshotSchema(exclude);
    });
    return diffSnapshots(expected, actual, DRIFT_SIDES);
  } finally {
    await scratch.dispose();
  }
}
