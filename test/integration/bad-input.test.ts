import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { stateOf, tableExists, urlFor, withServer, type TestDatabase } from '../helpers/database.js';
import { itWithDatabase as it } from '../helpers/test-database.js';
import { BUNDLE, fixture, ROOT, runAction, runCli, workflowCommands, type RunOutcome } from '../helpers/run.js';
import { requires } from '../helpers/requirements.js';

/**
 * A catalogue of malformed inputs. Each one must end with the documented exit code and exactly
 * one line that starts with ✗ and says what is wrong, print no stack trace, and change nothing
 * that it should not. Odd files are written into temporary directories at test time: names
 * with characters such as <>|*: cannot be checked out on the Windows runners.
 *
 * The tests of each block run side by side (most of their time is spent waiting on the bundle
 * and the server), each on a database of its own that it is handed: `db` is the test's, never
 * a variable of the file.
 */

const roles: string[] = [];
afterAll(async () => {
  // The test databases, where the roles hold their grants, are dropped by then.
  await withServer(async (client) => {
    for (const role of roles) await client.query(`DROP ROLE IF EXISTS "${role}"`);
  });
});

type Expected = string | RegExp;

interface Case {
  name: string;
  /** `db`: the test's own database */
  run: (db: TestDatabase) => Promise<RunOutcome>;
  code: 1 | 2;
  line: Expected;
  /** what else must hold, beyond "the database is as it was" */
  then?: (run: RunOutcome, db: TestDatabase) => Promise<void> | void;
  /** prepared before the snapshot that the run must leave as it was */
  setup?: (db: TestDatabase) => Promise<void>;
}

const directories: string[] = [];
afterAll(() => {
  // Some hold 40 MB (one 600 MiB, sparse); one may have been left unreadable by a failed test.
  for (const directory of directories) {
    if (!existsSync(directory)) continue;
    chmodSync(directory, 0o755);
    rmSync(directory, { recursive: true, force: true });
  }
});

function dir(files: Record<string, string | Buffer> = {}): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'omt-bad-'));
  directories.push(directory);
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(directory, name), content);
  return directory;
}

const EXPECTED_URL =
  '(expected postgres://user:password@host:port/database; percent-encode special characters in the user name and password: every character but letters, digits and - . _ ~ as %XX, such as @ %40, : %3A, / %2F, ? %3F, # %23, % %25, space %20)';
// The contract's words first, then what to check.
const URL_REQUIRED = /^✗ DATABASE_URL is required: /;
const NOT_A_URL = (problem: string): string => `✗ database-url is not a valid URL: ${problem} ${EXPECTED_URL}`;
const BAD_PORT = NOT_A_URL('its port is not a number from 1 to 65535');
// The commands as the message lists them; more may join between check and force.
const COMMAND_LIST = String.raw`\(expected up, check, (?:[a-z]+, )*force\)`;
const SECONDS = (name: string, value: string): string => `✗ ${name} must be a number of seconds between 0 and 86400, not "${value}"`;

