import os from 'node:os';
import { MigrateError } from '../errors.js';
import { GoUrlError, parseGoQuery, parseGoUrl, type GoQuery } from '../settings/go-url.js';
import { libpqValues, splitHostPort } from '../settings/libpq-values.js';
import { readMigrateParameters, type MigrateParameters } from '../settings/migrate-parameters.js';
import {
  connectionParameters,
  isConnectionKeyword,
  MAX_STARTUP_PACKET,
  startupPacketLength,
  type ConnectionParameters,
} from '../settings/connection-parameters.js';
import { sessionLockTimeout, type SessionLockTimeout } from '../settings/pg-duration.js';
import { readPassFilePassword } from './passfile.js';

/**
 * What the tool needs from a DATABASE_URL, read once the way golang-migrate reads it (Go's
 * net/url, then lib/pq) and redacted at the source: nothing here ever puts the URL, its
 * user-info or its password into a message.
 */
export interface DatabaseTarget {
  /**
   * Where to connect, with every setting resolved (environment included) and golang-migrate's
   * `x-` parameters applied: a URL that `connect` reads back to the same connection.
   */
  connectionString: string;
  /** `host:port/database` with no credentials, for logs and the summary */
  display: string;
  /**
   * The database name in golang-migrate's advisory lock id. golang-migrate (Open) takes the URL's
   * path, percent-decoded, with its leading slash (`/oforum`; `/` for `postgres://h/?dbname=x`);
   * null when the URL has no path at all, where golang-migrate asks the session for
   * `current_database()` (no slash).
   */
  lockDatabaseName: string | null;
  /** golang-migrate's `x-migrations-table`, as given in the URL */
  migrationsTable?: string;
  /** the state table that `x-migrations-table` (with `x-migrations-table-quoted`) names */
  stateTable?: { schema: string | null; table: string };
  /** a `lock_timeout` the URL sets for the session, which statement-lock-timeout must not override unasked */
  sessionLockTimeout?: SessionLockTimeout;
  /** every form of the password that could appear in text (raw and decoded), to mask */
  secrets: string[];
}

export interface DatabaseUrlReading {
  target: DatabaseTarget | null;
  /** what to mask: empty when the URL could not be read unambiguously (no fragment is guessed) */
  secrets: string[];
  problems: string[];
}

const SCHEMES = new Set(['postgres', 'postgresql']);
const PORT_RANGE = 'its port is not a number from 1 to 65535';
const EXPECTED = 'expected postgres://user:password@host:port/database';
export const PERCENT_ENCODING_HINT =
  'percent-encode special characters in the user name and password: every character but letters, digits and - . _ ~ as %XX, such as @ %40, : %3A, / %2F, ? %3F, # %23, % %25, space %20';

export function parseDatabaseUrl(raw: string, env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  const reading = readDatabaseUrl(raw, env);
  if (!reading.target) throw new MigrateError('config', reading.problems.join('; '));
  return reading.target;
}

