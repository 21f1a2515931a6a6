import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, stateOf, tableExists, type TestDatabase } from '../helpers/database.js';
import { fixture, runAction, workflowCommands } from '../helpers/run.js';
import { givenCommands, readAsRunner } from '../helpers/runner-commands.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

describe('a migration that fails', () => {
  it('rolls back with its version row, leaving the previous clean version, and points at the line after a $$ body', async () => {
    const run = await runAction({ 'database-url': db.url, 'migrations-path': fixture('failing-after-dollar') });
    expect(run.code).toBe(1);
    expect(run.lines[0]).toBe('⟳ Running migrations...');
    expect(run.lines.at(-1)).toBe('✗ Migration failed: syntax error at or near "CREAT"');
    expect(run.stdout).toContain('failed at test/fixtures/migrations/failing-after-dollar/000002_broken_after_function.up.sql:11:1');
    expect(run.outputs).toMatchObject({
      status: 'failed',
      'previous-version': '',
      version: '1',
      applied: '[1]',
      pending: '[2]',
      dirty: 'false',
    });
    // Nothing of migration 2 remains: not the table before the error, not the function.
    expect(await stateOf(db)).toEqual({ version: 1, dirty: false });
    expect(await tableExists(db, 'audit')).toBe(false);
    const [annotation] = workflowCommands(run.stdout, 'error');
    expect(annotation?.properties).toEqual({
      title: 'Migration 2 broken_after_function failed',
      file: 'test/fixtures/migrations/failing-after-dollar/000002_broken_after_function.up.sql',
      line: '11',
      col: '1',
    });
    expect(annotation?.message).toContain('syntax error at or near "CREAT"');
    expect(run.summary).toContain('000002_broken_after_function.up.sql:11:1');
    expect(run.summary).toContain('&gt; 11 | CREAT TABLE broken (id int);');
  });

  it('points at the failing statement when PostgreSQL gives no position', async () => {
    const run = await runAction({ 'database-url': db.url, 'migrations-path': fixture('failing-constraint') });
    expect(run.code).toBe(1);
    expect(run.lines.at(-1)).toBe('✗ Migration failed: duplicate key value violates unique constraint "items_name_key"');
    const [annotation] = workflowCommands(run.stdout, 'error');
    expect(annotation?.properties).toMatchObject({ line: '3', col: '1' });
    expect(run.stdout).toContain('Key (name)=(one) already exists.');
    expect(await stateOf(db)).toEqual({ version: 1, dirty: false });
    expect(await db.query('SELECT * FROM items')).toEqual([]);
  });

  // The server's position falls past the file when its last statement is unfinished: the parser
  // reads on into the ';' after it (or, from an unfinished BEGIN ATOMIC, to the message's end).
  it.each([
    ['an unfinished statement', 'CREATE TABLE posts (id int);\nCREATE TABLE tags (\n  id int,\n  name text\n', 4, 12],
    ['an unfinished expression', 'SELECT 1;\nSELECT 2 +', 2, 11],
    ['an unfinished BEGIN ATOMIC body', 'CREATE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n', 3, 12],
  ])('%s: "at end of input", at the end of the file, as psql says', async (_name, sql, line, column) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'omt-end-'));
    writeFileSync(path.join(dir, '1_unfinished.up.sql'), sql);
    const run = await runAction({ 'database-url': db.url, 'migrations-path': dir });
    expect(run.code).toBe(1);
    expect(run.lines.at(-1)).toBe('✗ Migration failed: syntax error at end of input');
    expect(run.stdout).toMatch(new RegExp(`1 unfinished failed at \\S*1_unfinished\\.up\\.sql:${line}:${column}\\n`));
    const [annotation] = workflowCommands(run.stdout, 'error');
    expect(annotation?.properties).toMatchObject({ line: String(line), col: String(column) });
    // the first migration's transaction made the state table: it rolled back with it
    expect(await tableExists(db, 'schema_migrations')).toBe(false);
  });

  // A SQL_ASCII database takes each byte of the UTF-8 text for a character: its positions count bytes.
  it.each([
    ['in one transaction', '-- éééééééééé 😀\nSELECT 1 AS x FRM y;\n-- padding padding padding\n', 2, 15],
    ['statement by statement', "CREATE TABLE t (id int);\nCREATE INDEX CONCURRENTLY t_i ON t (id);\nSELECT 'é😀' AS x FRM y;\n", 3, 18],
  ])('points at the right line and column in a SQL_ASCII database too: %s', async (_name, sql, line, column) => {
    const ascii = await createTestDatabase({ encoding: 'SQL_ASCII' });
    try {
      const dir = mkdtempSync(path.join(tmpdir(), 'omt-ascii-'));
      writeFileSync(path.join(dir, '1_ascii.up.sql'), sql);
      const run = await runAction({ 'database-url': ascii.url, 'migrations-path': dir });
      expect(run.code).toBe(1);
      expect(run.lines.at(-1)).toBe('✗ Migration failed: syntax error at or near "FRM"');
      expect(run.stdout).toMatch(new RegExp(`1 ascii failed at \\S*1_ascii\\.up\\.sql:${line}:${column}\\n`));
    } finally {
      await ascii.drop();
    }
  });

  it('a deferred constraint failing at COMMIT names the migration and the end of its file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'omt-deferred-'));
    writeFileSync(path.join(dir, '1_a.up.sql'), 'CREATE TABLE a (id int);\n');
    writeFileSync(
      path.join(dir, '2_b.up.sql'),
      'CREATE TABLE d (a int UNIQUE DEFERRABLE INITIALLY DEFERRED);\nINSERT INTO d VALUES (1);\nINSERT INTO d VALUES (1);\n',
    );
    writeFileSync(path.join(dir, '3_c.up.sql'), 'CREATE TABLE c (id int);\n');
    const run = await runAction({ 'database-url': db.url, 'migrations-path': dir });
    expect(run.code).toBe(1);
    expect(run.lines.at(-1)).toMatch(
      /^✗ Migration failed: duplicate key value violates unique constraint "d_a_key" \(when the migration's transaction committed/,
    );
    expect(run.stdout).toMatch(/2 b failed at .*2_b\.up\.sql:3:26/);
    const [annotation] = workflowCommands(run.stdout, 'error');
    expect(annotation?.properties).toMatchObject({ title: 'Migration 2 b failed', line: '3' });
    expect(await stateOf(db)).toEqual({ version: 1, dirty: false });
    expect(await tableExists(db, 'c')).toBe(false);
  });

  it('a rerun after fixing the file applies it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'omt-fix-'));
    writeFileSync(path.join(dir, '1_t.up.sql'), 'CREATE TABLE t (id int);\nCREAT INDEX;');
    expect((await runAction({ 'database-url': db.url, 'migrations-path': dir })).code).toBe(1);
    expect(await tableExists(db, 'schema_migrations')).toBe(false);
    writeFileSync(path.join(dir, '1_t.up.sql'), 'CREATE TABLE t (id int);\nCREATE INDEX ON t (id);');
    const run = await runAction({ 'database-url': db.url, 'migrations-path': dir });
    expect(run.code).toBe(0);
    expect(await stateOf(db)).toEqual({ version: 1, dirty: false });
  });

  it('escapes what comes from SQL files and the server in the summary and the annotation', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'omt-inject-'));
    const name = '000001_<img src=x onerror=alert(1)>_|pipe|_*bold*';
    writeFileSync(
      path.join(dir, `${name}.up.sql`),
      // The server's message quotes the literal, newline included: a workflow command after it.
      "-- <script>alert(1)</script> **not bold** [a link](https://example.invalid)\n\nSELECT '<img src=x onerror=alert(2)>\n::warning::injected'::int;\n",
    );
    const run = await runAction({ 'database-url': db.url, 'migrations-path': dir });
    expect(run.code).toBe(1);
    expect(run.summary).not.toMatch(/<img|<script/);
    expect(run.summary).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(run.summary).toContain('&lt;script&gt;');
    // No blank line inside the HTML, which would let Markdown resume.
    expect(run.summary.trimEnd()).not.toMatch(/\n\s*\n/);
    // One workflow command, the annotation, which carries the newline escaped: the injected
    // command never starts a line of its own.
    const commands = givenCommands(readAsRunner(run.stdout)).filter((command) => command.name !== 'add-mask');
    expect(commands.map((command) => command.name)).toEqual(['error']);
    const [annotation] = workflowCommands(run.stdout, 'error');
    expect(annotation?.message).toContain('"<img src=x onerror=alert(2)>\n::warning::injected"');
    expect(annotation?.properties.line).toBe('3');
  });
});
