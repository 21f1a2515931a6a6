import { createServer, type Server } from 'node:net';
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

  describe('a server that closes the connection on reading the start-up packet', () => {
    let server: Server;
    let attempts = 0;
    beforeEach(async () => {
      attempts = 0;
      // As PostgreSQL does with a start-up packet it refuses (postmaster.c): no reply, just closed.
      server = createServer((socket) => {
        attempts++;
        socket.once('data', () => socket.destroy());
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    afterEach(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it('is a final failure after two such closes, not retried until connect-timeout', async () => {
      const port = (server.address() as { port: number }).port;
      const run = await runActionAsRunner({ 'database-url': `postgres://postgres@127.0.0.1:${port}/db`, 'connect-timeout': '60' });
      expect(run.code).toBe(1);
      expect(run.lines.at(-1)).toMatch(
        /^✗ Failed to connect: the server closed the connection as soon as it read the start-up packet, twice/,
      );
      expect(attempts).toBe(2);
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
