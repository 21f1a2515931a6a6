import { describe, expect, it } from 'vitest';
import { describeFsError } from '../../src/source/fs-error.js';

describe('file system errors in a few words', () => {
  it.each([
    ['ELOOP', 'a loop of symbolic links'],
    ['ENOENT', 'no such file or directory'],
    ['EACCES', 'permission denied'],
    ['EISDIR', 'a directory, not a file'],
  ])('%s', (code, words) => {
    expect(describeFsError(Object.assign(new Error(`${code}: x`), { code }))).toBe(words);
  });
});
