import pg from 'pg';
import { parse } from 'pg-connection-string';
import { MigrateError } from '../errors.js';

export const APPLICATION_NAME = 'oforum-migrate';

export interface ConnectOptions {
  connectionString: string;
  /** how long transient failures are retried, in milliseconds */
  timeoutMs: number;
  /** told about each failed attempt that will be retried */
  onRetry?: (reason: string, attempt: number) => void;
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
 * Opens one connection, retrying transient failures with backoff until `timeoutMs` has passed.
 * A wrong password, an unknown database or a bad host name fails at once: waiting cannot fix them.
 */
export async function connect(options: ConnectOptions): Promise<pg.Client> {
  const deadline = Date.now() + options.timeoutMs;
  const config = clientConfig(options.connectionString);
  let delay = 100;
  for (let attempt = 1; ; attempt++) {
    const remaining = deadline - Date.now();
    const client = new pg.Client({
      ...config,
      application_name: config.application_name ?? APPLICATION_NAME,
      // Bound each attempt too: a host that drops packets would otherwise hang on the OS timeout.
      connectionTimeoutMillis: Math.max(1000, Math.min(remaining, 10_000)),
    });
    // A connection lost later (server restart, pg_terminate_backend) surfaces as a failed
    // query; without this listener it would also be an uncaught 'error' event. The server's
    // reason is kept: the driver's next query error only says the client is not queryable.
    client.on('error', (error: Error) => lostReasons.set(client, error.message.split('\n')[0] ?? error.message));
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => {});
      // libpq's sslmode=prefer (its default) and allow fall back to a plain connection when the
      // server has no SSL; the driver does not, so the fallback is made here.
      if (config.ssl && PLAIN_FALLBACK_MODES.has(config.sslmode ?? '') && /does not support SSL/i.test(String((error as Error).message))) {
        config.ssl = false;
        attempt--;
        continue;
      }
      const reason = describeConnectError(error);
      if (!isTransient(error)) throw new MigrateError('connect', reason);
      if (Date.now() + delay >= deadline) {
        const seconds = Math.round(options.timeoutMs / 100) / 10;
        throw new MigrateError('connect', attempt > 1 ? `${reason} (still failing after ${seconds} s)` : reason);
      }
      options.onRetry?.(reason, attempt);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 2000);
    }
  }
}

const PLAIN_FALLBACK_MODES = new Set(['prefer', 'allow']);

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

type ClientConfig = pg.ClientConfig & { sslmode?: string; application_name?: string };

/**
 * The driver's settings from the URL, with libpq's meaning of sslmode (require encrypts without
 * verifying the certificate; verify-full verifies it), which is what a DATABASE_URL written for
 * libpq, golang-migrate or psql means. A certificate file that cannot be read is a setting error.
 */
function clientConfig(connectionString: string): ClientConfig {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(connectionString, { useLibpqCompat: true });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const what =
      e.code === 'ENOENT' ? `cannot read a certificate file named in database-url (${e.path ?? 'no such file'})` : firstSentence(e.message);
    throw new MigrateError('config', `database-url: ${what}`);
  }
  const config: ClientConfig = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (value !== undefined && value !== null) (config as Record<string, unknown>)[key] = value;
  }
  if (typeof parsed.port === 'string') config.port = Number(parsed.port);
  return config;
}

function firstSentence(text: string): string {
  return text.split(/(?<=\.)\s/, 1)[0] ?? text;
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
  if (/timeout/i.test(message)) return 'connection timed out';
  return message;
}
