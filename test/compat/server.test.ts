import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { withServer } from '../helpers/database.js';
import { PG_BIN, pgTool } from '../helpers/pg-bin.js';

// The matrix says what it means to test (TEST_PG_MAJOR, TEST_NODE_MAJOR): a run that tested
// another server or another Node than it claims fails here instead of passing for the wrong one.
async function serverMajor(): Promise<number> {
  return withServer(async (client) =>
    Math.floor(Number((await client.query('SHOW server_version_num')).rows[0].server_version_num) / 10_000),
  );
}

describe('the compatibility run', () => {
  it('runs against a PostgreSQL the README promises, 13 to 18', async () => {
    const major = await serverMajor();
    expect(major).toBeGreaterThanOrEqual(13);
    expect(major).toBeLessThanOrEqual(18);
  });

  it.runIf(!!process.env.TEST_PG_MAJOR)('runs against the PostgreSQL major it names (TEST_PG_MAJOR)', async () => {
    expect(await serverMajor()).toBe(Number(process.env.TEST_PG_MAJOR));
  });

  it('has the programs of the same major in TEST_PG_BIN', async () => {
    const initdb = pgTool('initdb');
    expect(initdb, `no initdb in ${PG_BIN}`).not.toBeNull();
    const version = execFileSync(initdb!, ['--version'], { encoding: 'utf8' });
    expect(Number(/\(PostgreSQL\) (\d+)/.exec(version)?.[1])).toBe(await serverMajor());
  });

  it.runIf(!!process.env.TEST_NODE_MAJOR)('runs on the Node major it names (TEST_NODE_MAJOR)', () => {
    expect(process.versions.node.split('.')[0]).toBe(process.env.TEST_NODE_MAJOR);
  });
});
