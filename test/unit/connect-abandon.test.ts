import { connect as netConnect, createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/database/connect.js';

/**
 * A run that ends before its session is used (a refused directory) abandons the connection it
 * opened ahead. If the socket is still connecting, nothing may go out on it: pg's end() would
 * queue its Terminate ahead of the start-up message, and PostgreSQL logs that as "invalid length
 * of startup packet". A listener of our own records the bytes each connection sends.
 */
let server: Server;
let port = 0;
const received: Buffer[][] = [];
const closed: Promise<void>[] = [];

beforeAll(async () => {
  server = createServer((socket) => {
    const chunks: Buffer[] = [];
    received.push(chunks);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => {});
    closed.push(new Promise((resolve) => socket.on('close', () => resolve())));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('a connection abandoned while it connects', () => {
  it('sends nothing, not even Terminate', async () => {
    const abort = new AbortController();
    const opening = connect({ connectionString: `postgres://app@127.0.0.1:${port}/app`, timeoutMs: 5000, signal: abort.signal });
    // abandoned before the socket's connect event can be delivered
    abort.abort(new Error('the run ended before its session was used'));
    await expect(opening).rejects.toThrow();
    // A probe connected afterwards is accepted after any connection the abandoned one made
    // (the listen queue is first in, first out): once it is in, every earlier one is known.
    const probe = netConnect(port, '127.0.0.1');
    probe.end('probe');
    await expect.poll(() => received.some((chunks) => Buffer.concat(chunks).toString() === 'probe')).toBe(true);
    const earlier = received.findIndex((chunks) => Buffer.concat(chunks).toString() === 'probe');
    await Promise.all(closed.slice(0, earlier));
    for (const chunks of received.slice(0, earlier)) expect(Buffer.concat(chunks).length).toBe(0);
  });
});
