import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { fixture, runAction, runCli, type RunOutcome } from '../helpers/run.js';
import { advisoryLockId } from '../../src/database/lock-id.js';

// The server trusts local connections, so any password is accepted: the tests can use one full
// of URL-special characters and follow it through every channel.
const PASSWORD = 'pa:ss@w/rd?#%&=+ ümlaut';
const FORMS = [PASSWORD, encodeURIComponent(PASSWORD), 'pa:ss@w'];

let db: TestDatabase;
let lockHolder: pg.Client | undefined;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await lockHolder?.end();
  lockHolder = undefined;
  await db.drop();
});

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
  setup?: () => Promise<void>;
  start: () => Promise<RunOutcome>;
  code: number;
  reached: RegExp;
}

async function stateTable(version: number, dirty: boolean): Promise<void> {
  await db.query('CREATE TABLE schema_migrations (version bigint not null primary key, dirty boolean not null)');
  await db.query('INSERT INTO schema_migrations VALUES ($1, $2)', [version, dirty]);
}

describe('the database password', () => {
  it('is registered with the runner as a secret', async () => {
    const run = await runAction({ 'database-url': withPassword(db.url), command: 'check' });
    expect(run.code).toBe(0);
    // The runner unescapes %25 to %, as actions/toolkit escapes a command's data.
    expect(run.stdout.split('\n')).toContain(`::add-mask::${PASSWORD.replace(/%/g, '%25')}`);
    expectNoPassword(run);
  });

  const cases: Case[] = [
    {
      name: 'a successful run',
      start: () => runAction({ 'database-url': withPassword(db.url), 'migrations-path': fixture('basic') }),
      code: 0,
      reached: /^✓ Migrations applied$/,
    },
    {
      name: 'a failing migration',
      start: () => runAction({ 'database-url': withPassword(db.url), 'migrations-path': fixture('failing-constraint') }),
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
      start: () => runAction({ 'database-url': withPassword(`${db.url}_missing`) }),
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
      start: () => runAction({ 'database-url': withPassword(db.url), 'lock-timeout': 'soon' }),
      code: 2,
      reached: /^✗ lock-timeout must be a number of seconds/,
    },
    {
      name: 'the CLI with --json',
      start: () => runCli(['check', '--json', '--database-url', withPassword(`${db.url}_missing`)]),
      code: 1,
      reached: /"error":\{"code":"connect","message":"database \\"omt_\w+_missing\\" does not exist"/,
    },
    {
      name: 'the CLI with a password in DATABASE_URL',
      start: () => runCli(['up', '--migrations-path', fixture('gap')], { DATABASE_URL: withPassword(db.url) }),
      code: 0,
      reached: /^✓ Migrations applied$/,
    },
    {
      name: 'a dirty database',
      setup: () => stateTable(1, true),
      start: () => runAction({ 'database-url': withPassword(db.url), 'migrations-path': fixture('basic') }),
      code: 1,
      reached: /^✗ Migration failed: Dirty database version 1\. Fix and force version\.$/,
    },
    {
      name: 'a database ahead of the migrations',
      setup: () => stateTable(999, false),
      start: () => runAction({ 'database-url': withPassword(db.url) }),
      code: 1,
      reached: /^✗ Migration failed: version is ahead of binary$/,
    },
    {
      name: 'a lock held by another session',
      setup: async () => {
        // golang-migrate's lock, held as a migrating server would hold it.
        lockHolder = await db.client();
        await lockHolder.query(`SELECT pg_advisory_lock(${advisoryLockId('public', 'schema_migrations', `/${db.name}`)})`);
      },
      start: () => runAction({ 'database-url': withPassword(db.url), 'lock-timeout': '0.2' }),
      code: 1,
      reached: /^✗ Migration failed: could not get the migration lock within 0\.2 s: held by pid \d+/,
    },
    {
      name: 'a statement-by-statement failure',
      start: () => runAction({ 'database-url': withPassword(db.url), 'migrations-path': fixture('failing-concurrently') }),
      code: 1,
      reached: /^✗ Migration failed: division by zero$/,
    },
    {
      name: 'plan',
      start: () => runAction({ 'database-url': withPassword(db.url), command: 'plan', 'migrations-path': fixture('failing-after-dollar') }),
      code: 1,
      reached: /^✗ Migration failed: syntax error at or near "CREAT"$/,
    },
    {
      name: 'verify',
      start: () => runAction({ 'database-url': withPassword(db.url), command: 'verify', 'migrations-path': fixture('bad-down') }),
      code: 1,
      reached: /^✗ Verify failed: the down of migration 3 add_tags does not undo its up/,
    },
    {
      name: 'force with --json',
      start: () => runCli(['force', '1', '--json', '--database-url', withPassword(db.url)]),
      code: 0,
      reached: /^\{"status":"forced",.*"version":1,/,
    },
    {
      name: 'the CLI with --json on a failing migration',
      start: () => runCli(['up', '--json', '--migrations-path', fixture('failing-after-dollar'), '--database-url', withPassword(db.url)]),
      code: 1,
      reached: /"error":\{"code":"sql","message":"syntax error at or near \\"CREAT\\"".*"line":11,"column":1/,
    },
  ];
  for (const { name, setup, start, code, reached } of cases) {
    it(`never appears in any output on ${name}`, async () => {
      await setup?.();
      const run = await start();
      expect(run.lines.at(-1), run.stdout).toMatch(reached);
      expect(run.code).toBe(code);
      expectNoPassword(run);
    });
  }
});
