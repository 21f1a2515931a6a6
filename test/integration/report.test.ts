import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { parseFragment } from 'parse5';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { ROOT, runAction, type RunOutcome } from '../helpers/run.js';
import { givenCommands, readAsRunner } from '../helpers/runner-commands.js';

/** Every input action.yml declares, with its default: what the runner passes for a step. */
const DEFAULTS = Object.fromEntries(
  Object.entries(
    (parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> }).inputs,
  ).map(([name, input]) => [name, input.default ?? '']),
);

function step(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}): Promise<RunOutcome> {
  return runAction({ ...DEFAULTS, ...inputs }, env);
}

let db: TestDatabase;
let dir: string;
beforeEach(async () => {
  db = await createTestDatabase();
  dir = mkdtempSync(path.join(tmpdir(), 'omt-report-'));
});
afterEach(async () => {
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
});

function migrations(files: Record<string, string>): string {
  const where = path.join(dir, 'migrations');
  mkdirSync(where, { recursive: true });
  for (const [name, sql] of Object.entries(files)) writeFileSync(path.join(where, name), sql);
  return where;
}

/** The runner carried out the given commands only (masks and stop-commands guards aside). */
function commandNames(run: RunOutcome): string[] {
  return givenCommands(readAsRunner(run.stdout))
    .map((command) => command.name)
    .filter((name) => name !== 'add-mask');
}

function renderedElements(markdown: string): string[] {
  const html = micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
  const found: string[] = [];
  const walk = (node: { tagName?: string; childNodes?: unknown[] }): void => {
    if (node.tagName) found.push(node.tagName);
    for (const child of node.childNodes ?? []) walk(child as typeof node);
  };
  walk(parseFragment(html) as unknown as { childNodes: unknown[] });
  return found;
}

describe('row values quoted by PostgreSQL never command the runner', () => {
  it('a value in a cast error and a key in a duplicate error', async () => {
    await db.query(`CREATE TABLE users (name text, age text)`);
    await db.query(`INSERT INTO users VALUES ($1, '##[warning]INJECTED'), ($2, '1'), ($2, '2')`, [
      'alice',
      'eve\r::warning::INJECTED\n::error::INJECTED',
    ]);
    const cast = await step({
      'database-url': db.url,
      'migrations-path': migrations({ '1_age_int.up.sql': 'ALTER TABLE users ALTER COLUMN age TYPE int USING age::int;\n' }),
      // The rewrite of users is a lint finding of its own (a warning): this test is about the error's text.
      lint: 'off',
    });
    expect(cast.code).toBe(1);
    expect(cast.stdout).toContain('invalid input syntax for type integer: "##[warning]INJECTED"');
    expect(commandNames(cast)).toEqual(['error']);

    rmSync(path.join(dir, 'migrations'), { recursive: true });
    const unique = await step({
      'database-url': db.url,
      'migrations-path': migrations({ '1_unique_names.up.sql': 'CREATE UNIQUE INDEX users_name ON users (name);\n' }),
      lint: 'off', // the index on a table with rows is a lint finding of its own
    });
    expect(unique.code).toBe(1);
    const reading = readAsRunner(unique.stdout);
    expect(commandNames(unique)).toEqual(['error']);
    // The server's detail is printed line by line; the lone \r shows as ␍.
    expect(reading.lines).toContain('  Key (name)=(eve␍::warning::INJECTED');
    expect(reading.lines).toContain('  ::error::INJECTED) is duplicated.');
  });
});

describe('file names and SQL lines never command the runner', () => {
  it('a file name with ##[ and a carriage return, and a SQL line with a lone \\r', async () => {
    // a name with a newline is no migration (Go's `.` does not match it), one with a \r is
    const name = '1_x##[warning]INJECTED\r::error::INJECTED.up.sql';
    const run = await step(
      { 'database-url': db.url, 'migrations-path': migrations({ [name]: "SELECT 1;\nSELECT 'a'::int;\r::warning::INJECTED\n" }) },
      { GITHUB_WORKSPACE: dir },
    );
    expect(run.code).toBe(1);
    const reading = readAsRunner(run.stdout);
    expect(commandNames(run)).toEqual(['error']);
    expect(reading.lines.some((line) => line.includes("SELECT 'a'::int;␍::warning::INJECTED"))).toBe(true);
    expect(reading.lines.some((line) => line.includes('x##[warning]INJECTED␍::error::INJECTED.up.sql'))).toBe(true);
    // The annotation points at the real file: the runner unescapes its name to the one on disk.
    expect(givenCommands(reading).find((command) => command.name === 'error')?.properties.file).toBe(`migrations/${name}`);
  });
});

