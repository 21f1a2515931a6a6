// A TCP proxy on loopback that delays every chunk by half the round trip in each direction, so
// that a run over it meets the network a runner on GitHub meets (10 to 80 ms to the database).
// It also counts, per connection, the requests the client sends and the round trips it waits
// for (bench/lib/round-trips.mjs).
import net from 'node:net';
import { RoundTripCounter, totals } from './round-trips.mjs';

/**
 * @param {{ upstreamHost?: string, upstreamPort?: number, roundTripMs: number }} options
 */
export async function startDelayProxy({ upstreamHost = '127.0.0.1', upstreamPort = 5432, roundTripMs }) {
  const oneWay = roundTripMs / 2;
  // the connections made since the last reset
  let counters = [];
  const sockets = new Set();
  // Half-open sockets, so that a close travels as data does: each side's FIN is passed on
  // half a round trip later, and a client that waits for the server's close (pg's end()) waits
  // the round trip it waits on a real network. (Node ends the other direction at once otherwise.)
  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    const counter = new RoundTripCounter();
    counters.push(counter);
    const upstream = net.connect({ host: upstreamHost, port: upstreamPort, allowHalfOpen: true });
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    sockets.add(client);
    sockets.add(upstream);
    // what the client sends counts when it reaches the proxy; what the server sends, when the
    // proxy hands it to the client: then the client can act on it
    forward(client, upstream, oneWay, (chunk) => counter.fromClient(chunk), null);
    forward(upstream, client, oneWay, null, (chunk) => counter.toClient(chunk));
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
    /** Connections and the round trips their clients waited for, since the last reset. */
    stats: () => {
      const sum = totals(counters);
      return { connections: sum.connections, roundTrips: sum.waited };
    },
    /** Also the requests sent (pipelined ones included) and the connections that went encrypted. */
    counts: () => totals(counters),
    reset: () => {
      counters = [];
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Chunks keep their order: each is due delayMs after it arrived, and timers fire in order. */
function forward(from, to, delayMs, onArrive, onDeliver) {
  from.on('data', (chunk) => {
    onArrive?.(chunk);
    setTimeout(() => {
      if (to.destroyed) return;
      onDeliver?.(chunk);
      to.write(chunk);
    }, delayMs);
  });
  from.on('end', () => setTimeout(() => to.end(), delayMs));
}
