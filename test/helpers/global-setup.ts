import { TEST_DATABASE_PREFIX, withServer } from './database.js';

/**
 * Drops the databases that an earlier, interrupted run left behind: CI runs against the server
 * as the last session left it.
 */
export default async function setup(): Promise<void> {
  await withServer(async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`${TEST_DATABASE_PREFIX.replace(/_/g, '\\_')}%`],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  });
}
