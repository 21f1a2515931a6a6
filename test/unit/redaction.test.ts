import { describe, expect, it } from 'vitest';
import { lintOutput } from '../../src/report/lint-section.js';
import { actionOutputs } from '../../src/report/outputs.js';
import { formatOutputs } from '../../src/report/github-protocol.js';
import { renderSummary } from '../../src/report/summary.js';
import { redact, registerSecrets } from '../../src/secrets.js';
import { DIRECTORY, failed, result } from '../helpers/report-results.js';

// One process, one set of secrets: each is registered once, for every test of this file.
const AMPERSAND = "Tr0ub4dor&3'x";
const CONTROL = 'esc\u001bSecret99';
const LINES = 'firstpartXY\nsecondpartZW';
const WORD = 'applied';
registerSecrets([AMPERSAND, CONTROL, LINES, WORD]);

function finding(message: string) {
  return {
    version: 2n,
    file: '2_i.up.sql',
    line: 1,
    column: 1,
    rule: 'create-index-blocks-writes' as const,
    message,
    direction: 'up' as const,
  };
}

describe('redaction comes before escaping', () => {
  it('hides a password holding characters that escaping changes, in the job summary', () => {
    const run = failed('sql', `invalid input syntax for type integer: "${AMPERSAND}"`, {
      detail: `control: "${CONTROL}"`,
      hint: `first line: "${LINES.split('\n')[0]}"`,
    });
    const summary = renderSummary(run, DIRECTORY);
    expect(summary).not.toContain('Tr0ub4dor');
    expect(summary).not.toContain('Secret99');
    expect(summary).not.toContain('firstpartXY');
    expect(summary).toContain('integer: &quot;***&quot;');
  });

  it('hides each line of a multi-line password, since a message may keep only its first', () => {
    expect(redact('for password "firstpartXY')).toBe('for password "***');
    expect(redact(`a ${LINES} b`)).toBe('a *** b');
  });

  it('hides a password in the outputs built from outside text, before it is quoted as JSON', () => {
    const run = result({
      command: 'check',
      status: 'pending',
      warnings: [`table "${AMPERSAND}" is odd`],
      drift: [`table public."${CONTROL}": only in the database`],
      lint: {
        level: 'warn',
        basis: 'migrations',
        files: 1,
        findings: [finding(`on public."${AMPERSAND}"`)],
        suppressed: [],
        unparsed: [],
        review: [],
      },
    });
    const file = formatOutputs(actionOutputs(run));
    expect(file).not.toContain('Tr0ub4dor');
    expect(file).not.toContain('Secret99');
    expect(JSON.parse(actionOutputs(run).warnings)).toEqual(['table "***" is odd']);
  });

  it('leaves the outputs’ names and the tool’s own words alone when the password is a common word', () => {
    const run = result({
      command: 'up',
      status: 'applied',
      applied: [{ version: 1n, name: 'x', file: '1_x.up.sql', durationMs: 1, mode: 'transaction', retries: 0 }],
    });
    const outputs = actionOutputs(run);
    expect(outputs.status).toBe('applied');
    expect(outputs['applied-count']).toBe('1');
    expect(formatOutputs(outputs)).toMatch(/^applied<<ghadelimiter_/m);
    expect(renderSummary(run, DIRECTORY)).toContain('<th>Applied</th>');
  });
});

describe('the lint output', () => {
  it('is written like the other outputs: no ##[ reaches a runner that prints it', () => {
    const text = lintOutput(
      result({
        lint: {
          level: 'warn',
          basis: 'migrations',
          files: 1,
          findings: [finding('t<img>\n::error::x ##[warning]w')],
          suppressed: [],
          unparsed: [],
          review: [],
        },
      }),
    );
    expect(text).not.toContain('##[');
    expect(JSON.parse(text)).toEqual([
      { version: 2, file: '2_i.up.sql', line: 1, rule: 'create-index-blocks-writes', message: 't<img>\n::error::x ##[warning]w' },
    ]);
  });
});
