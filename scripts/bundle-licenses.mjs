// Writes dist/licenses.txt from the stats of the ncc builds (the entry and the run bundle): the
// license of every package whose code is in any of their chunks. ncc's own license option writes one file per chunk under
// the same name, so when a lazily loaded chunk holds a package (the SQL parser of lint), that
// chunk's list replaces the main one's; this keeps them all, in the same format.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [outFile, ...statsFiles] = process.argv.slice(2);
const builds = statsFiles.map((statsFile) => {
  const stats = JSON.parse(readFileSync(statsFile, 'utf8'));
  // the stats are the build's working data, not part of the bundle
  rmSync(statsFile);
  return stats;
});

const packages = new Map();
const visit = (modules) => {
  for (const module of modules ?? []) {
    const match = /^(.*[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+))[\\/]/.exec(module.nameForCondition ?? '');
    if (match) packages.set(match[2].replace(/\\/g, '/'), match[1]);
    visit(module.modules);
  }
};
for (const stats of builds) {
  visit(stats.modules);
  for (const chunk of stats.chunks ?? []) visit(chunk.modules);
}

const entries = [...packages]
  .sort(([a], [b]) => (a < b ? -1 : 1))
  .map(([name, directory]) => {
    const manifest = JSON.parse(readFileSync(path.join(directory, 'package.json'), 'utf8'));
    const license = typeof manifest.license === 'string' ? manifest.license : (manifest.license?.type ?? '');
    const file = readdirSync(directory).find((entry) => /^licen[cs]e/i.test(entry));
    const text = file ? readFileSync(path.join(directory, file), 'utf8').replace(/\r\n/g, '\n') : '';
    return `${name}${license ? `\n${license}` : ''}${text ? `\n${text}` : ''}\n\n`;
  });
writeFileSync(outFile, `${entries.join('').trim()}\n`);
