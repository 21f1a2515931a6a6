import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, SERVER_URL, type TestDatabase } from '../helpers/database.js';
import { runActionAsRunner } from '../helpers/golang-migrate.js';
import { runCli, type RunOutcome } from '../helpers/run.js';

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

  it.each(['command', 'lock-timeout', 'target-version', 'migrations-path'])(
    'a URL given by mistake as the %s input: refused with its password hidden, and registered',
    async (input) => {
      const run = await runActionAsRunner({
        'database-url': `postgres://postgres@${host()}/${db.name}`,
        [input]: `postgres://u:Stray-Pw-19@${host()}/db`,
      });
      expect(run.code).not.toBe(0);
      expect(masks(run)).toContain('Stray-Pw-19');
      expect(visible(run)).not.toContain('Stray-Pw-19');
    },
  );

  it('a URL after -- on the command line: refused with its password hidden', async () => {
    for (const args of [
      ['--', '--database-url', `postgres://u:Stray-Pw-20@${host()}/db`],
      ['--json', '--', `--database-url=postgres://u:Stray-Pw-20@${host()}/db`],
    ]) {
      const run = await runCli(args);
      expect(run.code).toBe(2);
      expect(visible(run)).not.toContain('Stray-Pw-20');
    }
  });

  it('a password in PGPASSWORD, used because the URL has none, is registered', async () => {
    const run = await runActionAsRunner(
      { 'database-url': `postgres://postgres@${host()}/${db.name}`, command: 'check' },
      { PGPASSWORD: 'Env-Pw-77' },
    );
    expect(run.code, run.stdout).toBe(0);
    expect(masks(run)).toContain('Env-Pw-77');
  });

  describe('a password from the pass file (PGPASSFILE), read as lib/pq reads it', () => {
    // Hostile in the log and in a shell: &, quotes, a space, a ':' (escaped in the file), non-ASCII.
    const PASSWORD = `Pf&'ile":pw ü-${Date.now().toString(36)}`;
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'omt-pgpass-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const passFile = (lines: string[]): string => {
      const file = path.join(dir, `pgpass-${lines.length}-${Math.random().toString(36).slice(2)}`);
      writeFileSync(file, `# written by the test\n${lines.join('\n')}\n`);
      chmodSync(file, 0o600);
      return file;
    };
    const escaped = (text: string): string => text.replace(/[\\:]/g, (c) => `\\${c}`);

    it('is registered, never shown, and sent by the tool itself (node-postgres does not read the file: no DeprecationWarning)', async () => {
      const file = passFile(['elsewhere:5432:*:*:not-this', `*:*:*:*:${escaped(PASSWORD)}`]);
      const run = await runActionAsRunner(
        { 'database-url': `postgres://postgres@${host()}/${db.name}`, command: 'check' },
        { PGPASSFILE: file },
      );
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(masks(run)).toContain(PASSWORD);
      expect(masks(run)).not.toContain('not-this');
      expect(visible(run)).not.toContain(PASSWORD);
      expect(run.stderr).not.toMatch(/DeprecationWarning|pgpass/);
    });

    it('is hidden where the server echoes it', async () => {
      // The password is also the name of a database that does not exist: the server's message quotes it.
      const file = passFile([`*:*:*:*:${escaped(PASSWORD)}`]);
      const run = await runActionAsRunner(
        { 'database-url': `postgres://postgres@${host()}/${encodeURIComponent(PASSWORD)}`, command: 'check', 'connect-timeout': '0' },
        { PGPASSFILE: file },
      );
      expect(run.code, run.stdout + run.stderr).toBe(1);
      expect(run.lines.at(-1)).toMatch(/^✗ Failed to connect: database "\*\*\*" does not exist$/);
      expect(masks(run)).toContain(PASSWORD);
      expect(visible(run)).not.toContain(PASSWORD);
      expect(visible(run)).not.toContain(encodeURIComponent(PASSWORD));
      expect(run.stderr).not.toMatch(/DeprecationWarning|pgpass/);
    });

    it('is what a server that asks for a password receives, with no DeprecationWarning and its echo hidden', async () => {
      // The test server trusts local connections and never asks: this one asks for the password in
      // clear text, keeps what it receives and quotes it in its error, as a proxy could.
      const received: string[] = [];
      const server = passwordEchoServer(received);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = server.address() as AddressInfo;
        const file = passFile([`127.0.0.1:${port}:echo:someone:${escaped(PASSWORD)}`]);
        const run = await runActionAsRunner(
          { 'database-url': `postgres://someone@127.0.0.1:${port}/echo`, command: 'check', 'connect-timeout': '0' },
          { PGPASSFILE: file },
        );
        expect(received.length).toBeGreaterThan(0);
        expect(new Set(received)).toEqual(new Set([PASSWORD]));
        expect(run.code, run.stdout + run.stderr).toBe(1);
        expect(run.lines.at(-1)).toBe('✗ Failed to connect: password authentication failed, received ***');
        expect(masks(run)).toContain(PASSWORD);
        expect(visible(run)).not.toContain(PASSWORD);
        expect(run.stderr).not.toMatch(/DeprecationWarning|pgpass/);
      } finally {
        server.close();
      }
    });

    it('is ignored when group or others may read the file, as lib/pq ignores it', async () => {
      const file = passFile([`*:*:*:*:${escaped(PASSWORD)}`]);
      chmodSync(file, 0o644);
      const run = await runActionAsRunner(
        { 'database-url': `postgres://postgres@${host()}/${db.name}`, command: 'check' },
        { PGPASSFILE: file },
      );
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(masks(run)).not.toContain(PASSWORD);
    });
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

/**
 * A PostgreSQL server of a few bytes: it declines TLS, asks for a clear-text password, records
 * it and fails the connection with a message that quotes it.
 */
function passwordEchoServer(received: string[]): Server {
  return createServer((socket) => {
    let buffer = Buffer.alloc(0);
    let started = false;
    socket.on('error', () => {});
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!started) {
        if (buffer.length < 8 || buffer.length < buffer.readInt32BE(0)) return;
        const request = buffer.readInt32BE(4);
        buffer = buffer.subarray(buffer.readInt32BE(0));
        if (request === 80877103) return void socket.write('N'); // SSLRequest: no
        started = true;
        const ask = Buffer.alloc(9);
        ask.write('R', 0);
        ask.writeInt32BE(8, 1);
        ask.writeInt32BE(3, 5); // AuthenticationCleartextPassword
        socket.write(ask);
        return;
      }
      if (buffer.length < 5 || buffer[0] !== 0x70 || buffer.length < 1 + buffer.readInt32BE(1)) return;
      const password = buffer.subarray(5, buffer.readInt32BE(1)).toString('utf8'); // without its NUL
      received.push(password);
      const fields = Buffer.from(`SFATAL\0VFATAL\0C28P01\0Mpassword authentication failed, received ${password}\0\0`);
      const error = Buffer.alloc(5);
      error.write('E', 0);
      error.writeInt32BE(4 + fields.length, 1);
      socket.end(Buffer.concat([error, fields]));
    });
  });
}