function expectOneFailure(run: RunOutcome, code: number, line: Expected): void {
  expect(run.signal).toBeNull();
  expect({ code: run.code, lines: run.lines }).toMatchObject({ code });
  const failures = run.lines.filter((text) => text.startsWith('✗'));
  expect(failures, run.stdout).toHaveLength(1);
  if (typeof line === 'string') expect(failures[0]).toBe(line);
  else expect(failures[0]).toMatch(line);
  // The failure is the last thing a person reads.
  expect(run.lines.at(-1)).toBe(failures[0]);
  expect(run.stderr).toBe('');
  for (const text of [run.stdout, run.summary]) expect(text).not.toMatch(/^ {4}at |Internal error/m);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function expectNowhere(run: RunOutcome, secret: string): void {
  const visible = [
    run.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n'),
    run.stderr,
    JSON.stringify(run.outputs),
    run.summary,
  ].join('\n');
  expect(visible).not.toContain(secret);
}

/** Every relation outside the system schemas and the state table's rows: what a run may not change. */
async function snapshot(target: TestDatabase): Promise<{ relations: string[]; state: unknown }> {
  const relations = await target.query<{ name: string }>(
    `SELECT n.nspname || '.' || c.relname || ' ' || c.relkind::text AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
      ORDER BY 1`,
  );
  const state = (await tableExists(target, 'schema_migrations')) ? await target.query('SELECT * FROM schema_migrations ORDER BY 1') : null;
  return { relations: relations.map((row) => row.name), state };
}

/** `mayCreateStateTable`: golang-migrate creates its (empty) state table before it reads a file. */
async function expectUnchanged(db: TestDatabase, before: Awaited<ReturnType<typeof snapshot>>, mayCreateStateTable = false): Promise<void> {
  const after = await snapshot(db);
  if (mayCreateStateTable && before.state === null && after.state !== null) {
    expect(after.state).toEqual([]);
    expect(after.relations.filter((name) => !/^public\.schema_migrations(_pkey)? /.test(name))).toEqual(before.relations);
    return;
  }
  expect(after).toEqual(before);
}

function runCatalogue(cases: Case[]): void {
  it.for(cases.map((c) => [c.name, c] as const))('%s', async ([, c], { db }) => {
    await c.setup?.(db);
    const before = await snapshot(db);
    const run = await c.run(db);
    expectOneFailure(run, c.code, c.line);
    await expectUnchanged(db, before);
    await c.then?.(run, db);
  });
}

describe.concurrent('bad database URLs: exit 2, one line, nothing touched', () => {
  const PASSWORD = 'Sup3r-s3cret-pw';
  runCatalogue([
    { name: 'an empty URL', run: () => runAction({ 'database-url': '' }), code: 2, line: URL_REQUIRED },
    { name: 'a URL of whitespace only', run: () => runAction({ 'database-url': ' \t ' }), code: 2, line: URL_REQUIRED },
    {
      name: 'DATABASE_URL of whitespace only (CLI)',
      run: () => runCli(['up'], { DATABASE_URL: '   ' }),
      code: 2,
      line: URL_REQUIRED,
    },
    {
      name: 'a mysql:// URL',
      run: () => runAction({ 'database-url': 'mysql://' }),
      code: 2,
      line: '✗ database-url must start with postgres:// or postgresql://, not mysql://',
    },
    {
      name: 'an unclosed IPv6 bracket',
      run: () => runAction({ 'database-url': 'postgres://postgres@[::1/db' }),
      code: 2,
      line: NOT_A_URL("its IPv6 host's [ is not closed by ]"),
    },
    {
      name: 'a port that is not a number',
      run: () => runAction({ 'database-url': 'postgres://postgres@127.0.0.1:abc/db' }),
      code: 2,
      line: BAD_PORT,
    },
    {
      name: 'a port above 65535',
      run: () => runAction({ 'database-url': 'postgres://postgres@127.0.0.1:65536/db' }),
      code: 2,
      line: BAD_PORT,
    },
    { name: 'port 0', run: () => runAction({ 'database-url': 'postgres://postgres@127.0.0.1:0/db' }), code: 2, line: BAD_PORT },
    {
      name: 'a broken percent-escape in the database name',
      run: () => runAction({ 'database-url': 'postgres://postgres@127.0.0.1/db%zz' }),
      code: 2,
      line: NOT_A_URL("its database name has a '%' that is not followed by two hex digits"),
    },
    {
      name: 'postgres:/// with no database',
      // The driver would otherwise take PGDATABASE: the URL alone must name the database.
      run: (db) => runAction({ 'database-url': 'postgres:///' }, { PGDATABASE: db.name, PGHOST: '127.0.0.1', PGUSER: 'postgres' }),
      code: 2,
      line: '✗ database-url names no database (expected postgres://user:password@host:port/database, or ?dbname=database)',
    },
    {
      name: 'an unknown sslmode',
      run: (db) => runCli(['check', '--database-url', `${db.url}?sslmode=bogus`]),
      code: 2,
      line: '✗ database-url has an unknown sslmode "bogus" (expected disable, allow, prefer, require, verify-ca, verify-full, no-verify)',
    },
    {
      name: 'a password in a URL of another scheme',
      run: () => runAction({ 'database-url': `mysql://root:${PASSWORD}@127.0.0.1:3306/db` }),
      code: 2,
      line: '✗ database-url must start with postgres:// or postgresql://, not mysql://',
      then: (run) => expectNowhere(run, PASSWORD),
    },
    {
      name: "a password with an unencoded '/' (its tail would read as the database name)",
      run: (db) => runAction({ 'database-url': `postgres://postgres:pa/${PASSWORD}@127.0.0.1/${db.name}` }),
      code: 2,
      line: `✗ database-url cannot be read unambiguously: an '@' follows the host, in the database name; ${EXPECTED_URL.slice(EXPECTED_URL.indexOf('percent-encode'), -1)}`,
      then: (run) => expectNowhere(run, PASSWORD),
    },
  ]);
});

describe.concurrent('bad flags and inputs: exit 2, one line, nothing touched', () => {
  runCatalogue([
    {
      name: 'an unknown flag',
      run: (db) => runCli(['up', '--bogus', '--database-url', db.url]),
      code: 2,
      line: "✗ Unknown option '--bogus' (see --help)",
    },
    {
      name: 'a flag missing its value at the end',
      run: (db) => runCli(['up', '--database-url', db.url, '--lock-timeout']),
      code: 2,
      line: "✗ Option '--lock-timeout <value>' argument missing (see --help)",
    },
    {
      name: 'a flag followed by another flag instead of its value',
      run: (db) => runCli(['up', '--connect-timeout', '--no-color', '--database-url', db.url]),
      code: 2,
      line: "✗ Option '--connect-timeout' argument missing (see --help)",
    },
    {
      name: '--lock-timeout -5',
      run: (db) => runCli(['up', '--lock-timeout', '-5', '--database-url', db.url]),
      code: 2,
      line: SECONDS('lock-timeout', '-5'),
    },
    {
      name: 'lock-timeout: abc',
      run: (db) => runAction({ 'database-url': db.url, 'lock-timeout': 'abc' }),
      code: 2,
      line: SECONDS('lock-timeout', 'abc'),
    },
    {
      name: 'connect-timeout: 1e9',
      run: (db) => runAction({ 'database-url': db.url, 'connect-timeout': '1e9' }),
      code: 2,
      line: SECONDS('connect-timeout', '1e9'),
    },
    {
      name: 'lock-timeout above a day',
      run: (db) => runAction({ 'database-url': db.url, 'lock-timeout': '86401' }),
      code: 2,
      line: SECONDS('lock-timeout', '86401'),
    },
    {
      name: 'fail-on-pending: yes',
      run: (db) => runAction({ 'database-url': db.url, command: 'check', 'fail-on-pending': 'yes' }),
      code: 2,
      line: '✗ fail-on-pending must be true or false, not "yes"',
    },
    {
      name: 'summary: maybe',
      run: (db) => runAction({ 'database-url': db.url, summary: 'maybe' }),
      code: 2,
      line: '✗ summary must be true or false, not "maybe"',
    },
    {
      name: 'command: sideways',
      run: (db) => runAction({ 'database-url': db.url, command: 'sideways' }),
      code: 2,
      line: new RegExp(`^✗ unknown command "sideways" ${COMMAND_LIST}$`),
      then: (run) => expect(run.outputs.status).toBe('failed'),
    },
    {
      name: 'command: force in the action without force-version',
      run: (db) => runAction({ 'database-url': db.url, command: 'force' }),
      code: 2,
      line: '✗ force needs the force-version input: the version to record as clean (-1: none)',
    },
    {
      name: 'force-version with another command',
      run: (db) => runAction({ 'database-url': db.url, command: 'up', 'force-version': '3' }),
      code: 2,
      line: '✗ force-version is for force only, not up',
    },
    {
      name: 'several bad inputs, reported together on one line',
      run: (db) => runAction({ 'database-url': db.url, command: 'sideways', 'lock-timeout': 'soon', summary: 'maybe' }),
      code: 2,
      line: new RegExp(
        `^✗ unknown command "sideways" ${COMMAND_LIST}; lock-timeout must be a number of seconds between 0 and 86400, not "soon"; summary must be true or false, not "maybe"$`,
      ),
    },
    {
      name: 'force without VERSION',
      run: (db) => runCli(['force', '--database-url', db.url]),
      code: 2,
      line: '✗ force needs a VERSION: oforum-migrate force VERSION',
    },
    {
      name: 'force abc',
      run: (db) => runCli(['force', 'abc', '--database-url', db.url]),
      code: 2,
      line: '✗ force VERSION must be a whole number or -1, not "abc"',
    },
    {
      name: 'force -2',
      run: (db) => runCli(['force', '-2', '--database-url', db.url]),
      code: 2,
      line: '✗ force VERSION must be a whole number or -1, not "-2"',
    },
    {
      name: 'force with a version beyond a safe integer',
      run: (db) => runCli(['force', '99999999999999999999', '--database-url', db.url]),
      code: 2,
      line: '✗ force VERSION must be a whole number or -1, not "99999999999999999999"',
    },
    {
      name: 'two commands',
      run: (db) => runCli(['up', 'check', '--database-url', db.url]),
      code: 2,
      line: '✗ two commands given: "up" and "check"',
    },
    {
      name: 'a command and a different --command',
      run: (db) => runCli(['up', '--command', 'check', '--database-url', db.url]),
      code: 2,
      line: '✗ two commands given: "up" and --command check',
    },
    {
      name: 'an extra positional',
      run: (db) => runCli(['check', 'now', '--database-url', db.url]),
      code: 2,
      line: '✗ unexpected argument "now"',
    },
    {
      name: 'an extra positional after force VERSION',
      run: (db) => runCli(['force', '3', 'now', '--database-url', db.url]),
      code: 2,
      line: '✗ unexpected argument "now" (see --help)',
    },
    {
      // 32 characters, 64 bytes: the limit is PostgreSQL's, in bytes.
      name: 'a migrations-table longer than 63 bytes',
      run: (db) => runAction({ 'database-url': db.url, 'migrations-table': 'é'.repeat(32) }),
      code: 2,
      line: `✗ migrations-table "${'é'.repeat(32)}" is longer than PostgreSQL's 63-byte identifiers`,
    },
    {
      name: 'a migrations-table with a NUL (x-migrations-table in the URL)',
      run: (db) => runCli(['up', '--database-url', `${db.url}?x-migrations-table=a%00b`]),
      code: 2,
      line: '✗ migrations-table must not contain a NUL character',
    },
  ]);

  it('reports a bad setting as one JSON object with --json, and nothing else', async ({ db }) => {
    const run = await runCli(['check', '--json', '--lock-timeout', 'abc', '--database-url', db.url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('');
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      status: 'failed',
      error: { code: 'config', message: 'lock-timeout must be a number of seconds between 0 and 86400, not "abc"' },
    });
  });
});

/**
 * Runs the CLI as an unprivileged user, for files that root could read whatever their mode:
 * as root through `runuser -u nobody`, otherwise as this user. Undefined when neither works.
 */
function unprivilegedRunner(): ((args: string[]) => Promise<RunOutcome>) | undefined {
  if (process.getuid?.() !== 0) return (args) => runCli(args);
  const probe = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, '-e', ''], { stdio: 'ignore' });
  if (probe.status !== 0) return undefined;
  return async (args) => {
    const child = spawn('runuser', ['-u', 'nobody', '--', process.execPath, BUNDLE, ...args], {
      env: { PATH: process.env.PATH, LANG: 'C.UTF-8' },
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on('close', (c, s) => resolve([c, s])),
    );
    return {
      code,
      signal,
      stdout,
      stderr,
      lines: stdout.split('\n').filter((line) => line !== '' && !line.startsWith('::')),
      outputs: {},
      summary: '',
    };
  };
}

