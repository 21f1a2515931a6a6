import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { fixture, runAction, runCli, type RunOutcome } from '../helpers/run.js';

// The server trusts local connections, so any password is accepted: the tests can use one full
// of URL-special characters and follow it through every channel.
const PASSWORD = 'pa:ss@w/rd?#%&=+ ümlaut';
const FORMS = [PASSWORD, encodeURIComponent(PASSWORD), 'pa:ss@w'];

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

function withPassword(url: string): string {
  const parsed = new URL(url);
  return `postgres://postgres:${encodeURIComponent(PASSWORD)}@${parsed.host}${parsed.pathname}${parsed.search}`;
}

function expectNoPassword(run: RunOutcome): void {
  const visible = [
    run.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::')).join('\n'),
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
    expect(run.stdout.split('\n')).toContain(`::add-mask::${PASSWORD}`);
    expectNoPassword(run);
  });

  const cases: [string, () => Promise<RunOutcome>][] = [
    ['a successful run', () => runAction({ 'database-url': withPassword(db.url), 'migrations-path': fixture('basic') })],
    ['a failing migration', () => runAction({ 'database-url': withPassword(db.url), 'migrations-path': fixture('failing-constraint'), 'migrations-table': 'other_versions' })],
    ['an unreachable server', () => runAction({ 'database-url': withPassword('postgres://x@127.0.0.1:1/db'), 'connect-timeout': '0' })],
    ['an unknown database', () => runAction({ 'database-url': withPassword(`${db.url}_missing`) })],
    ['a malformed URL', () => runAction({ 'database-url': `postgres://postgres:${PASSWORD}@[::1/db` })],
    ['a URL of another scheme', () => runAction({ 'database-url': `mysql://root:${encodeURIComponent(PASSWORD)}@localhost/db` })],
    ['a bad setting beside the URL', () => runAction({ 'database-url': withPassword(db.url), 'lock-timeout': 'soon' })],
    ['the CLI with --json', () => runCli(['check', '--json', '--database-url', withPassword(`${db.url}_missing`)])],
    ['the CLI with a password in DATABASE_URL', () => runCli(['up', '--migrations-path', fixture('gap')], { DATABASE_URL: withPassword(db.url) })],
  ];
  for (const [name, start] of cases) {
    it(`never appears in any output on ${name}`, async () => {
      const run = await start();
      expect(run.code === 0 || run.code === 1 || run.code === 2).toBe(true);
      expectNoPassword(run);
    });
  }
});
