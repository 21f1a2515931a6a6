import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import pg from 'pg';
import { warmConnectionModules } from '../crypto-on-demand.js';
import { MigrateError } from '../errors.js';
import { cancelledError, destroyConnection } from './cancel.js';
import { describeTlsFailure } from './tls-errors.js';
import type { ConnectionParameters } from '../settings/connection-parameters.js';
import { connectionSettings } from './url.js';
import type { PositionUnit } from '../sql/index.js';

export const APPLICATION_NAME = 'oforum-migrate';

export interface ConnectOptions {
  connectionString: string;
  /** how long transient failures are retried, in milliseconds */
  timeoutMs: number;
  /** told about each failed attempt that will be retried */
  onRetry?: (reason: string, attempt: number) => void;
  /** the run's cancellation: the wait and an attempt under way end at once, with `cancelled` */
  signal?: AbortSignal | undefined;
}

// Failures that go away by themselves: a service container still starting, a server restarting.
const TRANSIENT_SYSTEM_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EPIPE']);
const TRANSIENT_SQLSTATES = new Set([
  '57P03', // cannot_connect_now: "the database system is starting up" / "shutting down"
  '53300', // too_many_connections
  '08006', // connection_failure
  '08001', // sqlclient_unable_to_establish_sqlconnection
]);

/**
 * A client that sends the connection's run-time parameters in its start-up packet, as lib/pq
 * does (search_path, options, statement_timeout, …): the session golang-migrate opens and the
 * session this tool opens then start alike. node-postgres sends only a fixed few of its own.
 */
class SessionClient extends pg.Client {
  /** the server's encoding, from its ParameterStatus at start-up */
  serverEncoding: string | null = null;
  /** the session's transaction status in the last ReadyForQuery: I idle, T in a transaction, E failed one */
  transactionStatus = 'I';

  constructor(
    config: pg.ClientConfig,
    private readonly runtime: Record<string, string>,
  ) {
    super(config);
    const connection = (this as unknown as { connection: NodeJS.EventEmitter }).connection;
    connection.on('parameterStatus', (message: { parameterName?: string; parameterValue?: string }) => {
      if (message.parameterName === 'server_encoding') this.serverEncoding = message.parameterValue ?? null;
    });
    connection.on('readyForQuery', (message: { status?: string }) => {
      this.transactionStatus = message.status ?? 'I';
    });
  }

  getStartupConf(): Record<string, string> {
    const base = (pg.Client.prototype as unknown as { getStartupConf(this: pg.Client): Record<string, string> }).getStartupConf.call(this);
    return { ...base, ...this.runtime };
  }
}

/**
 * What the server's error positions count on this session: bytes in a SQL_ASCII database, which
 * takes each byte of the UTF-8 text for a character; characters anywhere else.
 */
export function positionUnit(client: pg.Client): PositionUnit {
  return client instanceof SessionClient && client.serverEncoding === 'SQL_ASCII' ? 'bytes' : 'characters';
}

/**
 * Whether the session is inside a transaction block, as the server said after the last message
 * (a statement that opened one and did not end it: a file's own BEGIN).
 */
export function insideTransactionBlock(client: pg.Client): boolean {
  return client instanceof SessionClient && client.transactionStatus !== 'I';
}

/**
 * Opens one connection, retrying transient failures with backoff until `timeoutMs` has passed.
 * A wrong password, an unknown database or a bad host name fails at once: waiting cannot fix them.
 * A connection closed without a word once it is open is retried: that is what a port proxy in
 * front of a server still starting does (Docker's, for a service container), and PostgreSQL's
 * own silent refusal, of a start-up packet over its limit, is refused before connecting (url.ts).
 */
