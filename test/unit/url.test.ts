import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectionSettings, parseDatabaseUrl, readDatabaseUrl } from '../../src/database/url.js';

// A HOME with no .pgpass: without HOME, the pass file would be the one of the user running the tests.
const NO_ENV: NodeJS.ProcessEnv = { USER: 'runner', HOME: '/nonexistent-home' };

function problemsOf(raw: string, env: NodeJS.ProcessEnv = NO_ENV): string[] {
  return readDatabaseUrl(raw, env).problems;
}

function connection(raw: string, env: NodeJS.ProcessEnv = NO_ENV): ReturnType<typeof connectionSettings> {
  return connectionSettings(parseDatabaseUrl(raw, env).connectionString, env);
}

describe('the database of a URL, as golang-migrate (lib/pq) reads it', () => {
  it('takes the path, with its slash, for the lock id, and shows no credentials', () => {
    const target = parseDatabaseUrl('postgres://app:secret@db.example:6543/oforum?sslmode=require', NO_ENV);
    expect(target.lockDatabaseName).toBe('/oforum');
    expect(target.display).toBe('db.example:6543/oforum');
    expect(target.secrets).toContain('secret');
    expect(target.display).not.toContain('secret');
  });

  it('decodes the database name as Go’s url.URL.Path does', () => {
    expect(parseDatabaseUrl('postgresql://h/my%20db', NO_ENV).lockDatabaseName).toBe('/my db');
    expect(connection('postgresql://h/my%20db').database).toBe('my db');
  });

  it('connects to ?dbname= and locks with "/" when the path is only a slash', () => {
    const target = parseDatabaseUrl('postgres://u@h:5432/?dbname=forum', NO_ENV);
    expect(target.display).toBe('h:5432/forum');
    expect(target.lockDatabaseName).toBe('/');
    expect(connection('postgres://u@h:5432/?dbname=forum').database).toBe('forum');
  });

  it('asks the session for current_database() when the URL has no path at all', () => {
    expect(parseDatabaseUrl('postgres://u@h:5432?dbname=forum', NO_ENV).lockDatabaseName).toBeNull();
  });

  it('takes the database that sorts last when the path and ?dbname= disagree, locking with the path', () => {
    const ab = parseDatabaseUrl('postgres://u@h/alpha?dbname=beta', NO_ENV);
    expect([ab.display, ab.lockDatabaseName]).toEqual(['h:5432/beta', '/alpha']);
    const ba = parseDatabaseUrl('postgres://u@h/beta?dbname=alpha', NO_ENV);
    expect([ba.display, ba.lockDatabaseName]).toEqual(['h:5432/beta', '/beta']);
  });

  it('takes a user given twice as lib/pq does', () => {
    expect(connection('postgres://alice@h/db?user=bob').user).toBe('bob');
    expect(connection('postgres://bob@h/db?user=alice').user).toBe('bob');
  });

  it('fills what the URL leaves out from PG* variables, but never the database', () => {
    const env = { ...NO_ENV, PGUSER: 'envuser', PGPASSWORD: 'envpw', PGOPTIONS: '-c work_mem=8MB' };
    const settings = connection('postgres://h/db', env);
    expect([settings.user, settings.password, settings.runtime.options]).toEqual(['envuser', 'envpw', '-c work_mem=8MB']);
    expect(parseDatabaseUrl('postgres://h/db', env).secrets).toContain('envpw');
    expect(problemsOf('postgres://h/', { ...NO_ENV, PGDATABASE: 'other' })[0]).toMatch(/^database-url names no database/);
  });

  it('keeps IPv6 hosts and Unix-domain sockets', () => {
    expect(parseDatabaseUrl('postgres://u@[::1]:5433/db', NO_ENV).display).toBe('[::1]:5433/db');
    const socket = connection('postgres:///db?host=/var/run/postgresql');
    expect([socket.host, socket.port]).toEqual(['/var/run/postgresql', 5432]);
  });
});