/** Reads the URL and reports every problem at once. */
export function readDatabaseUrl(raw: string, env: NodeJS.ProcessEnv = process.env): DatabaseUrlReading {
  const fail = (problem: string): DatabaseUrlReading => ({ target: null, secrets: [], problems: [problem] });
  const notValid = (problem: string): DatabaseUrlReading =>
    fail(`database-url is not a valid URL: ${problem} (${EXPECTED}; ${PERCENT_ENCODING_HINT})`);
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(raw)?.[1];
  if (scheme === undefined) return notValid('it has no scheme');
  if (!SCHEMES.has(scheme.toLowerCase())) {
    return fail(`database-url must start with postgres:// or postgresql://, not ${scheme.slice(0, 20)}://`);
  }
  const ambiguity = ambiguous(raw);
  if (ambiguity) return fail(`database-url cannot be read unambiguously: ${ambiguity}; ${PERCENT_ENCODING_HINT}`);
  let url;
  try {
    url = parseGoUrl(raw);
  } catch (error) {
    if (!(error instanceof GoUrlError)) throw error;
    return notValid(error.message);
  }
  const port = splitHostPort(url.host)?.port;
  // Go takes any digits (and port 0, where no server listens): the run would only retry.
  if (port && (Number(port) < 1 || Number(port) > 65535)) return notValid(PORT_RANGE);

  // A password given as ?password= with an unencoded '&' in it is cut there, and its rest read as
  // other parameters: a name no setting has, or a value a setting refuses, which messages (or
  // the server, for a run-time parameter) would quote. Nothing after password= is quoted, and
  // only the settings read here may follow it.
  const query = parseGoQuery(url.rawQuery);
  const trailing = afterPassword(query.pairs);
  if (trailing.some(({ key }) => !isConnectionKeyword(key) && !key.startsWith('x-'))) return fail(TRAILING_PASSWORD);
  const problems: string[] = [];
  for (const problem of query.problems) problems.push(`database-url: ${problem} (golang-migrate would skip that parameter)`);
  for (const [key, list] of query.values) {
    if (new Set(list).size > 1) problems.push(`database-url gives ${key.slice(0, 40)} more than once, with different values; give it once`);
  }
  const migrate = readMigrateParameters(query.values, problems);
  const { values, from } = libpqValues(url, query.values, env);
  if (!values.has('user')) values.set('user', env.USER || safeUserName());
  const fromEnvironment = from.get('password') === 'environment' ? values.get('password') : undefined;
  const fromPassFile = applyPassFile(values, env);
  const secrets = passwordSecrets(raw, query.values, [fromEnvironment, fromPassFile]);

  if (!values.get('dbname') || from.get('dbname') !== 'url') {
    // lib/pq would take PGDATABASE, then the server the user's name: never guess a database.
    problems.push(`database-url names no database (${EXPECTED}, or ?dbname=database)`);
  }
  applyStatementTimeout(values, migrate, problems);
  const connection = connectionParameters(values, problems);
  for (const [what, name] of [
    ['database name', connection.database],
    ['user name', connection.user],
  ] as const) {
    // PostgreSQL cuts longer names to 63 bytes: the session would open another database (or role).
    if (Buffer.byteLength(name) > 63) problems.push(`database-url: its ${what} is longer than PostgreSQL's 63-byte names`);
  }
  const packet = startupPacketLength({
    user: connection.user,
    database: connection.database,
    application_name: connection.applicationName ?? '',
    client_encoding: 'UTF8',
    ...connection.runtime,
  });
  if (packet > MAX_STARTUP_PACKET) {
    problems.push(`database-url's start-up parameters take ${packet} bytes, more than the ${MAX_STARTUP_PACKET} PostgreSQL accepts`);
  }
  const lockTimeout = sessionLockTimeout(values);
  if (problems.length > 0) {
    const quoted = (problem: string): boolean => trailing.some(({ value }) => value !== '' && problem.includes(value));
    return { target: null, secrets, problems: [...new Set(problems.map((problem) => (quoted(problem) ? TRAILING_PASSWORD : problem)))] };
  }
  return {
    target: {
      connectionString: canonicalUrl(values),
      display: `${displayHost(connection)}/${connection.database}`,
      lockDatabaseName: url.path === '' ? null : url.path,
      ...(migrate.migrationsTable ? { migrationsTable: migrate.migrationsTable.raw, stateTable: migrate.migrationsTable } : {}),
      ...(lockTimeout ? { sessionLockTimeout: lockTimeout } : {}),
      secrets,
    },
    secrets,
    problems,
  };
}

/** The settings `connect` opens a session with, read from a target's connection string. */
export function connectionSettings(connectionString: string, env: NodeJS.ProcessEnv = process.env): ConnectionParameters {
  const problems: string[] = [];
  const url = parseGoUrl(connectionString);
  const query = parseGoQuery(url.rawQuery);
  const migrate = readMigrateParameters(query.values, problems);
  const { values } = libpqValues(url, query.values, env);
  if (!values.has('user')) values.set('user', env.USER || safeUserName());
  applyStatementTimeout(values, migrate, problems);
  const connection = connectionParameters(values, problems);
  if (problems.length > 0) throw new MigrateError('config', problems.join('; '));
  return connection;
}

/**
 * Text that Go and a person would read differently: an unencoded '/', '?' or '#' in a password
 * ends the host part early, so the rest of the password becomes the database name, the query or
 * a fragment. Such a URL is refused whole; no part of it is taken for a password.
 */
const TRAILING_PASSWORD =
  "database-url has parameters after password= that may be the rest of the password, cut at an unencoded '&': percent-encode & in the password as %26 (and = as %3D), and give run-time settings before password=";

/** The query's parameters after its first password=. */
function afterPassword(pairs: GoQuery['pairs']): GoQuery['pairs'] {
  const at = pairs.findIndex(({ key }) => key === 'password');
  return at < 0 ? [] : pairs.slice(at + 1);
}

