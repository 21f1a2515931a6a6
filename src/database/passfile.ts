import { readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The password file (`.pgpass`, or the file PGPASSFILE names), read as lib/pq v1.10
 * (golang-migrate's PostgreSQL driver; conn.go, handlePgpass and scanText) reads it, so that
 * this tool sends the password golang-migrate would send. Reading it here, rather than leaving
 * it to node-postgres, makes its password one the tool knows, and so a secret like the others.
 *
 * lib/pq's rules, all of which hold here:
 * - it is read only when no password was given at all (URL, `?password=` or PGPASSWORD, even an
 *   empty PGPASSWORD): the caller checks that;
 * - the file is PGPASSFILE when that is set and not empty, else `$HOME/.pgpass` (HOME unset or
 *   empty: the home directory of the user the process runs as);
 * - a file that cannot be stat'ed or read is ignored, and so is one whose permission bits meet
 *   0x77 (lib/pq's mask, octal 0167: any group or world read or write, world or owner execute;
 *   it is written in hex there, so group execute alone does not count). No warning is printed;
 * - lines as Go's bufio.Scanner gives them: split at '\n', one trailing '\r' dropped; a line of
 *   64 KiB or more stops the reading there (the scanner's limit);
 * - an empty line, or one whose first character is '#', is skipped;
 * - fields split at ':', a backslash taking the next character as it is (a trailing backslash is
 *   dropped); a line of other than five fields is skipped;
 * - host, port, database and user each match `*` or the value exactly (port as written, `05432`
 *   is not `5432`); the host field `localhost` also matches a Unix-domain socket (a host starting
 *   with '/') and an empty host;
 * - the first line that matches gives the password, even an empty one.
 */

/** The settings a line is matched against: lib/pq's final host, port, dbname and user. */
export interface PassFileTarget {
  host: string;
  port: string;
  dbname: string;
  user: string;
}

// bufio.MaxScanTokenSize: a line (with its '\r', without its '\n') this long or longer ends the scan.
const MAX_LINE_BYTES = 64 * 1024;
// lib/pq: `mode&(0x77) != 0` means the file is ignored.
const REFUSED_MODE_BITS = 0x77;

/**
 * The password the file's content gives for `target`: the first matching line's, or null when
 * no line matches. Pure: the content as bytes (or text), no file system.
 */
export function passwordFromPassFile(content: Uint8Array | string, target: PassFileTarget): string | null {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const socket = target.host === '' || target.host.startsWith('/');
  for (const line of scannerLines(bytes)) {
    if (line.length === 0 || line.startsWith('#')) continue;
    const fields = splitFields(line);
    if (fields.length !== 5) continue;
    const [host, port, dbname, user, password] = fields as [string, string, string, string, string];
    if (
      (host === '*' || host === target.host || (host === 'localhost' && socket)) &&
      (port === '*' || port === target.port) &&
      (dbname === '*' || dbname === target.dbname) &&
      (user === '*' || user === target.user)
    ) {
      return password;
    }
  }
  return null;
}

/** The file lib/pq would read: PGPASSFILE, else `.pgpass` in the home directory; null when there is no home. */
export function passFilePath(env: NodeJS.ProcessEnv): string | null {
  const named = env.PGPASSFILE;
  if (named) return named;
  const home = env.HOME || homeOfCurrentUser();
  return home ? path.join(home, '.pgpass') : null;
}

/**
 * The password the pass file gives for `target`, read as lib/pq reads it (see above); null when
 * there is no file, it cannot be read, its permissions are too open, or no line matches.
 */
export function readPassFilePassword(target: PassFileTarget, env: NodeJS.ProcessEnv): string | null {
  const file = passFilePath(env);
  if (file === null) return null;
  let content: Buffer;
  try {
    // stat follows a symbolic link, as Go's os.Stat does
    if ((statSync(file).mode & REFUSED_MODE_BITS) !== 0) return null;
    content = readFileSync(file);
  } catch {
    // missing, unreadable, or a directory (lib/pq opens it, and its scanner reads nothing)
    return null;
  }
  return passwordFromPassFile(content, target);
}

/** The lines bufio.Scanner (ScanLines) gives, decoded as Go decodes a string's runes. */
function* scannerLines(bytes: Uint8Array): Generator<string> {
  let start = 0;
  while (start < bytes.length) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline < 0 ? bytes.length : newline;
    if (end - start >= MAX_LINE_BYTES) return;
    const withoutCr = end > start && bytes[end - 1] === 0x0d ? end - 1 : end;
    yield goString(bytes.subarray(start, withoutCr));
    start = end + 1;
  }
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The text of Go's `for _, c := range s`: valid UTF-8 as it is (a byte-order mark kept), and
 * U+FFFD for each byte that does not begin a valid sequence (Go's utf8.DecodeRune), which is
 * not always how many a WHATWG decoder would put.
 */
function goString(bytes: Uint8Array): string {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    let text = '';
    let i = 0;
    while (i < bytes.length) {
      const lead = bytes[i]!;
      const length =
        lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
      let decoded: string | null = null;
      if (length > 0 && i + length <= bytes.length) {
        try {
          decoded = STRICT_UTF8.decode(bytes.subarray(i, i + length));
        } catch {
          decoded = null;
        }
      }
      if (decoded === null) {
        text += '\uFFFD';
        i += 1;
      } else {
        text += decoded;
        i += length;
      }
    }
    return text;
  }
}

/** lib/pq's getFields: split at ':', a backslash escaping the character after it. */
function splitFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let escaped = false;
  for (const c of line) {
    if (escaped) {
      field += c;
      escaped = false;
    } else if (c === '\\') {
      escaped = true;
    } else if (c === ':') {
      fields.push(field);
      field = '';
    } else {
      field += c;
    }
  }
  fields.push(field);
  return fields;
}

function homeOfCurrentUser(): string | null {
  try {
    return os.userInfo().homedir || null;
  } catch {
    return null;
  }
}
