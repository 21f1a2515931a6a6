import { loadEmbedded } from '../source/index.js';
import { VERSION } from '../version.generated.js';

/**
 * What `--version` prints: the tool's version, then which oForum migrations this build carries
 * and their digest. A floating tag such as `@v1` moves to newer builds, so the migration range is
 * what tells a person whether this copy may apply versions their server does not have yet; the
 * digest is the one the `migrations-digest` output reports.
 */
export function versionText(): string {
  const set = loadEmbedded();
  const versions = set.migrations.map((migration) => migration.version);
  const first = versions[0];
  const last = versions.at(-1);
  if (first === undefined || last === undefined) return `oforum-migrate ${VERSION}\nno embedded migrations\n`;
  const range = first === last ? `migration ${first}` : `migrations ${first}–${last}`;
  // A gap in the versions would hide behind a range: say how many there are.
  const count = BigInt(versions.length) === last - first + 1n ? '' : ` (${versions.length} versions)`;
  return `oforum-migrate ${VERSION}\nembedded ${range}${count}, digest ${set.digest}\n`;
}