export async function connect(options: ConnectOptions): Promise<pg.Client> {
  const deadline = Date.now() + options.timeoutMs;
  const settings = connectionSettings(options.connectionString);
  const config = clientConfig(settings);
  let delay = 100;
  const signal = options.signal;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw cancelledError(signal);
    const remaining = deadline - Date.now();
    const perAttempt = settings.connectTimeoutSeconds ? settings.connectTimeoutSeconds * 1000 : 10_000;
    const client = new SessionClient(
      // Bound each attempt too: a host that drops packets would otherwise hang on the OS timeout.
      { ...config, connectionTimeoutMillis: Math.max(1000, Math.min(remaining, perAttempt)) },
      settings.runtime,
    );
    // A connection lost later (server restart, pg_terminate_backend) surfaces as a failed
    // query; without this listener it would also be an uncaught 'error' event. The server's
    // reason is kept: the driver's next query error only says the client is not queryable.
    client.on('error', (error: Error) => lostReasons.set(client, error.message.split('\n')[0] ?? error.message));
    let reached = false;
    (client as unknown as { connection: { once(event: string, listener: () => void): void } }).connection.once('connect', () => {
      reached = true;
    });
    // pg never settles connect() for a client ended while it connects: the abort settles it here.
    let abandon = (): void => {};
    const abandoned = new Promise<never>((_, reject) => {
      abandon = () => reject(cancelledError(signal!));
    });
    signal?.addEventListener('abort', abandon, { once: true });
    try {
      const connecting = client.connect();
      connecting.catch(() => {});
      // TLS is certain only when sslmode demands it: under prefer (no sslmode) the server may
      // answer that it has none, and node:tls is then loaded only if it offers TLS.
      const tlsCertain = Boolean(config.ssl) && !PLAIN_FALLBACK_MODES.has(settings.sslmode ?? DEFAULT_SSLMODE);
      if (attempt === 1) warmConnectionModules({ tls: tlsCertain, password: Boolean(settings.password) });
      await Promise.race([connecting, abandoned]);
      signal?.removeEventListener('abort', abandon);
      return client;
    } catch (error) {
      signal?.removeEventListener('abort', abandon);
      if (signal?.aborted) {
        // Ended without waiting for it. A socket still connecting is destroyed: pg's end() would
        // queue its Terminate ahead of the start-up message, which the server then reads as a
        // start-up packet and logs as invalid; a connection closed before a byte leaves no line.
        if (reached) void client.end().catch(() => {});
        else destroyConnection(client);
        throw cancelledError(signal);
      }
      await client.end().catch(() => {});
      const message = String((error as Error).message);
      // libpq's sslmode=prefer (its default) and allow fall back to a plain connection when the
      // server has no SSL; the driver does not, so the fallback is made here.
      if (config.ssl && /does not support SSL/i.test(message)) {
        if (!PLAIN_FALLBACK_MODES.has(settings.sslmode ?? DEFAULT_SSLMODE)) throw new MigrateError('connect', noTls(settings.sslmode));
        config.ssl = false;
        attempt--;
        continue;
      }
      const silent = reached && closedSilently(error);
      const reason = silent
        ? SILENT_CLOSE
        : (describeTlsFailure(error, {
            host: settings.host,
            sslmode: settings.sslmode,
            // an inline certificate (sslinline) is named, not quoted
            rootCert: settings.ssl.rootCert === undefined ? null : settings.ssl.inline ? 'given inline (sslinline)' : settings.ssl.rootCert,
          }) ?? describeConnectError(error));
      if (!silent && !isTransient(error)) throw new MigrateError('connect', reason);
      // The last attempt is made at the deadline itself, not one backoff before it: a server that
      // comes up within connect-timeout is reached, and "after N s" is true when it is said.
      const left = deadline - Date.now();
      if (left <= 0) {
        const seconds = Math.round(options.timeoutMs / 100) / 10;
        const still = attempt > 1 ? ` (still failing after ${seconds} s)` : '';
        throw new MigrateError('connect', silent ? `${reason}${still}: ${SILENT_CLOSE_CAUSES}` : `${reason}${still}`);
      }
      options.onRetry?.(reason, attempt);
      await pause(Math.min(delay, left), signal);
      delay = Math.min(delay * 2, 2000);
    }
  }
}