describe.concurrent('bad migration directories: exit 2, one line, nothing touched', () => {
  const up = (db: TestDatabase, directory: string): Promise<RunOutcome> =>
    runAction({ 'database-url': db.url, 'migrations-path': directory });

  runCatalogue([
    {
      name: 'a directory that does not exist',
      run: (db) => up(db, 'test/fixtures/bad-input/no-such-directory'),
      code: 2,
      line: '✗ cannot read migrations-path test/fixtures/bad-input/no-such-directory: no such file or directory',
    },
    {
      name: 'a file instead of a directory',
      run: (db) => up(db, 'README.md'),
      code: 2,
      line: '✗ migrations-path README.md is not a directory',
    },
    // a wrong path that exists must not pass a deploy gate as "up to date"
    ...[
      ['an empty directory', {}],
      ['a directory of names golang-migrate ignores', { '1_x.UP.sql': 'SELECT 1;', '1x.up.sql': 'SELECT 1;', 'README.md': '' }],
    ].map(([name, files]) => {
      const directory = dir(files as Record<string, string>);
      return {
        name: name as string,
        run: (db: TestDatabase) => up(db, directory),
        code: 2 as const,
        line: `✗ migrations-path ${directory} holds no migration files ({version}_{name}.up.sql): check the path; golang-migrate refuses an empty directory too`,
      };
    }),
    (() => {
      const directory = dir({ '1_a.up.sql': 'SELECT 1;' });
      symlinkSync(path.join(directory, 'gone.sql'), path.join(directory, '2_dangling.up.sql'));
      return {
        name: 'a migration that is a dangling symlink',
        run: (db) => up(db, directory),
        code: 2,
        line: `✗ cannot read ${directory}/2_dangling.up.sql: no such file or directory`,
      } satisfies Case;
    })(),
    (() => {
      const directory = dir({ '1_a.up.sql': 'CREATE TABLE a (id int);', '01_b.up.sql': 'CREATE TABLE b (id int);' });
      return {
        name: 'two files for one version (1_a and 01_b)',
        run: (db) => up(db, directory),
        code: 2,
        line: '✗ duplicate migration file: 1_a.up.sql (version 1 up is also 01_b.up.sql)',
      } satisfies Case;
    })(),
    (() => {
      const directory = dir({ '1_a.up.sql': 'CREATE TABLE a (id int);', '9223372036854775808_big.up.sql': 'SELECT 1;' });
      return {
        name: 'a version too large for bigint',
        run: (db) => up(db, directory),
        code: 2,
        line: `✗ invalid migration file name ${directory}/9223372036854775808_big.up.sql: version 9223372036854775808 is above 9223372036854775807, the largest a bigint holds (golang-migrate crashes on it)`,
      } satisfies Case;
    })(),
    (() => {
      const directory = dir({
        '1_a.up.sql': 'CREATE TABLE a (id int);',
        '2_latin1.up.sql': Buffer.from([...Buffer.from("SELECT 'caf"), 0xe9, ...Buffer.from("';\n")]),
      });
      return {
        name: 'a file that is not UTF-8',
        run: (db) => up(db, directory),
        code: 2,
        line: `✗ ${directory}/2_latin1.up.sql is not valid UTF-8 (first bad byte at offset 11)`,
      } satisfies Case;
    })(),
    (() => {
      const directory = dir({
        '1_a.up.sql': 'CREATE TABLE a (id int);',
        '2_down_only_bad.down.sql': Buffer.from([0x2d, 0x2d, 0x20, 0xff, 0x0a]),
      });
      return {
        name: 'a down file that is not UTF-8 (every file is read, as the digest covers them all)',
        run: (db) => up(db, directory),
        code: 2,
        line: `✗ ${directory}/2_down_only_bad.down.sql is not valid UTF-8 (first bad byte at offset 3)`,
      } satisfies Case;
    })(),
    (() => {
      const directory = dir({ '1_nul.up.sql': Buffer.from('CREATE TABLE a (id int);\nSELECT 1; -- a\u0000b\n') });
      return {
        name: 'a NUL byte in a file',
        run: (db) => up(db, directory),
        code: 2,
        line: `✗ ${directory}/1_nul.up.sql contains a NUL byte at offset 39, which SQL text cannot hold`,
      } satisfies Case;
    })(),
    (() => {
      // sparse: 600 MiB of zeros that take no disk, more than the longest string V8 makes
      const directory = dir({ '1_a.up.sql': 'CREATE TABLE a (id int);', '2_huge.up.sql': '' });
      truncateSync(path.join(directory, '2_huge.up.sql'), 600 * 1024 * 1024);
      return {
        name: 'a file over 512 MiB',
        run: (db) => up(db, directory),
        code: 2,
        line: `✗ cannot read ${directory}/2_huge.up.sql: larger than 512 MiB, more than one migration can hold here: split it into smaller migrations`,
      } satisfies Case;
    })(),
  ]);

  const asNobody = unprivilegedRunner();
  const noNobody = requires('an unprivileged user', asNobody ? null : 'as root, `runuser -u nobody` cannot run node from this checkout');
  it.skipIf(noNobody)('refuses an unreadable file and an unreadable directory, exit 2', async ({ db }) => {
    const directory = dir({ '1_a.up.sql': 'CREATE TABLE a (id int);', '2_b.up.sql': 'CREATE TABLE b (id int);' });
    chmodSync(directory, 0o755);
    chmodSync(path.join(directory, '2_b.up.sql'), 0o000);
    const before = await snapshot(db);
    const file = await asNobody!(['up', '--migrations-path', directory, '--database-url', db.url]);
    expectOneFailure(file, 2, `✗ cannot read ${directory}/2_b.up.sql: permission denied`);
    chmodSync(directory, 0o000);
    const whole = await asNobody!(['up', '--migrations-path', directory, '--database-url', db.url]);
    expectOneFailure(whole, 2, `✗ cannot read migrations-path ${directory}: permission denied`);
    await expectUnchanged(db, before);
    chmodSync(directory, 0o755);
  });
});

