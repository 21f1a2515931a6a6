import { describe, expect } from 'vitest';
import type { TestDatabase } from '../helpers/database.js';
import { itWithDatabase as it } from '../helpers/test-database.js';
import { fixture, runAction, runCli, type RunOutcome } from '../helpers/run.js';
import { advisoryLockId } from '../../src/database/lock-id.js';

// The server trusts local connections, so any password is accepted: the tests can use one full
// of URL-special characters and follow it through every channel.
const PASSWORD = 'pa:ss@w/rd?#%&=+ ümlaut';
const FORMS = [PASSWORD, encodeURIComponent(PASSWORD), 'pa:ss@w'];

// The tests run side by side, each on a database of its own that it is handed (`db`).

function withPassword(url: string): string {
  const parsed = new URL(url);
  return `postgres://postgres:${encodeURIComponent(PASSWORD)}@${parsed.host}${parsed.pathname}${parsed.search}`;
}

function expectNoPassword(run: RunOutcome): void {
  const visible = [
    run.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n'),
    run.stderr,
    JSON.stringify(run.outputs),
    run.summary,
  ].join('\n');
  for (const form of FORMS) expect(visible).not.toContain(form);
}

/**
 * A run that fails (or succeeds) in one particular way, each on a database of its own. `reached`
 * matches the closing line (the JSON object with --json), to prove that the run got where the
 * case means it to, and not to an earlier failure that would print less.
 */
interface Case {
  name: string;
  setup?: (db: TestDatabase) => Promise<void>;
  start: (db: TestDatabase) => Promise<RunOutcome>;
  code: number;
  reached: RegExp;
}

async function stateTable(db: TestDatabase, version: number, dirty: boolean): Promise<void> {
  await db.query('CREATE TABLE schema_migrations (version bigint not null primary key, dirty boolean not null)');
  await db.query('INSERT INTO schema_migrations VALUES ($1, $2)', [version, dirty]);
}

