import net from 'node:net';

/**
 * A TCP proxy on loopback in front of the test server that reads the protocol's framing in both
 * directions and tells how many simple Query messages a client had sent and not yet seen
 * answered (by the server's ReadyForQuery) at most: 1 for a client that waits for each answer,
 * more for one that pipelines. The server's own word, not the tool's log, on what was on the wire.
 */
export interface WireWatch {
  port: number;
  /** the most Query messages outstanding at once, over every connection so far */
  mostOutstanding(): number;
  /** the Query messages sent, over every connection */
  queries(): number;
  /** drops every connection through it at once, as a failing network does */
  cut(): void;
  close(): Promise<void>;
}

export interface WireWatchOptions {
  upstreamHost?: string;
  /**
   * Holds back the ReadyForQuery that follows an ErrorResponse by this long, as a busy network or
   * proxy may deliver it a packet later: a client must not take the error for the end of the answer.
   */
  readyAfterErrorMs?: number;
}

export async function startWireWatch(upstreamPort: number, options: WireWatchOptions = {}): Promise<WireWatch> {
  const upstreamHost = options.upstreamHost ?? '127.0.0.1';
  const readyAfterErrorMs = options.readyAfterErrorMs ?? 0;
  let most = 0;
  let queries = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: upstreamHost, port: upstreamPort });
    sockets.add(client).add(upstream);
    let outstanding = 0;
    let sslAnswerPending = false;
    const fromClient = framing(
      true,
      (type) => {
        if (type === 'Q'.charCodeAt(0)) {
          queries++;
          most = Math.max(most, ++outstanding);
        }
      },
      () => (sslAnswerPending = true),
    );
    // With readyAfterErrorMs, the server's messages are passed on one by one, in order, each
    // ReadyForQuery after an ErrorResponse that much later.
    let forwarding = Promise.resolve();
    let afterError = false;
    const fromServer = framing(false, (type, message) => {
      if (type === 'Z'.charCodeAt(0)) outstanding = Math.max(0, outstanding - 1);
      if (readyAfterErrorMs <= 0) return;
      const late = type === 'Z'.charCodeAt(0) && afterError;
      afterError = type === 'E'.charCodeAt(0);
      forwarding = forwarding.then(async () => {
        if (late) await new Promise((resolve) => setTimeout(resolve, readyAfterErrorMs));
        if (!client.destroyed) client.write(message);
      });
    });
    client.on('data', (chunk: Buffer) => {
      fromClient(chunk);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      // the server answers an SSL or GSS request with one unframed byte
      if (sslAnswerPending) {
        sslAnswerPending = false;
        if (readyAfterErrorMs > 0) {
          const answer = chunk.subarray(0, 1);
          forwarding = forwarding.then(() => void (client.destroyed || client.write(answer)));
        }
        fromServer(chunk.subarray(1));
      } else fromServer(chunk);
      if (readyAfterErrorMs <= 0) client.write(chunk);
    });
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    mostOutstanding: () => most,
    queries: () => queries,
    cut: () => {
      for (const socket of sockets) socket.destroy();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Splits a direction's bytes into messages (type byte, int32 length) across chunks. The client's
 * first messages (start-up, SSL or GSS request) have no type byte.
 */
function framing(
  client: boolean,
  onMessage: (type: number, message: Buffer) => void,
  onSecurityRequest?: () => void,
): (chunk: Buffer) => void {
  let buffer = Buffer.alloc(0);
  let started = !client;
  return (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      if (!started) {
        if (buffer.length < 8) return;
        const length = buffer.readUInt32BE(0);
        if (buffer.length < length) return;
        const code = buffer.readUInt32BE(4);
        buffer = buffer.subarray(length);
        if (code === 80877103 || code === 80877104) onSecurityRequest?.();
        else started = true;
        continue;
      }
      if (buffer.length < 5) return;
      const length = buffer.readUInt32BE(1);
      if (buffer.length < 1 + length) return;
      onMessage(buffer[0]!, buffer.subarray(0, 1 + length));
      buffer = buffer.subarray(1 + length);
    }
  };
}