/** Waits `ms`, or less when the run is cancelled meanwhile. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

const SILENT_CLOSE = 'the server closed the connection without a word as soon as it was open';
const SILENT_CLOSE_CAUSES =
  'a server still starting behind a port proxy (a service container without a health check), or one that refuses a start-up parameter of database-url (a pooler that does not accept it)';

/** The connection ended with no word from the server: no SQLSTATE, only a reset or an end. */
function closedSilently(error: unknown): boolean {
  const e = error as { code?: string; severity?: string; message?: string };
  if (e.severity) return false;
  return e.code === 'ECONNRESET' || e.code === 'EPIPE' || /terminated unexpectedly/i.test(e.message ?? '');
}

function noTls(mode: string | null): string {
  return `the server does not accept TLS (SSL) connections, and database-url's sslmode=${mode ?? 'require'} demands one: connect to the server's TLS endpoint, or, on a private network only, set sslmode=disable (sslmode=prefer tries TLS first and falls back)`;
}

const PLAIN_FALLBACK_MODES = new Set(['prefer', 'allow']);

// PostgreSQL's authentication requests that pg does not answer (src/include/libpq/pqcomm.h)
const AUTHENTICATION_METHODS = new Map([
  ['2', 'Kerberos V5 authentication'],
  ['6', 'SCM credential authentication'],
  ['7', 'GSSAPI authentication'],
  ['8', 'GSSAPI authentication'],
  ['9', 'SSPI authentication'],
]);

const lostReasons = new WeakMap<pg.Client, string>();

/** Why the server closed this connection, when it said so. */
export function lostReason(client: pg.Client): string | undefined {
  return lostReasons.get(client);
}

/**
 * Errors that end the session rather than fail a statement: the server shutting down or
 * terminating the backend (class 57P), or the connection itself failing (class 08).
 */
export function endsSession(error: { code?: string }): boolean {
  return /^(57P0[1-4]|08)/.test(error.code ?? '');
}

/**
 * The driver's settings, with libpq's meaning of sslmode (require encrypts without verifying the
 * certificate; verify-full verifies it), which is what a DATABASE_URL written for libpq,
 * golang-migrate or psql means. A certificate file that cannot be read is a setting error.
 */
function clientConfig(settings: ConnectionParameters): pg.ClientConfig {
  return {
    host: settings.host,
    port: settings.port,
    user: settings.user,
    database: settings.database,
    // Always given, as lib/pq sends one (empty when none was found): pg would otherwise read the
    // pass file itself by its own rules, and that password would not be a registered secret.
    password: async () => settings.password ?? '',
    application_name: settings.applicationName ?? APPLICATION_NAME,
    ssl: sslOptions(settings),
    // TCP keepalive after 15 s of silence, as Go dials by default (golang-migrate's lib/pq, and
    // so the oForum server): a migration that runs for minutes leaves the connection silent, and
    // the NAT between a hosted runner and its database forgets a silent flow after a few minutes
    // (about 4 on Azure, where GitHub's runners are), so that the answer never arrives and the
    // run waits until the job's timeout. The probes keep the flow known, and a peer that is gone
    // ends the connection with an error instead.
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEPALIVE_IDLE_MS,
  };
}

/** How long a connection may be silent before TCP keepalive probes it (Go's default period). */
export const KEEPALIVE_IDLE_MS = 15_000;

/**
 * Without sslmode in database-url: libpq's default, as psql connects. TLS whenever the server
 * offers it (lib/pq, and so golang-migrate and the oForum server, would demand it: its default
 * is require), and a plain connection to a server without TLS (where lib/pq fails). Plain by
 * default would send the session in clear to the very server the oForum server reaches over TLS
 * with the same URL.
 */
const DEFAULT_SSLMODE = 'prefer';

