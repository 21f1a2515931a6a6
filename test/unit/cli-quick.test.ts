import { describe, expect, it } from 'vitest';
import { quickRequest } from '../../src/cli/quick.js';
import { versionText } from '../../src/cli/version.js';
import { loadEmbedded } from '../../src/source/embedded.js';
import { EMBEDDED_SUMMARY } from '../../src/source/embedded-summary.generated.js';
import { VERSION } from '../../src/version.generated.js';

describe('what the entry answers without loading the run bundle', () => {
  it.each([
    [['--help'], 'help'],
    [['-h'], 'help'],
    [['--version'], 'version'],
    [['-v'], 'version'],
  ])('answers %j itself', (argv, request) => {
    expect(quickRequest(argv)).toBe(request);
  });

  it.each([[[]], [['up']], [['up', '--help']], [['--version', '--json']], [['--help=true']], [['-hv']], [['--versions']]])(
    'leaves %j to the full parser',
    (argv) => {
      expect(quickRequest(argv)).toBeNull();
    },
  );
});

describe('--version', () => {
  it('states the range and the digest that the embedded set has when loaded', () => {
    const set = loadEmbedded();
    const versions = set.migrations.map((migration) => migration.version);
    expect(EMBEDDED_SUMMARY).toEqual({ first: `${versions[0]}`, last: `${versions.at(-1)}`, count: versions.length, digest: set.digest });
    expect(versionText()).toBe(`oforum-migrate ${VERSION}\nembedded migrations ${versions[0]}–${versions.at(-1)}, digest ${set.digest}\n`);
  });

  it('counts the versions when there is a gap, and names a single one', () => {
    const digest = `sha256:${'0'.repeat(64)}`;
    expect(versionText({ first: '1', last: '9', count: 3, digest })).toContain(`embedded migrations 1–9 (3 versions), digest ${digest}\n`);
    expect(versionText({ first: '7', last: '7', count: 1, digest })).toContain(`embedded migration 7, digest ${digest}\n`);
    expect(versionText(null)).toBe(`oforum-migrate ${VERSION}\nno embedded migrations\n`);
  });
});
