import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { passFilePath, passwordFromPassFile, readPassFilePassword, type PassFileTarget } from '../../src/database/passfile.js';

// The rules are lib/pq v1.10's (conn.go handlePgpass, scanText, getFields), golang-migrate's driver.
const TARGET: PassFileTarget = { host: 'db.example', port: '5432', dbname: 'oforum', user: 'app' };
const lookup = (text: string | Uint8Array, target: Partial<PassFileTarget> = {}): string | null =>
  passwordFromPassFile(text, { ...TARGET, ...target });

describe('the pass file, matched as lib/pq matches it', () => {
  it('takes the fifth field of the first line whose four fields match', () => {
    expect(lookup('db.example:5432:oforum:app:first\ndb.example:5432:oforum:app:second\n')).toBe('first');
    expect(lookup('other:5432:oforum:app:no\ndb.example:5432:oforum:app:yes')).toBe('yes');
    expect(lookup('other:5432:oforum:app:no\n')).toBeNull();
    expect(lookup('')).toBeNull();
  });

  it('lets * match any value in each of the four fields, and nothing else be a pattern', () => {
    expect(lookup('*:*:*:*:any')).toBe('any');
    expect(lookup('db.example:*:oforum:*:some')).toBe('some');
    expect(lookup('db.*:5432:oforum:app:glob\n*:5433:*:*:port\nDB.example:5432:oforum:app:case')).toBeNull();
    // the port as written: lib/pq compares text
    expect(lookup('*:5432:*:*:pw', { port: '05432' })).toBeNull();
  });

  it('takes the first match even when a later line is more specific, and even an empty password', () => {
    expect(lookup('*:*:*:*:wild\ndb.example:5432:oforum:app:exact')).toBe('wild');
    expect(lookup('*:*:*:*:\n*:*:*:*:later')).toBe('');
  });

  it('skips comments, empty lines and lines of other than five fields', () => {
    expect(lookup('# *:*:*:*:comment\n\n\r\n*:*:*:too:many:fields\n*:*:*:few\n*:*:*:*:right')).toBe('right');
    // only a '#' in the first column makes a comment
    expect(lookup(' #:*:*:*:spaced')).toBeNull();
    expect(lookup(' #:5432:oforum:app:spaced', { host: ' #' })).toBe('spaced');
  });

  it('reads backslash escapes: \\: and \\\\ are literal, a backslash before any character keeps that character', () => {
    expect(lookup('*:*:*:*:a\\:b\\\\c')).toBe('a:b\\c');
    expect(lookup('*:*:*:*:\\x\\y')).toBe('xy');
    expect(lookup('db\\.example:54\\32:oforum:app:escaped')).toBe('escaped');
    expect(lookup('h\\:1:*:*:*:colon-in-host', { host: 'h:1' })).toBe('colon-in-host');
    // a trailing backslash is dropped
    expect(lookup('*:*:*:*:pw\\')).toBe('pw');
    // an escaped '*' is still a wildcard: lib/pq compares the unescaped field
    expect(lookup('\\*:*:*:*:star')).toBe('star');
  });

  it('keeps every other character of the password: spaces, quotes, &, #, non-ASCII', () => {
    expect(lookup(`*:*:*:*: a&b'c"d #e ü€ `)).toBe(` a&b'c"d #e ü€ `);
  });

  it('drops one carriage return at a line end, as Go reads lines', () => {
    expect(lookup('*:*:*:*:crlf\r\n')).toBe('crlf');
    expect(lookup('*:*:*:*:two\r\r\n')).toBe('two\r');
  });

  it('matches localhost to a Unix-domain socket and to an empty host, and not to 127.0.0.1', () => {
    const line = 'localhost:5432:oforum:app:local';
    expect(lookup(line, { host: 'localhost' })).toBe('local');
    expect(lookup(line, { host: '/var/run/postgresql' })).toBe('local');
    expect(lookup(line, { host: '' })).toBe('local');
    expect(lookup(line, { host: '127.0.0.1' })).toBeNull();
    // a socket is matched by its directory too
    expect(lookup('/tmp:5432:oforum:app:dir', { host: '/tmp' })).toBe('dir');
  });

  it('stops at a line of 64 KiB or more, as bufio.Scanner does', () => {
    const long = `#${'x'.repeat(64 * 1024 - 1)}`;
    expect(lookup(`${long.slice(1)}\n*:*:*:*:after`)).toBe('after');
    expect(lookup(`${long}\n*:*:*:*:after`)).toBeNull();
    expect(lookup(`*:*:*:*:before\n${long}`)).toBe('before');
  });

  it('decodes bytes as Go does: a byte-order mark is kept, a bad byte is U+FFFD', () => {
    expect(lookup(Buffer.from('\uFEFF*:*:*:*:bom'))).toBeNull();
    expect(lookup(Buffer.from('\uFEFF#:*:*:*:bom'), { host: '\uFEFF#' })).toBe('bom');
    expect(lookup(Buffer.concat([Buffer.from('*:*:*:*:a'), Buffer.from([0xe2, 0x82]), Buffer.from('b')]))).toBe('a\uFFFD\uFFFDb');
  });
});

describe('the pass file on disk', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'omt-passfile-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string, mode: number): string => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    chmodSync(file, mode);
    return file;
  };

  it('is PGPASSFILE when set, else .pgpass in HOME', () => {
    expect(passFilePath({ PGPASSFILE: '/x/pass', HOME: '/home/u' })).toBe('/x/pass');
    expect(passFilePath({ PGPASSFILE: '', HOME: '/home/u' })).toBe('/home/u/.pgpass');
    expect(passFilePath({ HOME: '/home/u/' })).toBe('/home/u/.pgpass');
  });

  it('reads a 0600 file, from PGPASSFILE or from HOME', () => {
    const file = write('named', '*:*:*:*:from-file\n', 0o600);
    expect(readPassFilePassword(TARGET, { PGPASSFILE: file })).toBe('from-file');
    const home = path.join(dir, 'home');
    mkdirSync(home);
    writeFileSync(path.join(home, '.pgpass'), '*:*:*:*:from-home\n', { mode: 0o400 });
    expect(readPassFilePassword(TARGET, { HOME: home })).toBe('from-home');
    expect(readPassFilePassword(TARGET, { HOME: home, PGPASSFILE: file })).toBe('from-file');
  });

  it.each([0o640, 0o604, 0o620, 0o602, 0o601, 0o700, 0o644, 0o666])('ignores a file of mode %o (lib/pq: mode & 0x77)', (mode) => {
    const file = write(`mode-${mode.toString(8)}`, '*:*:*:*:open\n', mode);
    expect(readPassFilePassword(TARGET, { PGPASSFILE: file })).toBeNull();
  });

  it('reads a file of mode 0610: lib/pq’s mask, written in hex, leaves group execute out', () => {
    const file = write('mode-610', '*:*:*:*:group-x\n', 0o610);
    expect(readPassFilePassword(TARGET, { PGPASSFILE: file })).toBe('group-x');
  });

  it('ignores a missing file and a directory', () => {
    expect(readPassFilePassword(TARGET, { PGPASSFILE: path.join(dir, 'missing') })).toBeNull();
    expect(readPassFilePassword(TARGET, { HOME: path.join(dir, 'no-home') })).toBeNull();
    const sub = path.join(dir, 'a-directory');
    mkdirSync(sub, { mode: 0o600 });
    chmodSync(sub, 0o600);
    expect(readPassFilePassword(TARGET, { PGPASSFILE: sub })).toBeNull();
  });
});
