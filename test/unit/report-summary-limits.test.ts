import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import { lintSummary } from '../../src/report/lint-section.js';
import { escapePre } from '../../src/report/escape.js';
import { escapedWithin, partsWithin, rowsWithin, SUMMARY_BYTES, utf8Bytes } from '../../src/report/summary-budget.js';
import { renderSummary } from '../../src/report/summary.js';
import { DIRECTORY, failed, result } from '../helpers/report-results.js';

// GitHub drops a step's whole summary above 1 MiB and marks the step with an error.
const GITHUB_LIMIT = 1024 * 1024;

function render(markdown: string): string {
  return micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
}

describe('the summary stays within GitHub’s 1 MiB', () => {
  it('lists thousands of applied migrations up to a budget, then says how many are left out', () => {
    const applied = Array.from({ length: 20_000 }, (_, i) => ({
      version: BigInt(i + 1),
      name: `create_table_${i + 1}_${'x'.repeat(40)}`,
      file: `db/${i + 1}.up.sql`,
      durationMs: 1.5,
      mode: 'transaction' as const,
      retries: 0,
    }));
    const summary = renderSummary(result({ applied, status: 'applied' }), DIRECTORY);
    expect(utf8Bytes(summary)).toBeLessThanOrEqual(SUMMARY_BYTES);
    const shown = (summary.match(/<tr><td>\d+<\/td>/g) ?? []).length;
    expect(shown).toBeGreaterThan(100);
    expect(shown).toBeLessThan(20_000);
    expect(summary).toContain(`<td colspan="4">… and ${20_000 - shown} more, left out`);
    expect(render(summary)).toContain(`… and ${20_000 - shown} more`);
  });

  it('cuts a server message of any size, counting the bytes of its escaped form', () => {
    // 300 000 '<' are 1.2 MB escaped (&lt;), 300 000 '&' 1.5 MB
    const run = failed('sql', 'boom', { detail: '<'.repeat(300_000), hint: '&'.repeat(300_000), where: '中'.repeat(300_000) });
    const summary = renderSummary(run, DIRECTORY);
    expect(utf8Bytes(summary)).toBeLessThan(GITHUB_LIMIT);
    expect(summary).toMatch(/… \d+ more characters, left out to keep the summary within GitHub's limit of 1 MiB<\/pre>/);
    expect(summary.startsWith('<h3>')).toBe(true);
  });

  it('cuts the SQL shown to reviewers by the bytes of its escaped form', () => {
    const review = Array.from({ length: 8 }, (_, i) => ({
      version: BigInt(i + 1),
      name: `m${i}`,
      file: `${i + 1}_m${i}.up.sql`,
      sql: `SELECT 1; -- ${(i === 0 ? '"' : '中').repeat(59_000)}`,
    }));
    const run = result({
      command: 'check',
      status: 'pending',
      lint: { level: 'warn', basis: 'migrations', files: 8, findings: [], suppressed: [], unparsed: [], review },
    });
    const summary = renderSummary(run, DIRECTORY);
    expect(utf8Bytes(summary)).toBeLessThan(500_000);
    const pres = [...summary.matchAll(/<pre>(.*?)<\/pre>/g)].map((match) => utf8Bytes(match[1]!));
    expect(pres.length).toBe(8);
    for (const bytes of pres) expect(bytes).toBeLessThanOrEqual(60_000);
    expect(summary).toMatch(/… \d+ more characters: see <code>1_m0\.up\.sql<\/code>/);
  });

  it('leaves out whole sections from the end when the parts together are too large', () => {
    const parts = ['<h3>head</h3>', ...Array.from({ length: 10 }, (_, i) => `<p>${String(i).repeat(200_000)}</p>`)];
    const kept = partsWithin(parts);
    expect(utf8Bytes(kept.join('\n'))).toBeLessThanOrEqual(SUMMARY_BYTES);
    expect(kept[0]).toBe('<h3>head</h3>');
    expect(kept.at(-1)).toMatch(/^<p>… 6 more sections left out/);
  });

  it('keeps rows whole and says how many are left out', () => {
    const rows = Array.from({ length: 10 }, (_, i) => `<tr><td>${i}</td></tr>`);
    expect(rowsWithin(rows, 1000, 1)).toEqual(rows);
    const kept = rowsWithin(rows, utf8Bytes(rows[0]!) * 3, 2);
    expect(kept.slice(0, 3)).toEqual(rows.slice(0, 3));
    expect(kept[3]).toBe(`<tr><td colspan="2">… and 7 more, left out to keep the summary within GitHub's limit of 1 MiB</td></tr>`);
  });

  it('never cuts an escape or a surrogate pair in two', () => {
    const { html, omitted } = escapedWithin('a&b😀c<d', 11, escapePre);
    // 'a&amp;b' is 7 bytes, the emoji 4 more: 11
    expect(html).toBe('a&amp;b😀');
    expect(omitted).toBe(3);
    const cut = escapedWithin('ab😀', 3, escapePre);
    expect(cut.html).toBe('ab');
    expect(cut.omitted).toBe(1);
  });
});

describe('the summary’s text', () => {
  it('shows the bidirectional controls of the SQL shown to reviewers', () => {
    const sql = '-- \u202e }; evil(); /* \u2066 trojan\u2069\nCREATE INDEX i ON t (x);\n';
    const run = result({
      command: 'check',
      status: 'pending',
      lint: {
        level: 'warn',
        basis: 'migrations',
        files: 1,
        findings: [],
        suppressed: [],
        unparsed: [],
        review: [{ version: 2n, name: 'i', file: '2_i.up.sql', sql }],
      },
    });
    const html = lintSummary(run, DIRECTORY).join('\n');
    expect(html).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(html).toContain('-- &lt;U+202E&gt; }; evil(); /* &lt;U+2066&gt; trojan&lt;U+2069&gt;&#10;CREATE INDEX i ON t (x);');
  });

  it('keeps one difference of the drift on one line, whatever its name holds', () => {
    const run = result({
      command: 'check',
      status: 'up-to-date',
      drift: ['function public."f\n::error::fn"(): only in the database', 'table public.t: only in the database'],
    });
    const pre = /<pre>(.*?)<\/pre>/.exec(renderSummary(run, DIRECTORY))![1]!;
    expect(pre.split('&#10;')).toEqual([
      'function public.&quot;f␊::error::fn&quot;(): only in the database',
      'table public.t: only in the database',
    ]);
  });

  it('ends with a blank line, so that Markdown appended by a later command of the step is read as Markdown', () => {
    const summary = renderSummary(result({ command: 'check', status: 'up-to-date' }), DIRECTORY);
    expect(summary.endsWith('\n\n')).toBe(true);
    expect(render(`${summary}### Deployed **ok**\n`)).toContain('<h3>Deployed <strong>ok</strong></h3>');
  });
});

describe('the version after a lost session', () => {
  it('is the one read again, or said unknown with the last one seen', () => {
    const error = { version: 24n, outcomeUnknown: true };
    const read = renderSummary(failed('sql', 'connection lost', error, { version: 86n, versionReread: true }), DIRECTORY);
    expect(read).toContain('version <code>none</code> → <code>86</code> (read again after the connection was lost)');
    const unread = renderSummary(failed('sql', 'connection lost', error, { version: 23n, versionReread: 'failed' }), DIRECTORY);
    expect(unread).toContain(
      'version <code>none</code> → <code>unknown</code> (the connection was lost; the last seen was <code>23</code>)',
    );
  });
});