describe.concurrent('unusual files that golang-migrate accepts', () => {
  it('applies an empty file and a comment-only file as empty migrations, recording their versions', async ({ db }) => {
    const directory = dir({
      '1_empty.up.sql': '',
      '2_comments.up.sql': '-- nothing to do\n/* still /* nothing */ */\n',
      '3_blank.up.sql': ' \n\t\r\n',
    });
    const run = await runAction({ 'database-url': db.url, 'migrations-path': directory });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.lines.at(-1)).toBe('✓ Migrations applied');
    expect(run.outputs).toMatchObject({ applied: '[1,2,3]', version: '3', dirty: 'false' });
    expect(await stateOf(db)).toEqual({ version: 3, dirty: false });
  });

  it('applies a file that opens with SET TRANSACTION ISOLATION LEVEL, at that level, as golang-migrate does', async ({ db }) => {
    const directory = dir({
      '1_iso.up.sql':
        "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE;\nCREATE TABLE iso AS SELECT current_setting('transaction_isolation') AS level;\n",
      '2_plain.up.sql': "CREATE TABLE plain AS SELECT current_setting('transaction_isolation') AS level;\n",
    });
    const run = await runAction({ 'database-url': db.url, 'migrations-path': directory });
    expect(run.code, run.stdout).toBe(0);
    expect(await db.query('SELECT (SELECT level FROM iso) AS iso, (SELECT level FROM plain) AS plain')).toEqual([
      { iso: 'serializable', plain: 'read committed' },
    ]);
    expect(await stateOf(db)).toEqual({ version: 2, dirty: false });
  });

  it('ignores names that do not follow the pattern, as golang-migrate does', async ({ db }) => {
    const files: Record<string, string> = {
      '1_kept.up.sql': 'CREATE TABLE kept (id int);',
      '2_no_direction.sql': 'CREATE TABLE ignored_2 (id int);',
      'v3_prefixed.up.sql': 'CREATE TABLE ignored_3 (id int);',
      '4_sideways.sideways.sql': 'CREATE TABLE ignored_4 (id int);',
      '5.up.sql': 'CREATE TABLE ignored_5 (id int);',
      '-6_negative.up.sql': 'CREATE TABLE ignored_6 (id int);',
      '7_upper.UP.sql': 'CREATE TABLE ignored_7 (id int);',
      'README.md': 'CREATE TABLE ignored_readme (id int);',
    };
    // Characters that a Windows checkout cannot hold, written here at run time only.
    if (process.platform !== 'win32') files['x<>|*:_8.up.sql'] = 'CREATE TABLE ignored_8 (id int);';
    const directory = dir(files);
    // A directory with a migration's name is skipped, like golang-migrate's file source.
    mkdirSync(path.join(directory, '9_directory.up.sql'));
    const run = await runAction({ 'database-url': db.url, 'migrations-path': directory });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.outputs).toMatchObject({ applied: '[1]', version: '1', pending: '[]' });
    expect(await stateOf(db)).toEqual({ version: 1, dirty: false });
    const relations = (await snapshot(db)).relations;
    expect(relations.filter((name) => name.includes('ignored'))).toEqual([]);
    expect(relations).toContain('public.kept r');
  });

  it('records a version that has only a down file without running the down file', async ({ db }) => {
    const directory = dir({
      '1_a.up.sql': 'CREATE TABLE a (id int);',
      '2_b.down.sql': 'CREATE TABLE from_down_file (id int);',
      '3_c.up.sql': 'CREATE TABLE c (id int);',
    });
    const run = await runAction({ 'database-url': db.url, 'migrations-path': directory });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ applied: '[1,2,3]', version: '3' });
    expect(await stateOf(db)).toEqual({ version: 3, dirty: false });
    expect(await tableExists(db, 'from_down_file')).toBe(false);
    expect(await tableExists(db, 'c')).toBe(true);
  });

  it('applies a 20 MB file of INSERTs, and one 20 MB statement, without crashing', async ({ db }) => {
    const row = `'${'x'.repeat(200)}'`;
    const inserts = ['CREATE TABLE huge (id int, payload text);'];
    let size = 0;
    for (let i = 0; size < 20 * 1024 * 1024; i++) {
      const line = `INSERT INTO huge VALUES (${i}, ${row});`;
      inserts.push(line);
      size += line.length + 1;
    }
    const directory = dir({
      '1_inserts.up.sql': `${inserts.join('\n')}\n`,
      '2_one_statement.up.sql': `CREATE TABLE big AS SELECT length('${'y'.repeat(20 * 1024 * 1024)}') AS n;\n`,
    });
    const run = await runAction({ 'database-url': db.url, 'migrations-path': directory });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.lines.at(-1)).toBe('✓ Migrations applied');
    expect(await stateOf(db)).toEqual({ version: 2, dirty: false });
    expect(await db.query('SELECT count(*)::int AS n FROM huge')).toEqual([{ n: inserts.length - 1 }]);
    expect(await db.query('SELECT n FROM big')).toEqual([{ n: 20 * 1024 * 1024 }]);
  });
});

