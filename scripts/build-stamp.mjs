// Tells whether dist/ is the build of the sources as they are now, so that `npm test` rebuilds
// only when needed and the tests never run a stale bundle without saying so. `npm run bundle`
// records a digest of its inputs and of its output; a later check recomputes both.
//
//   node scripts/build-stamp.mjs write    after a build: record the digests
//   node scripts/build-stamp.mjs check    print why dist/ is stale and exit 1, or exit 0
//   node scripts/build-stamp.mjs ensure   build (npm run bundle) when dist/ is stale
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
// Outside the repository's files, and gone with node_modules: a fresh clone has no stamp.
const STAMP = path.join(root, 'node_modules/.cache/oforum-migrate/build-stamp.json');
// What the build reads. Generated sources are left out: the build derives them from migrations/
// and package.json, which are in.
const INPUTS = [
  'src',
  'migrations',
  'patches',
  'scripts/embed-migrations.mjs',
  'scripts/with-patches.mjs',
  'scripts/ascii-bundle.mjs',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
];
const OUTPUT = ['dist'];

function files(entry) {
  const full = path.join(root, entry);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [entry];
  return readdirSync(full)
    .sort()
    .flatMap((name) => files(path.join(entry, name)));
}

function digest(entries) {
  const hash = createHash('sha256');
  const byFile = {};
  for (const file of entries.flatMap(files)) {
    if (file.endsWith('.generated.ts')) continue;
    let content = readFileSync(path.join(root, file));
    // Of package.json, only what reaches the bundle: a new script needs no new build.
    if (file === 'package.json') {
      const { version, type, dependencies } = JSON.parse(content.toString('utf8'));
      content = Buffer.from(JSON.stringify({ version, type, dependencies }));
    }
    byFile[file] = createHash('sha256').update(content).digest('hex');
    hash.update(`${file}\0${byFile[file]}\0`);
  }
  return { digest: hash.digest('hex'), files: byFile };
}

/** Why dist/ may not be the build of the current sources, or null when it is. */
export function staleReason() {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(STAMP, 'utf8'));
  } catch {
    return 'dist/ has not been built in this checkout yet';
  }
  const inputs = digest(INPUTS);
  if (inputs.digest !== stamp.inputs?.digest) {
    const changed = Object.keys({ ...inputs.files, ...stamp.inputs?.files }).filter(
      (file) => inputs.files[file] !== stamp.inputs?.files?.[file],
    );
    return `${changed.slice(0, 3).join(', ')}${changed.length > 3 ? ` and ${changed.length - 3} more` : ''} changed since the last build`;
  }
  if (digest(OUTPUT).digest !== stamp.output?.digest) return 'dist/ changed since the last build';
  return null;
}

function write() {
  mkdirSync(path.dirname(STAMP), { recursive: true });
  writeFileSync(STAMP, JSON.stringify({ inputs: digest(INPUTS), output: digest(OUTPUT) }));
}

const command = process.argv[2];
if (path.resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  if (command === 'write') write();
  else if (command === 'check' || command === 'ensure') {
    const reason = staleReason();
    if (reason && command === 'check') {
      process.stdout.write(`${reason}\n`);
      process.exit(1);
    }
    if (reason) {
      process.stdout.write(`Building first: ${reason}.\n`);
      execFileSync('npm', ['run', '--silent', 'bundle'], { cwd: root, stdio: 'inherit' });
    }
  } else {
    process.stderr.write('usage: node scripts/build-stamp.mjs write|check|ensure\n');
    process.exit(2);
  }
}
