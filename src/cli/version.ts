import { EMBEDDED_SUMMARY } from '../source/embedded-summary.generated.js';
import { VERSION } from '../version.generated.js';

/**
 * What `--version` prints: the tool's version, then which oForum migrations this build carries
 * and their digest. A floating tag such as `@v1` moves to newer builds, so the migration range is
 * what tells a person whether this copy may apply versions their server does not have yet; the
 * digest is the one the `migrations-digest` output reports. Worked out when the bundle was built
 * (scripts/embed-migrations.mjs), so that the entry answers without loading the migrations.
 */
export function versionText(summary = EMBEDDED_SUMMARY): string {
  if (summary === null) return `oforum-migrate ${VERSION}\nno embedded migrations\n`;
  const { first, last, count, digest } = summary;
  const range = first === last ? `migration ${first}` : `migrations ${first}–${last}`;
  // A gap in the versions would hide behind a range: say how many there are.
  const gapless = BigInt(count) === BigInt(last) - BigInt(first) + 1n;
  return `oforum-migrate ${VERSION}\nembedded ${range}${gapless ? '' : ` (${count} versions)`}, digest ${digest}\n`;
}
