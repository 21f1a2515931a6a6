// Self-test of the round-trip counter (bench/lib/round-trips.mjs) and the delaying proxy: first
// on hand-made byte streams, then through the proxy against the loopback server with a client
// that pipelines. Run: npm run bench:check (exit 0 when every check holds).
import assert from 'node:assert/strict';
import net from 'node:net';
import pg from 'pg';
import { serverUrl } from './lib/db.mjs';
import { startDelayProxy } from './lib/delay-proxy.mjs';
import { RoundTripCounter } from './lib/round-trips.mjs';

/** A typed message: type byte, int32 length (itself included), body. */
function message(type, body = Buffer.alloc(0)) {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeUInt32BE(4 + body.length, 1);
  return Buffer.concat([head, body]);
}
const query = (sql) => message('Q', Buffer.from(`${sql}\0`));
const sync = () => message('S');
const ready = () => message('Z', Buffer.from('I'));
const complete = () => message('C', Buffer.from('SELECT 1\0'));

function startup(user, database) {
  const body = Buffer.from(`user\0${user}\0database\0${database}\0\0`);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.writeUInt32BE(196608, 4);
  return Buffer.concat([head, body]);
}
function sslRequest() {
  const packet = Buffer.alloc(8);
  packet.writeUInt32BE(8, 0);
  packet.writeUInt32BE(80877103, 4);
  return packet;
}
const authOk = () => message('R', Buffer.from([0, 0, 0, 0]));

/** Feeds a stream one byte at a time, so that every message is split across chunks. */
function bytewise(feed, bytes) {
  for (const byte of bytes) feed(Buffer.from([byte]));
}

const checks = [];
const check = (name, fn) => checks.push([name, fn]);

check('sequential queries: each is one message and one waited round trip', () => {
  const c = new RoundTripCounter();
  c.fromClient(startup('u', 'd'));
  c.toClient(Buffer.concat([authOk(), ready()]));
  for (let i = 0; i < 3; i++) {
    c.fromClient(query('SELECT 1'));
    c.toClient(Buffer.concat([complete(), ready()]));
  }
  assert.deepEqual([c.messages, c.waited], [3, 3]);
});

check('pipelined queries: three sent before any answer are one waited round trip', () => {
  const c = new RoundTripCounter();
  c.fromClient(startup('u', 'd'));
  c.toClient(Buffer.concat([authOk(), ready()]));
  c.fromClient(query('BEGIN; SELECT 1; COMMIT'));
  c.fromClient(Buffer.concat([query('BEGIN; SELECT 2; COMMIT'), query('BEGIN; SELECT 3; COMMIT')]));
  c.toClient(Buffer.concat([complete(), ready()]));
  // the fourth goes out while the second and third are unanswered: not waited for
  c.fromClient(query('SELECT 4'));
  c.toClient(Buffer.concat([complete(), ready(), complete(), ready(), complete(), ready()]));
  // everything answered: the next one is waited for
  c.fromClient(query('SELECT 5'));
  c.toClient(Buffer.concat([complete(), ready()]));
  assert.deepEqual([c.messages, c.waited, c.unanswered], [5, 2, 0]);
});

check('a query sent right behind the start-up packet is not a waited round trip of its own', () => {
  const c = new RoundTripCounter();
  c.fromClient(Buffer.concat([startup('u', 'd'), query('SELECT 1')]));
  c.toClient(Buffer.concat([authOk(), ready(), complete(), ready()]));
  assert.deepEqual([c.messages, c.waited, c.unanswered], [1, 0, 0]);
});

check('extended protocol: Parse/Bind/Execute count nothing, each Sync is one request', () => {
  const c = new RoundTripCounter();
  c.fromClient(startup('u', 'd'));
  c.toClient(Buffer.concat([authOk(), ready()]));
  const batch = (n) =>
    Buffer.concat([
      message('P', Buffer.from(`\0SELECT ${n}\0\0\0`)),
      message('B', Buffer.alloc(10)),
      message('E', Buffer.alloc(5)),
      sync(),
    ]);
  c.fromClient(Buffer.concat([batch(1), batch(2)]));
  c.toClient(Buffer.concat([message('1'), message('2'), complete(), ready(), message('1'), message('2'), complete(), ready()]));
  c.fromClient(batch(3));
  c.toClient(Buffer.concat([message('1'), message('2'), complete(), ready()]));
  assert.deepEqual([c.messages, c.waited], [3, 2]);
});

