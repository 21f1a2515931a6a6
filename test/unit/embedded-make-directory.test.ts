import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDirectories } from '../../src/embedded/make-directory.js';

const root = mkdtempSync(path.join(tmpdir(), 'omt-make-directory-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('makeDirectories (mkdir -p for --embedded=DIR)', () => {
  it('makes a directory and its missing parents', () => {
    const directory = path.join(root, 'a/b/c');
    makeDirectories(directory);
    expect(statSync(directory).isDirectory()).toBe(true);
  });

  it('gives the mode to every directory it makes', () => {
    const directory = path.join(root, 'private/data');
    makeDirectories(directory, 0o700);
    expect(statSync(path.join(root, 'private')).mode & 0o777).toBe(0o700 & ~process.umask());
    expect(statSync(directory).mode & 0o777).toBe(0o700 & ~process.umask());
  });

  it('accepts a directory that is already there', () => {
    const directory = path.join(root, 'there');
    mkdirSync(directory);
    expect(() => makeDirectories(directory)).not.toThrow();
    expect(() => makeDirectories(root)).not.toThrow();
  });

  it('fails with ENOTDIR when a file is on the way', () => {
    const file = path.join(root, 'a-file');
    writeFileSync(file, '');
    expect(() => makeDirectories(path.join(file, 'x/y'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });

  it('fails with EEXIST, naming it, when the directory itself is a file', () => {
    const file = path.join(root, 'another-file');
    writeFileSync(file, '');
    expect(() => makeDirectories(file)).toThrow(expect.objectContaining({ code: 'EEXIST', path: file }));
  });

  // Node's recursive mkdir never returns here (mkdir /proc/nope fails with ENOENT although /proc
  // exists), and blocks SIGINT and SIGTERM while it spins.
  it.skipIf(!existsSync('/proc/self'))('fails at once with ENOENT, naming the directory, under /proc', () => {
    expect(() => makeDirectories('/proc/nope/x')).toThrow(expect.objectContaining({ code: 'ENOENT', path: '/proc/nope' }));
  });

  it.skipIf(process.getuid?.() === 0 || process.platform === 'win32')('fails with EACCES under a directory it may not write', () => {
    const closed = path.join(root, 'closed');
    mkdirSync(closed, { mode: 0o500 });
    try {
      expect(() => makeDirectories(path.join(closed, 'x'))).toThrow(expect.objectContaining({ code: 'EACCES' }));
    } finally {
      rmSync(closed, { recursive: true, force: true });
    }
  });
});
