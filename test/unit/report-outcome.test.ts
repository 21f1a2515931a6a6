import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.generated.js';
import type { RunResult } from '../../src/engine/index.js';
import { ConsoleReporter } from '../../src/report/console.js';
import type { ReportContext } from '../../src/report/context.js';
import { actionOutputs, jsonFields } from '../../src/report/outputs.js';
import { toJson } from '../../src/report/json.js';
import { publish } from '../../src/report/publish.js';
import { RunnerLog } from '../../src/report/runner-log.js';
import { renderSummary } from '../../src/report/summary.js';
import { givenCommands, readAsRunner } from '../helpers/runner-commands.js';
import { DIRECTORY, EMBEDDED, failed, result } from '../helpers/report-results.js';

interface Report {
  lines: string[];
  commands: { name: string; properties: Record<string, string>; data: string }[];
  outputs: Record<string, string>;
  summary: string;
}

/** Everything a run reports in a workflow: the log as the runner reads it, outputs, summary. */
function report(run: RunResult, context: ReportContext = DIRECTORY): Report {
  let stdout = '';
  const log = new RunnerLog({
    workflow: true,
    color: false,
    stdout: (text) => (stdout += text),
    stderr: () => {},
    redact: (text) => text,
    secrets: () => [],
  });
  const console = new ConsoleReporter({ log });
  console.start(run.command);
  publish(run, context, { workflow: true, json: false, env: {}, log, summary: false }, console);
  const reading = readAsRunner(stdout);
  return { lines: reading.lines, commands: givenCommands(reading), outputs: actionOutputs(run), summary: renderSummary(run, context) };
}

function headlineOf(summary: string): string {
  return /<h3>(.*?)<\/h3>/.exec(summary)?.[1] ?? '';
}

const DRIFT = Array.from({ length: 6 }, (_, i) => `index public.by_hand_${i}: only in the database`);

describe('the headline says what happened', () => {
  it.each([
    ['connect', 'Could not connect to the database'],
    ['lock-timeout', 'Could not get the migration lock'],
    ['config', 'Configuration error'],
    ['verify', 'Verify failed'],
    ['sql', 'Migration 2 add_tags failed'],
  ] as const)('names what failed: %s', (code, expected) => {
    const run = failed(code, 'boom', { version: 2n }, { pending: [{ version: 2n, name: 'add_tags', file: 'db/2_add_tags.up.sql' }] });
    const { summary, commands, lines } = report(run);
    expect(headlineOf(summary)).toBe(`oForum migrations (up): ❌ ${expected}`);
    expect(commands).toEqual([expect.objectContaining({ name: 'error', properties: expect.objectContaining({ title: expected }) })]);
    // oForum's own last lines stay
    expect(lines.at(-1)).toMatch(/^✗ (Failed to connect|Migration failed|Verify failed|boom)/);
  });

  it('after a configuration error names the command that was asked', () => {
    const run = failed('config', 'lock-timeout must be a number of seconds');
    expect(headlineOf(renderSummary(run, { ...DIRECTORY, asked: 'check' }))).toBe('oForum migrations (check): ❌ Configuration error');
    expect(headlineOf(renderSummary(run, { ...DIRECTORY, asked: null }))).toBe('oForum migrations: ❌ Configuration error');
  });

  it('shows no version it never read, and no empty boxes', () => {
    const { summary } = report(
      { ...failed('config', 'DATABASE_URL is required'), database: '', digest: '' },
      { ...DIRECTORY, origin: null },
    );
    expect(summary).not.toContain('version');
    expect(summary).not.toContain('<code></code>');
    expect(report(failed('lock-timeout', 'held by pid 7')).summary).not.toMatch(/version <code>/);
  });

  it('never shows a yellow circle: a check with pending migrations is safe to migrate', () => {
    const run = result({ command: 'check', status: 'pending', pending: [{ version: 3n, name: 'a', file: null }] });
    expect(headlineOf(report(run).summary)).toBe('oForum migrations (check): ✅ Safe to migrate: 1 migration pending');
    expect(report(run).outputs.result).toBe('success');
  });
});

