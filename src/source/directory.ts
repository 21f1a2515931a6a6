import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { MigrateError } from '../errors.js';
import { eventLoopTurn } from '../event-loop-turn.js';
import { DirectoryFile, displayPathIn, type DirectoryPlace } from './directory-file.js';
import { FILE_NAME_PATTERN } from './file-name.js';
import { describeFsError } from './fs-error.js';
import { HashStore } from './hash-store.js';
import { collectMigrations, SetDigest, type MigrationSet } from './migration-set.js';

/**
 * Reads a golang-migrate-layout directory (not recursive, like golang-migrate's file source).
 * `repositoryRoot` makes the paths in messages and annotations relative to the repository, so
 * an annotation lands on the file in the pull request's diff. Every file is read, checked and
 * hashed here, one at a time; none is kept in memory (see DirectoryFile).
 */
export function loadDirectory(directory: string, repositoryRoot: string): MigrationSet {
  const reading = readDirectory(directory, repositoryRoot);
  for (;;) {
    const step = reading.next();
    if (step.done) return step.value;
  }
}

// Files read between two turns of the event loop: about a millisecond of work.
const FILES_PER_TURN = 32;

/**
 * loadDirectory, giving the event loop a turn every few files, so that the database session a
 * run opens meanwhile goes on with its start-up and its first round trip (main.ts): the files
 * are read while the server answers.
 */
export async function loadDirectoryInTurns(directory: string, repositoryRoot: string): Promise<MigrationSet> {
  const reading = readDirectory(directory, repositoryRoot);
  for (let files = 1; ; files++) {
    const step = reading.next();
    if (step.done) return step.value;
    if (files % FILES_PER_TURN === 0) await eventLoopTurn();
  }
}

/** The reading itself: it stops after each file it reads, to be resumed by one of the above. */
function* readDirectory(directory: string, repositoryRoot: string): Generator<void, MigrationSet> {
  const absolute = path.resolve(directory);
  let entries: Dirent[];
  try {
    const stat = statSync(absolute);
    if (!stat.isDirectory()) throw new MigrateError('source', `migrations-path ${directory} is not a directory`);
    entries = readdirSync(absolute, { withFileTypes: true });
  } catch (error) {
    if (error instanceof MigrateError) throw error;
    throw new MigrateError('source', `cannot read migrations-path ${directory}: ${describeFsError(error)}`);
  }
  // One directory: its display prefix is worked out once, not per file.
  const place: DirectoryPlace = { absolute, displayPrefix: displayPathOf(absolute, repositoryRoot), hashes: new HashStore() };
  const files: DirectoryFile[] = [];
  const digest = new SetDigest();
  let real: string | null = null;
  // Name order, which the digest needs too.
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const fileName = entry.name;
    if (!FILE_NAME_PATTERN.test(fileName)) continue;
    let read: ReturnType<typeof DirectoryFile.read>;
    try {
      // The entry's type comes with the listing; only a link needs a look at what it points to.
      if (entry.isSymbolicLink()) {
        const full = path.join(absolute, fileName);
        if (!statSync(full).isFile()) continue;
        real ??= realpathSync(absolute);
        if (!isInside(realpathSync(full), real)) {
          throw new MigrateError(
            'source',
            `${displayPathIn(place, fileName)} is a symbolic link to a file outside migrations-path: migrations must stay inside their directory`,
          );
        }
      } else if (!entry.isFile()) continue;
      read = DirectoryFile.read(place, fileName);
    } catch (error) {
      if (error instanceof MigrateError) throw error;
      throw new MigrateError('source', `cannot read ${displayPathIn(place, fileName)}: ${describeFsError(error)}`);
    }
    files.push(read.file);
    digest.add(fileName, read.body);
    yield;
  }
  return { origin: directory, migrations: collectMigrations(files), digest: digest.value() };
}

/** A link's target is read only when it lies inside the directory (after resolving every link). */
function isInside(file: string, directory: string): boolean {
  const relative = path.relative(directory, file);
  return relative !== '' && !relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative);
}

function displayPathOf(directory: string, repositoryRoot: string): string {
  const relative = path.relative(repositoryRoot, directory);
  if (relative === '') return '';
  const inside = !relative.startsWith('..') && !path.isAbsolute(relative);
  return (inside ? relative : directory).split(path.sep).join('/');
}
