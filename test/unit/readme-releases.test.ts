import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEmbedded } from '../../src/source/index.js';
import { VERSION } from '../../src/version.generated.js';
import { ROOT } from '../helpers/run.js';

/**
 * The README's table of releases tells a workflow author which oForum migrations a pinned
 * release applies. The row of this version must name what this build embeds.
 */
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Releases and pinning'));

describe('the README table of releases', () => {
  const row = section.split('\n').find((line) => line.startsWith(`| \`v${VERSION}\` |`)) ?? '';
  const set = loadEmbedded();

  it('has a row for this version', () => {
    expect(row, `a row | \`v${VERSION}\` | in ## Releases and pinning`).not.toBe('');
  });

  it('names the range and every migration this build embeds', () => {
    const versions = set.migrations.map((migration) => migration.version);
    expect(row).toContain(`${versions[0]}–${versions.at(-1)}`);
    for (const migration of set.migrations) expect(row).toContain(`\`${migration.name}\``);
  });

  it('gives the digest as --version shortens it', () => {
    expect(row).toContain(`\`${set.digest.slice(0, 'sha256:'.length + 12)}…\``);
  });
});