describe('findings have a warning state', () => {
  it('drift found by a check that does not fail on it: ⚠️, a warning annotation for each, result=warning', () => {
    const run = result({ command: 'check', status: 'up-to-date', version: 5n, previousVersion: 5n, drift: DRIFT });
    const { summary, commands, outputs, lines } = report(run);
    expect(headlineOf(summary)).toBe('oForum migrations (check): ⚠️ Already up to date, with schema drift (6 differences)');
    expect(commands.map((c) => [c.name, c.data])).toEqual(DRIFT.map((line) => ['warning', line]));
    expect(outputs.result).toBe('warning');
    expect(JSON.parse(outputs.drift!)).toEqual(DRIFT);
    expect(lines.at(-1)).toBe('✓ Already up to date');
  });

  it('an accepted edited migration: ⚠️, a warning annotation, listed in the warnings output', () => {
    const warning =
      'migration edited after being applied: 1 create_items (applied sha256:5d41402abc4b, file now sha256:7d793037a076) (allowed by allow-edited)';
    const run = result({
      status: 'up-to-date',
      warnings: [warning],
      edited: [
        {
          version: 1n,
          name: 'create_items',
          file: 'db/1.up.sql',
          applied: `sha256:${'a'.repeat(64)}`,
          current: `sha256:${'b'.repeat(64)}`,
        },
      ],
    });
    const { summary, commands, outputs } = report(run);
    expect(headlineOf(summary)).toBe('oForum migrations (up): ⚠️ Already up to date, with 1 warning');
    expect(commands).toEqual([expect.objectContaining({ name: 'warning', data: warning })]);
    expect(JSON.parse(outputs.warnings!)).toEqual([warning]);
    expect(outputs.result).toBe('warning');
    // checksums shortened as the log shows them, so the table fits
    expect(summary).toContain(`<code>sha256:${'a'.repeat(12)}</code>`);
    expect(summary).not.toContain('a'.repeat(13));
  });

  it('with fail-on-drift the differences are listed once, every one of them', () => {
    const many = Array.from({ length: 30 }, (_, i) => `index public.idx_${i}: only in the database`);
    const run = failed(
      'drift',
      `the schema differs from its migrations in 30 ways: ${many.slice(0, 3).join('; ')}; …`,
      { detail: many.join('\n') },
      { command: 'check', status: 'up-to-date', drift: many },
    );
    const { lines, summary, commands } = report(run);
    for (const line of many) {
      expect(lines.filter((printed) => printed.includes(line.replace(/:.*/, ':')))).toHaveLength(1);
      expect(summary.split(line)).toHaveLength(2);
    }
    expect(lines.at(-1)).toBe('✗ Check failed: the schema differs from its migrations in 30 ways (fail-on-drift)');
    expect(commands.map((c) => c.name)).toEqual(['error']);
  });
});

describe('the dirty hint can be followed from CI and from a terminal', () => {
  it('gives the action’s force command and the CLI line, once', () => {
    const run = failed(
      'dirty',
      'Dirty database version 5. Fix and force version.',
      { hint: 'repair the schema by hand, then record the version that matches it: oforum-migrate force 5' },
      { status: 'dirty', version: 5n, dirty: true },
    );
    const { lines, summary, commands } = report(run);
    const text = lines.join('\n');
    expect(text).toContain('command: force and force-version: 5');
    expect(text).toContain(
      `oforum-migrate force 5 (install: npm install -g github:oforum/migrate-action#v${VERSION}; in a checkout: node dist/index.js force 5)`,
    );
    expect(text).not.toContain('npx');
    expect(text.split('oforum-migrate force 5')).toHaveLength(2);
    expect(summary).toContain('force-version: 5');
    expect(lines.at(-1)).toBe('✗ Migration failed: Dirty database version 5. Fix and force version.');
    expect(commands[0]?.data).not.toContain('force-version');
  });
});

