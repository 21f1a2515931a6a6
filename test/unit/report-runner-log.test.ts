import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/engine/index.js';
import { ConsoleReporter } from '../../src/report/console.js';
import type { ReportContext } from '../../src/report/context.js';
import { publish } from '../../src/report/publish.js';
import { RunnerLog } from '../../src/report/runner-log.js';
import { givenCommands, readAsRunner, type RunnerReading } from '../helpers/runner-commands.js';
import { DIRECTORY, failed, HOSTILE, result, SERVER_DETAIL, SERVER_MESSAGES } from '../helpers/report-results.js';

interface Printed {
  stdout: string;
  stderr: string;
  log: RunnerLog;
  console: ConsoleReporter;
}

function printer(options: { workflow?: boolean; secrets?: string[]; color?: boolean } = {}): Printed {
  const printed = { stdout: '', stderr: '' } as Printed;
  printed.log = new RunnerLog({
    workflow: options.workflow ?? true,
    color: options.color ?? false,
    stdout: (text) => (printed.stdout += text),
    stderr: (text) => (printed.stderr += text),
    redact: (text) =>
      (options.secrets ?? []).filter((secret) => secret.trim() !== '').reduce((out, secret) => out.split(secret).join('***'), text),
    secrets: () => options.secrets ?? [],
  });
  printed.console = new ConsoleReporter({ log: printed.log });
  return printed;
}

function publishAll(run: RunResult, context: ReportContext = DIRECTORY, options: { json?: boolean; workflow?: boolean } = {}): Printed {
  const workflow = options.workflow ?? true;
  const printed = printer({ workflow });
  if (!options.json) printed.console.start(run.command);
  publish(run, context, { workflow, json: options.json ?? false, env: {}, log: printed.log, summary: false }, printed.console);
  return printed;
}

/** The runner carried out only the product's own commands: masks and the annotations it meant. */
function expectOnlyOwnCommands(reading: RunnerReading, expected: { name: string; data?: string }[]): void {
  const given = givenCommands(reading).map((command) => ({ name: command.name, data: command.data }));
  expect(given.map((command) => command.name)).toEqual(expected.map((command) => command.name));
  expected.forEach((command, i) => {
    if (command.data !== undefined) expect(given[i]?.data).toBe(command.data);
  });
}