describe('drift', () => {
  it('lists hostile object names as inert text: a warning per difference, and a summary with no markup from them', async () => {
    const set = migrations({ '1_posts.up.sql': 'CREATE TABLE posts (id int);\n', '1_posts.down.sql': 'DROP TABLE posts;\n' });
    expect((await step({ 'database-url': db.url, 'migrations-path': set })).code).toBe(0);
    const names = ['evil\n\n![x](https://e.invalid/x.png) ##[warning]INJECTED', '</pre></details>\n::error::INJECTED <img src=x>'];
    for (const name of names) await db.query(`CREATE INDEX "${name.replace(/"/g, '""')}" ON posts (id)`);
    const run = await step({ 'database-url': db.url, 'migrations-path': set, command: 'check', drift: 'true' });
    expect(run.code).toBe(0);
    expect(commandNames(run)).toEqual(['warning', 'warning']);
    expect(run.outputs.result).toBe('warning');
    expect(run.summary).toContain('⚠️ Already up to date, with schema drift (2 differences)');
    const tags = renderedElements(run.summary);
    expect(tags.filter((tag) => ['img', 'a', 'h1', 'em', 'strong', 'pre', 'details'].includes(tag))).toEqual(['strong', 'pre', 'details']);

    const failing = await step({ 'database-url': db.url, 'migrations-path': set, command: 'check', 'fail-on-drift': 'true' });
    expect(failing.code).toBe(1);
    expect(commandNames(failing)).toEqual(['error']);
    const listed = readAsRunner(failing.stdout).lines.filter((line) => line.includes('only in the database'));
    expect(listed).toHaveLength(2);
  });
});

describe('the runner’s files', () => {
  it.each([
    ['GITHUB_OUTPUT', 'the outputs'],
    ['GITHUB_STEP_SUMMARY', 'the job summary'],
  ])('an unwritable $%s: one clear line and exit 1, no stack trace', async (variable, what) => {
    const run = await step({ 'database-url': db.url, 'migrations-path': migrations({ '1_a.up.sql': 'SELECT 1;\n' }) }, { [variable]: dir });
    expect(run.code).toBe(1);
    expect(run.lines.at(-1)).toBe(`✗ Cannot write ${what} to $${variable} (${dir}): it is a directory`);
    expect(run.lines).toContain('✓ Migrations applied');
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toMatch(/^\s+at /m);
  });
});

describe('connection noise', () => {
  it('one line when the wait starts, not one per attempt', async () => {
    const run = await step({ 'database-url': 'postgres://postgres@127.0.0.1:1/none', 'connect-timeout': '3' });
    expect(run.code).toBe(1);
    expect(run.lines.filter((line) => line.includes('waiting for the database'))).toEqual([
      '  waiting for the database (connection refused (127.0.0.1:1)); trying for up to 3 s',
    ]);
    expect(run.summary).toContain('❌ Could not connect to the database');
  });

  it('a configuration error names the command that was asked', async () => {
    const run = await step({ 'database-url': '', command: 'check' });
    expect(run.code).toBe(2);
    expect(run.summary).toMatch(/^<h3>oForum migrations \(check\): ❌ Configuration error<\/h3>/);
    expect(run.summary).not.toContain('<code></code>');
  });
});

describe('secrets written to the runner', () => {
  it('registers a password holding a line break as one escaped mask', async () => {
    const run = await step({ 'database-url': 'postgres://postgres:pa%0Ass@127.0.0.1:1/none', 'connect-timeout': '1' });
    const reading = readAsRunner(run.stdout);
    const masks = givenCommands(reading).filter((command) => command.name === 'add-mask');
    expect(masks.map((mask) => mask.data)).toContain('pa\nss');
    expect(reading.lines.some((line) => /(^|\W)ss\W/.test(line))).toBe(false);
    expect(run.stdout.split(/\r?\n/)[0]).toMatch(/^::add-mask::/);
  });
});
