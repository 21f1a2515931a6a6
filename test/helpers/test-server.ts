import pg from 'pg';
import { startEmbeddedServer } from '../../src/embedded/embedded-server.js';
import { DEFAULT_SERVER_URL } from './database.js';
import { PG_BIN } from './pg-bin.js';
import { startPrivateServer } from './private-server.js';

export interface TestServer {
  url: string;
  /** where it came from, said once at the start of the run */
  source: 'TEST_DATABASE_URL' | 'the default address' | 'an embedded server' | 'a server started from TEST_PG_BIN';
  stop(): Promise<void>;
}

/**
 * The server the suite runs against: with TEST_START_SERVER set, a server of the run's own
 * started from TEST_PG_BIN (how the compatibility matrix tests each major); else
 * TEST_DATABASE_URL when set; else PostgreSQL on the default address when something answers
 * there; else an embedded server started for the run, so that `npm test` works on a machine with
 * no PostgreSQL at all.
 */
export async function resolveTestServer(env: NodeJS.ProcessEnv, defaultUrl = DEFAULT_SERVER_URL): Promise<TestServer> {
  if (env.TEST_START_SERVER) {
    // Every test file of the run shares it, each test with a database of its own.
    const server = await startPrivateServer({ bin: env.TEST_PG_BIN || PG_BIN, maxConnections: 200 });
    return { url: server.url('postgres'), source: 'a server started from TEST_PG_BIN', stop: () => server.stop() };
  }
  if (env.TEST_DATABASE_URL) return { url: env.TEST_DATABASE_URL, source: 'TEST_DATABASE_URL', stop: async () => {} };
  if (await answers(defaultUrl)) return { url: defaultUrl, source: 'the default address', stop: async () => {} };
  const server = await startEmbeddedServer(null);
  return { url: server.url('postgres'), source: 'an embedded server', stop: () => server.stop() };
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}
