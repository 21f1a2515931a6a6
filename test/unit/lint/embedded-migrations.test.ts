import { describe, expect, it } from 'vitest';
import { lintTargets, type LintTarget } from '../../../src/lint/lint-set.js';
import { loadEmbedded } from '../../../src/source/index.js';

/** The migrations the action carries: every up in order, then every down. */
function embeddedTargets(): LintTarget[] {
  const set = loadEmbedded();
  return (['up', 'down'] as const).flatMap((direction) =>
    set.migrations.flatMap((migration) => {
      const file = migration[direction];
      return file ? [{ version: migration.version, direction, file: file.displayPath, sql: file.sql }] : [];
    }),
  );
}

describe('the embedded oForum migrations', () => {
  it('pass lint: nothing dangerous is left unless ignored with a reason', async () => {
    const result = await lintTargets(embeddedTargets(), { together: false, syntaxFindings: true });
    expect(result.findings).toEqual([]);
    expect(result.unparsed).toEqual([]);
    for (const ignored of result.suppressed) expect(ignored.reason.length, `${ignored.file}:${ignored.line}`).toBeGreaterThan(20);
  });

  it('add the post slug without SET NOT NULL, which would scan posts under an exclusive lock', async () => {
    const result = await lintTargets(embeddedTargets(), { together: false, syntaxFindings: true });
    const rules = new Set([...result.findings, ...result.suppressed].map((finding) => finding.rule));
    expect(rules.has('set-not-null-scans')).toBe(false);
    expect(rules.has('add-column-not-null')).toBe(false);
    expect([...rules].sort()).toEqual(['backfill-in-transaction', 'create-index-blocks-writes', 'down-drops-data']);
  });
});
