import { connect as netConnect, type Socket } from 'node:net';
import type pg from 'pg';
import { MigrateError } from '../errors.js';

/**
 * Cancellation of a run (SIGINT, SIGTERM: a cancelled job, Ctrl-C) as the database sees it.
 * The run's AbortSignal reaches every session; on abort each one:
 * - sends PostgreSQL a cancel request for the statement it runs (the protocol's CancelRequest
 *   on a side connection, as libpq's PQcancel does: no login, no connection slot); the
 *   statement fails with query_canceled and the transaction it was in is rolled back;
 * - refuses every further query but a rollback, so that nothing new starts;
 * - closes its connection if the statement still runs CLOSE_AFTER_MS later (a proxy that drops
 *   the cancel request, a function that traps query_canceled): the server's
 *   client_connection_check_interval (set on every migration session from PostgreSQL 14) then
 *   ends the statement and rolls it back within about a second.
 */
export const CLOSE_AFTER_MS = 3000;

/** How the server is reached for the cancel request: where the session connected. */
interface SessionAddress {
  host: string;
  port: number;
  processID: number | null;
  secretKey: number | null;
}

const refusals = new WeakMap<pg.Client, MigrateError>();
const closedByCancel = new WeakSet<pg.Client>();

/** The signal's reason, as a run names it: `SIGTERM`, `SIGINT`, or `a cancel` */
export function cancelReason(signal: AbortSignal): string {
  return typeof signal.reason === 'string' ? signal.reason : 'a cancel';
}

export function cancelledError(signal: AbortSignal, message = `${cancelReason(signal)} received`, data: MigrateError['data'] = {}) {
  return new MigrateError('cancelled', message, data);
}

/** The error a query on a cancelled session gets instead of running; undefined when it may run. */
export function refusalOf(client: pg.Client, text: string): MigrateError | undefined {
  const refusal = refusals.get(client);
  return refusal && !/^\s*ROLLBACK\b/i.test(text) ? refusal : undefined;
}

/** Whether the cancel closed this session's connection because its statement did not stop. */
export function closedByCancelTimeout(client: pg.Client): boolean {
  return closedByCancel.has(client);
}

/**
 * Watches `signal` for `client`'s session (see above). `busy` tells whether a query of the
 * session is still waiting for its answer. Returns the function that stops watching.
 */
export function cancelOnAbort(client: pg.Client, signal: AbortSignal | undefined, busy: () => boolean): () => void {
  if (!signal) return () => {};
  let timer: NodeJS.Timeout | undefined;
  const onAbort = (): void => {
    refusals.set(client, cancelledError(signal));
    if (!busy()) return;
    sendCancelRequest(client as unknown as SessionAddress);
    timer = setTimeout(() => {
      if (!busy()) return;
      closedByCancel.add(client);
      destroyConnection(client);
    }, CLOSE_AFTER_MS);
  };
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return () => {
    signal.removeEventListener('abort', onAbort);
    clearTimeout(timer);
  };
}

/**
 * Asks again, after a cancelled session answered a message that was already running when the
 * first request came: pipelined messages queue behind it, and a request that reaches the server
 * while it reads the next one is ignored (PostgreSQL drops cancels that arrive between commands).
 */
export function cancelAgain(client: pg.Client): void {
  if (refusals.has(client)) sendCancelRequest(client as unknown as SessionAddress);
}

// CancelRequest: length 16, the code 80877102, the backend's pid and secret key.
const CANCEL_REQUEST_CODE = 80877102;

/**
 * PostgreSQL's cancel request for what `session` runs, sent without TLS as libpq's PQcancel
 * does; best effort: a failure to send it is left to the connection's close.
 */
function sendCancelRequest(session: SessionAddress): void {
  if (session.processID === null || session.secretKey === null) return;
  const packet = Buffer.alloc(16);
  packet.writeInt32BE(16, 0);
  packet.writeInt32BE(CANCEL_REQUEST_CODE, 4);
  packet.writeInt32BE(session.processID, 8);
  packet.writeInt32BE(session.secretKey, 12);
  const socket = session.host.startsWith('/')
    ? netConnect(`${session.host}/.s.PGSQL.${session.port}`)
    : netConnect({ host: session.host, port: session.port });
  socket.setTimeout(CLOSE_AFTER_MS, () => socket.destroy());
  socket.on('error', () => socket.destroy());
  socket.on('connect', () => socket.end(packet));
  // The server closes the connection once it has read the request; nothing comes back.
  socket.on('data', () => {});
  socket.unref();
}

/**
 * Ends the session's socket at once, whatever is pending on it: for a server that no longer
 * answers, where client.end() would wait for an answer that never comes.
 */
export function destroyConnection(client: pg.Client): void {
  (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
}

/**
 * Ends the session as libpq's PQfinish does: the Terminate message, then the socket closes
 * without waiting for the server to close its side. pg's end() waits for that, which costs a
 * round trip at the end of every run (the server ends the session, then its close comes back):
 * 20 to 80 ms between a hosted runner and its database. The server needs nothing more: it ends
 * the session, releasing its locks, when it reads Terminate, or when it sees the socket closed.
 */
export async function endSession(client: pg.Client): Promise<void> {
  const stream = (client as unknown as { connection?: { stream?: Socket } }).connection?.stream;
  // 'finish': Terminate and the socket's end were handed to the kernel, which delivers them
  stream?.once('finish', () => stream.destroy());
  await client.end().catch(() => {});
}
