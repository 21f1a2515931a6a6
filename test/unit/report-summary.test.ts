import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { parseFragment } from 'parse5';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/engine/index.js';
import type { ReportContext } from '../../src/report/context.js';
import { renderSummary } from '../../src/report/summary.js';
import { DIRECTORY, EMBEDDED, failed, result } from '../helpers/report-results.js';

/**
 * GitHub renders the job summary with cmark-gfm, raw HTML allowed. micromark with its GFM
 * extension is a faithful CommonMark/GFM implementation in JavaScript; parse5 then reads the HTML
 * as a browser would.
 */
function render(markdown: string): string {
  return micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
}

interface Node {
  nodeName: string;
  tagName?: string;
  attrs?: { name: string; value: string }[];
  value?: string;
  childNodes?: Node[];
}

/** Every element of the HTML, in document order, with its attributes; text and line breaks aside. */
function elements(html: string): string[] {
  const found: string[] = [];
  const walk = (node: Node): void => {
    if (node.tagName && node.tagName !== 'br') {
      const attrs = (node.attrs ?? []).map((attr) => ` ${attr.name}="${attr.value}"`).join('');
      found.push(`<${node.tagName}${attrs}>`);
    }
    for (const child of node.childNodes ?? []) walk(child);
  };
  walk(parseFragment(html) as unknown as Node);
  return found;
}

function text(html: string): string {
  let out = '';
  const walk = (node: Node): void => {
    if (node.nodeName === '#text') out += node.value ?? '';
    for (const child of node.childNodes ?? []) walk(child);
  };
  walk(parseFragment(html) as unknown as Node);
  return out;
}

const MARKUP = [
  'evil\n\n![x](https://e.invalid/x.png)',
  '<img src=x onerror=alert(1)>',
  '[click](javascript:alert(1))',
  '[ref]: https://e.invalid\n\n[ref]',
  '`code` ``x`` | pipe | --- |',
  '</details></table></pre></code>\n\n# heading',
  '<script>alert(1)</script><style>*{}</style>',
  '<!-- comment\n\n*emph* **strong** ~~gone~~',
  '<![CDATA[ x ]]> <?php ?> <!DOCTYPE x>',
  'https://autolink.invalid www.autolink.invalid user@mail.invalid',
  '&amp; &#60;b&#62; &#10;&#10; \\<b>',
  '\r\r- list\r\r> quote\r\r    indented code',
  '    \n\t\n* * *\n| a | b |\n|---|---|\n| c | d |',
];

/** A result that shows every part of the summary, with `data` in every place outside text goes. */
function everything(data: string): { failure: RunResult; success: RunResult } {
  const history = [
    {
      version: 1n,
      name: data,
      checksum: 'sha256:1',
      appliedAt: new Date('2026-01-02T03:04:05Z'),
      durationMs: 12,
      appliedBy: data,
      runUrl: data,
      commit: data,
    },
    {
      version: 2n,
      name: data,
      checksum: 'sha256:2',
      appliedAt: new Date('2026-01-02T03:04:05Z'),
      durationMs: 12,
      appliedBy: data,
      runUrl: `https://github.com/${data}/actions/runs/1`,
      commit: null,
    },
  ];
  const common: Partial<RunResult> = {
    database: `${data}/db`,
    applied: [{ version: 3n, name: data, file: data, durationMs: 4, mode: 'transaction', retries: 1 }],
    pending: [{ version: 4n, name: data, file: `db/${data}.up.sql` }],
    edited: [{ version: 1n, name: data, file: data, applied: `sha256:${data}`, current: `sha256:${data}` }],
    untracked: [2n],
    history,
    warnings: [data, `history: ${data}`],
    drift: [`index public."${data}": only in the database`, data],
    proof: { tried: [], notTried: [{ version: 4n, name: data, file: data, because: data }], steps: data, scratch: data },
  };
  return {
    failure: failed(
      'sql',
      data,
      {
        version: 4n,
        detail: data,
        hint: data,
        where: data,
        sqlState: '42601',
        location: {
          file: `db/${data}.up.sql`,
          line: 2,
          column: 3,
          excerpt: [
            { number: 1, text: data },
            { number: 2, text: data },
          ],
        },
      },
      { ...common, dirty: true, version: 4n },
    ),
    success: result({ ...common, command: 'check', status: 'pending' }),
  };
}

describe('the job summary stays inert', () => {
  const contexts: [string, ReportContext][] = [
    ['a directory', { ...DIRECTORY, origin: 'db/<b>migrations</b>\n\n![x](y)' }],
    ['the embedded set', EMBEDDED],
  ];
  for (const [where, context] of contexts) {
    it.each(MARKUP)(`no tag, link or image comes from data (${where}): %j`, (data) => {
      for (const kind of ['failure', 'success'] as const) {
        const hostile = renderSummary(everything(data)[kind], context);
        const plain = renderSummary(everything('plain')[kind], context);
        // The same elements, with the same attributes, as a summary whose data is plain text.
        expect(elements(hostile)).toEqual(elements(plain));
        const html = render(hostile);
        expect(elements(html)).toEqual(elements(render(plain)));
        expect(
          elements(html).filter((tag) => /^<(img|a|script|style|iframe|input|h[1-24-6]|ul|ol|li|blockquote|em|hr)\b/.test(tag)),
        ).toEqual([]);
        // The text is all there, as text: each line of the data, its invisible characters aside.
        for (const line of data.split(/\r\n|\r|\n/).filter((part) => part.trim() !== '')) {
          expect(text(html)).toContain(line.replace(/\t/g, ''));
        }
      }
    });
  }

  it('keeps the Markdown source free of blank lines, so no HTML block ends early', () => {
    const summary = renderSummary(everything(MARKUP.join('\n\n')).failure, DIRECTORY);
    expect(summary.trimEnd()).not.toMatch(/\n[ \t]*(\n|$)/);
    expect(
      summary
        .split('\n')
        .filter(Boolean)
        .every((line) => /^<(h3|p|pre|table|details)>/.test(line)),
    ).toBe(true);
  });

  it('links a history row only to a run of this repository on this server', () => {
    const env = { GITHUB_REPOSITORY: 'oforum/forum', GITHUB_SERVER_URL: 'https://github.com' };
    const rows = [
      'https://github.com/oforum/forum/actions/runs/42/attempts/2',
      'https://evil.invalid/oforum/forum/actions/runs/1',
      'javascript:alert(1)',
    ];
    const run = result({
      command: 'check',
      status: 'up-to-date',
      history: rows.map((runUrl, i) => ({
        version: BigInt(i + 1),
        name: 'n',
        checksum: 'sha256:x',
        appliedAt: new Date(0),
        durationMs: 1,
        appliedBy: 'deployer',
        runUrl,
        commit: null,
      })),
    });
    const links = elements(render(renderSummary(run, { ...DIRECTORY, env }))).filter((tag) => tag.startsWith('<a'));
    expect(links).toEqual(['<a href="https://github.com/oforum/forum/actions/runs/42/attempts/2">']);
  });
});
