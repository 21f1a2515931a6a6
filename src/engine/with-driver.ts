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
    /** told the state read again on a new session after a failure whose outcome is unknown (null: it could not be read) */
    reread?: (state: StoredState | null) => void;
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
    if (options.reread && error instanceof MigrateError && error.data.outcomeUnknown) {
      await driver.close();
      options.reread(await readAgain(options));
    }
    throw error;
  } finally {
    // Closing the session also releases the lock when work failed or the unlock was not sent.
    await driver.close();
  }
}

// How long the state may take to read again: a run that lost its session must still end.
const REREAD_MS = 10_000;

/**
 * The state on a new session, under the lock: the old session holds it until the server has
 * noticed it gone and finished what it had received, so the state read then is final. Whatever
 * the run's own cancellation; null when it cannot be had in time. A wait still going then is
 * cancelled by the driver's own means (a cancel request, then the connection destroyed), so that
 * nothing keeps the process alive.
 */
async function readAgain(options: DriverOptions & { openDriver: DriverOpener }): Promise<StoredState | null> {
  const late = new AbortController();
  const timer = setTimeout(() => late.abort(new Error('reading the state again took too long')), REREAD_MS);
  let fresh: Driver | null = null;
  try {
    fresh = await options.openDriver({
      ...options,
      prefetch: undefined,
      signal: late.signal,
      connectTimeoutMs: Math.min(options.connectTimeoutMs, REREAD_MS),
      lockTimeoutMs: REREAD_MS,
    });
    await fresh.lock();
    const state = await fresh.version();
    await fresh.unlock();
    return state;
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
    await (fresh as Driver | null)?.close();
  }
}