describe('run-time parameters, passed to the server as lib/pq passes them', () => {
  it('sends search_path, options and any other setting in the start-up packet', () => {
    const settings = connection('postgres://u@h/db?search_path=app&options=-c%20geqo%3Doff&TimeZone=UTC&sslmode=disable');
    expect(settings.runtime).toMatchObject({ search_path: 'app', options: '-c geqo=off', TimeZone: 'UTC', datestyle: 'ISO, MDY' });
    expect(settings.runtime).not.toHaveProperty('sslmode');
  });

  it('turns x-statement-timeout into statement_timeout, the shorter one winning', () => {
    expect(connection('postgres://u@h/db?x-statement-timeout=2500').runtime.statement_timeout).toBe('2500');
    expect(connection('postgres://u@h/db?x-statement-timeout=2500&statement_timeout=1000').runtime.statement_timeout).toBe('1000');
  });

  it('reads a lock_timeout that the URL sets for the session', () => {
    expect(parseDatabaseUrl('postgres://u@h/db?lock_timeout=5s', NO_ENV).sessionLockTimeout).toEqual({ text: '5s', ms: 5000 });
    expect(parseDatabaseUrl('postgres://u@h/db?options=-c%20lock_timeout%3D250', NO_ENV).sessionLockTimeout?.ms).toBe(250);
  });
});