function ambiguous(raw: string): string | null {
  if (raw.includes('#')) return "it has a '#', where golang-migrate's reading of the URL ends";
  const afterScheme = raw.slice(raw.indexOf(':') + 1).replace(/^\/\//, '');
  const authorityEnd = afterScheme.search(/[/?]/);
  if (authorityEnd < 0) return null;
  const rest = afterScheme.slice(authorityEnd);
  const path = rest.startsWith('/') ? rest.split('?')[0]! : '';
  const query = rest.includes('?') ? rest.slice(rest.indexOf('?') + 1) : '';
  if (path.includes('@')) return "an '@' follows the host, in the database name";
  if (path === '' && query.includes('@')) return "an '@' follows the host, in the query";
  // A parameter's name never holds an '@' (a value may: ?user=a@b): one that does is the rest of
  // a password cut by its '/' and '?' (u:1234/ab?cd@host/db reads as host "u", port 1234).
  if (query.split('&').some((pair) => pair.split('=')[0]!.includes('@'))) return "an '@' follows the host, in the query";
  // Nor does a value hold an '@' followed by a '/': that is a host and a database after the rest
  // of a password cut by its '/' (u:2024/ab?k=v@host/db reads as host "u", port 2024, database "ab").
  if (query.split('&').some((pair) => /@[^/]*\//.test(pair.slice(pair.indexOf('=') + 1)))) return "an '@' follows the host, in the query";
  return null;
}

/**
 * x-statement-timeout: golang-migrate cancels a migration file that runs longer. Here it is
 * PostgreSQL's statement_timeout for the session, so a migration that overruns is cancelled by
 * the server and, in its transaction, rolled back. With a statement_timeout of the URL's own,
 * the shorter one holds, as both would in golang-migrate.
 */
function applyStatementTimeout(values: Map<string, string>, migrate: MigrateParameters, problems: string[]): void {
  const ms = migrate.statementTimeoutMs;
  if (!ms) return;
  const own = values.get('statement_timeout');
  if (own !== undefined && !/^\d+$/.test(own)) {
    problems.push('database-url: give statement_timeout in milliseconds (a whole number) beside x-statement-timeout');
    return;
  }
  values.set('statement_timeout', String(own !== undefined && Number(own) > 0 ? Math.min(Number(own), ms) : ms));
}

/** The resolved settings as a URL that names each once, in the query (sockets and IPv6 fit there). */
function canonicalUrl(values: Map<string, string>): string {
  const query = [...values]
    .filter(([key]) => key !== 'dbname')
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&');
  return `postgres:///${encodeURIComponent(values.get('dbname') ?? '')}?${query}`;
}

function displayHost(connection: ConnectionParameters): string {
  const host = connection.host.includes(':') && !connection.host.startsWith('[') ? `[${connection.host}]` : connection.host;
  return `${host}:${connection.port}`;
}

/**
 * lib/pq's pass file (see passfile.ts): read only when neither the URL (user-info or
 * `?password=`) nor PGPASSWORD gives a password (an empty PGPASSWORD counts as given, as in
 * lib/pq), matched against the final host, port, database and user. Its password is set in
 * `values`, so that it is in the connection string and the driver receives it explicitly
 * (node-postgres then never reads the file itself, by rules of its own); returned, to be a secret.
 * An empty password is not set: lib/pq sends none then either.
 */
function applyPassFile(values: Map<string, string>, env: NodeJS.ProcessEnv): string | undefined {
  if (values.has('password')) return undefined;
  const password = readPassFilePassword(
    {
      host: values.get('host') ?? '',
      port: values.get('port') ?? '',
      dbname: values.get('dbname') ?? '',
      user: values.get('user') ?? '',
    },
    env,
  );
  if (!password) return undefined;
  values.set('password', password);
  return password;
}

/**
 * The password in every form text could show it: as written in the URL (user-info or
 * `?password=`), decoded, and encoded; and PGPASSWORD or the pass file's when that is the one used.
 */
function passwordSecrets(raw: string, query: Map<string, string[]>, outside: (string | undefined)[]): string[] {
  const forms = new Set<string>();
  const authority = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(raw)?.[1] ?? '';
  const at = authority.lastIndexOf('@');
  const userinfo = at < 0 ? '' : authority.slice(0, at);
  const colon = userinfo.indexOf(':');
  const candidates: string[] = [];
  if (colon >= 0) candidates.push(userinfo.slice(colon + 1));
  for (const pair of (/\?([^#]*)/.exec(raw)?.[1] ?? '').split('&')) {
    if (/^password=/.test(pair)) candidates.push(pair.slice('password='.length));
  }
  for (const candidate of candidates) {
    forms.add(candidate);
    try {
      forms.add(decodeURIComponent(candidate));
    } catch {
      // a malformed escape is refused elsewhere; the raw form is the one text could show
    }
  }
  for (const value of query.get('password') ?? []) forms.add(value);
  for (const password of outside) if (password) forms.add(password);
  for (const form of [...forms]) forms.add(encodeURIComponent(form));
  return [...forms].filter((form) => form.length > 0);
}

function safeUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return '';
  }
}
