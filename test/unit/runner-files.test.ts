import { describe, expect, it } from 'vitest';
import { readRunnerFile, RunnerFileError } from '../helpers/runner-files.js';

// The tests' reading of $GITHUB_OUTPUT follows actions/runner's parser; these are its rules.
describe("the runner's file-command format, as the tests read it", () => {
  it('reads NAME=VALUE lines, split at the first =', () => {
    expect(readRunnerFile('a=1\nb=x=y\n\nc=\n')).toEqual({ a: '1', b: 'x=y', c: '' });
  });

  it('reads NAME<<DELIMITER blocks, without the line break before the delimiter', () => {
    expect(readRunnerFile('a<<EOF\none\ntwo\nEOF\nb<<X\nX\nc<<EOF\n\nEOF\n')).toEqual({ a: 'one\ntwo', b: '', c: '' });
  });

  it('ends a block only at a line that is exactly the delimiter', () => {
    expect(readRunnerFile('a<<EOF\nEOF \n EOF\nEOFx\nEOF')).toEqual({ a: 'EOF \n EOF\nEOFx' });
  });

  it('keeps a carriage return: a Linux runner splits lines at \\n only', () => {
    expect(readRunnerFile('a<<EOF\nx\r\nEOF\n')).toEqual({ a: 'x\r' });
  });

  it('rejects what the runner rejects, failing the step', () => {
    expect(() => readRunnerFile('a<<EOF\nno end\n')).toThrow(RunnerFileError);
    expect(() => readRunnerFile('just text\n')).toThrow(RunnerFileError);
    expect(() => readRunnerFile('=value\n')).toThrow(RunnerFileError);
    expect(() => readRunnerFile('a<<\nx\n')).toThrow(RunnerFileError);
  });
});
