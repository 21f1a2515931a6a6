/**
 * Go's net/url.Parse, as golang-migrate and its PostgreSQL driver (lib/pq) read a DATABASE_URL:
 * the same split into user-info, host, path and query, the same percent-decoding, the same
 * refusals. Reading the URL as they do is what makes "the database golang-migrate migrates" and
 * "the database this tool migrates" the same thing (see libpq-values.ts).
 *
 * A `GoUrlError` names the part that is wrong and never quotes it: the user-info may hold a
 * password.
 */
export interface GoUrl {
  /** lower-cased, as Go's */
  scheme: string;
  /** url.User: decoded user name and password (null when the URL has no ':' in its user-info) */
  user: { username: string; password: string | null } | null;
  /** url.Host: decoded, with its port and IPv6 brackets */
  host: string;
  /** url.Path: decoded, with its leading slash; '' when the URL has no path */
  path: string;
  /** url.RawQuery */
  rawQuery: string;
  /** whether the URL has a '#' (Go keeps what follows as a fragment, which lib/pq ignores) */
  hasFragment: boolean;
}

export class GoUrlError extends Error {}

export function parseGoUrl(raw: string): GoUrl {
  const hash = raw.indexOf('#');
  const beforeFragment = hash < 0 ? raw : raw.slice(0, hash);
  if ([...beforeFragment].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f))
    throw new GoUrlError('it contains a control character (a newline, a tab, …)');
  const colon = schemeEnd(beforeFragment);
  if (colon === null) throw new GoUrlError('it has no scheme');
  const scheme = beforeFragment.slice(0, colon).toLowerCase();
  let rest = beforeFragment.slice(colon + 1);
  let rawQuery = '';
  if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) {
    rest = rest.slice(0, -1);
  } else if (rest.includes('?')) {
    rawQuery = rest.slice(rest.indexOf('?') + 1);
    rest = rest.slice(0, rest.indexOf('?'));
  }
  if (!rest.startsWith('//')) throw new GoUrlError('it has no "//" after the scheme');
  let authority = rest.slice(2);
  let pathText = '';
  const slash = authority.indexOf('/');
  if (slash >= 0) {
    pathText = authority.slice(slash);
    authority = authority.slice(0, slash);
  }
  const { user, host } = parseAuthority(authority);
  return { scheme, user, host, path: unescape(pathText, 'path', 'its database name'), rawQuery, hasFragment: hash >= 0 };
}

/** Go's getScheme: the index of the ':' that ends a scheme, or null. */
function schemeEnd(raw: string): number | null {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+.-]/.test(c)) {
      if (i === 0) return null;
      continue;
    }
    return c === ':' && i > 0 ? i : null;
  }
  return null;
}

function parseAuthority(authority: string): Pick<GoUrl, 'user' | 'host'> {
  // The user-info ends at the LAST '@': an unencoded '@' in the password is read as Go reads it.
  const at = authority.lastIndexOf('@');
  const host = parseHost(at < 0 ? authority : authority.slice(at + 1));
  if (at < 0) return { user: null, host };
  const userinfo = authority.slice(0, at);
  if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) {
    throw new GoUrlError('its user name or password holds a character that must be percent-encoded');
  }
  const colon = userinfo.indexOf(':');
  if (colon < 0) return { user: { username: unescape(userinfo, 'userinfo', 'its user name'), password: null }, host };
  return {
    user: {
      username: unescape(userinfo.slice(0, colon), 'userinfo', 'its user name'),
      password: unescape(userinfo.slice(colon + 1), 'userinfo', 'its password'),
    },
    host,
  };
}

function parseHost(host: string): string {
  let colonPort: string;
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close < 0) throw new GoUrlError("its IPv6 host's [ is not closed by ]");
    colonPort = host.slice(close + 1);
  } else {
    const colon = host.lastIndexOf(':');
    colonPort = colon < 0 ? '' : host.slice(colon);
  }
  if (colonPort !== '' && !/^:[0-9]*$/.test(colonPort)) throw new GoUrlError('its port is not a number from 1 to 65535');
  return unescape(host, 'host', 'its host');
}

type Mode = 'path' | 'userinfo' | 'host' | 'query';

// Go's shouldEscape(c, encodeHost) is false for these (besides letters and digits).
const HOST_CHARACTERS = /^[A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"]$/;

/**
 * Go's unescape: every '%' must start two hex digits; in a host, '%' encodes only non-ASCII
 * bytes (and %25), and ASCII outside the host characters is refused; in a query '+' is a space.
 * The decoded bytes must be UTF-8: a name of other bytes could not be the same on both sides.
 */
export function unescape(text: string, mode: Mode, what: string): string {
  if (!text.includes('%') && !(mode === 'query' && text.includes('+')) && mode !== 'host') return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length;) {
    const c = text[i]!;
    if (c === '%') {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new GoUrlError(`${what} has a '%' that is not followed by two hex digits`);
      const byte = parseInt(hex, 16);
      if (mode === 'host' && byte < 0x80 && hex !== '25') throw new GoUrlError(`${what} has a percent-encoded ASCII character`);
      bytes.push(byte);
      i += 3;
      continue;
    }
    if (mode === 'host' && c.charCodeAt(0) < 0x80 && !HOST_CHARACTERS.test(c)) {
      throw new GoUrlError(`${what} holds a character a host name cannot have`);
    }
    if (mode === 'query' && c === '+') bytes.push(0x20);
    else bytes.push(...Buffer.from(String.fromCodePoint(text.codePointAt(i)!), 'utf8'));
    i += String.fromCodePoint(text.codePointAt(i)!).length;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
  } catch {
    throw new GoUrlError(`${what} decodes to bytes that are not UTF-8`);
  }
}

export interface GoQuery {
  /** each key's values, in order (Go's url.Values; `Get` is the first) */
  values: Map<string, string[]>;
  /** why pairs were left out: Go's ParseQuery skips them silently, this tool does not */
  problems: string[];
  /** every pair in the order written, decoded where it decodes (raw where it does not) */
  pairs: { key: string; value: string }[];
}

/** Go's url.ParseQuery, which also reports the pairs it skips instead of dropping them. */
export function parseGoQuery(rawQuery: string): GoQuery {
  const values = new Map<string, string[]>();
  const problems: string[] = [];
  const pairs: GoQuery['pairs'] = [];
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    if (pair.includes(';')) {
      problems.push("a ';' in its query (parameters are separated by '&')");
      pairs.push({ key: rawKey, value: rawValue });
      continue;
    }
    let key: string;
    let value: string;
    try {
      key = unescape(rawKey, 'query', 'a query parameter name');
      value = unescape(rawValue, 'query', 'a query parameter value');
    } catch (error) {
      problems.push((error as Error).message);
      pairs.push({ key: rawKey, value: rawValue });
      continue;
    }
    values.set(key, [...(values.get(key) ?? []), value]);
    pairs.push({ key, value });
  }
  return { values, problems, pairs };
}
