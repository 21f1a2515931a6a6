import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, formatOutputs, workflowCommand } from '../../src/report/github-protocol.js';
import { escapeInline } from '../../src/report/escape.js';
import { readRunnerFile } from '../helpers/runner-files.js';
import { redact, registerSecrets } from '../../src/secrets.js';

describe('the runner protocols', () => {
  it('escapes workflow command data and properties as the runner expects', () => {
    expect(escapeData('50%\r\nnext')).toBe('50%25%0D%0Anext');
    expect(escapeProperty('a:b,c')).toBe('a%3Ab%2Cc');
    expect(workflowCommand('error', { file: 'm/1.sql', line: 3, col: undefined }, 'boom\nline')).toBe(
      '::error file=m/1.sql,line=3::boom%0Aline',
    );
  });

  it('writes outputs that the runner reads back unchanged, whatever the values hold', () => {
    // Values that would end or fake a block of the runner's format if written carelessly.
    const outputs = {
      a: '1',
      b: 'two\nlines',
      c: '',
      d: 'a trailing newline\n',
      e: '\nleading newline',
      f: 'CRLF\r\ninside',
      g: 'name<<EOF',
      h: 'EOF',
      i: 'x=y',
      j: 'ghadelimiter_00000000-0000-0000-0000-000000000000',
    };
    expect(readRunnerFile(formatOutputs(outputs))).toEqual(outputs);
    // Two steps' worth appended to one file, as the runner's file is appended to.
    expect(readRunnerFile(formatOutputs({ a: '1' }) + formatOutputs({ b: '2\n' }))).toEqual({ a: '1', b: '2\n' });
  });
});

describe('summary escaping', () => {
  it('turns markup into text and newlines into <br>', () => {
    expect(escapeInline('<b>x</b> & "y"\n\nz')).toBe('&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;<br><br>z');
  });
});

describe('redaction', () => {
  it('hides every registered secret, the longest first', () => {
    registerSecrets(['abc', 'abcdef']);
    expect(redact('x abcdef y abc z')).toBe('x *** y *** z');
  });
});
