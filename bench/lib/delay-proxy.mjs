// A TCP proxy on loopback that delays every chunk by half the round trip in each direction, so
// that a run over it meets the network a runner on GitHub meets (10 to 80 ms to the database).
// It also counts the round trips the client asks for: one a simple Query ('Q') or Sync ('S')
// message, after the start-up (and the TLS request, answered by the server).
import net from 'node:net';

/**
 * @param {{ upstreamHost?: string, upstreamPort?: number, roundTripMs: number }} options
 * @returns {Promise<{ port: number, stats: () => { connections: number, roundTrips: number }, reset: () => void, close: () => Promise<void> }>}
 */
export async function startDelayProxy({ upstreamHost = '127.0.0.1', upstreamPort = 5432, roundTripMs }) {
  const oneWay = roundTripMs / 2;
  let connections = 0;
  let roundTrips = 0;
  const sockets = new Set();
  const server = net.createServer((client) => {
    connections++;
    const upstream = net.connect({ host: upstreamHost, port: upstreamPort });
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    sockets.add(client);
    sockets.add(upstream);
    const counter = messageCounter((type) => {
      if (type === 0x51 || type === 0x53) roundTrips++;
    });
    forward(client, upstream, oneWay, counter);
    forward(upstream, client, oneWay, null);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    stats: () => ({ connections, roundTrips }),
    reset: () => {
      connections = 0;
      roundTrips = 0;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Chunks keep their order: each is due oneWay ms after it arrived, and timers fire in order. */
function forward(from, to, delayMs, count) {
  from.on('data', (chunk) => {
    count?.(chunk);
    setTimeout(() => {
      if (!to.destroyed) to.write(chunk);
    }, delayMs);
  });
  from.on('end', () => setTimeout(() => to.end(), delayMs));
}

/** Reads the client's messages across chunks: the first (start-up or SSL request) has no type byte. */
function messageCounter(onMessage) {
  let buffer = Buffer.alloc(0);
  let started = false;
  return (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      if (!started) {
        if (buffer.length < 4) return;
        const length = buffer.readUInt32BE(0);
        if (buffer.length < length) return;
        const code = buffer.length >= 8 ? buffer.readUInt32BE(4) : 0;
        buffer = buffer.subarray(length);
        // an SSLRequest or GSSENCRequest (80877103/80877104) precedes the real start-up
        if (code !== 80877103 && code !== 80877104) started = true;
        continue;
      }
      if (buffer.length < 5) return;
      const length = buffer.readUInt32BE(1);
      if (buffer.length < 1 + length) return;
      onMessage(buffer[0]);
      buffer = buffer.subarray(1 + length);
    }
  };
}