describe.concurrent('a pending file the lexer cannot finish: exit 1 with file:line:col, nothing applied', () => {
  const cases: [string, string, string, number][] = [
    ['an unterminated $$ body', 'SELECT 1;\nDO $$ BEGIN\n  PERFORM 1;\nEND\n', 'unterminated dollar-quoted string $$', 4],
    ['an unterminated quote', "SELECT 1;\nINSERT INTO t VALUES ('it''s);\n", 'unterminated quoted string', 23],
    ['an unterminated comment', 'SELECT 1;\n/* the end /* nested */\nSELECT 2;\n', 'unterminated /* comment', 1],
    ['an unterminated quoted identifier', 'SELECT 1;\nSELECT 1 AS "oops;\n', 'unterminated quoted identifier', 13],
  ];
  runCatalogue(
    cases.map(([name, sql, message, column]) => {
      const directory = dir({ '1_first.up.sql': 'CREATE TABLE first (id int);', '2_broken.up.sql': `CREATE TABLE t (id text);\n${sql}` });
      const file = `${directory}/2_broken.up.sql`;
      return {
        name,
        // Migration 1 applies: the snapshot is taken after it, by a first run of 1 alone.
        setup: async (db) => {
          const first = await runCli([
            'up',
            '--migrations-path',
            dir({ '1_first.up.sql': 'CREATE TABLE first (id int);' }),
            '--database-url',
            db.url,
          ]);
          expect(first.code).toBe(0);
        },
        run: (db) => runAction({ 'database-url': db.url, 'migrations-path': directory }),
        code: 1,
        line: `✗ Migration failed: ${message} in ${file}`,
        then: async (run, db) => {
          expect(run.lines).toContainEqual(
            expect.stringMatching(new RegExp(`^  ✗ (2 broken )?failed at ${escapeRegExp(file)}:3:${column}$`)),
          );
          const [annotation] = workflowCommands(run.stdout, 'error');
          expect(annotation?.properties).toMatchObject({ file, line: '3', col: String(column) });
          expect(await stateOf(db)).toEqual({ version: 1, dirty: false });
          expect(await tableExists(db, 't')).toBe(false);
        },
      } satisfies Case;
    }),
  );

  it('also when it is the first migration (the state table may appear, empty)', async ({ db }) => {
    const directory = dir({ '1_broken.up.sql': "CREATE TABLE t (id int);\nSELECT 'open;\n" });
    const before = await snapshot(db);
    const run = await runAction({ 'database-url': db.url, 'migrations-path': directory });
    expectOneFailure(run, 1, `✗ Migration failed: unterminated quoted string in ${directory}/1_broken.up.sql`);
    await expectUnchanged(db, before, true);
  });
});