describe('nothing printed from outside becomes a workflow command', () => {
  it.each(HOSTILE)('log lines of every engine event: %j', (hostile) => {
    const printed = printer();
    const { console } = printed;
    console.start('up', { connectTimeoutMs: 30_000 });
    console.info(`database ${hostile}`);
    console.connectRetry(hostile);
    console.lockWait({
      pid: 7,
      applicationName: hostile,
      user: hostile,
      clientAddress: null,
      backendStart: null,
      state: hostile,
      stateChange: null,
    });
    console.migrationStart({ version: 2n, name: hostile }, 'statement-by-statement', hostile);
    console.migrationRetry({ version: 2n, name: hostile }, 1, 3, 1000, hostile);
    console.migrationDone({ version: 2n, name: hostile, durationMs: 3, retries: 0 });
    printed.log.end();
    const reading = readAsRunner(printed.stdout);
    expectOnlyOwnCommands(reading, []);
    expect(reading.lines.join('\n')).toContain('INJECTED');
  });

  it.each(HOSTILE)('a failed migration: message, detail, hint, where, file name and SQL excerpt: %j', (hostile) => {
    const run = failed(
      'sql',
      `${SERVER_MESSAGES[0]} ${hostile}`,
      {
        version: 2n,
        detail: `${SERVER_DETAIL}\n${hostile}`,
        hint: `first\n${hostile}\n\nlast`,
        where: `PL/pgSQL function f() line 3\n${hostile}`,
        sqlState: '22P02',
        location: {
          file: `db/migrations/000002_${hostile}.up.sql`,
          line: 2,
          column: 8,
          excerpt: [
            { number: 1, text: `-- ${hostile}` },
            { number: 2, text: `SELECT '${hostile}'::int;\rstill line 2` },
          ],
        },
      },
      { pending: [{ version: 2n, name: hostile, file: `db/migrations/000002_${hostile}.up.sql` }] },
    );
    const reading = readAsRunner(publishAll(run).stdout);
    expectOnlyOwnCommands(reading, [{ name: 'error' }]);
    const [annotation] = givenCommands(reading);
    // The annotation carries the server's message as its data, whole, and points at the file.
    expect(annotation?.data).toContain(SERVER_MESSAGES[0]);
    expect(annotation?.properties.file).toBe(`db/migrations/000002_${hostile}.up.sql`.replace(/\p{Default_Ignorable_Code_Point}/gu, ''));
    expect(annotation?.properties.line).toBe('2');
  });

  // The CLI outside a workflow prints no block, yet its output can reach a runner (`docker run`
  // or `ssh` in a `run:` step): the lines themselves must not read as commands.
  it.each(HOSTILE)('outside a workflow too: a failed migration, drift and engine events: %j', (hostile) => {
    const run = failed(
      'sql',
      `${SERVER_MESSAGES[0]} ${hostile}`,
      {
        version: 2n,
        detail: `${SERVER_DETAIL}\n${hostile}\n  ${hostile}`,
        hint: `first\n${hostile}`,
        where: `PL/pgSQL function f() line 3\n${hostile}`,
        location: {
          file: `db/migrations/000002_${hostile}.up.sql`,
          line: 2,
          column: 8,
          excerpt: [
            { number: 1, text: hostile },
            { number: 2, text: `SELECT '${hostile}'::int;` },
          ],
        },
      },
      { drift: [`index public."${hostile}": only in the database`], warnings: [hostile] },
    );
    const printed = publishAll(run, DIRECTORY, { workflow: false });
    printed.console.migrationDone({ version: 3n, name: hostile, durationMs: 3, retries: 0 });
    expect(printed.stdout.split('\n').filter((line) => line.startsWith('::stop-commands::'))).toEqual([]);
    const reading = readAsRunner(printed.stdout);
    expectOnlyOwnCommands(reading, []);
    expect(reading.lines.join('\n')).toContain('INJECTED');
    // a cast in a line of SQL is printed as written
    expect(printed.stdout).toContain("'::int;");
  });

  it.each(HOSTILE)('drift, verify and warning lines: %j', (hostile) => {
    const drift = [`index public."${hostile}": only in the database`, `table public.t: column "${hostile}" only in the migrations`];
    const checked = publishAll(result({ command: 'check', status: 'up-to-date', drift, warnings: [`history: cannot write (${hostile})`] }));
    expectOnlyOwnCommands(readAsRunner(checked.stdout), [{ name: 'warning' }, { name: 'warning' }, { name: 'warning' }]);

    const failing = publishAll(
      failed('drift', `the schema differs: ${hostile}`, { detail: drift.join('\n') }, { command: 'check', status: 'up-to-date', drift }),
    );
    expectOnlyOwnCommands(readAsRunner(failing.stdout), [{ name: 'error' }]);

    const verify = publishAll(
      failed('verify', `the down of migration 3 does not undo its up: ${hostile}`, { detail: drift.join('\n') }, { command: 'verify' }),
    );
    expectOnlyOwnCommands(readAsRunner(verify.stdout), [{ name: 'error' }]);
  });

  it.each(HOSTILE)('errors before the run and internal errors (stderr too): %j', (hostile) => {
    const config = publishAll(failed('config', `unknown command "${hostile}"`));
    expectOnlyOwnCommands(readAsRunner(config.stdout), [{ name: 'error' }]);

    const printed = printer();
    printed.log.line(`✗ Internal error: ${hostile} (this is a bug in oforum-migrate)`);
    printed.log.end();
    printed.log.error(`Error: ${hostile}\n    at ${hostile} (file.js:1:1)`);
    expectOnlyOwnCommands(readAsRunner(printed.stdout), []);
    expectOnlyOwnCommands(readAsRunner(printed.stderr), []);
  });

  it.each(HOSTILE)('--json in a workflow step: %j', (hostile) => {
    const run = failed('sql', hostile, { detail: hostile, hint: hostile }, { drift: [hostile], warnings: [hostile] });
    const printed = publishAll(run, DIRECTORY, { json: true });
    expectOnlyOwnCommands(readAsRunner(printed.stdout), []);
    expect(printed.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    const parsed = JSON.parse(printed.stdout) as { error: { message: string }; drift: string[] };
    expect(parsed.error.message).toBe(hostile);
    expect(parsed.drift).toEqual([hostile]);
  });

  it('a lone \\r in a SQL line shows as ␍ and the line stays one line', () => {
    const run = failed('sql', 'syntax error', {
      version: 1n,
      location: { file: 'm/1_a.up.sql', line: 1, column: 1, excerpt: [{ number: 1, text: 'CREAT x;\r::warning::INJECTED' }] },
    });
    const reading = readAsRunner(publishAll(run).stdout);
    expect(reading.lines).toContain('    > 1 | CREAT x;␍::warning::INJECTED');
  });

  it('a hint with several lines is printed line by line, once', () => {
    const run = failed('connect', 'connection refused', { hint: 'check the host\nand the port' });
    const reading = readAsRunner(publishAll(run).stdout);
    expect(reading.lines.filter((line) => line.includes('check the host'))).toEqual(['  hint: check the host']);
    expect(reading.lines).toContain('  and the port');
    expect(givenCommands(reading)[0]?.data).not.toContain('check the host');
  });
});

describe('the runner protocol of the log', () => {
  it('prints the log inside stop-commands blocks with random tokens, the annotations between them, and ends with the last line', () => {
    const printed = publishAll(failed('connect', 'connection refused'));
    const reading = readAsRunner(printed.stdout);
    const names = reading.commands.map((command) => command.name);
    const [first, , , second] = reading.commands.map((command) => command.data);
    expect(names).toEqual(['stop-commands', first, 'error', 'stop-commands', second]);
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(second).toMatch(/^[0-9a-f]{32}$/);
    expect(second).not.toBe(first);
    expect(reading.lines.at(-1)).toBe('✗ Failed to connect: connection refused');
    // what the runner shows last: the closing line, not an annotation
    expect(printed.stdout.trimEnd().split('\n').at(-2)).toBe('✗ Failed to connect: connection refused');
  });

  it('registers each secret before the first line, escaped, and never prints it', () => {
    const secret = 'pa:ss\nword%';
    const printed = printer({ secrets: [secret, ' '] });
    printed.log.line(`connecting with ${secret}`);
    printed.log.command('error', { title: secret }, `failed: ${secret}`);
    printed.log.end();
    const reading = readAsRunner(printed.stdout);
    expect(printed.stdout.split('\n')[0]).toBe('::add-mask::pa:ss%0Aword%25');
    expect(givenCommands(reading).map((command) => [command.name, command.data])).toEqual([
      ['add-mask', secret],
      ['error', 'failed: ***'],
    ]);
    expect(reading.lines.join('\n')).not.toContain('word');
  });

  it('registers a secret learnt later before the next line that could hold it', () => {
    const secrets: string[] = [];
    let stdout = '';
    const log = new RunnerLog({
      workflow: true,
      color: false,
      stdout: (text) => (stdout += text),
      stderr: () => {},
      redact: (text) => text,
      secrets: () => secrets,
    });
    log.line('one');
    secrets.push('s3cret');
    log.line('two');
    log.end();
    const reading = readAsRunner(stdout);
    expect(givenCommands(reading).map((command) => command.name)).toEqual(['add-mask']);
    expect(reading.lines).toEqual(['one', 'two']);
    expect(stdout.indexOf('::add-mask::s3cret')).toBeLessThan(stdout.indexOf('two'));
  });

  it('prints no runner commands outside a workflow, and colours only the tool’s own pieces', () => {
    const printed = printer({ workflow: false, color: true });
    printed.console.migrationDone({ version: 1n, name: '\u001b[31mred', durationMs: 1, retries: 0 });
    expect(printed.stdout).toBe('  \u001b[32m✓\u001b[0m 1 ␛[31mred \u001b[2m(1.0 ms)\u001b[0m\n');
  });
});
