import { MigrateError } from '../errors.js';

/**
 * What the tool needs from a DATABASE_URL, parsed once and redacted at the source: nothing here
 * ever puts the URL or its password into a message.
 */
export interface DatabaseTarget {
  /** the URL handed to the driver: golang-migrate's own `x-…` parameters removed */
  connectionString: string;
  /** `host:port/database` with no credentials, for logs and the summary */
  display: string;
  /**
   * The URL's path with its leading slash, percent-decoded, as Go's url.URL.Path: golang-migrate
   * hashes exactly this into the advisory lock id when opened from a URL, as the oForum server is.
   */
  lockDatabaseName: string;
  /** golang-migrate's `x-migrations-table` from the URL, when given there */
  migrationsTable?: string;
  /** every form of the password that could appear in text (raw and decoded), to mask */
  secrets: string[];
}

const SCHEMES = new Set(['postgres:', 'postgresql:']);

export function parseDatabaseUrl(raw: string): DatabaseTarget {
  const secrets = passwordForms(raw);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalidUrl(authorityProblem(raw));
  }
  if (!SCHEMES.has(url.protocol)) {
    throw new MigrateError('config', `database-url must start with postgres:// or postgresql://, not ${url.protocol.slice(0, 20)}//`);
  }
  // The URL parser takes port 0, which no server listens on: the run would only retry until
  // connect-timeout.
  if (url.port === '0') throw invalidUrl(PORT_RANGE);
  const sslMode = url.searchParams.get('sslmode');
  if (sslMode !== null && !SSL_MODES.includes(sslMode)) {
    // An unknown mode is taken as "use SSL" by the driver, which then fails with a message that
    // does not name the parameter; libpq refuses it.
    throw new MigrateError('config', `database-url has an unknown sslmode "${sslMode.slice(0, 20)}" (expected ${SSL_MODES.join(', ')})`);
  }
  // sslmode always has libpq's meaning here (see database/connect.ts): the driver's switch for it
  // would only conflict.
  url.searchParams.delete('uselibpqcompat');
  let migrationsTable: string | undefined;
  for (const key of [...url.searchParams.keys()]) {
    // golang-migrate reads and strips its `x-` options before connecting; PostgreSQL would
    // refuse them as unknown startup parameters.
    if (!key.startsWith('x-')) continue;
    if (key === 'x-migrations-table') migrationsTable = url.searchParams.get(key) ?? undefined;
    url.searchParams.delete(key);
  }
  let pathName: string;
  try {
    pathName = decodeURIComponent(url.pathname);
  } catch {
    throw new MigrateError('config', 'database-url has a malformed percent-encoding in its database name');
  }
  const databaseName = pathName.replace(/^\//, '') || url.searchParams.get('dbname') || '';
  if (databaseName === '') {
    // The driver would fill the gap from PGDATABASE or the user name: never guess a database.
    throw new MigrateError('config', 'database-url names no database (expected postgres://user:password@host:port/database)');
  }
  const host = url.hostname ? decodeURIComponent(url.hostname) : (url.searchParams.get('host') ?? 'localhost');
  const display = `${host}${url.port ? `:${url.port}` : ''}/${databaseName}`;
  return {
    connectionString: url.toString(),
    display,
    lockDatabaseName: pathName,
    ...(migrationsTable !== undefined ? { migrationsTable } : {}),
    secrets,
  };
}

const PORT_RANGE = 'its port is not a number from 1 to 65535';
const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'];

function invalidUrl(problem: string | undefined): MigrateError {
  return new MigrateError(
    'config',
    `database-url is not a valid URL${problem ? `: ${problem}` : ''} (expected postgres://user:password@host:port/database; percent-encode special characters in the password)`,
  );
}

/**
 * Says which part of the authority made the URL parser give up, naming the part but never
 * quoting it: an unencoded '/' in the password ends the authority early, and the rest of the
 * password would then read as the port.
 */
function authorityProblem(raw: string): string | undefined {
  const authority = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(raw)?.[1];
  if (authority === undefined) return undefined;
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  if (hostPort.startsWith('[') && !hostPort.includes(']')) return "its IPv6 host's [ is not closed by ]";
  const afterHost = hostPort.startsWith('[') ? hostPort.slice(hostPort.indexOf(']') + 1) : hostPort.replace(/^[^:]*/, '');
  if (!afterHost.startsWith(':') || afterHost === ':') return undefined;
  const port = afterHost.slice(1);
  return /^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535 ? undefined : PORT_RANGE;
}

/**
 * Finds the password without trusting a URL parser, so that it can be masked even when the URL
 * is malformed: the part of the authority between the first ':' and the last '@'.
 */
export function passwordForms(raw: string): string[] {
  const match = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)@/.exec(raw);
  const userInfo = match?.[1];
  if (!userInfo) return [];
  const colon = userInfo.indexOf(':');
  if (colon < 0) return [];
  const password = userInfo.slice(colon + 1);
  if (password === '') return [];
  const forms = new Set([password]);
  try {
    forms.add(decodeURIComponent(password));
  } catch {
    // a malformed escape: the raw form is the one that could be echoed
  }
  forms.add(encodeURIComponent(password));
  return [...forms].filter((form) => form.length > 0);
}
