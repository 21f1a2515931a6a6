import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, stateOf, tableExists, type TestDatabase } from '../helpers/database.js';
import { BUNDLE, fixture, runCli } from '../helpers/run.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

describe('the CLI', () => {
  it('prints one JSON object with real types and nothing else with --json', async () => {
    const run = await runCli(['up', '--json', '--migrations-path', fixture('basic')], { DATABASE_URL: db.url });
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const json = JSON.parse(lines[0]!);
    expect(json).toMatchObject({
      status: 'applied',
      'previous-version': null,
      version: 2,
      applied: [1, 2],
      'applied-count': 2,
      pending: [],
      'pending-count': 0,
      dirty: false,
    });
    expect(json['migrations-digest']).toMatch(/^sha256:/);
  });

  it('reports a failure in the JSON object with its file, line and column', async () => {
    const run = await runCli(['--json', '--migrations-path', fixture('failing-after-dollar'), '--database-url', db.url]);
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(json.status).toBe('failed');
    expect(json.error).toMatchObject({
      code: 'sql',
      message: 'syntax error at or near "CREAT"',
      file: 'test/fixtures/migrations/failing-after-dollar/000002_broken_after_function.up.sql',
      line: 11,
      column: 1,
      'sql-state': '42601',
    });
  });

  it('rejects an unknown flag with exit 2 and one line', async () => {
    const run = await runCli(['up', '--databse-url', db.url]);
    expect(run.code).toBe(2);
    expect(run.lines).toHaveLength(1);
    expect(run.lines[0]).toMatch(/^✗ Unknown option '--databse-url'/);
    expect(run.stderr).toBe('');
  });

  it('hides the password of a URL given as a stray argument, a command or another flag, which it quotes', async () => {
    const url = 'postgres://deploy:Str4y%26Pw@db.invalid:5432/app';
    const ambiguous = 'postgres://deploy:12/Amb?Pw9@db.invalid/app';
    for (const args of [['check', '--database-url', db.url, url], [url], ['goto', '1', '--target-version', url], ['check', ambiguous]]) {
      const run = await runCli(args);
      expect(run.code, args.join(' ')).toBe(2);
      const printed = `${run.stdout}${run.stderr}`;
      for (const secret of ['Str4y', 'Amb?Pw9', 'Amb%3FPw9']) expect(printed, args.join(' ')).not.toContain(secret);
      expect(printed).toContain('***');
    }
  });

  it('answers a refused command line in JSON when --json is among its arguments, naming the command asked', async () => {
    const run = await runCli(['check', '--json', '--bogus']);
    expect(run.code).toBe(2);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ command: 'check', status: 'failed', error: { code: 'config' } });
  });

  // `| head -1`: the reader goes away after the first line, the run goes on to its end.
  it('finishes the run, without a stack trace, when the reader of its output goes away', async () => {
    const child = spawn(process.execPath, [BUNDLE, 'up', '--migrations-path', fixture('basic'), '--database-url', db.url], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(await stateOf(db)).toEqual({ version: 2, dirty: false });
  });

  it('lists every bad setting at once', async () => {
    const run = await runCli(['sideways', '--lock-timeout', 'x', '--fail-on-pending=maybe'], { DATABASE_URL: db.url });
    expect(run.code).toBe(2);
    expect(run.lines).toEqual([
      '✗ unknown command "sideways" (expected up, check, plan, verify, lint, down, goto, status, force); lock-timeout must be a number of seconds between 0 and 86400, not "x"; fail-on-pending must be true or false, not "maybe"',
    ]);
  });

  it('prints help and its version', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: oforum-migrate [command] [flags]');
    const version = await runCli(['--version']);
    expect(version.stdout).toMatch(/^oforum-migrate \d+\.\d+\.\d+\n/);
  });

  it('force -1 records no version', async () => {
    await runCli(['up', '--migrations-path', fixture('basic'), '--database-url', db.url]);
    const run = await runCli(['force', '-1', '--database-url', db.url]);
    expect(run.code).toBe(0);
    expect(run.lines.at(-1)).toBe('✓ Forced version none (was 2, clean)');
    expect(await stateOf(db)).toBeNull();
  });

  it('refuses a migrations directory with two files for one version, exit 2', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(tmpdir(), 'omt-dup-'));
    writeFileSync(path.join(dir, '1_a.up.sql'), 'SELECT 1;');
    writeFileSync(path.join(dir, '001_b.up.sql'), 'SELECT 2;');
    const run = await runCli(['up', '--migrations-path', dir, '--database-url', db.url]);
    expect(run.code).toBe(2);
    expect(run.lines).toEqual(['✗ duplicate migration file: 1_a.up.sql (version 1 up is also 001_b.up.sql)']);
  });

  it('refuses --database-url given twice, exit 2, without quoting either URL or migrating either database', async () => {
    const other = 'postgres://deploy:Tw1ce%21Pw@db.invalid:5432/app';
    for (const args of [
      ['up', '--migrations-path', fixture('basic'), '--database-url', other, '--database-url', db.url],
      ['up', '--migrations-path', fixture('basic'), `--database-url=${other}`, `--database-url=${db.url}`],
    ]) {
      const run = await runCli(args);
      expect(run.code).toBe(2);
      expect(run.lines).toEqual(['✗ --database-url given twice; give it once']);
      expect(run.stderr).toBe('');
      for (const secret of ['Tw1ce', 'db.invalid', db.name]) expect(run.stdout).not.toContain(secret);
    }
    expect(await tableExists(db, 'schema_migrations')).toBe(false);
  });
});
