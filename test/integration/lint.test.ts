import { execFile } from 'node:child_process';
import { cpSync, copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, stateOf, tableExists, type TestDatabase } from '../helpers/database.js';
import { fixture, ROOT, runAction, runCli, workflowCommands } from '../helpers/run.js';

const OUTAGE = fixture('lint-outage');
const OUTAGE_PATH = 'test/fixtures/migrations/lint-outage';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

/** A temporary directory holding version 1 of lint-outage (its up and down). */
function versionOneFiles(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'omt-lint-'));
  for (const file of readdirSync(OUTAGE).filter((name) => name.startsWith('000001_')))
    copyFileSync(path.join(OUTAGE, file), path.join(dir, file));
  return dir;
}

/** The database at version 1 of lint-outage, `items` holding `rows` rows. */
async function atVersionOne(rows: number): Promise<void> {
  const dir = versionOneFiles();
  try {
    expect((await runAction({ 'database-url': db.url, 'migrations-path': dir })).code).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (rows > 0) await db.query(`INSERT INTO items (name) SELECT 'item ' || g FROM generate_series(1, ${rows}) g; ANALYZE items`);
}

describe('lint without a database', () => {
  it('lints every up and down of the set and fails at level error, the default of the lint command', async () => {
    const run = await runCli(['lint', '--migrations-path', OUTAGE]);
    expect(run.code).toBe(1);
    expect(run.lines[0]).toBe('⟳ Linting migrations...');
    expect(run.lines.at(-1)).toBe(
      `✗ Lint failed: 3 lint findings (lint is error), first create-index-blocks-writes at ${OUTAGE_PATH}/000002_index_items_name.up.sql:2:1`,
    );
    expect(run.stdout).toContain(`${OUTAGE_PATH}/000001_create_items.down.sql:1:1 down-drops-data: DROP TABLE items destroys every row`);
    expect(run.stderr).toBe('');
  });

  it('in the action: warning annotations on the file, line and column, the lint output, status linted', async () => {
    const run = await runAction({ command: 'lint', 'migrations-path': OUTAGE, lint: 'warn' });
    expect(run.code).toBe(0);
    expect(run.lines.at(-1)).toBe('✓ Lint: 3 warnings in 6 files');
    const [first] = workflowCommands(run.stdout, 'warning');
    expect(first).toEqual({
      properties: { title: 'lint: create-index-blocks-writes', file: `${OUTAGE_PATH}/000002_index_items_name.up.sql`, line: '2', col: '1' },
      message:
        'CREATE INDEX items_name_idx on items (created by 000001_create_items.up.sql) blocks writes while it builds: use CREATE INDEX CONCURRENTLY in a file of its own',
    });
    expect(run.outputs.status).toBe('linted');
    expect(JSON.parse(run.outputs.lint!)).toHaveLength(3);
    expect(JSON.parse(run.outputs.lint!)[0]).toMatchObject({ version: 2, line: 2, rule: 'create-index-blocks-writes' });
    expect(run.summary).toContain('<strong>Lint: 3 findings in 6 files</strong>');
  });

  it('passes on the embedded oForum migrations, listing what they ignore and why', async () => {
    const run = await runAction({ command: 'lint' });
    expect(run.code).toBe(0);
    expect(run.lines.at(-1)).toMatch(/^✓ Lint: no findings in \d+ files, \d+ ignored$/);
    expect(workflowCommands(run.stdout, 'warning')).toEqual([]);
    expect(run.summary).toContain('ignored by oforum-migrate:ignore comments, with their reasons');
    expect(run.summary).toContain('CONCURRENTLY would need eight files');
  });

  it('loads its parser from the bundle alone: a copy of dist/ outside the repository', async () => {
    const copy = mkdtempSync(path.join(tmpdir(), 'omt-dist-'));
    try {
      cpSync(path.join(ROOT, 'dist'), copy, { recursive: true });
      expect(readdirSync(path.join(copy, 'run'))).toContain('libpg-query.wasm');
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [path.join(copy, 'index.js'), 'lint', '--lint', 'warn', '--migrations-path', OUTAGE],
        {
          cwd: copy,
          env: { PATH: process.env.PATH },
        },
      );
      expect(stdout).toContain('✓ Lint: 3 warnings in 6 files');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('refuses a lint level it does not know', async () => {
    const run = await runCli(['check', '--lint', 'loud'], { DATABASE_URL: db.url });
    expect(run.code).toBe(2);
    expect(run.lines.at(-1)).toBe('✗ lint must be off, warn or error, not "loud"');
  });
});

describe('check, plan and up lint the pending migrations against the database', () => {
  it('check grades a finding by the rows of the table, and shows reviewers the SQL of each pending migration, escaped', async () => {
    await atVersionOne(3000);
    const run = await runAction({ 'database-url': db.url, command: 'check', 'migrations-path': OUTAGE });
    expect(run.code).toBe(0);
    expect(run.lines.at(-1)).toBe('✓ Safe to migrate: 2 migrations pending');
    const warnings = workflowCommands(run.stdout, 'warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(
      /^CREATE INDEX items_name_idx on public\.items \(~3 k rows, \d+ kB\) blocks writes while it builds/,
    );
    expect(JSON.parse(run.outputs.lint!)).toMatchObject([{ version: 2, rule: 'create-index-blocks-writes' }]);
    expect(run.summary).toContain('<strong>Lint: 1 finding in 2 files, graded by the database</strong>');
    expect(run.summary).toContain('<details><summary>⚠️ 2 index_items_name: the SQL that runs');
    expect(run.summary).toContain(
      '<pre>-- &lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; **bold**&#10;&#10;&#10;ALTER TABLE items ADD COLUMN note text;&#10;</pre>',
    );
    expect(run.summary).not.toContain('<script>');
  });

  it('finds nothing to say about an empty table', async () => {
    await atVersionOne(0);
    const run = await runAction({ 'database-url': db.url, command: 'check', 'migrations-path': OUTAGE });
    expect(run.code).toBe(0);
    expect(workflowCommands(run.stdout, 'warning')).toEqual([]);
    expect(run.outputs.lint).toBe('[]');
    expect(run.summary).toContain('<strong>Lint: no findings in 2 files, graded by the database</strong>');
  });

  it('check with lint error fails the gate', async () => {
    await atVersionOne(3000);
    const run = await runAction({ 'database-url': db.url, command: 'check', 'migrations-path': OUTAGE, lint: 'error' });
    expect(run.code).toBe(1);
    expect(run.lines.at(-1)).toMatch(/^✗ Lint failed: 1 lint finding \(lint is error\), first create-index-blocks-writes at /);
    expect(workflowCommands(run.stdout, 'error')[0]?.properties).toMatchObject({
      title: 'lint: create-index-blocks-writes',
      line: '2',
      col: '1',
    });
    expect(run.outputs.status).toBe('failed');
  });

  it('up with lint error applies nothing', async () => {
    await atVersionOne(3000);
    const run = await runAction({ 'database-url': db.url, 'migrations-path': OUTAGE, lint: 'error' });
    expect(run.code).toBe(1);
    expect(run.outputs.applied).toBe('[]');
    expect(await stateOf(db)).toEqual({ version: 1, dirty: false });
    expect(await tableExists(db, 'items_name_idx')).toBe(false);
  });

  it('up at the default level lints while it migrates, grading by the tables as they were before the first migration', async () => {
    await atVersionOne(3000);
    const dir = versionOneFiles();
    // the table is emptied by the first pending migration: read after it, the index would be on an empty table
    writeFileSync(path.join(dir, '000002_empty.up.sql'), 'TRUNCATE items;\n');
    writeFileSync(path.join(dir, '000003_index.up.sql'), 'CREATE INDEX items_name_idx ON items (name);\n');
    const run = await runAction({ 'database-url': db.url, 'migrations-path': dir });
    expect(run.code).toBe(0);
    expect(run.outputs.applied).toBe('[2,3]');
    const warnings = workflowCommands(run.stdout, 'warning');
    expect(warnings.map((warning) => warning.message)).toEqual([
      expect.stringMatching(/^CREATE INDEX items_name_idx on public\.items \(~3 k rows/),
    ]);
    expect(JSON.parse(run.outputs.lint!)).toMatchObject([{ version: 3, rule: 'create-index-blocks-writes' }]);
  });

  it('up goes on when the catalog read waits too long on a lock the application holds, and says its findings are not graded', async () => {
    await atVersionOne(3000);
    const dir = versionOneFiles();
    // `items` is a name the catalog is asked about (here a column alias), and the view needs no lock on the table
    writeFileSync(path.join(dir, '000002_view.up.sql'), 'CREATE VIEW item_count AS SELECT 1 AS items;\n');
    const holder = await db.client();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE items IN ACCESS EXCLUSIVE MODE');
      const run = await runAction({ 'database-url': db.url, 'migrations-path': dir });
      expect(run.code).toBe(0);
      expect(run.outputs.applied).toBe('[2]');
      expect(JSON.parse(run.outputs.warnings!)).toEqual([
        expect.stringMatching(/^lint could not read the sizes of the tables \(.*lock timeout.*\): its findings are not graded by them$/),
      ]);
      expect(run.outputs.lint).toBe('[]');
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    expect(await stateOf(db)).toEqual({ version: 2, dirty: false });
  });

  it('up on a fresh database: tables created by the pending migrations themselves are new, nothing to find', async () => {
    const run = await runAction({ 'database-url': db.url, 'migrations-path': OUTAGE, lint: 'error' });
    expect(run.code).toBe(0);
    expect(run.outputs.applied).toBe('[1,2,3]');
    expect(run.outputs.lint).toBe('[]');
  });

  it('plan shows the SQL it tried with its findings, and lint off keeps the SQL without findings', async () => {
    await atVersionOne(3000);
    const planned = await runAction({ 'database-url': db.url, command: 'plan', 'migrations-path': OUTAGE });
    expect(planned.code).toBe(0);
    expect(planned.summary).toContain('<li>line 2: <code>create-index-blocks-writes</code> CREATE INDEX items_name_idx on public.items');
    const quiet = await runAction({ 'database-url': db.url, command: 'plan', 'migrations-path': OUTAGE, lint: 'off' });
    expect(quiet.code).toBe(0);
    expect(workflowCommands(quiet.stdout, 'warning')).toEqual([]);
    expect(quiet.summary).not.toContain('Lint:');
    expect(quiet.summary).toContain('<details><summary>2 index_items_name: the SQL that runs');
  });

  it('lint with a database lints only the pending migrations', async () => {
    await atVersionOne(3000);
    const run = await runCli(['lint', '--migrations-path', OUTAGE, '--json'], { DATABASE_URL: db.url });
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(json.status).toBe('failed');
    expect(json.pending).toEqual([2, 3]);
    expect(json.lint).toMatchObject([{ version: 2, rule: 'create-index-blocks-writes' }]);
  });
});

describe('lint graded by the database: what PostgreSQL 15 does, measured', () => {
  /** A directory of migrations, one file each, versions 1, 2, … */
  function migrations(...files: string[]): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'omt-lint-'));
    files.forEach((sql, index) => writeFileSync(path.join(dir, `${String(index + 1).padStart(6, '0')}_m.up.sql`), sql));
    return dir;
  }

  /** `lint` with the database: the rules of the findings, in order. */
  async function lintRules(dir: string): Promise<string[]> {
    try {
      const run = await runCli(['lint', '--lint', 'warn', '--migrations-path', dir, '--json'], { DATABASE_URL: db.url });
      expect(run.code, run.stderr).toBe(0);
      return (JSON.parse(run.stdout).lint as { version: number; rule: string }[]).map((finding) => `${finding.version}#${finding.rule}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  beforeEach(async () => {
    await db.query(`CREATE TABLE posts (id bigint PRIMARY KEY, title varchar(20), body text, n int, tags varchar(10)[], labels text[],
        at timestamp(3), span interval(2), starts time(2), CONSTRAINT posts_body_check CHECK (body IS NOT NULL AND n > 0));
      INSERT INTO posts SELECT g, 't', 'b', 1, '{a}', '{a}', now(), '1 s', '10:00' FROM generate_series(1, 3000) g;
      CREATE UNIQUE INDEX posts_n_key ON posts (n, id);
      CREATE TABLE events (id bigint NOT NULL) PARTITION BY RANGE (id);
      CREATE TABLE events_1 (id bigint NOT NULL);
      INSERT INTO events_1 SELECT generate_series(1, 100);
      ANALYZE posts, events_1`);
  });

  it('CREATE TABLE IF NOT EXISTS of a table the database holds does not silence what follows', async () => {
    const dir = migrations(
      'CREATE TABLE IF NOT EXISTS posts (id bigint PRIMARY KEY);\nCREATE INDEX posts_title_idx ON posts (title);\nALTER TABLE posts ADD COLUMN r float8 DEFAULT random();\nALTER TABLE posts ALTER COLUMN title SET NOT NULL;\n',
      'CREATE TABLE IF NOT EXISTS fresh (id bigint);\nCREATE INDEX ON fresh (id);\n',
    );
    expect(await lintRules(dir)).toEqual(['1#create-index-blocks-writes', '1#volatile-default-rewrites', '1#set-not-null-scans']);
  });

  it('lints deeply nested expressions PostgreSQL accepts, and up --lint error applies them', async () => {
    const nested = `${'abs('.repeat(1500)}1${')'.repeat(1500)}`;
    const chain = Array.from({ length: 3000 }, () => "'x'").join(' || ');
    const files = [`ALTER TABLE posts ADD COLUMN c int DEFAULT ${nested};\n`, `UPDATE posts SET body = ${chain} WHERE id = 1;\n`];
    expect(await lintRules(migrations(...files))).toEqual([]);
    const dir = migrations(...files);
    try {
      const run = await runAction({ 'database-url': db.url, 'migrations-path': dir, lint: 'error' });
      expect(run.code, run.stdout).toBe(0);
      expect(run.outputs.applied).toBe('[1,2]');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds nothing in what neither rewrites nor scans', async () => {
    const dir = migrations(
      [
        'CREATE INDEX events_id_idx ON ONLY events (id);',
        'ALTER TABLE posts ALTER COLUMN id SET NOT NULL;',
        'ALTER TABLE posts ALTER COLUMN body SET NOT NULL;',
        'ALTER TABLE posts ALTER COLUMN at TYPE timestamp(6), ALTER COLUMN span TYPE interval(4), ALTER COLUMN starts TYPE time(4);',
        'ALTER TABLE posts ALTER COLUMN title TYPE varchar(50) USING title;',
        'CREATE MATERIALIZED VIEW post_ids AS SELECT id FROM posts;',
        'CREATE UNIQUE INDEX post_ids_id ON post_ids (id);',
        '',
      ].join('\n'),
      'VACUUM (FULL false) posts;\n',
    );
    expect(await lintRules(dir)).toEqual([]);
  });

  it('finds what takes ACCESS EXCLUSIVE and rewrites or scans', async () => {
    const dir = migrations(
      [
        'ALTER TABLE posts ADD CONSTRAINT posts_no_overlap EXCLUDE USING btree (title WITH =);',
        'ALTER TABLE posts ALTER COLUMN tags TYPE varchar(20)[], ALTER COLUMN labels TYPE varchar[];',
        'ALTER TABLE posts SET UNLOGGED;',
        'ALTER TABLE events ATTACH PARTITION events_1 FOR VALUES FROM (0) TO (1000);',
        '',
      ].join('\n'),
      'ALTER TABLE posts DROP CONSTRAINT posts_pkey, ADD CONSTRAINT posts_pkey PRIMARY KEY USING INDEX posts_n_key;\n',
      'ALTER TABLE posts SET SCHEMA archive;\n',
    );
    expect(await lintRules(dir)).toEqual([
      '1#unique-without-index',
      '1#column-type-rewrites',
      '1#column-type-rewrites',
      '1#table-rewrite-command',
      '1#constraint-not-valid',
      '2#set-not-null-scans',
      '3#rename-breaks-previous-release',
    ]);
  });
});