check('messages split across chunks byte by byte, SSL request declined', () => {
  const c = new RoundTripCounter();
  bytewise((b) => c.fromClient(b), sslRequest());
  bytewise((b) => c.toClient(b), Buffer.from('N'));
  bytewise((b) => c.fromClient(b), startup('user', 'db'));
  bytewise((b) => c.toClient(b), Buffer.concat([authOk(), message('S', Buffer.from('a\0b\0')), ready()]));
  bytewise((b) => c.fromClient(b), Buffer.concat([query('SELECT 1'), query('SELECT 2')]));
  bytewise((b) => c.toClient(b), Buffer.concat([complete(), ready()]));
  bytewise((b) => c.toClient(b), Buffer.concat([complete(), ready()]));
  bytewise((b) => c.fromClient(b), query('SELECT 3'));
  // the server's ParameterStatus is also type 'S': only the client's 'S' is a Sync
  assert.deepEqual([c.messages, c.waited, c.opaque], [3, 2, false]);
});

check('SSL request accepted: the connection is marked opaque and nothing more is counted', () => {
  const c = new RoundTripCounter();
  c.fromClient(sslRequest());
  c.toClient(Buffer.from('S'));
  c.fromClient(Buffer.from([0x16, 3, 1, 0, 200, 1, 2, 3]));
  assert.deepEqual([c.messages, c.waited, c.opaque], [0, 0, true]);
});

/** A raw client through the proxy: start-up, then batches of queries, each batch in one write. */
async function rawClient(port, batches) {
  const url = serverUrl();
  const socket = net.connect({ host: '127.0.0.1', port });
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let buffer = Buffer.alloc(0);
  let readies = 0;
  let failure = null;
  let waiting = null;
  socket.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    while (buffer.length >= 5 && buffer.length >= 1 + buffer.readUInt32BE(1)) {
      if (buffer[0] === 0x45) failure ??= new Error(`server error: ${buffer.subarray(5).toString('latin1')}`);
      if (buffer[0] === 0x5a) readies += 1;
      buffer = buffer.subarray(1 + buffer.readUInt32BE(1));
    }
    if (waiting && (failure || readies >= waiting.count)) waiting.settle();
  });
  const until = (count) =>
    new Promise((resolve, reject) => {
      const settle = () => (failure ? reject(failure) : resolve());
      if (failure || readies >= count) settle();
      else waiting = { count, settle };
    });
  socket.write(startup(decodeURIComponent(url.username) || 'postgres', url.pathname.slice(1) || 'postgres'));
  let expected = 1;
  await until(expected);
  for (const batch of batches) {
    socket.write(Buffer.concat(batch.map(query)));
    expected += batch.length;
    await until(expected);
  }
  socket.end(message('X'));
}

check('live, through the proxy: a pipelining client', async () => {
  const proxy = await startDelayProxy({ roundTripMs: 10 });
  try {
    await rawClient(proxy.port, [['SELECT 1', 'SELECT 2', 'SELECT 3'], ['SELECT 4'], ['SELECT 5', 'SELECT 6']]);
    assert.deepEqual(proxy.counts(), { connections: 1, messages: 6, waited: 3, opaque: 0 });
    assert.deepEqual(proxy.stats(), { connections: 1, roundTrips: 3 });
  } finally {
    await proxy.close();
  }
});

check('live, through the proxy: pg.Client, one query at a time, simple and extended', async () => {
  const proxy = await startDelayProxy({ roundTripMs: 10 });
  try {
    const url = serverUrl();
    url.port = String(proxy.port);
    const client = new pg.Client({ connectionString: url.toString(), ssl: false });
    await client.connect();
    await client.query('SELECT 1');
    await client.query('SELECT $1::int AS n', [2]);
    await client.query('SELECT 3');
    await client.end();
    assert.deepEqual(proxy.counts(), { connections: 1, messages: 3, waited: 3, opaque: 0 });
  } finally {
    await proxy.close();
  }
});

let failed = 0;
for (const [name, fn] of checks) {
  try {
    await fn();
    process.stdout.write(`ok    ${name}\n`);
  } catch (error) {
    failed += 1;
    process.stdout.write(`FAIL  ${name}\n      ${String(error.message).split('\n').join('\n      ')}\n`);
  }
}
process.stdout.write(`${checks.length - failed} of ${checks.length} checks hold\n`);
process.exitCode = failed ? 1 : 0;
