import type { Driver, DriverOpener, DriverOptions } from '../database/driver.js';
import type { StoredState } from '../database/state-table.js';
import { MigrateError } from '../errors.js';

/**
 * Runs `work` on one session under the migration lock, the way the oForum server does before it
 * migrates: connect, find the state table, lock, work, unlock, close. When the lock could not be
 * had, `options.lockTimedOut` is told the state read without it, so that a failed run can still say
 * where the database is.
 */
export async function withDriver<T>(
  options: DriverOptions & {
    openDriver: DriverOpener;
    lockTimedOut?: (state: StoredState) => void;
    history?: { table: string } | null;
  },
  work: (driver: Driver) => Promise<T>,
): Promise<T> {
  // lock() follows at once: the driver may take the lock and read the state and the history
  // in the same round trip as it finds the state table.
  const driver = await options.openDriver({ ...options, prefetch: { history: options.history?.table ?? null } });
  try {
    await driver.lock();
    const result = await work(driver);
    await driver.unlock();
    return result;
  } catch (error) {
    if (options.lockTimedOut && error instanceof MigrateError && error.code === 'lock-timeout') {
      // A state table of another shape, or a lost session, leaves the version unknown: the
      // lock timeout stays the error either way.
      const state = await driver.peekVersion().catch(() => null);
      if (state) options.lockTimedOut(state);
    }
    throw error;
  } finally {
    // Closing the session also releases the lock when work failed or the unlock was not sent.
    await driver.close();
  }
}