describe('layout', () => {
  const failure = failed(
    'sql',
    'syntax error at or near "CREAT"',
    {
      version: 4n,
      sqlState: '42601',
      location: { file: 'migrations/000004_add_post_slugs.up.sql', line: 2, column: 1, excerpt: [{ number: 2, text: 'CREAT TABLE x;' }] },
    },
    {
      previousVersion: 2n,
      version: 3n,
      applied: [
        { version: 3n, name: 'add_tags', file: 'migrations/000003_add_tags.up.sql', durationMs: 41.4, mode: 'transaction', retries: 0 },
      ],
      pending: [{ version: 4n, name: 'add_post_slugs', file: 'migrations/000004_add_post_slugs.up.sql' }],
    },
  );

  it('puts the failure first: the error, file:line:col and SQL before the tables', () => {
    const { summary } = report(failure, EMBEDDED);
    const error = summary.indexOf('✗ Migration failed');
    expect(error).toBeGreaterThan(0);
    expect(summary.indexOf('CREAT TABLE x;')).toBeGreaterThan(error);
    expect(summary.indexOf('CREAT TABLE x;')).toBeLessThan(summary.indexOf('<table>'));
  });

  it('names embedded files as embedded, and points no annotation at them', () => {
    const embedded = report(failure, EMBEDDED);
    expect(embedded.summary).toContain('at embedded 000004_add_post_slugs.up.sql:2:1');
    expect(embedded.summary).not.toContain('migrations/0000');
    expect(embedded.lines).toContain('  ✗ 4 add_post_slugs failed at embedded 000004_add_post_slugs.up.sql:2:1');
    expect(embedded.commands[0]?.properties.file).toBeUndefined();
    expect(toJson(jsonFields(failure, EMBEDDED))).toContain('"file":"embedded 000004_add_post_slugs.up.sql"');

    const directory = report(failure, DIRECTORY);
    expect(directory.commands[0]?.properties).toMatchObject({ file: 'migrations/000004_add_post_slugs.up.sql', line: '2', col: '1' });
  });

  it('shows the same durations in the log and the summary', () => {
    const { summary } = report({ ...failure, error: undefined, status: 'applied' });
    let stdout = '';
    const log = new RunnerLog({
      workflow: false,
      color: false,
      stdout: (t) => (stdout += t),
      stderr: () => {},
      redact: (t) => t,
      secrets: () => [],
    });
    new ConsoleReporter({ log }).migrationDone(failure.applied[0]!);
    expect(stdout).toContain('(41 ms)');
    expect(summary).toContain('<td>41 ms</td>');
  });

  it('each step of check → plan → up adds what is new', () => {
    const pending = [
      { version: 4n, name: 'add_post_slugs', file: 'migrations/000004_add_post_slugs.up.sql' },
      { version: 5n, name: 'add_query_indexes', file: 'migrations/000005_add_query_indexes.up.sql' },
    ];
    const applied = pending.map((m) => ({ ...m, durationMs: 5, mode: 'transaction' as const, retries: 0 }));
    const check = renderSummary(result({ command: 'check', status: 'pending', version: 3n, previousVersion: 3n, pending }), EMBEDDED);
    const plan = renderSummary(
      result({ command: 'plan', status: 'planned', version: 3n, previousVersion: 3n, pending, proof: { tried: applied, notTried: [] } }),
      EMBEDDED,
    );
    const history = applied.map((m) => ({ ...m, checksum: '', appliedAt: new Date(), appliedBy: 'me', runUrl: null, commit: null }));
    const up = renderSummary(result({ command: 'up', status: 'applied', version: 5n, previousVersion: 3n, applied, history }), EMBEDDED);
    for (const summary of [check, plan, up]) {
      expect(summary.split('add_post_slugs')).toHaveLength(2);
      expect(summary).not.toContain('🟡');
      expect(summary).toContain('✅');
    }
  });
});

describe('connection noise', () => {
  it('says once that it waits, then about every 10 s with the time left', () => {
    let now = 1_000_000;
    let stdout = '';
    const log = new RunnerLog({
      workflow: false,
      color: false,
      stdout: (t) => (stdout += t),
      stderr: () => {},
      redact: (t) => t,
      secrets: () => [],
    });
    const console = new ConsoleReporter({ log, now: () => now });
    console.start('up', { connectTimeoutMs: 30_000 });
    // the engine reports every attempt, with backoff: 0.1, 0.2, 0.4, 0.8, 1.6, then every 2 s
    for (const delay of [0, 100, 200, 400, 800, 1600, ...Array.from({ length: 13 }, () => 2000)]) {
      now += delay;
      console.connectRetry('connection refused (127.0.0.1:5432)');
    }
    expect(stdout.split('\n').filter((line) => line.includes('waiting for the database'))).toEqual([
      '  waiting for the database (connection refused (127.0.0.1:5432)); trying for up to 30 s',
      '  still waiting for the database (connection refused (127.0.0.1:5432)), about 19 s left',
      '  still waiting for the database (connection refused (127.0.0.1:5432)), about 9 s left',
    ]);
  });
});

