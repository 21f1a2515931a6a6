import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { stateOf, type TestDatabase } from '../helpers/database.js';
import { itWithDatabase as it } from '../helpers/test-database.js';
import { runAction, runCli, workflowCommands, type RunOutcome } from '../helpers/run.js';

/**
 * `COPY … FROM STDIN` and `COPY … TO STDOUT` switch the connection to the copy sub-protocol, to
 * take rows from the client or hand rows to it: a migration file can do neither. golang-migrate
 * (the oForum server) fails on both and leaves the database dirty; this tool refuses such a file
 * when the set is loaded, naming it, before anything is applied: exit 2, one line, the database
 * as it was. A COPY from or to a file on the server stays a migration like any other.
 */

const directories: string[] = [];
afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

function dir(files: Record<string, string>): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'omt-copy-'));
  directories.push(directory);
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(directory, name), content);
  return directory;
}

/** Every relation outside the system schemas: what a refused run may not change. */
async function relations(db: TestDatabase): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `SELECT n.nspname || '.' || c.relname AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
      ORDER BY 1`,
  );
  return rows.map((row) => row.name);
}

function expectRefused(run: RunOutcome, line: string): void {
  expect(run.signal).toBeNull();
  expect(run.code, run.stdout + run.stderr).toBe(2);
  const failures = run.lines.filter((text) => text.startsWith('✗'));
  expect(failures, run.stdout).toEqual([line]);
  expect(run.lines.at(-1)).toBe(line);
  expect(run.stderr).toBe('');
  expect(run.stdout).not.toMatch(/unexpected message type|connection lost|Internal error|^ {4}at /m);
}

const FROM_STDIN = (at: string): string =>
  `✗ ${at}: COPY … FROM STDIN needs data sent by the client, which a migration file cannot carry; golang-migrate fails on it too, leaving the database dirty: use INSERT, or COPY FROM a file on the database server`;
const TO_STDOUT = (at: string): string =>
  `✗ ${at}: COPY … TO STDOUT sends its rows to the client, which a migration has nowhere to put; golang-migrate fails on it too, leaving the database dirty: remove it, or COPY TO a file on the database server`;

describe.concurrent('a migration that copies from or to the client is refused before anything runs', () => {
  it('refuses COPY … FROM STDIN in the action: exit 2, one line naming the file, line and column, nothing applied', async ({ db }) => {
    const directory = dir({
      '1_t.up.sql': 'CREATE TABLE t (a int, b text);\n',
      '2_load.up.sql':
        'INSERT INTO t VALUES (0, $$COPY t FROM STDIN$$);\n-- rows follow\nCOPY t (a, b)\n  FROM stdin WITH (FORMAT csv);\n1,x\n\\.\n',
      '3_more.up.sql': 'CREATE TABLE u (a int);\n',
    });
    const before = await relations(db);
    const run = await runAction({ 'database-url': db.url, 'migrations-path': directory });
    expectRefused(run, FROM_STDIN(`${directory}/2_load.up.sql:4:8`));
    expect(workflowCommands(run.stdout, 'error')).toHaveLength(1);
    expect(run.outputs).toMatchObject({ status: 'failed', applied: '[]' });
    expect(await relations(db)).toEqual(before);
  });

  it('refuses COPY (query) TO STDOUT from the command line, for check and plan too', async ({ db }) => {
    const directory = dir({
      '1_t.up.sql': 'CREATE TABLE t (a int);\n',
      '2_dump.up.sql': 'CREATE INDEX CONCURRENTLY t_a ON t (a);\ncopy/* the count */(SELECT count(*) FROM t) to\n\tSTDOUT;\n',
    });
    const before = await relations(db);
    for (const command of ['up', 'check', 'plan']) {
      const run = await runCli([command, '--migrations-path', directory, '--database-url', db.url]);
      expectRefused(run, TO_STDOUT(`${directory}/2_dump.up.sql:3:2`));
    }
    expect(await relations(db)).toEqual(before);
  });

  it('refuses it on a migrated database too, leaving its version as it was', async ({ db }) => {
    const migrated = dir({ '1_t.up.sql': 'CREATE TABLE t (a int);\n' });
    expect((await runAction({ 'database-url': db.url, 'migrations-path': migrated })).code).toBe(0);
    const before = await relations(db);
    const directory = dir({ '1_t.up.sql': 'CREATE TABLE t (a int);\n', '2_load.up.sql': 'COPY t FROM STDIN;\n' });
    const run = await runAction({ 'database-url': db.url, 'migrations-path': directory });
    expectRefused(run, FROM_STDIN(`${directory}/2_load.up.sql:1:13`));
    expect(await stateOf(db)).toEqual({ version: 1, dirty: false });
    expect(await relations(db)).toEqual(before);
    expect(await db.query('SELECT count(*)::int AS n FROM t')).toEqual([{ n: 0 }]);
  });

  it('applies COPY from and to a file on the server, and COPY … FROM STDIN in a function body', async ({ db }) => {
    const directory = dir({
      '1_t.up.sql': 'CREATE TABLE t (a int);\n',
      '2_files.up.sql': "COPY t FROM '/dev/null';\nCOPY (SELECT 1) TO '/dev/null' WITH (FORMAT csv);\nCOPY t TO '/dev/null';\n",
      '3_function.up.sql': 'CREATE FUNCTION load_t() RETURNS void LANGUAGE plpgsql AS $$\nBEGIN\n  COPY t FROM STDIN;\nEND\n$$;\n',
    });
    const run = await runAction({ 'database-url': db.url, 'migrations-path': directory });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs).toMatchObject({ status: 'applied', applied: '[1,2,3]' });
    expect(await stateOf(db)).toEqual({ version: 3, dirty: false });
  });
});
