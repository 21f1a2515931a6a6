import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run.js';

// A directory inside the checkout, so that the files written there resolve `vitest`.
const base = mkdtempSync(path.join(ROOT, 'node_modules/.cache/omt-reporter-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function vitest(files: Record<string, string>): Promise<{ code: number | null; lines: string[] }> {
  // each run in a directory of its own: it runs exactly the files given
  const dir = mkdtempSync(path.join(base, 'run-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  writeFileSync(
    path.join(dir, 'vitest.config.mjs'),
    `export default { test: { include: ['*.test.mjs'], exclude: [], reporters: [${JSON.stringify(path.join(ROOT, 'test/helpers/closing-line-reporter.ts'))}] } };\n`,
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--root', dir, '--config', path.join(dir, 'vitest.config.mjs')],
      { cwd: dir, env: { PATH: process.env.PATH, HOME: process.env.HOME } },
      (error, stdout) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, lines: stdout.trimEnd().split('\n') }),
    );
  });
}

describe('the closing line', () => {
  it('counts a test file that fails to load as failed, as vitest does', async () => {
    const run = await vitest({
      'broken.test.mjs': "import { it } from 'vitest';\nimport './missing.mjs';\nit('never runs', () => {});\n",
      'fine.test.mjs': "import { it } from 'vitest';\nit('passes', () => {});\nit.skip('skips', () => {});\n",
    });
    expect(run.code).toBe(1);
    expect(run.lines.at(-1)).toBe('1 passed, 1 failed, 1 skipped');
  });

  it('names the error of a failed hook', async () => {
    const run = await vitest({
      'hook.test.mjs':
        "import { beforeAll, describe, it } from 'vitest';\ndescribe('a block', () => {\n  beforeAll(() => { throw new Error('the server is too old'); });\n  it('never runs', () => {});\n});\n",
    });
    expect(run.code).toBe(1);
    expect(run.lines.slice(-2)).toEqual(['failed: hook.test.mjs: the server is too old', '0 passed, 1 failed, 1 skipped']);
  });

  it('names each failure with the first and last lines of its error, just above the counts', async () => {
    const run = await vitest({
      'broken.test.mjs': "import { it } from 'vitest';\nimport './missing.mjs';\nit('never runs', () => {});\n",
      'fine.test.mjs':
        "import { describe, expect, it } from 'vitest';\ndescribe('a block', () => {\n  it('fails', () => expect(1).toBe(2));\n  it('fails in context', () => expect(1, 'round 4:\\nwhat the run printed\\nits last line').toBe(2));\n});\nit('passes', () => {});\n",
    });
    expect(run.code).toBe(1);
    expect(run.lines.slice(-4)).toEqual([
      expect.stringMatching(/^failed: broken\.test\.mjs: .*missing\.mjs/),
      'failed: fine.test.mjs > a block > fails: expected 1 to be 2 // Object.is equality',
      'failed: fine.test.mjs > a block > fails in context: round 4: … its last line: expected 1 to be 2 // Object.is equality',
      '1 passed, 3 failed, 0 skipped',
    ]);
  });
});
