import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * `npm install -g github:oforum/migrate-action#v1.0.0` installs from git. npm (pacote) then
 * "prepares" a package whose scripts include any of these by running `npm install` in its clone,
 * which under -g left an empty package (no dist/, no bin). dist/ is committed: nothing needs
 * preparing, so none of these scripts may exist.
 */
const PREPARED_BY_NPM = ['build', 'install', 'preinstall', 'postinstall', 'prepack', 'prepare'];

describe('package.json', () => {
  it('has no script that makes npm prepare a git install', () => {
    const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(Object.keys(scripts).filter((name) => PREPARED_BY_NPM.includes(name))).toEqual([]);
    expect(scripts.bundle).toContain('ncc build');
  });
});
