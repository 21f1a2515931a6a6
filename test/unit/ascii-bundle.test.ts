import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * scripts/ascii-bundle.mjs rewrites the bundle's .js files as pure ASCII (a one-byte string for
 * V8: a faster start). Held here: the committed bundle is ASCII, a rewritten module gives the very
 * values it gave before, and what an escape would change stops the build.
 */
const SCRIPT = path.resolve('scripts/ascii-bundle.mjs');
const scratch = mkdtempSync(path.join(tmpdir(), 'ascii-bundle-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let made = 0;
function bundleOf(files: Record<string, string>, type: 'module' | 'commonjs'): string {
  const dir = path.join(scratch, String(made++));
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type }));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

function rewrite(dir: string): { status: number | null; stderr: string } {
  const run = spawnSync(process.execPath, [SCRIPT, dir], { encoding: 'utf8' });
  return { status: run.status, stderr: run.stderr };
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.js'))
    .map((name) => path.join(dir, name));
}

// Strings, a template's text, an identifier, regular expressions (one with the u flag and a
// character outside the BMP), a comment: everything a bundle's text holds.
const MODULE = [
  '// a comment: ✓ stays a comment',
  "const café = '✓ applied';",
  'const dash = "1–5";',
  'const emoji = "⚠️ 😀";',
  'const templated = `⟳ ${café} …`;',
  'const classes = /[–—]+/.exec("a–—b")[0];',
  'const astral = /^😀$/u.test("😀");',
  "export const values = [café, dash, emoji, templated, classes, astral, '\\u2713'];",
  '',
].join('\n');

describe('the bundle made ASCII', () => {
  it('is ASCII in every committed .js file of dist/', () => {
    const files = jsFiles('dist');
    expect(files.length).toBeGreaterThan(2);
    for (const file of files) expect(/[\u0080-\uffff]/.exec(readFileSync(file, 'utf8')), file).toBeNull();
  });

  it('rewrites a module into ASCII that gives the same values', async () => {
    const original = bundleOf({ 'values.js': MODULE }, 'module');
    const rewritten = bundleOf({ 'values.js': MODULE }, 'module');
    expect(rewrite(rewritten)).toEqual({ status: 0, stderr: '' });
    const text = readFileSync(path.join(rewritten, 'values.js'), 'utf8');
    expect(text).not.toMatch(/[\u0080-\uffff]/);
    expect(text).not.toBe(MODULE);
    const before = (await import(pathToFileURL(path.join(original, 'values.js')).href)) as { values: unknown[] };
    const after = (await import(pathToFileURL(path.join(rewritten, 'values.js')).href)) as { values: unknown[] };
    expect(after.values).toEqual(before.values);
    expect(before.values).toEqual(['✓ applied', '1–5', '⚠️ 😀', '⟳ ✓ applied …', '–—', true, '✓']);
  });

  it('reads a CommonJS file as a script, as Node does (with a hashbang, and sloppy-mode syntax)', () => {
    const dir = bundleOf({ 'index.js': "#!/usr/bin/env node\nvar o = { a: '✓' };\nwith (o) module.exports = a;\n" }, 'commonjs');
    expect(rewrite(dir)).toEqual({ status: 0, stderr: '' });
    const run = spawnSync(process.execPath, ['-p', `require(${JSON.stringify(path.join(dir, 'index.js'))})`], { encoding: 'utf8' });
    expect(run.stdout).toBe('✓\n');
  });

  it.each([
    ['a string that escapes the character itself', "export const s = '\\é';\n"],
    ['a template that escapes the character itself', 'export const s = `\\é`;\n'],
    ['a regular expression that escapes the character itself', 'export const r = /\\é/;\n'],
    ['a tagged template, whose tag may read the raw text', 'export const s = String.raw`✓`;\n'],
  ])('stops, changing nothing, at %s', (_, text) => {
    const dir = bundleOf({ 'a.js': text }, 'module');
    const { status, stderr } = rewrite(dir);
    expect(status).not.toBe(0);
    expect(stderr).toMatch(/^\S+a\.js: cannot be made ASCII safely: .+\n$/);
    expect(readFileSync(path.join(dir, 'a.js'), 'utf8')).toBe(text);
  });
});
