import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, formatOutputs, workflowCommand } from '../../src/report/github-protocol.js';
import { escapeInline } from '../../src/report/escape.js';
import { redact, registerSecrets } from '../../src/secrets.js';

describe('the runner protocols', () => {
  it('escapes workflow command data and properties as the runner expects', () => {
    expect(escapeData('50%\r\nnext')).toBe('50%25%0D%0Anext');
    expect(escapeProperty('a:b,c')).toBe('a%3Ab%2Cc');
    expect(workflowCommand('error', { file: 'm/1.sql', line: 3, col: undefined }, 'boom\nline')).toBe(
      '::error file=m/1.sql,line=3::boom%0Aline',
    );
  });

  it('writes outputs in the runner’s name<<delimiter format, a fresh random delimiter per value', () => {
    const text = formatOutputs({ a: '1', b: 'two\nlines', c: '' });
    const match =
      /^a<<(ghadelimiter_[0-9a-f-]{36})\n1\n\1\nb<<(ghadelimiter_[0-9a-f-]{36})\ntwo\nlines\n\2\nc<<(ghadelimiter_[0-9a-f-]{36})\n\n\3\n$/.exec(
        text,
      );
    expect(match).not.toBeNull();
    expect(new Set(match!.slice(1)).size).toBe(3);
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
