import { chmodSync, copyFileSync, linkSync, lstatSync, readdirSync, readlinkSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { makeDirectories } from './make-directory.js';

/**
 * Whether any OS user can enter `directory` and reach a file inside it: every directory on the way
 * from `/` needs the others' execute bit. (Group rights and ACLs are not looked at: a directory
 * judged unreachable when it is reachable only costs a copy.)
 */
export function everyoneCanEnter(directory: string): boolean {
  let current = path.resolve(directory);
  for (;;) {
    try {
      if ((statSync(current).mode & 0o001) === 0) return false;
    } catch {
      return false;
    }
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

/**
 * Makes a copy of the tree at `source` under `target` that every user can read: root-owned
 * directories 0755 whatever the umask, each file hard-linked when it is already readable by all
 * (no bytes copied, on the same file system), else copied with mode 0644 or 0755. Static
 * libraries are left out: the server never loads them.
 */
export function copyReachable(source: string, target: string): void {
  makeDirectories(target);
  chmodSync(target, 0o755);
  for (const name of readdirSync(source)) {
    const from = path.join(source, name);
    const to = path.join(target, name);
    const stat = lstatSync(from);
    if (stat.isDirectory()) {
      copyReachable(from, to);
    } else if (stat.isSymbolicLink()) {
      const link = readlinkSync(from);
      // A relative link inside the tree stays a link; any other points where the user may not reach.
      if (!path.isAbsolute(link) && !link.split(/[\\/]/).includes('..')) symlinkSync(link, to);
      else copyFile(from, to, statSync(from).mode);
    } else if (stat.isFile() && !name.endsWith('.a')) {
      copyFile(from, to, stat.mode);
    }
  }
}

function copyFile(from: string, to: string, mode: number): void {
  const executable = (mode & 0o100) !== 0;
  const readableByAll = (mode & 0o004) !== 0 && (!executable || (mode & 0o001) !== 0);
  if (readableByAll) {
    try {
      linkSync(from, to);
      return;
    } catch {
      // Another file system, or links not allowed: copy.
    }
  }
  copyFileSync(from, to);
  chmodSync(to, executable ? 0o755 : 0o644);
}
