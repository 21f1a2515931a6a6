import { describe, expect, it } from 'vitest';
import { blankResult, type RunResult } from '../../../src/engine/index.js';
import type { Finding, LintReport } from '../../../src/lint/types.js';
import type { ReportContext } from '../../../src/report/context.js';
import { lintAnnotations } from '../../../src/report/annotation.js';
import { lintConsoleLines, lintJson, lintOutput, lintSummary } from '../../../src/report/lint-section.js';

// a directory of the user's repository, and the migrations embedded in the bundle
const REPOSITORY: ReportContext = { origin: 'migrations', embedded: false, env: {} };
const EMBEDDED: ReportContext = { origin: 'embedded', embedded: true, env: {} };

const finding = (overrides: Partial<Finding> = {}): Finding => ({
  version: 4n,
  direction: 'up',
  file: 'migrations/000004_add_post_slugs.up.sql',
  line: 9,
  column: 1,
  rule: 'create-index-blocks-writes',
  message: 'CREATE INDEX posts_slug_key on public.posts (~2.1 M rows, 1.4 GB) blocks writes while it builds',
  ...overrides,
});

function resultWith(report: Partial<LintReport>): RunResult {
  return {
    ...blankResult('check', 'db', 'sha256:x'),
    lint: { level: 'warn', basis: 'database', files: 1, findings: [], suppressed: [], review: [], unparsed: [], ...report },
  };
}

describe('the lint output', () => {
  it('is a JSON array of {version, file, line, rule, message}', () => {
    expect(JSON.parse(lintOutput(resultWith({ findings: [finding()] })))).toEqual([
      {
        version: 4,
        file: 'migrations/000004_add_post_slugs.up.sql',
        line: 9,
        rule: 'create-index-blocks-writes',
        message: finding().message,
      },
    ]);
    expect(lintOutput(blankResult('up', 'db', ''))).toBe('[]');
  });

  it('writes a version as its exact digits, beyond what a double can hold', () => {
    const huge = finding({ version: 20240101120000123456n });
    expect(lintOutput(resultWith({ findings: [huge] }))).toContain('{"version":20240101120000123456,');
  });

  it('is mirrored in --json', () => {
    expect(lintJson(resultWith({ findings: [finding()] }), REPOSITORY)).toEqual([
      { version: 4n, file: finding().file, line: 9, rule: 'create-index-blocks-writes', message: finding().message },
    ]);
  });
});

describe('lint annotations', () => {
  it('are warnings at the file, line and column, titled with the rule', () => {
    expect(lintAnnotations(resultWith({ findings: [finding({ column: 5 })] }), REPOSITORY)).toEqual([
      {
        level: 'warning',
        properties: { title: 'lint: create-index-blocks-writes', file: 'migrations/000004_add_post_slugs.up.sql', line: 9, col: 5 },
        message: finding().message,
      },
    ]);
  });

  it('point at no file for the embedded migrations, which the repository does not have', () => {
    const [annotation] = lintAnnotations(resultWith({ findings: [finding()] }), EMBEDDED);
    expect(annotation!.properties).toEqual({ title: 'lint: create-index-blocks-writes (embedded 000004_add_post_slugs.up.sql:9)' });
  });

  it('are errors when lint is error, and none when it is off', () => {
    expect(lintAnnotations(resultWith({ level: 'error', findings: [finding()] }), REPOSITORY)[0]!.level).toBe('error');
    expect(lintAnnotations(resultWith({ level: 'off', findings: [finding()] }), REPOSITORY)).toEqual([]);
  });
});

describe('the lint summary', () => {
  it('shows each pending migration collapsed, its findings beside its exact SQL, escaped, on one physical line', () => {
    const sql = '-- </pre><script>alert(1)</script> & [x](http://evil)\n\n\nCREATE INDEX i ON posts (a);\n';
    const html = lintSummary(
      resultWith({
        findings: [finding({ line: 4, message: 'on <b>posts</b>' })],
        review: [{ version: 4n, name: 'add_post_slugs', file: finding().file, sql }],
      }),
      REPOSITORY,
    ).join('\n');
    expect(html).toContain('<details><summary>⚠️ 4 add_post_slugs: the SQL that runs');
    expect(html).toContain('<li>line 4: <code>create-index-blocks-writes</code> on &lt;b&gt;posts&lt;/b&gt;</li>');
    expect(html).toContain(
      '<pre>-- &lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; [x](http://evil)&#10;&#10;&#10;CREATE INDEX i ON posts (a);&#10;</pre>',
    );
    expect(html).not.toContain('<script>');
    // a blank line would end the HTML block and hand the rest to the Markdown renderer
    expect(html).not.toMatch(/\n\s*\n/);
  });

  it('lists ignored findings with their reasons', () => {
    const html = lintSummary(resultWith({ suppressed: [{ ...finding(), reason: 'tiny <table>' }] }), REPOSITORY).join('\n');
    expect(html).toContain('Lint: 1 ignored by oforum-migrate:ignore comments, with their reasons');
    expect(html).toContain('<td>tiny &lt;table&gt;</td>');
  });

  it('cuts a very long migration, saying how much is left out', () => {
    const sql = 'SELECT 1;\n'.repeat(10_000);
    const html = lintSummary(resultWith({ review: [{ version: 4n, name: 'big', file: 'big.up.sql', sql }] }), REPOSITORY).join('\n');
    // 60 000 bytes of its escaped form (each line break is &#10;), and the count of the rest
    const [, shown, more] = /<pre>(.*?)<\/pre><p>… (\d+) more characters: see <code>big\.up\.sql<\/code><\/p>/.exec(html)!;
    expect(Buffer.byteLength(shown!)).toBeLessThanOrEqual(60_000);
    expect(Buffer.byteLength(shown!)).toBeGreaterThan(59_980);
    expect(shown!.replace(/&#10;/g, '\n').length + Number(more)).toBe(sql.length);
  });
});

describe('lint console lines', () => {
  it('keep one finding on one line, whatever an identifier holds', () => {
    const lines = lintConsoleLines(resultWith({ findings: [finding({ message: 'on "a\n::error::b"' })] }), REPOSITORY);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
  });
});

describe('statements the lint could not judge', () => {
  const unparsed: LintReport['unparsed'] = [
    {
      file: 'migrations/000004_deep.up.sql',
      line: 3,
      message: 'the lint could not judge this statement (Maximum call stack size exceeded)',
      why: 'too-deep',
    },
    { file: 'migrations/000004_deep.up.sql', line: 9, message: 'syntax error at or near "CREAT"', why: 'syntax' },
  ];

  it('are said in the log and the summary, so that silence means judged; a syntax error is left to the server', () => {
    const run = resultWith({ unparsed });
    const context: ReportContext = { origin: 'migrations', embedded: false, env: {} };
    expect(lintConsoleLines(run, context)).toEqual([
      '! migrations/000004_deep.up.sql:3 the lint could not judge this statement (Maximum call stack size exceeded)',
    ]);
    const html = lintSummary(run, context).join('\n');
    expect(html).toContain('Lint: 1 statement not judged (they run all the same):');
    expect(html).not.toContain('CREAT');
  });
});
