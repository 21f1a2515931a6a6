import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { requires } from '../helpers/requirements.js';
import { BUNDLE, ROOT, fixture, runCli, type RunOutcome } from '../helpers/run.js';
import { resolveTestServer } from '../helpers/test-server.js';

const kept: string[] = [];
afterAll(() => {
  for (const directory of kept) rmSync(directory, { recursive: true, force: true });
});

describe('--embedded: a throwaway PostgreSQL of the tool’s own', () => {
  it('runs up against a temporary server and removes it', async () => {
    const run = await runCli(['up', '--embedded']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('database: a temporary embedded PostgreSQL, removed after, migrations embedded');
    expect(run.lines.at(-1)).toBe('✓ Migrations applied');
    expect(run.stderr).toBe('');
  });

  it('keeps the server in DIR, so a second run finds the database up to date', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'omt-embedded-'));
    // As root the server runs as the postgres OS user, which must reach the directory.
    chmodSync(parent, 0o755);
    kept.push(parent);
    const directory = path.join(parent, 'pg');
    const first = await runCli(['up', `--embedded=${directory}`, '--migrations-path', fixture('basic')]);
    expect(first.code).toBe(0);
    expect(existsSync(path.join(directory, 'PG_VERSION'))).toBe(true);
    const second = await runCli(['check', '--json', `--embedded=${directory}`, '--migrations-path', fixture('basic')]);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ status: 'up-to-date', version: 2 });
  });

  it('is where a local verify runs when no database is given', async () => {
    const run = await runCli(['verify']);
    expect(run.code).toBe(0);
    expect(run.lines.at(-1)).toBe('✓ Migrations verified: 5 ups, 5 downs, 5 ups on a temporary embedded PostgreSQL, removed after');
  });

  it('plans on an embedded server, changing nothing there', async () => {
    const run = await runCli(['plan', '--embedded', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'planned', tried: [1, 2, 3, 4, 5], applied: [] });
  });

  it('refuses --embedded together with --database-url', async () => {
    const run = await runCli(['up', '--embedded', '--database-url', 'postgres://x@127.0.0.1/db']);
    expect(run.code).toBe(2);
    expect(run.lines).toEqual(['✗ --embedded and --database-url both given: choose one']);
  });

  // As another user, every other test here already shows it.
  const notRoot = requires(
    'root, to run as the postgres user',
    process.getuid?.() === 0 ? null : 'the tests run as a normal user already',
    {
      optionalUnderCi: true,
    },
  );
  it.skipIf(notRoot)('works for a normal user too (here: postgres), not only as root', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'omt-user-'));
    kept.push(home);
    chmodSync(home, 0o777);
    let out: string;
    let code = 0;
    try {
      out = execFileSync('runuser', ['-u', 'postgres', '--', process.execPath, BUNDLE, 'up', '--embedded'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, HOME: home, TMPDIR: home },
        encoding: 'utf8',
      });
    } catch (error) {
      out = String((error as { stdout?: string }).stdout ?? '');
      code = (error as { status?: number }).status ?? 1;
    }
    expect(code).toBe(0);
    expect(out.trim().split('\n').at(-1)).toBe('✓ Migrations applied');
  });
});

describe('the test suite on a machine with no PostgreSQL', () => {
  it('starts an embedded server when nothing answers on the default address', async () => {
    const server = await resolveTestServer({}, 'postgres://postgres@127.0.0.1:1/postgres');
    try {
      expect(server.source).toBe('an embedded server');
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      const [row] = (await client.query<{ one: number }>('SELECT 1 AS one')).rows;
      await client.end();
      expect(row?.one).toBe(1);
    } finally {
      await server.stop();
    }
  });
});

export type { RunOutcome };
