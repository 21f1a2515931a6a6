import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { fixture, runAction, runCli, type RunOutcome } from '../helpers/run.js';
import { advisoryLockId } from '../../src/database/lock-id.js';

// The server trusts local connections, so any password is accepted: the tests can use one full
// of URL-special characters and follow it through every channel.
const PASSWORD = 'pa:ss@w/rd?#%&=+ ümlaut';
const FORMS = [PASSWORD, encodeURIComponent(PASSWORD), 'pa:ss@w'];

let db: TestDatabase;
let lockHolder: { end(): Promise<void> } | undefined;
beforeAll(async () => {
  db = await createTestDatabase();
  for (const table of ['dirty_versions', 'ahead_versions']) {
    await db.query(`CREATE TABLE ${table} (version bigint not null primary key, dirty boolean not null)`);
  }
  await db.query('INSERT INTO dirty_versions VALUES (1, true)');
  await db.query('INSERT INTO ahead_versions VALUES (999, false)');
  // golang-migrate's lock for locked_versions, held as a migrating server would hold it.
  const client = await db.client();
  await client.query(`SELECT pg_advisory_lock(${advisoryLockId('public', 'locked_versions', `/${db.name}`)})`);
  lockHolder = client;
});
afterAll(async () => {
  await lockHolder?.end();
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

describe('the database password', () => {
  it('is registered with the runner as a secret', async () => {
    const run = await runAction({ 'database-url': withPassword(db.url), command: 'check' });
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toContain(`::add-mask::${PASSWORD.replace(/%/g, '%25')}`);
    expectNoPassword(run);
  });

  const cases: [string, () => Promise<RunOutcome>][] = [
    ['a successful run', () => runAction({ 'database-url': withPassword(db.url), 'migrations-path': fixture('basic') })],
    [
      'a failing migration',
      () =>
        runAction({
          'database-url': withPassword(db.url),
          'migrations-path': fixture('failing-constraint'),
          'migrations-table': 'other_versions',
        }),
    ],
    ['an unreachable server', () => runAction({ 'database-url': withPassword('postgres://x@127.0.0.1:1/db'), 'connect-timeout': '0' })],
    ['an unknown database', () => runAction({ 'database-url': withPassword(`${db.url}_missing`) })],
    ['a malformed URL', () => runAction({ 'database-url': `postgres://postgres:${PASSWORD}@[::1/db` })],
    ['a URL of another scheme', () => runAction({ 'database-url': `mysql://root:${encodeURIComponent(PASSWORD)}@localhost/db` })],
    ['a bad setting beside the URL', () => runAction({ 'database-url': withPassword(db.url), 'lock-timeout': 'soon' })],
    ['the CLI with --json', () => runCli(['check', '--json', '--database-url', withPassword(`${db.url}_missing`)])],
    [
      'the CLI with a password in DATABASE_URL',
      () => runCli(['up', '--migrations-path', fixture('gap')], { DATABASE_URL: withPassword(db.url) }),
    ],
    [
      'a dirty database',
      () => runAction({ 'database-url': withPassword(db.url), 'migrations-path': fixture('basic'), 'migrations-table': 'dirty_versions' }),
    ],
    ['a database ahead of the migrations', () => runAction({ 'database-url': withPassword(db.url), 'migrations-table': 'ahead_versions' })],
    [
      'a lock held by another session',
      () => runAction({ 'database-url': withPassword(db.url), 'migrations-table': 'locked_versions', 'lock-timeout': '0.2' }),
    ],
    [
      'a statement-by-statement failure',
      () =>
        runAction({
          'database-url': withPassword(db.url),
          'migrations-path': fixture('failing-concurrently'),
          'migrations-table': 'sbs_versions',
        }),
    ],
    [
      'plan',
      () =>
        runAction({
          'database-url': withPassword(db.url),
          command: 'plan',
          'migrations-path': fixture('failing-after-dollar'),
          'migrations-table': 'plan_versions',
        }),
    ],
    ['verify', () => runAction({ 'database-url': withPassword(db.url), command: 'verify', 'migrations-path': fixture('bad-down') })],
    [
      'force with --json',
      () => runCli(['force', '1', '--json', '--database-url', withPassword(db.url), '--migrations-table', 'forced_versions']),
    ],
    [
      'the CLI with --json on a failing migration',
      () =>
        runCli([
          'up',
          '--json',
          '--migrations-path',
          fixture('failing-after-dollar'),
          '--migrations-table',
          'json_versions',
          '--database-url',
          withPassword(db.url),
        ]),
    ],
  ];
  for (const [name, start] of cases) {
    it(`never appears in any output on ${name}`, async () => {
      const run = await start();
      expect(run.code === 0 || run.code === 1 || run.code === 2).toBe(true);
      expect(run.stdout.length + run.summary.length).toBeGreaterThan(0);
      expectNoPassword(run);
    });
  }
});