describe.concurrent('the database password', () => {
  it('is registered with the runner as a secret', async ({ db }) => {
    const run = await runAction({ 'database-url': withPassword(db.url), command: 'check' });
    expect(run.code).toBe(0);
    // The runner unescapes %25 to %, as actions/toolkit escapes a command's data.
    expect(run.stdout.split('\n')).toContain(`::add-mask::${PASSWORD.replace(/%/g, '%25')}`);
    expectNoPassword(run);
  });

  const cases: Case[] = [
    {
      name: 'a successful run',
      start: (db) => runAction({ 'database-url': withPassword(db.url), 'migrations-path': fixture('basic') }),
      code: 0,
      reached: /^✓ Migrations applied$/,
    },
    {
      name: 'a failing migration',
      start: (db) => runAction({ 'database-url': withPassword(db.url), 'migrations-path': fixture('failing-constraint') }),
      code: 1,
      reached: /^✗ Migration failed: duplicate key value violates unique constraint "items_name_key"$/,
    },
    {
      name: 'an unreachable server',
      start: () => runAction({ 'database-url': withPassword('postgres://x@127.0.0.1:1/db'), 'connect-timeout': '0' }),
      code: 1,
      reached: /^✗ Failed to connect: connection refused/,
    },
    {
      name: 'an unknown database',
      start: (db) => runAction({ 'database-url': withPassword(`${db.url}_missing`) }),
      code: 1,
      reached: /^✗ Failed to connect: database "omt_\w+_missing" does not exist$/,
    },
    {
      name: 'a URL whose password is not percent-encoded',
      // Its '#' is where golang-migrate's reading of the URL would end: refused, never guessed.
      start: () => runAction({ 'database-url': `postgres://postgres:${PASSWORD}@127.0.0.1/db`, 'connect-timeout': '0' }),
      code: 2,
      reached: /^✗ database-url cannot be read unambiguously: it has a '#'/,
    },
    {
      name: 'a malformed URL',
      start: () => runAction({ 'database-url': `postgres://postgres:${encodeURIComponent(PASSWORD)}@[::1/db` }),
      code: 2,
      reached: /^✗ database-url /,
    },
    {
      name: 'a URL of another scheme',
      start: () => runAction({ 'database-url': `mysql://root:${encodeURIComponent(PASSWORD)}@localhost/db` }),
      code: 2,
      reached: /^✗ database-url must start with postgres:\/\/ or postgresql:\/\/, not mysql:\/\/$/,
    },
    {
      name: 'a bad setting beside the URL',
      start: (db) => runAction({ 'database-url': withPassword(db.url), 'lock-timeout': 'soon' }),
      code: 2,
      reached: /^✗ lock-timeout must be a number of seconds/,
    },
    {
      name: 'the CLI with --json',
      start: (db) => runCli(['check', '--json', '--database-url', withPassword(`${db.url}_missing`)]),
      code: 1,
      reached: /"error":\{"code":"connect","message":"database \\"omt_\w+_missing\\" does not exist"/,
    },
    {
      name: 'the CLI with a password in DATABASE_URL',
      start: (db) => runCli(['up', '--migrations-path', fixture('gap')], { DATABASE_URL: withPassword(db.url) }),
      code: 0,
      reached: /^✓ Migrations applied$/,
    },
    {
      name: 'a dirty database',
      setup: (db) => stateTable(db, 1, true),
      start: (db) => runAction({ 'database-url': withPassword(db.url), 'migrations-path': fixture('basic') }),
      code: 1,
      reached: /^✗ Migration failed: Dirty database version 1\. Fix and force version\.$/,
    },
    {
      name: 'a database ahead of the migrations',
      setup: (db) => stateTable(db, 999, false),
      start: (db) => runAction({ 'database-url': withPassword(db.url) }),
      code: 1,
      reached: /^✗ Migration failed: version is ahead of binary$/,
    },
    {
      name: 'a lock held by another session',
      setup: async (db) => {
        // golang-migrate's lock, held as a migrating server would hold it, until the database is
        // dropped (which closes the connection first).
        const lockHolder = await db.client();
        await lockHolder.query(`SELECT pg_advisory_lock(${advisoryLockId('public', 'schema_migrations', `/${db.name}`)})`);
      },
      start: (db) => runAction({ 'database-url': withPassword(db.url), 'lock-timeout': '0.2' }),
      code: 1,
      reached: /^✗ Migration failed: could not get the migration lock within 0\.2 s: held by pid \d+/,
    },
    {
      name: 'a statement-by-statement failure',
      start: (db) => runAction({ 'database-url': withPassword(db.url), 'migrations-path': fixture('failing-concurrently') }),
      code: 1,
      reached: /^✗ Migration failed: division by zero$/,
    },
    {
      name: 'plan',
      start: (db) =>
        runAction({ 'database-url': withPassword(db.url), command: 'plan', 'migrations-path': fixture('failing-after-dollar') }),
      code: 1,
      reached: /^✗ Migration failed: syntax error at or near "CREAT"$/,
    },
    {
      name: 'verify',
      start: (db) => runAction({ 'database-url': withPassword(db.url), command: 'verify', 'migrations-path': fixture('bad-down') }),
      code: 1,
      reached: /^✗ Verify failed: the down of migration 3 add_tags does not undo its up/,
    },
    {
      name: 'force with --json',
      start: (db) => runCli(['force', '1', '--json', '--database-url', withPassword(db.url)]),
      code: 0,
      reached: /^\{"status":"forced",.*"version":1,/,
    },
    {
      name: 'the CLI with --json on a failing migration',
      start: (db) => runCli(['up', '--json', '--migrations-path', fixture('failing-after-dollar'), '--database-url', withPassword(db.url)]),
      code: 1,
      reached: /"error":\{"code":"sql","message":"syntax error at or near \\"CREAT\\"".*"line":11,"column":1/,
    },
  ];
  for (const { name, setup, start, code, reached } of cases) {
    it(`never appears in any output on ${name}`, async ({ db }) => {
      await setup?.(db);
      const run = await start(db);
      expect(run.lines.at(-1), run.stdout).toMatch(reached);
      expect(run.code).toBe(code);
      expectNoPassword(run);
    });
  }
});
