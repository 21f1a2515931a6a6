import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, SERVER_URL, type TestDatabase } from '../helpers/database.js';
import { runActionAsRunner } from '../helpers/golang-migrate.js';
import type { RunOutcome } from '../helpers/run.js';

/**
 * Every form a password can take stays secret: registered with the runner (escaped, so that a
 * line break cannot end the command), never printed, and never guessed from a URL that could be
 * read two ways. The test server trusts local connections, so any password is accepted.
 */
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const host = (): string => new URL(SERVER_URL).host;

/** What a person could read: the log without the mask commands, the summary, the outputs. */
function visible(run: RunOutcome): string {
  return [
    run.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n'),
    run.stderr,
    run.summary,
    JSON.stringify(run.outputs),
  ].join('\n');
}

function masks(run: RunOutcome): string[] {
  return run.stdout
    .split('\n')
    .filter((line) => line.startsWith('::add-mask::'))
    .map((line) => line.slice('::add-mask::'.length));
}

describe('passwords in every form', () => {
  it('a password with a line break: one escaped mask command, and its lines masked too', async () => {
    const run = await runActionAsRunner({ 'database-url': `postgres://postgres:Top%0ASecret-tail@${host()}/${db.name}`, command: 'check' });
    expect(run.code, run.stdout).toBe(0);
    expect(masks(run)).toEqual(expect.arrayContaining(['Top%0ASecret-tail', 'Top', 'Secret-tail']));
    // Nothing after the line break became a line of its own.
    expect(run.stdout.split('\n')).not.toContain('Secret-tail');
    expect(visible(run)).not.toContain('Secret-tail');
  });

  it('a password given as ?password= is registered', async () => {
    const run = await runActionAsRunner({
      'database-url': `postgres://postgres@${host()}/${db.name}?password=Query-Pw-42`,
      command: 'check',
    });
    expect(run.code, run.stdout).toBe(0);
    expect(masks(run)).toContain('Query-Pw-42');
    expect(visible(run)).not.toContain('Query-Pw-42');
  });

  it('a password in PGPASSWORD, used because the URL has none, is registered', async () => {
    const run = await runActionAsRunner(
      { 'database-url': `postgres://postgres@${host()}/${db.name}`, command: 'check' },
      { PGPASSWORD: 'Env-Pw-77' },
    );
    expect(run.code, run.stdout).toBe(0);
    expect(masks(run)).toContain('Env-Pw-77');
  });

  it.each([
    ["digits and an unencoded '/'", `postgres://u:33789/S3cret-x@HOST/db`, ['S3cret-x', '33789']],
    ["an unencoded '?'", `postgres://u:12?S3cret-y@HOST/db`, ['S3cret-y']],
    ['p@ss:w/rd%?#', `postgres://u:p@ss:w/rd%?#@HOST/db`, ['ss:w', 'rd%']],
  ])('a password with %s: exit 2, how to encode, no part shown, nothing guessed and masked', async (_name, template, parts) => {
    const run = await runActionAsRunner({ 'database-url': template.replace('HOST', host()) });
    expect(run.code).toBe(2);
    expect(run.lines.at(-1)).toMatch(
      /^✗ database-url cannot be read unambiguously: .*percent-encode special characters in the user name and password/,
    );
    expect(masks(run)).toEqual([]);
    for (const part of parts) expect(visible(run)).not.toContain(part);
    // The p of "p@ss" is not taken for the password: the word "password" is still whole.
    expect(run.lines.at(-1)).toContain('password');
  });
});