function sslOptions(settings: ConnectionParameters): false | ConnectionOptions {
  const mode = settings.sslmode ?? DEFAULT_SSLMODE;
  // lib/pq (and libpq) use no TLS over a Unix-domain socket.
  if (!mode || mode === 'disable' || settings.host.startsWith('/')) return false;
  const read = (path: string | undefined): string | undefined => {
    if (path === undefined || settings.ssl.inline) return path;
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      throw new MigrateError(
        'config',
        `database-url: cannot read the certificate file ${path} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`,
      );
    }
  };
  const ssl: ConnectionOptions = {};
  const cert = read(settings.ssl.cert);
  const key = read(settings.ssl.key);
  const ca = read(settings.ssl.rootCert);
  if (cert !== undefined) ssl.cert = cert;
  if (key !== undefined) ssl.key = key;
  if (ca !== undefined) ssl.ca = ca;
  switch (mode) {
    case 'verify-full':
      break;
    case 'verify-ca':
      if (ca === undefined)
        throw new MigrateError('config', 'database-url: sslmode=verify-ca needs sslrootcert, the certificate authority to verify against');
      ssl.checkServerIdentity = () => undefined;
      break;
    case 'require':
      // With a root certificate, require verifies the chain as verify-ca does (libpq, lib/pq).
      if (ca !== undefined) ssl.checkServerIdentity = () => undefined;
      else ssl.rejectUnauthorized = false;
      break;
    default:
      ssl.rejectUnauthorized = false;
  }
  return ssl;
}

export function isTransient(error: unknown): boolean {
  const e = error as { code?: string; message?: string; severity?: string };
  if (e.code && TRANSIENT_SYSTEM_CODES.has(e.code)) return true;
  if (e.code && TRANSIENT_SQLSTATES.has(e.code)) return true;
  // The driver's own timeouts and dropped connections carry no code; a server error that merely
  // mentions a timeout (an invalid statement_timeout in options) is not one of them.
  if (e.severity) return false;
  const message = e.message ?? '';
  return /timeout|terminated unexpectedly|Connection terminated/i.test(message);
}

/** A short reason in libpq's words ("connection refused"), never including the URL. */
export function describeConnectError(error: unknown): string {
  const e = error as { code?: string; message?: string; address?: string; port?: number; hostname?: string };
  const where = e.address ? ` (${e.address}${e.port ? `:${e.port}` : ''})` : '';
  switch (e.code) {
    case 'ECONNREFUSED':
      return `connection refused${where}`;
    case 'ECONNRESET':
      return `connection reset by the server${where}`;
    case 'ETIMEDOUT':
      return `connection timed out${where}`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `no route to host${where}`;
    case 'ENOTFOUND':
      return `unknown host ${e.hostname ?? ''}`.trim();
    case 'EAI_AGAIN':
      return `temporary failure resolving ${e.hostname ?? 'the host'}`;
    default:
      break;
  }
  const message = (e.message ?? String(error)).split('\n')[0] ?? '';
  // pg-protocol's parser, on an authentication request that pg does not answer (the patch in
  // patches/ makes it a failed connection)
  const request = /^Unknown authenticationOk message type (\d+)$/.exec(message);
  if (request) {
    const method = AUTHENTICATION_METHODS.get(request[1]!) ?? `an authentication method (request ${request[1]})`;
    return `the server asks for ${method}, which this tool does not support: give the role a password (scram-sha-256 or md5 in pg_hba.conf), or trust a private network`;
  }
  // the parser's other refusals: a reply that is not PostgreSQL's protocol
  if (e.code === 'ERR_OUT_OF_RANGE' || e.code === 'ERR_BUFFER_OUT_OF_BOUNDS' || /^received invalid response/.test(message)) {
    return `the server's reply is not PostgreSQL's protocol (${message}): check the host and port`;
  }
  // The driver's own timeout, which has no severity; the server's refusal of a setting whose
  // name holds "timeout" (invalid value for parameter "lock_timeout") is its own reason.
  if (!(e as { severity?: string }).severity && /timeout/i.test(message)) return 'connection timed out';
  return message;
}
