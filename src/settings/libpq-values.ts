import type { GoUrl } from './go-url.js';

/**
 * The connection settings lib/pq (golang-migrate's PostgreSQL driver, v1.10) makes of a URL,
 * so that this tool connects where golang-migrate connects:
 * - defaults (localhost:5432), then the PG* environment variables lib/pq reads, then the URL;
 * - from the URL, user and password, host and port, the path as dbname, and every query
 *   parameter (golang-migrate has removed its own `x-` ones), each as `key='value'`;
 * - those pairs SORTED as strings and applied in that order, the later winning. So when a key
 *   comes twice (`/a?dbname=b`, or a password in the user-info and in `?password=`), the value
 *   that sorts last wins: `dbname='b'` beats `dbname='a'`. This is lib/pq's ParseURL (url.go)
 *   and NewConnector (connector.go); golang-migrate 4.17 and 4.19 behave so.
 */
export type LibpqValues = Map<string, string>;

// lib/pq's parseEnviron: the PG* variables it reads, and the keys they set.
const ENVIRONMENT: Record<string, string> = {
  PGHOST: 'host',
  PGPORT: 'port',
  PGDATABASE: 'dbname',
  PGUSER: 'user',
  PGPASSWORD: 'password',
  PGOPTIONS: 'options',
  PGAPPNAME: 'application_name',
  PGSSLMODE: 'sslmode',
  PGSSLCERT: 'sslcert',
  PGSSLKEY: 'sslkey',
  PGSSLROOTCERT: 'sslrootcert',
  PGSSLSNI: 'sslsni',
  PGCONNECT_TIMEOUT: 'connect_timeout',
  PGCLIENTENCODING: 'client_encoding',
  PGDATESTYLE: 'datestyle',
  PGTZ: 'timezone',
  PGGEQO: 'geqo',
};

export interface ResolvedValues {
  values: LibpqValues;
  /** where each key's value came from, to name it in messages */
  from: Map<string, 'url' | 'environment' | 'default'>;
}

export function libpqValues(url: GoUrl, query: Map<string, string[]>, env: NodeJS.ProcessEnv): ResolvedValues {
  const values: LibpqValues = new Map([
    ['host', 'localhost'],
    ['port', '5432'],
  ]);
  const from = new Map<string, 'url' | 'environment' | 'default'>([
    ['host', 'default'],
    ['port', 'default'],
  ]);
  for (const [variable, key] of Object.entries(ENVIRONMENT)) {
    const value = env[variable];
    if (value === undefined) continue;
    values.set(key, value);
    from.set(key, 'environment');
  }
  for (const [key, value] of urlPairs(url, query)) {
    values.set(key, value);
    from.set(key, 'url');
  }
  return { values, from };
}

/** lib/pq's ParseURL: the URL's pairs in the order they are applied. */
export function urlPairs(url: GoUrl, query: Map<string, string[]>): [string, string][] {
  const pairs: [string, string][] = [];
  // lib/pq's accrue: empty values are left out.
  const accrue = (key: string, value: string | null | undefined): void => {
    if (value) pairs.push([key, value]);
  };
  if (url.user) {
    accrue('user', url.user.username);
    accrue('password', url.user.password);
  }
  const split = splitHostPort(url.host);
  if (split) {
    accrue('host', split.host);
    accrue('port', split.port);
  } else {
    accrue('host', url.host);
  }
  if (url.path !== '') accrue('dbname', url.path.slice(1));
  for (const [key, list] of query) if (!key.startsWith('x-') || key.length <= 1) accrue(key, list[0]);
  const text = ([key, value]: [string, string]): Buffer => Buffer.from(`${key}='${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`);
  return pairs.sort((a, b) => Buffer.compare(text(a), text(b)));
}

/** Go's net.SplitHostPort; null where it fails (lib/pq then takes the whole host). */
export function splitHostPort(hostport: string): { host: string; port: string } | null {
  const colon = hostport.lastIndexOf(':');
  if (colon < 0) return null;
  let host: string;
  let from = 0;
  let after = 0;
  if (hostport.startsWith('[')) {
    const close = hostport.indexOf(']');
    if (close < 0 || close + 1 !== colon) return null;
    host = hostport.slice(1, close);
    from = 1;
    after = close + 1;
  } else {
    host = hostport.slice(0, colon);
    if (host.includes(':')) return null;
  }
  if (hostport.slice(from).includes('[') || hostport.slice(after).includes(']')) return null;
  return { host, port: hostport.slice(colon + 1) };
}
