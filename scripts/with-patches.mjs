// Runs a command (the run bundle's build) with the patches of patches/ applied to node_modules,
// and takes them off again when it ends, whatever its outcome: the bundle carries them, while
// node_modules stays as npm installed it (the benchmark's baseline loads pg as published, and no
// install script is needed: package-scripts.test.ts). Usage: node scripts/with-patches.mjs CMD ARGS…
//
// A patch is a git diff of files under node_modules/<package>/, named <package>+<version>.patch;
// the installed version must be that one. `git apply` applies it (it needs no repository).
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const directory = path.join(root, 'patches');
const patches = readdirSync(directory)
  .filter((name) => name.endsWith('.patch'))
  .sort()
  .map((name) => path.join(directory, name));

const git = (args) => spawnSync('git', args, { cwd: root, encoding: 'utf8' });

function fail(message) {
  throw new Error(message);
}

try {
  if (patches.length > 0 && git(['--version']).status !== 0) fail('git is needed to apply the patches of patches/, and it does not run');
  for (const patch of patches) {
    const [, name, version] = /^(.+)\+([^+]+)\.patch$/.exec(path.basename(patch)) ?? fail(`${patch}: not named <package>+<version>.patch`);
    const installed = JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
    if (installed !== version)
      fail(`${path.basename(patch)} was written for ${name} ${version}, and ${installed} is installed: write it again`);
  }
} catch (error) {
  console.error(`with-patches: ${error.message}`);
  process.exit(1);
}

const applied = [];
let status = 1;
try {
  for (const patch of patches) {
    // applied already: a build that was killed before it could take it off
    if (git(['apply', '--check', '--reverse', patch]).status !== 0) {
      const result = git(['apply', patch]);
      if (result.status !== 0) fail(`${path.basename(patch)} does not apply: ${result.stderr.trim()}`);
    }
    applied.push(patch);
  }
  const [command, ...args] = process.argv.slice(2);
  status = spawnSync(command, args, { cwd: root, stdio: 'inherit' }).status ?? 1;
} catch (error) {
  console.error(`with-patches: ${error.message}`);
} finally {
  for (const patch of applied.reverse()) execFileSync('git', ['apply', '--reverse', patch], { cwd: root });
}
process.exit(status);
