import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, SERVER_URL, type TestDatabase } from '../helpers/database.js';
import { migrationDirectory, runActionAsRunner } from '../helpers/golang-migrate.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

const host = (): string => new URL(SERVER_URL).host;

describe('what the server would refuse at start-up', () => {
  it('sslmode=require against a server without TLS: explained, at once', async () => {
    const ssl = await db.query<{ ssl: string }>(`SELECT current_setting('ssl') AS ssl`);
    if (ssl[0]?.ssl === 'on') return; // a server with TLS cannot show it
    const run = await runActionAsRunner({ 'database-url': `postgres://postgres@${host()}/${db.name}?sslmode=require` });
    expect(run.code).toBe(1);
    expect(run.lines.at(-1)).toBe(
      "✗ Failed to connect: the server does not accept TLS (SSL) connections, and database-url's sslmode=require demands one: connect to the server's TLS endpoint, or, on a private network only, set sslmode=disable (sslmode=prefer tries TLS first and falls back)",
    );
    expect(run.stdout).not.toContain('waiting for the database');
  });

  it('a 100 KB database name is refused with exit 2, not retried', async () => {
    const run = await runActionAsRunner({ 'database-url': `postgres://postgres@${host()}/${'d'.repeat(100_000)}` });
    expect(run.code).toBe(2);
    expect(run.lines.at(-1)).toMatch(/database name is longer than PostgreSQL's 63-byte names/);
    expect(run.stdout).not.toContain('waiting for the database');
  });

  describe('a server that closes the connection without a word', () => {
    let server: Server;
    let attempts = 0;
    const sockets = new Set<Socket>();
    /** connections closed so far: after `closing` of them, the rest go through to PostgreSQL */
    let closing = Number.POSITIVE_INFINITY;
    beforeEach(async () => {
      attempts = 0;
      closing = Number.POSITIVE_INFINITY;
      // As Docker's port proxy does while the service container's server is not listening yet:
      // the connection is accepted, then closed, with no reply.
      const target = new URL(SERVER_URL);
      server = createServer((socket) => {
        attempts++;
        sockets.add(socket);
        socket.on('error', () => {});
        if (attempts <= closing) {
          socket.destroy();
          return;
        }
        const upstream = connect(Number(target.port || 5432), target.hostname);
        sockets.add(upstream);
        upstream.on('error', () => socket.destroy());
        socket.pipe(upstream).pipe(socket);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    afterEach(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    });

    it('is retried: the run goes on once the server answers (a service container starting)', async () => {
      closing = 3;
      const port = (server.address() as { port: number }).port;
      const run = await runActionAsRunner({ 'database-url': `postgres://postgres@127.0.0.1:${port}/${db.name}`, command: 'check' });
      expect(run.code, run.stdout).toBe(0);
      expect(attempts).toBeGreaterThan(3);
      expect(run.stdout).toContain('the server closed the connection without a word as soon as it was open');
    });

    it('fails when connect-timeout has passed, naming both causes', async () => {
      const port = (server.address() as { port: number }).port;
      const run = await runActionAsRunner({ 'database-url': `postgres://postgres@127.0.0.1:${port}/db`, 'connect-timeout': '2' });
      expect(run.code).toBe(1);
      expect(run.lines.at(-1)).toBe(
        '✗ Failed to connect: the server closed the connection without a word as soon as it was open (still failing after 2 s): a server still starting behind a port proxy (a service container without a health check), or one that refuses a start-up parameter of database-url (a pooler that does not accept it)',
      );
      expect(attempts).toBeGreaterThan(2);
    });
  });
});

describe('statement-lock-timeout', () => {
  it('below 1 ms is 1 ms, never 0 (no timeout at all)', async () => {
    const directory = migrationDirectory({ '1_show.up.sql': `CREATE TABLE shown AS SELECT current_setting('lock_timeout') AS value;\n` });
    const run = await runActionAsRunner({ 'database-url': db.url, 'migrations-path': directory, 'statement-lock-timeout': '0.0001' });
    expect(run.code, run.stdout).toBe(0);
    expect(await db.query('SELECT value FROM shown')).toEqual([{ value: '1ms' }]);
  });
});