describe('versions as 64-bit integers', () => {
  it('writes bigint versions as JSON numbers in the outputs and --json', () => {
    const big = 20240101120000123n;
    const run = result({
      status: 'applied',
      previousVersion: big - 1n,
      version: big,
      applied: [{ version: big, name: 'x', file: null, durationMs: 1, mode: 'transaction', retries: 0 }],
    } as unknown as Partial<RunResult>);
    const outputs = actionOutputs(run);
    expect(outputs.version).toBe('20240101120000123');
    expect(outputs.applied).toBe('[20240101120000123]');
    const json = toJson(jsonFields(run));
    expect(json).toContain('"version":20240101120000123');
    expect(renderSummary(run, DIRECTORY)).toContain('<code>20240101120000122</code> → <code>20240101120000123</code>');
  });
});

describe('a cancelled run', () => {
  it('says where the database is, with status cancelled and one error annotation', () => {
    const run = failed(
      'cancelled',
      'SIGTERM received while migration 3 ran: it was rolled back',
      { version: 3n },
      {
        status: 'cancelled',
        previousVersion: 1n,
        version: 2n,
        applied: [{ version: 2n, name: 'b', file: null, durationMs: 1, mode: 'transaction', retries: 0 }],
      },
    );
    const shown = report(run);
    expect(shown.lines.at(-1)).toBe(
      '✗ Migration cancelled: SIGTERM received while migration 3 ran: it was rolled back; 1 migration applied before; the database is at version 2',
    );
    expect(shown.outputs).toMatchObject({ status: 'cancelled', result: 'failure', version: '2', dirty: 'false' });
    expect(headlineOf(shown.summary)).toBe('oForum migrations (up): ❌ Cancelled');
    expect(shown.summary).toContain('version <code>1</code> → <code>2</code>');
    expect(shown.commands.map((command) => command.name)).toEqual(['error']);
  });

  it('left dirty: the repair steps, and no version claimed beyond the message', () => {
    const run = failed(
      'cancelled',
      'SIGINT received while migration 3 ran statement by statement: it stopped at line 2 and left the database dirty at version 3',
      { version: 3n, dirty: true },
      { status: 'cancelled', version: 3n, dirty: true },
    );
    const shown = report(run);
    expect(shown.lines.at(-1)).toBe(
      '✗ Migration cancelled: SIGINT received while migration 3 ran statement by statement: it stopped at line 2 and left the database dirty at version 3',
    );
    expect(shown.lines.some((line) => line.includes('command: force and force-version: 3'))).toBe(true);
    expect(headlineOf(shown.summary)).toBe('oForum migrations (up): ❌ Cancelled, database dirty at version 3');
  });

  it('before the state was read: no version shown', () => {
    const shown = report(failed('cancelled', 'SIGTERM received', {}, { status: 'cancelled' }));
    expect(shown.lines.at(-1)).toBe('✗ Migration cancelled: SIGTERM received');
    expect(shown.summary).not.toContain('version <code>');
  });
});

describe('a message of several lines', () => {
  it('ends with its first line, as oForum prints it, and keeps the rest above it and in the summary', () => {
    const run = failed('sql', 'first part\nsecond part matters', { version: 2n });
    const { lines, summary } = report(run);
    expect(lines.at(-1)).toBe('✗ Migration failed: first part');
    expect(lines.at(-2)).toBe('  second part matters');
    expect(summary).toContain('✗ Migration failed: first part&#10;second part matters');
  });
});

describe('a session lost with its answers', () => {
  it('ends with the version read again on a new session, or says it could not be', () => {
    const error = { version: 24n, outcomeUnknown: true };
    const message =
      'connection lost while applying version 24: Connection terminated unexpectedly; it may have committed with its version row, and so may the 63 sent after it';
    const read = report(failed('sql', message, error, { version: 86n, versionReread: true }));
    expect(read.lines.at(-1)).toBe(`✗ Migration failed: ${message}; read again on a new session, the database is at version 86`);
    const unread = report(failed('sql', message, error, { version: 23n, versionReread: 'failed' }));
    expect(unread.lines.at(-1)).toBe(`✗ Migration failed: ${message}; the version could not be read again: run check to see it`);
  });
});