describe.concurrent('databases that are not what the tool expects: exit 1, one line, nothing changed', () => {
  const basic = (db: TestDatabase): Promise<RunOutcome> => runAction({ 'database-url': db.url, 'migrations-path': fixture('basic') });
  const NOT_STATE_TABLE =
    "✗ Migration failed: public.schema_migrations is not golang-migrate's state table (it needs the columns version bigint and dirty boolean); set migrations-table to use another table";
  runCatalogue([
    {
      name: 'a schema_migrations with a text version',
      setup: async (db) =>
        void (await db.query(
          `CREATE TABLE schema_migrations (version text PRIMARY KEY, dirty boolean NOT NULL); INSERT INTO schema_migrations VALUES ('1', false)`,
        )),
      run: basic,
      code: 1,
      line: NOT_STATE_TABLE,
    },
    {
      name: 'an empty schema_migrations with a text version (never written to)',
      setup: async (db) => void (await db.query('CREATE TABLE schema_migrations (version text PRIMARY KEY, dirty boolean NOT NULL)')),
      run: basic,
      code: 1,
      line: NOT_STATE_TABLE,
    },
    {
      name: 'a schema_migrations without the dirty column',
      setup: async (db) =>
        void (await db.query('CREATE TABLE schema_migrations (version bigint PRIMARY KEY); INSERT INTO schema_migrations VALUES (1)')),
      run: (db) => runAction({ 'database-url': db.url, 'migrations-path': fixture('basic'), command: 'check' }),
      code: 1,
      line: NOT_STATE_TABLE,
    },
    {
      name: 'a schema_migrations with a dirty flag that is not boolean',
      setup: async (db) =>
        void (await db.query(
          `CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty text NOT NULL); INSERT INTO schema_migrations VALUES (1, 'no')`,
        )),
      run: basic,
      code: 1,
      line: NOT_STATE_TABLE,
    },
    {
      name: 'a schema_migrations that holds several rows',
      setup: async (db) =>
        void (await db.query(
          'CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL); INSERT INTO schema_migrations VALUES (1, false), (2, false)',
        )),
      run: basic,
      code: 1,
      line: "✗ Migration failed: public.schema_migrations holds several rows; golang-migrate keeps exactly one (version, dirty) row — is this table another tool's?",
    },
    {
      name: 'a database that does not exist',
      run: (db) => runAction({ 'database-url': urlFor(`${db.name}_missing`), 'connect-timeout': '30' }),
      code: 1,
      line: /^✗ Failed to connect: database "omt_\w+_missing" does not exist$/,
    },
    {
      name: 'a server that is not there',
      run: () => runAction({ 'database-url': 'postgres://postgres@127.0.0.1:1/nothing', 'connect-timeout': '0' }),
      code: 1,
      line: '✗ Failed to connect: connection refused (127.0.0.1:1)',
    },
    {
      name: 'a statement_timeout on the database that cancels a slow migration',
      setup: async (db) => {
        await withServer((client) => client.query(`ALTER DATABASE "${db.name}" SET statement_timeout = '1s'`));
        await db.query(
          'CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL); INSERT INTO schema_migrations VALUES (1, false)',
        );
      },
      run: (db) =>
        runAction({
          'database-url': db.url,
          'migrations-path': dir({ '1_a.up.sql': 'SELECT 1;', '2_slow.up.sql': 'CREATE TABLE slow (id int);\nSELECT pg_sleep(10);\n' }),
        }),
      code: 1,
      line: '✗ Migration failed: canceling statement due to statement timeout',
      then: async (run, db) => {
        expect(run.stdout).toMatch(/failed at \S+\/2_slow\.up\.sql:2:1/);
        expect(await stateOf(db)).toEqual({ version: 1, dirty: false });
        expect(await tableExists(db, 'slow')).toBe(false);
      },
    },
  ]);
});

