import { TEST_DATABASE_PREFIX, withServer } from './database.js';
import { resolveTestServer } from './test-server.js';

/**
 * Finds (or starts) the server the suite runs against, and drops the databases that an earlier,
 * interrupted run left behind: CI runs against the server as the last session left it. A test
 * database is named after the process that made it (`omt_<pid>_…`); one whose process is still
 * alive belongs to a run in progress and stays.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const server = await resolveTestServer(process.env);
  // Read by the test processes, which start after this.
  process.env.TEST_DATABASE_URL = server.url;
  if (server.source === 'an embedded server')
    process.stdout.write('No PostgreSQL on the default address: testing against an embedded server\n');
  await withServer(async (client) => {
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `${TEST_DATABASE_PREFIX.replace(/_/g, '\\_')}%`,
    ]);
    for (const { datname } of rows) {
      const pid = Number(/^omt_(\d+)_/.exec(datname)?.[1]);
      if (Number.isInteger(pid) && isAlive(pid)) continue;
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  }, server.url);
  return () => server.stop();
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
