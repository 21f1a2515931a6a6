import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, stateOf, type TestDatabase } from '../helpers/database.js';
import { spawnRun } from '../helpers/spawn-run.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

// PostgreSQL's Terminate message: 'X', then its length (4)
const TERMINATE = Buffer.from([0x58, 0, 0, 0, 4]);

interface HoldingProxy {
  port: number;
  /** per connection: whether the client's bytes ended with Terminate when it closed its side */
  endings(): boolean[];
  close(): void;
}

/**
 * A proxy that passes everything on, except the server's close: the client's side stays open
 * after the server has gone, as a slow or far network leaves it for a round trip. A client that
 * waits for the server's close before it ends would wait here for good.
 */
async function startHoldingProxy(upstreamPort: number): Promise<HoldingProxy> {
  const endings: boolean[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    const upstream = net.connect({ host: '127.0.0.1', port: upstreamPort, allowHalfOpen: true });
    sockets.add(client).add(upstream);
    let last = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      last = Buffer.concat([last, chunk]).subarray(-TERMINATE.length);
      upstream.write(chunk);
    });
    client.on('end', () => {
      endings.push(last.equals(TERMINATE));
      upstream.end();
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    // the server's close is not passed on
    upstream.on('end', () => {});
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    endings: () => [...endings],
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

/** the run's sessions still open on the test database, once none is or after `timeoutMs` */
async function sessionsLeft(timeoutMs: number): Promise<number> {
  const client = await db.client();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'oforum-migrate'`,
    );
    if (rows[0]!.n === 0 || Date.now() > deadline) return rows[0]!.n;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the end of a session', () => {
  it("sends Terminate and closes, without waiting for the server's close (as libpq does): the run ends and the server ends the session", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'omt-session-end-'));
    writeFileSync(path.join(dir, '1_t.up.sql'), 'CREATE TABLE t (id int PRIMARY KEY);\n');
    const proxy = await startHoldingProxy(Number(new URL(db.url).port || 5432));
    const url = new URL(db.url);
    url.port = String(proxy.port);
    // one connection, as for a server without TLS whose URL says so
    url.searchParams.set('sslmode', 'disable');
    try {
      for (const command of ['up', 'check']) {
        const running = spawnRun({ inputs: { command, 'database-url': url.toString(), 'migrations-path': dir } });
        // a run that waited for the server's close would never end: bounded, then killed
        const ended = await Promise.race([
          running.done.then(() => true),
          new Promise<false>((resolve) => setTimeout(() => resolve(false), 30_000)),
        ]);
        running.kill();
        const run = await running.done;
        expect(ended, `${command} did not end: ${run.stdout}`).toBe(true);
        expect(run.code, run.stdout).toBe(0);
        expect(run.outputs).toMatchObject({ version: '1', dirty: 'false' });
      }
      // each session ended with Terminate, then the client's close
      expect(proxy.endings()).toEqual([true, true]);
      // the server ended them (it may take a moment after the client has gone)
      expect(await sessionsLeft(30_000)).toBe(0);
      expect(await stateOf(db)).toEqual({ version: 1, dirty: false });
    } finally {
      proxy.close();
    }
  });
});
