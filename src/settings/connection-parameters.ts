import { printable } from './migrate-parameters.js';
import type { LibpqValues } from './libpq-values.js';

/**
 * What lib/pq does with each connection setting (conn.go isDriverSetting, NewConnector, ssl.go):
 * a few are its own ("driver settings"), user and dbname open the session, and EVERY other key
 * is sent to the server in the start-up packet as a run-time parameter (search_path, options,
 * statement_timeout, TimeZone, …), which the server applies or refuses. This tool does the same,
 * and refuses up front what neither it nor golang-migrate could honour.
 */
const DRIVER_SETTINGS = new Set([
  'host',
  'port',
  'password',
  'sslmode',
  'sslcert',
  'sslkey',
  'sslrootcert',
  'sslinline',
  'sslsni',
  'fallback_application_name',
  'connect_timeout',
  'disable_prepared_binary_result',
  'binary_parameters',
  'krbsrvname',
  'krbspn',
]);

/** A key lib/pq reads itself (a driver setting, or one that opens the session): never a run-time parameter. */
export function isConnectionKeyword(key: string): boolean {
  return DRIVER_SETTINGS.has(key) || key === 'user' || key === 'dbname' || key === 'application_name' || key === 'client_encoding';
}

// libpq's connection keywords that lib/pq does not know: it would send them to the server as
// run-time parameters, which the server refuses ("unrecognized configuration parameter").
const LIBPQ_ONLY = new Set([
  'hostaddr',
  'passfile',
  'require_auth',
  'channel_binding',
  'keepalives',
  'keepalives_idle',
  'keepalives_interval',
  'keepalives_count',
  'tcp_user_timeout',
  'gssencmode',
  'gsslib',
  'gssdelegation',
  'sslpassword',
  'sslcertmode',
  'sslcompression',
  'sslcrl',
  'sslcrldir',
  'ssl_min_protocol_version',
  'ssl_max_protocol_version',
  'sslnegotiation',
  'sslkeylogfile',
  'requiressl',
  'requirepeer',
  'service',
  'target_session_attrs',
  'load_balance_hosts',
]);

// node-postgres' own URL switches, which mean nothing to lib/pq (nor to PostgreSQL).
const NODE_POSTGRES_ONLY = new Set(['ssl', 'uselibpqcompat']);

/** libpq's sslmode values. lib/pq knows only disable, require, verify-ca and verify-full. */
export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'];

export interface ConnectionParameters {
  user: string;
  password: string | null;
  host: string;
  port: number;
  database: string;
  /** the settings the driver acts on itself */
  sslmode: string | null;
  ssl: { cert?: string; key?: string; rootCert?: string; inline: boolean };
  applicationName: string | null;
  /** lib/pq's connect_timeout, seconds; 0 or null: none */
  connectTimeoutSeconds: number | null;
  /** sent in the start-up packet, as lib/pq sends them */
  runtime: Record<string, string>;
}

/** Judges each setting; problems are collected, never thrown one by one. */
export function connectionParameters(values: LibpqValues, problems: string[]): ConnectionParameters {
  for (const key of values.keys()) {
    if (!/^[A-Za-z0-9_.]+$/.test(key)) {
      problems.push(
        `database-url has the parameter ${printable(key)}, which is no PostgreSQL setting name; percent-encode special characters`,
      );
    } else if (LIBPQ_ONLY.has(key)) {
      problems.push(
        `database-url: ${key} is a libpq setting that golang-migrate's driver (lib/pq) does not know; it would send it to the server, which refuses it. Remove it`,
      );
    } else if (NODE_POSTGRES_ONLY.has(key)) {
      problems.push(`database-url: ${key} is not a PostgreSQL or lib/pq setting (for TLS, use sslmode); remove it`);
    } else if (key === 'krbsrvname' || key === 'krbspn') {
      problems.push(`database-url: ${key} (Kerberos) is not supported by this tool; use password or certificate authentication`);
    } else if (key === 'replication' || key === 'database' || key.startsWith('_pq_')) {
      problems.push(`database-url: ${key} is a start-up switch of the PostgreSQL protocol, not a setting; remove it`);
    }
  }
  const sslmode = values.get('sslmode') ?? null;
  if (sslmode !== null && !SSL_MODES.includes(sslmode)) {
    problems.push(`database-url has an unknown sslmode ${printable(sslmode)} (expected ${SSL_MODES.join(', ')})`);
  }
  // lib/pq refuses any other encoding or date style: its text parsing depends on them.
  const encoding = values.get('client_encoding');
  if (encoding !== undefined && !['utf8', 'unicode'].includes(encoding.toLowerCase().replace(/[^a-z0-9]/g, ''))) {
    problems.push(`database-url: client_encoding must be absent or UTF8, as golang-migrate's driver requires`);
  }
  const dateStyle = values.get('datestyle');
  if (dateStyle !== undefined && dateStyle !== 'ISO, MDY') {
    problems.push(`database-url: datestyle must be absent or "ISO, MDY", as golang-migrate's driver requires`);
  }
  for (const key of ['binary_parameters', 'disable_prepared_binary_result']) {
    const value = values.get(key);
    if (value !== undefined && value !== 'yes' && value !== 'no') problems.push(`database-url: ${key} must be yes or no`);
  }
  const sni = values.get('sslsni');
  if (sni !== undefined && sni !== '' && !sni.startsWith('1')) {
    problems.push('database-url: sslsni=0 is not supported by this tool (it always sends the host name to a TLS server)');
  }
  const connectTimeout = values.get('connect_timeout');
  let connectTimeoutSeconds: number | null = null;
  if (connectTimeout !== undefined) {
    if (/^[+-]?\d{1,9}$/.test(connectTimeout) && Number(connectTimeout) >= 0) connectTimeoutSeconds = Number(connectTimeout);
    else problems.push(`database-url: connect_timeout must be a whole number of seconds, not ${printable(connectTimeout)}`);
  }
  const port = values.get('port') ?? '5432';
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
    problems.push('database-url: its port is not a number from 1 to 65535');
  }

  const runtime: Record<string, string> = {};
  for (const [key, value] of values) {
    if (isConnectionKeyword(key)) continue;
    runtime[key] = value;
  }
  // lib/pq always sends this date style, so that dates in migrations are read the same way.
  runtime.datestyle = 'ISO, MDY';
  return {
    user: values.get('user') ?? '',
    password: values.get('password') ?? null,
    host: values.get('host') ?? 'localhost',
    port: Number(port),
    database: values.get('dbname') ?? '',
    sslmode,
    ssl: {
      ...optional('cert', values.get('sslcert')),
      ...optional('key', values.get('sslkey')),
      ...optional('rootCert', values.get('sslrootcert')),
      inline: values.get('sslinline') === 'true',
    },
    applicationName: values.get('application_name') ?? values.get('fallback_application_name') ?? null,
    connectTimeoutSeconds,
    runtime,
  };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Record<K, string>) : {};
}

/**
 * The bytes of the start-up packet, which PostgreSQL refuses above 10000 by closing the
 * connection without a word (postmaster.c, MAX_STARTUP_PACKET_LENGTH).
 */
export function startupPacketLength(parameters: Record<string, string>): number {
  let length = 8 + 1;
  for (const [key, value] of Object.entries(parameters)) length += Buffer.byteLength(key) + Buffer.byteLength(value) + 2;
  return length;
}

export const MAX_STARTUP_PACKET = 10_000;
