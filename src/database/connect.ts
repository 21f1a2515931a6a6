import pg from 'pg';
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
const TRANSIENT_SYSTEM_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EPIPE',
]);
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
  let delay = 100;
  for (let attempt = 1; ; attempt++) {
    const remaining = deadline - Date.now();
    const client = new pg.Client({
      connectionString: options.connectionString,
      application_name: APPLICATION_NAME,
      // Bound each attempt too: a host that drops packets would otherwise hang on the OS timeout.
      connectionTimeoutMillis: Math.max(1000, Math.min(remaining, 10_000)),
    });
    // A connection lost later (server restart, pg_terminate_backend) surfaces as a failed
    // query; without this listener it would also be an uncaught 'error' event.
    client.on('error', () => {});
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => {});
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

export function isTransient(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  if (e.code && TRANSIENT_SYSTEM_CODES.has(e.code)) return true;
  if (e.code && TRANSIENT_SQLSTATES.has(e.code)) return true;
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
