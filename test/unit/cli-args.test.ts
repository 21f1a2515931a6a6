import { describe, expect, it } from 'vitest';
import { parseCli } from '../../src/cli/args.js';
import { MigrateError } from '../../src/errors.js';

/** The one-line config error parseCli refuses the arguments with. */
function refusal(args: readonly string[]): string {
  try {
    parseCli(args);
  } catch (error) {
    if (!(error instanceof MigrateError)) throw error;
    expect(error.code).toBe('config');
    expect(error.message).not.toContain('\n');
    return error.message;
  }
  throw new Error(`accepted: ${args.join(' ')}`);
}

describe('a flag given twice', () => {
  it('is refused, naming the flag and never its values, in either form', () => {
    const a = 'postgres://deploy:PwA@db-a/app';
    const b = 'postgres://deploy:PwB@db-b/app';
    for (const args of [
      ['up', '--database-url', a, '--database-url', b],
      ['up', `--database-url=${a}`, '--database-url', b],
      ['up', `--database-url=${a}`, `--database-url=${b}`],
    ]) {
      const message = refusal(args);
      expect(message).toBe('--database-url given twice; give it once');
      for (const secret of ['PwA', 'PwB', 'db-a', 'db-b']) expect(message).not.toContain(secret);
    }
  });

  it('is refused for every kind of flag that takes a value', () => {
    expect(refusal(['down', '--steps', '1', '--steps', '5'])).toBe('--steps given twice; give it once');
    expect(refusal(['up', '--lint', 'warn', '--lint', 'error'])).toBe('--lint given twice; give it once');
    expect(refusal(['up', '--migrations-path', 'a', '--migrations-path=b'])).toBe('--migrations-path given twice; give it once');
    expect(refusal(['force', '-1', '--lock-timeout', '-5', '--lock-timeout', '3'])).toBe('--lock-timeout given twice; give it once');
    expect(refusal(['--embedded', '--embedded=/tmp/pg'])).toBe('--embedded given twice; give it once');
    expect(refusal(['--command', 'up', '--command', 'down'])).toBe('--command given twice; give it once');
  });

  it('is refused for a boolean flag, naming the forms used', () => {
    expect(refusal(['check', '--drift', '--no-drift'])).toBe('--drift given twice (as --drift and --no-drift); give it once');
    expect(refusal(['check', '--fail-on-pending', 'true', '--fail-on-pending=false'])).toBe('--fail-on-pending given twice; give it once');
  });

  it('is refused with the same value too, and every repeated flag is named', () => {
    expect(refusal(['up', '--lint', 'warn', '--lint', 'warn', '--lint', 'warn'])).toBe('--lint given 3 times; give it once');
    expect(refusal(['up', '--steps', '1', '--steps', '1', '--no-summary', '--summary'])).toBe(
      '--steps given twice; give it once; --summary given twice (as --no-summary and --summary); give it once',
    );
  });

  it('leaves a repeated switch, the positional and its flag agreeing, and flags given once alone', () => {
    expect(parseCli(['--json', '--json', '-h', '--help'])).toMatchObject({ json: true, help: true });
    expect(parseCli(['down', '2', '--steps', '2']).settings).toMatchObject({ steps: '2' });
    expect(parseCli(['force', '-1', '--lock-timeout', '-5']).settings).toMatchObject({ forceVersion: '-1', lockTimeout: '-5' });
    expect(parseCli(['up', '--database-url', 'postgres://u@h/db', '--migrations-path', 'db']).settings).toMatchObject({
      databaseUrl: 'postgres://u@h/db',
      migrationsPath: 'db',
    });
  });
});

describe('a negated boolean flag with a value', () => {
  it('is refused in one line that names it, not as an unknown option', () => {
    expect(refusal(['check', '--no-fail-on-pending=true'])).toBe(
      '--no-fail-on-pending takes no value: give --no-fail-on-pending alone, or --fail-on-pending=true or false',
    );
    expect(refusal(['--no-summary=false'])).toMatch(/^--no-summary takes no value/);
  });

  it('still leaves an unknown --no- flag to the parser', () => {
    expect(refusal(['--no-such=1'])).toMatch(/^Unknown option '--no-such'/);
  });
});

describe('an empty --migrations-path', () => {
  it('is refused: it is never a request for the embedded migrations', () => {
    const message = '--migrations-path is empty: give a directory, or leave the flag out to use the embedded migrations';
    expect(refusal(['up', '--migrations-path', ''])).toBe(message);
    expect(refusal(['up', '--migrations-path='])).toBe(message);
    expect(refusal(['up', '--migrations-path', '  '])).toBe(message);
  });

  it('nor is any other flag’s: an unset variable never means the default', () => {
    expect(refusal(['up', '--database-url', ''])).toBe('--database-url is empty: give a URL, or leave the flag out to use DATABASE_URL');
    expect(refusal(['up', '--target-version='])).toBe(
      '--target-version is empty: give a version, or leave the flag out to migrate to the newest',
    );
    expect(refusal(['check', '--lint', ' '])).toBe('--lint is empty: give a value, or leave the flag out for its default');
    expect(parseCli(['up', '--embedded']).settings).toBeDefined();
  });

  it('left out, leaves the embedded migrations', () => {
    expect(parseCli(['up']).settings.migrationsPath).toBeUndefined();
  });
});