describe.concurrent('a read-only database user (CONNECT and USAGE, no CREATE)', () => {
  async function readOnlyUrl(db: TestDatabase): Promise<string> {
    const role = `${db.name}_ro`;
    roles.push(role);
    await withServer((client) => client.query(`CREATE ROLE "${role}" LOGIN`));
    await db.query(`REVOKE ALL ON DATABASE "${db.name}" FROM PUBLIC`);
    await db.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    await db.query(`GRANT CONNECT ON DATABASE "${db.name}" TO "${role}"`);
    await db.query(`GRANT USAGE ON SCHEMA public TO "${role}"`);
    // Reading is all it may do: SELECT on what exists now, nothing else.
    await db.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO "${role}"`);
    const url = new URL(db.url);
    url.username = role;
    return url.toString();
  }

  it('fails up on a fresh database with one line and creates nothing', async ({ db }) => {
    const url = await readOnlyUrl(db);
    const before = await snapshot(db);
    const run = await runAction({ 'database-url': url, 'migrations-path': fixture('basic') });
    expectOneFailure(run, 1, '✗ Migration failed: permission denied for schema public');
    await expectUnchanged(db, before);
  });

  it('fails up on a pending migration, leaving the version, and still checks an up-to-date database', async ({ db }) => {
    const directory = dir({ '1_a.up.sql': 'CREATE TABLE a (id int);' });
    expect((await runCli(['up', '--migrations-path', directory, '--database-url', db.url])).code).toBe(0);
    const url = await readOnlyUrl(db);

    const check = await runAction({ 'database-url': url, 'migrations-path': directory, command: 'check' });
    expect(check.code).toBe(0);
    expect(check.stderr).toBe('');
    expect(check.lines.at(-1)).toBe('✓ Already up to date');
    expect(check.outputs).toMatchObject({ status: 'up-to-date', version: '1' });

    writeFileSync(path.join(directory, '2_b.up.sql'), 'CREATE TABLE b (id int);');
    const before = await snapshot(db);
    const run = await runAction({ 'database-url': url, 'migrations-path': directory });
    // Refused before the file runs: the user may not write the state table, so no version
    // could be recorded.
    expectOneFailure(run, 1, '✗ Migration failed: permission denied for table schema_migrations');
    await expectUnchanged(db, before);
    expect(await stateOf(db)).toEqual({ version: 1, dirty: false });

    const force = await runCli(['force', '2', '--database-url', url]);
    expectOneFailure(force, 1, '✗ Migration failed: permission denied for table schema_migrations');
    await expectUnchanged(db, before);
  });
});
