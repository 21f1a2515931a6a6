import { describe, expect, it } from 'vitest';
import { readInputs } from '../../src/action/inputs.js';
import { parseCli } from '../../src/cli/args.js';
import { MigrateError } from '../../src/errors.js';
import { resolveOptions, type Options, type RawSettings } from '../../src/options.js';
import { SETTINGS } from '../../src/settings/table.js';

const ENV: NodeJS.ProcessEnv = { USER: 'runner' };
const URL = 'postgres://u@h/db';

function resolve(raw: RawSettings, env: NodeJS.ProcessEnv = ENV): Options {
  return resolveOptions({ origin: 'action', databaseUrl: URL, ...raw }, env);
}

function problems(raw: RawSettings, env: NodeJS.ProcessEnv = ENV): string[] {
  try {
    resolve(raw, env);
  } catch (error) {
    if (!(error instanceof MigrateError)) throw error;
    expect(error.code).toBe('config');
    return error.message.split('; ');
  }
  return [];
}

describe('settings', () => {
  it('have every row of the table in Options.values, parsed', () => {
    const options = resolve({});
    expect(Object.keys(options.values).sort()).toEqual(SETTINGS.map((row) => row.key).sort());
    expect(options.values.lockTimeout).toBe(60_000);
    expect(options.values.migrationsTable).toBeNull();
  });

  it('are all judged, and all their problems reported at once', () => {
    expect(problems({ command: 'sideways', lockTimeout: 'soon', summary: 'maybe', historyTable: 'x'.repeat(64) })).toEqual([
      'unknown command "sideways" (expected up, check, plan, verify, lint, down, goto, status, force)',
      'lock-timeout must be a number of seconds between 0 and 86400, not "soon"',
      `history-table "${'x'.repeat(60)}…" is longer than PostgreSQL's 63-byte identifiers`,
      'summary must be true or false, not "maybe"',
    ]);
  });

  it('never turn a timeout above 0 into 0, which means none', () => {
    expect(resolve({ statementLockTimeout: '0.0001' }).statementLockTimeoutMs).toBe(1);
    expect(resolve({ lockTimeout: '0.0004' }).lockTimeoutMs).toBe(1);
    expect(resolve({ statementLockTimeout: '0' }).statementLockTimeoutMs).toBe(0);
  });
});

describe('settings the URL can also carry', () => {
  it('migrations-table: the URL’s when left empty, the default without either', () => {
    expect(resolve({ databaseUrl: `${URL}?x-migrations-table=versions` }).migrationsTable).toBe('versions');
    expect(resolve({}).migrationsTable).toBe('schema_migrations');
    expect(resolve({ migrationsTable: 'mine' }).migrationsTable).toBe('mine');
  });

  it('migrations-table: the same in both is fine, different is an error naming both', () => {
    expect(resolve({ databaseUrl: `${URL}?x-migrations-table=versions`, migrationsTable: 'versions' }).migrationsTable).toBe('versions');
    expect(problems({ databaseUrl: `${URL}?x-migrations-table=versions`, migrationsTable: 'schema_migrations' })).toEqual([
      `migrations-table "schema_migrations" disagrees with database-url's x-migrations-table "versions": set one of them, or the same in both`,
    ]);
  });

  it('a quoted x-migrations-table gives the state table’s schema', () => {
    const options = resolve({ databaseUrl: `${URL}?x-migrations-table=%22app%22.%22mig%22&x-migrations-table-quoted=true` });
    expect([options.migrationsSchema, options.migrationsTable]).toEqual(['app', 'mig']);
  });

  it('statement-lock-timeout: keeps the URL’s lock_timeout when left empty (0 = the session’s), else 10 s', () => {
    expect(resolve({ databaseUrl: `${URL}?lock_timeout=2s` }).statementLockTimeoutMs).toBe(0);
    expect(resolve({}).statementLockTimeoutMs).toBe(10_000);
    expect(resolve({ databaseUrl: `${URL}?lock_timeout=2s`, statementLockTimeout: '2' }).statementLockTimeoutMs).toBe(2000);
    expect(problems({ databaseUrl: `${URL}?lock_timeout=2s`, statementLockTimeout: '3' })[0]).toMatch(
      /^statement-lock-timeout 3 s disagrees with database-url's lock_timeout "2s"/,
    );
  });
});

describe('force', () => {
  it('needs a version: the input in the action, the argument in the CLI', () => {
    expect(problems({ command: 'force' })).toEqual(['force needs the force-version input: the version to record as clean (-1: none)']);
    expect(problems({ command: 'force', origin: 'cli' })).toEqual(['force needs a VERSION: oforum-migrate force VERSION']);
  });

  it('takes force-version, refused by the other commands', () => {
    expect(resolve({ command: 'force', forceVersion: '7' }).forceVersion).toBe(7n);
    expect(problems({ command: 'up', forceVersion: '7' })).toEqual(['force-version is for force only, not up']);
  });

  it('names the argument as it was given', () => {
    expect(problems({ ...parseCli(['force', 'abc']).settings, databaseUrl: URL })).toEqual([
      'force VERSION must be a whole number or -1, not "abc"',
    ]);
    expect(problems({ command: 'force', forceVersion: 'abc' })).toEqual(['force-version must be a whole number or -1, not "abc"']);
  });
});

describe('reading them', () => {
  it('from the CLI: positionals, bare and negated booleans, optional values', () => {
    expect(parseCli(['force', '3']).settings).toMatchObject({ command: 'force', forceVersion: '3', positional: ['forceVersion'] });
    expect(parseCli(['force', '-1']).settings).toMatchObject({ forceVersion: '-1' });
    expect(parseCli(['--command', 'force', '--force-version', '4']).settings).toMatchObject({ command: 'force', forceVersion: '4' });
    expect(parseCli(['check', '--fail-on-pending', '--no-history', '--drift', 'false']).settings).toMatchObject({
      failOnPending: 'true',
      history: 'false',
      drift: 'false',
    });
    expect(parseCli(['--embedded']).settings.embedded).toBe('');
    expect(parseCli(['--embedded=/tmp/pg']).settings.embedded).toBe('/tmp/pg');
    expect(parseCli(['--json', '-h'])).toMatchObject({ json: true, help: true, version: false });
  });

  it('from the action: every declared input, blank ones as not given', () => {
    const raw = readInputs({ 'INPUT_DATABASE-URL': URL, 'INPUT_MIGRATIONS-TABLE': '', 'INPUT_FORCE-VERSION': ' ', INPUT_COMMAND: 'check' });
    expect(raw).toEqual({ origin: 'action', databaseUrl: URL, command: 'check' });
  });
});