describe("golang-migrate's x- parameters", () => {
  it('reads x-migrations-table, quoted or not', () => {
    expect(parseDatabaseUrl('postgres://h/db?x-migrations-table=versions', NO_ENV).stateTable).toEqual({
      raw: 'versions',
      schema: null,
      table: 'versions',
    });
    expect(
      parseDatabaseUrl('postgres://h/db?x-migrations-table=%22app%22.%22mig%22&x-migrations-table-quoted=1', NO_ENV).stateTable,
    ).toEqual({
      raw: '"app"."mig"',
      schema: 'app',
      table: 'mig',
    });
    // Without -quoted, golang-migrate takes the text as the table's name, quotes included.
    expect(parseDatabaseUrl('postgres://h/db?x-migrations-table=%22app%22.%22mig%22', NO_ENV).stateTable?.table).toBe('"app"."mig"');
  });

  it.each([
    ['x-migrations-table-quoted=1&x-migrations-table=mig', /needs a quoted x-migrations-table/],
    ['x-migrations-table-quoted=1&x-migrations-table=%22a%22.%22b%22.%22c%22', /one or two quoted names/],
    ['x-migrations-table-quoted=maybe', /x-migrations-table-quoted must be true or false/],
    ['x-statement-timeout=abc', /x-statement-timeout must be a whole number/],
    ['x-statement-timeout=-5', /x-statement-timeout must be 0/],
    ['x-multi-statement=true', /x-multi-statement=true is not supported/],
    ['x-multi-statement=sometimes', /x-multi-statement must be true or false/],
    ['x-multi-statement-max-size=big', /x-multi-statement-max-size must be a whole number/],
    ['x-lock-strategy=table', /"x-lock-strategy", which golang-migrate's postgres driver does not know/],
  ])('refuses ?%s, exit 2', (query, message) => {
    expect(problemsOf(`postgres://h/db?${query}`).join('\n')).toMatch(message);
  });

  it('accepts x-multi-statement=false and a max size, which change nothing', () => {
    expect(problemsOf('postgres://h/db?x-multi-statement=false&x-multi-statement-max-size=1000')).toEqual([]);
  });
});

describe('refused URLs', () => {
  it.each([
    ['target_session_attrs=any', /target_session_attrs is a libpq setting/],
    ['keepalives=1', /keepalives is a libpq setting/],
    ['replication=database', /start-up switch/],
    ['krbsrvname=postgres', /Kerberos/],
    ['client_encoding=LATIN1', /client_encoding must be absent or UTF8/],
    ['datestyle=German', /datestyle must be absent or "ISO, MDY"/],
    ['sslmode=bogus', /unknown sslmode "bogus"/],
    ['connect_timeout=soon', /connect_timeout must be a whole number/],
    ['port=0', /port is not a number from 1 to 65535/],
    ['a=1;b=2', /a ';' in its query/],
    ['sslmode=require&sslmode=disable', /gives sslmode more than once/],
    ['application_name=%zz', /not followed by two hex digits/],
  ])('refuses ?%s', (query, message) => {
    expect(problemsOf(`postgres://u@h/db?${query}`).join('\n')).toMatch(message);
  });

  it('refuses a database or user name PostgreSQL would cut to 63 bytes', () => {
    expect(problemsOf(`postgres://u@h/${'d'.repeat(64)}`).join()).toMatch(/database name is longer than PostgreSQL's 63-byte names/);
    expect(problemsOf(`postgres://${'u'.repeat(64)}@h/db`).join()).toMatch(/user name is longer/);
    expect(problemsOf(`postgres://u@h/${'d'.repeat(63)}`)).toEqual([]);
  });

  it('refuses start-up parameters beyond the 10000 bytes PostgreSQL reads', () => {
    expect(problemsOf(`postgres://u@h/db?application_name=${'a'.repeat(10_000)}`).join()).toMatch(/more than the 10000 PostgreSQL accepts/);
  });

  it.each([
    ['mysql://root:hunter2@h/db', 'database-url must start with postgres:// or postgresql://, not mysql://'],
    ['postgres://u:hunter2@[::1/db', "database-url is not a valid URL: its IPv6 host's [ is not closed by ]"],
    ['not a url hunter2', 'database-url is not a valid URL: it has no scheme'],
    ['postgres://u:hunter2@h:65536/db', 'database-url is not a valid URL: its port is not a number from 1 to 65535'],
    ['postgres://u:hunter2@h/db%zz', "database-url is not a valid URL: its database name has a '%' that is not followed by two hex digits"],
    [
      'postgres://u:hunter2 x@h/db',
      'database-url is not a valid URL: its user name or password holds a character that must be percent-encoded',
    ],
  ])('refuses %s without echoing it', (raw, message) => {
    const [problem] = problemsOf(raw);
    expect(problem?.startsWith(message), problem).toBe(true);
    expect(problem).not.toContain('hunter2');
  });
});

describe('passwords that cannot be read one way only', () => {
  it.each([
    ["an unencoded '/' after digits", 'postgres://u:33789/S3cret@host/db', 'S3cret'],
    ["an unencoded '/'", 'postgres://u:pa/ss@host/db', 'ss@host'],
    ["an unencoded '?'", 'postgres://u:123?S3cret@host/db', 'S3cret'],
    ["an unencoded '#'", 'postgres://u:pa#S3cret@host/db', 'S3cret'],
    ['p@ss:w/rd%?#', 'postgres://u:p@ss:w/rd%?#@host/db', 'rd%'],
    // the '/' makes "u:1234" a host and port, the '?' the rest a query
    ["an unencoded '/' then '?'", 'postgres://u:1234/Kp7xQ2?mZ9@127.0.0.1:5432/oforum', 'Kp7xQ2'],
    ["an unencoded '/' then '?', with a query of its own", 'postgres://u:/Kp7xQ2?mZ9@host:5432/db?sslmode=require', 'mZ9'],
    ["an '@', a '/' and a '?'", 'postgres://u:Xq@Tz/Mn?Pw@127.0.0.1:5432/db', 'Pw'],
    // a digit-only first part is a port: the '@' comes in a query value, before the host's '/'
    ["an unencoded '/' then '?' and '=', with digits first", 'postgres://u:2024/Secr3tDb?k=v@127.0.0.1:5432/db', 'Secr3tDb'],
    ["the same, the rest in a setting's value", 'postgres://u:2024/Secr3tDb?sslmode=Tail9@127.0.0.1:5432/db', 'Tail9'],
  ])('%s: exit 2, how to encode, no part of the user-info, no secret guessed', (_name, raw, fragment) => {
    const reading = readDatabaseUrl(raw, NO_ENV);
    expect(reading.target).toBeNull();
    expect(reading.secrets).toEqual([]);
    expect(reading.problems).toHaveLength(1);
    const [problem] = reading.problems;
    expect(problem).toMatch(/^database-url (cannot be read unambiguously|is not a valid URL)/);
    expect(problem).toContain('percent-encode');
    expect(problem).toContain('%2F');
    for (const part of [fragment, 'u:', '33789']) expect(problem).not.toContain(part);
  });

  it.each([
    ['a name no setting has', 'postgres://u@127.0.0.1/db?password=secretA&sec!retB=xyz', ['sec!retB', 'xyz']],
    ['a run-time parameter, which the server would quote', 'postgres://u@127.0.0.1/db?password=k7&TimeZone=S3cr3tV4lue', ['S3cr3tV4lue']],
    ['an unknown one', 'postgres://u@127.0.0.1/db?password=k7&Tq=9vX!', ['Tq', '9vX!']],
    ['a value sslmode refuses', 'postgres://u@127.0.0.1/db?password=secretA&sslmode=secretBxyz', ['secretBxyz']],
    ['a value connect_timeout refuses', 'postgres://u@127.0.0.1/db?password=secretA&connect_timeout=secretBxyz', ['secretBxyz']],
  ])("after ?password=, %s (the password's rest, cut at an unencoded '&'): refused, nothing quoted", (_name, raw, rest) => {
    const problems = problemsOf(raw);
    expect(problems).toEqual([expect.stringMatching(/^database-url has parameters after password= that may be the rest of the password/)]);
    for (const part of rest) expect(problems.join('\n')).not.toContain(part);
  });

  it('takes the settings it reads after ?password=, and an encoded & in the password', () => {
    expect(parseDatabaseUrl('postgres://u@127.0.0.1/db?password=p&sslmode=require&x-migrations-table=m', NO_ENV).secrets).toContain('p');
    expect(parseDatabaseUrl('postgres://u@127.0.0.1/db?TimeZone=UTC&password=a%26b%3Dc', NO_ENV).secrets).toContain('a&b=c');
  });

  it('finds every form of a password: encoded in the user-info, in ?password=, with a newline', () => {
    expect(parseDatabaseUrl('postgres://u:p%40ss@h/db', NO_ENV).secrets).toEqual(expect.arrayContaining(['p%40ss', 'p@ss']));
    expect(parseDatabaseUrl('postgres://u@h/db?password=qu%2Bery+pw', NO_ENV).secrets).toEqual(expect.arrayContaining(['qu+ery pw']));
    expect(parseDatabaseUrl('postgres://u:line1%0Aline2@h/db', NO_ENV).secrets).toContain('line1\nline2');
    expect(parseDatabaseUrl('postgres://u@h/db', NO_ENV).secrets).toEqual([]);
  });

  it("still takes an '@' in a parameter's value", () => {
    expect(parseDatabaseUrl('postgres://h/db?user=ops@example&password=p@ss', NO_ENV).secrets).toContain('p@ss');
  });
});

describe('the pass file (PGPASSFILE, else ~/.pgpass), read as lib/pq reads it', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'omt-url-passfile-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const passFile = (text: string, mode = 0o600): NodeJS.ProcessEnv => {
    const file = path.join(dir, `pgpass-${Math.random().toString(36).slice(2)}`);
    writeFileSync(file, text);
    chmodSync(file, mode);
    return { ...NO_ENV, PGPASSFILE: file };
  };
  const HOSTILE = `F1le&pw'"%+ ü:x\\y`;
  const escaped = (text: string): string => text.replace(/[\\:]/g, (c) => `\\${c}`);

  it('gives the password when the URL and PGPASSWORD give none: a secret, and the one connect sends', () => {
    const env = passFile(`other:5432:db:u:wrong\nh:5432:db:u:${escaped(HOSTILE)}\n`);
    const target = parseDatabaseUrl('postgres://u@h/db', env);
    expect(target.secrets).toEqual(expect.arrayContaining([HOSTILE, encodeURIComponent(HOSTILE)]));
    expect(connectionSettings(target.connectionString, env).password).toBe(HOSTILE);
    // the connection string carries it, so that the driver never reads the file itself
    expect(connectionSettings(target.connectionString, NO_ENV).password).toBe(HOSTILE);
    expect(target.display).not.toContain(HOSTILE);
  });

  it('is matched against the final host, port, database and user, the environment included', () => {
    const env = passFile('localhost:6000:db:envuser:socket\n*:*:other:*:wrong-db\n');
    const withEnv = { ...env, PGPORT: '6000', PGUSER: 'envuser' };
    expect(connectionSettings(parseDatabaseUrl('postgres:///db?host=/run/pg', withEnv).connectionString, withEnv).password).toBe('socket');
    expect(parseDatabaseUrl('postgres://127.0.0.1/db', withEnv).secrets).toEqual([]);
    expect(parseDatabaseUrl('postgres://envuser@localhost:6000/db', env).secrets).toContain('socket');
  });

  it('is not read when a password is given: in the URL, in ?password=, in PGPASSWORD, even an empty PGPASSWORD', () => {
    const env = passFile('*:*:*:*:from-file\n');
    expect(parseDatabaseUrl('postgres://u:given@h/db', env).secrets).not.toContain('from-file');
    expect(parseDatabaseUrl('postgres://u@h/db?password=given', env).secrets).not.toContain('from-file');
    const fromEnv = parseDatabaseUrl('postgres://u@h/db', { ...env, PGPASSWORD: 'given' });
    expect(fromEnv.secrets).toEqual(['given']);
    expect(parseDatabaseUrl('postgres://u@h/db', { ...env, PGPASSWORD: '' }).secrets).toEqual([]);
  });

  it('is ignored when group or others may read it', () => {
    expect(parseDatabaseUrl('postgres://u@h/db', passFile('*:*:*:*:open\n', 0o644)).secrets).toEqual([]);
  });

  it('gives its secret even for a URL refused for another reason', () => {
    const reading = readDatabaseUrl('postgres://u@h/db?keepalives=1', passFile('*:*:*:*:still-secret'));
    expect(reading.target).toBeNull();
    expect(reading.secrets).toContain('still-secret');
  });
});
