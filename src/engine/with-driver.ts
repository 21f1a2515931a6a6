import type { Driver, DriverOpener, DriverOptions } from '../database/driver.js';

/**
 * Runs `work` on one session under the migration lock, the way the oForum server does before it
 * migrates: connect, find the state table, lock, work, unlock, close.
 */
export async function withDriver<T>(
  options: DriverOptions & { openDriver: DriverOpener },
  work: (driver: Driver) => Promise<T>,
): Promise<T> {
  const driver = await options.openDriver(options);
  try {
    await driver.lock();
    const result = await work(driver);
    await driver.unlock();
    return result;
  } finally {
    // Closing the session also releases the lock when work failed or the unlock was not sent.
    await driver.close();
  }
}
