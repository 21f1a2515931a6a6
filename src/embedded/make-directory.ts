import { mkdirSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';

/**
 * `mkdir -p`: makes `directory` and its missing parents, each with `mode`; a directory that is
 * already there is fine. Throws the file system's error (ENOENT, EACCES, EPERM, ENOTDIR, …) for
 * the first one that cannot be made, naming it.
 *
 * Not `mkdirSync(directory, { recursive: true })`: where mkdir fails with ENOENT although the
 * parent exists (under /proc, e.g. /proc/nope/x), Node's recursive mkdir makes the parent again,
 * finds it there and retries the child, forever, and being synchronous it blocks the event loop,
 * so SIGINT and SIGTERM are never handled either. Here every directory is tried once: at most
 * one step per component of the path.
 */
export function makeDirectories(directory: string, mode = 0o777): void {
  const missing: string[] = [];
  let current = path.resolve(directory);
  for (;;) {
    let stat: Stats | null = null;
    try {
      stat = statSync(current);
    } catch (error) {
      // ENOTDIR (a file on the way), EACCES, …: nothing can be made below it.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (stat?.isDirectory()) break;
    // A file where the directory should be: mkdir says so (EEXIST, naming it).
    if (stat) mkdirSync(current, { mode });
    missing.push(current);
    const parent = path.dirname(current);
    // Not even the root exists: let mkdir say why.
    if (parent === current) break;
    current = parent;
  }
  for (const name of missing.reverse()) {
    try {
      mkdirSync(name, { mode });
    } catch (error) {
      // Made by someone else meanwhile: fine when it is a directory.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !isDirectory(name)) throw error;
    }
  }
}

function isDirectory(name: string): boolean {
  try {
    return statSync(name).isDirectory();
  } catch {
    return false;
  }
}
