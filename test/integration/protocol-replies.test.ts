import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runAction } from '../helpers/run.js';

// Servers of the test's own that answer the start-up packet with what pg's protocol parser
// cannot read. Before the patch of patches/pg-protocol+… the parser threw from the socket's
// listener: the process died with a stack trace, and wrote no outputs and no summary.

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** Listens on loopback; each connection's first bytes (the start-up packet) get `reply`. */
async function answering(reply: Buffer): Promise<number> {
  server = createServer((socket: Socket) => {
    socket.on('error', () => {});
    socket.once('data', () => socket.end(reply));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server!.address() as { port: number }).port;
}

/** An AuthenticationRequest message ('R') with the given request code. */
function authenticationRequest(code: number): Buffer {
  const message = Buffer.alloc(9);
  message.write('R', 0, 'latin1');
  message.writeInt32BE(8, 1);
  message.writeInt32BE(code, 5);
  return message;
}

/** An AuthenticationRequest whose length leaves no room for its request code. */
const TRUNCATED_REQUEST = Buffer.from([0x52, 0, 0, 0, 4]);

describe('a server reply the driver cannot read', () => {
  it('GSSAPI authentication: one line naming the method, exit 1, outputs and summary written', async () => {
    const port = await answering(authenticationRequest(7));
    const run = await runAction({
      'database-url': `postgres://someone:Pw-of-the-test@127.0.0.1:${port}/db?sslmode=disable`,
      'connect-timeout': '30',
    });
    expect(run.code, run.stderr).toBe(1);
    expect(run.lines.at(-1)).toBe(
      '✗ Failed to connect: the server asks for GSSAPI authentication, which this tool does not support: give the role a password (scram-sha-256 or md5 in pg_hba.conf), or trust a private network',
    );
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.lines.join('\n')).not.toContain('Pw-of-the-test');
    expect(run.outputs.status).toBe('failed');
    expect(run.summary).toContain('GSSAPI authentication');
  });

  it('a malformed message: the reply is not PostgreSQL protocol, exit 1, no stack trace', async () => {
    const port = await answering(TRUNCATED_REQUEST);
    const run = await runAction({ 'database-url': `postgres://someone@127.0.0.1:${port}/db?sslmode=disable` });
    expect(run.code, run.stderr).toBe(1);
    expect(run.lines.at(-1)).toMatch(
      /^✗ Failed to connect: the server's reply is not PostgreSQL's protocol \(.+\): check the host and port$/,
    );
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.outputs.status).toBe('failed');
  });
});
