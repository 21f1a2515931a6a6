import { snapshotSchema } from '../database/catalog-snapshot.js';
import { DRIFT_SIDES, diffSnapshots } from '../database/catalog-diff.js';
import { applyStep } from './apply.js';
import type { CommandOptions } from './command-support.js';
import { prepareUps } from './prepare.js';
import type { Scratch } from './verify-command.js';
import { withSession, type Session } from './session.js';

/**
 * How the database's schema differs from what its migrations make: the migrations up to the
 * database's version are replayed on a scratch database and the two catalogs compared. An index
 * added by hand shows as `only in the database`, a missing constraint as `only in the
 * migrations`. Both sides leave out the state and history tables.
 */
export async function detectDrift(
  session: Session,
  options: CommandOptions,
  version: number | null,
  openScratch: () => Promise<Scratch>,
): Promise<string[]> {
  const exclude = [session.state.table, ...(options.history ? [options.history.table] : [])];
  const actual = await snapshotSchema(session.client, { excludeTables: exclude });
  const steps = prepareUps(options.set.migrations.filter((migration) => version !== null && migration.version <= version));
  const scratch = await openScratch();
  try {
    const expected = await withSession({ ...options, target: scratch.target, lockStrategy: 'session', events: {} }, async (replay) => {
      await replay.client.query(
        `CREATE TABLE IF NOT EXISTS ${replay.state.qualified} (version bigint not null primary key, dirty boolean not null)`,
      );
      let planned: number | null = null;
      for (const step of steps) {
        await applyStep(step, {
          session: replay,
          planned: { version: planned, dirty: false, exists: true, pid: null },
          lockTimeoutMs: options.lockTimeoutMs,
          statementLockTimeoutMs: 0,
          statementLockRetries: 0,
          events: {},
        });
        planned = step.version;
      }
      return snapshotSchema(replay.client, { excludeTables: exclude });
    });
    return diffSnapshots(expected, actual, DRIFT_SIDES);
  } finally {
    await scratch.dispose();
  }
}
