import { readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { MigrateError } from '../errors.js';
import { decodeMigration } from './decode.js';
import { FILE_NAME_PATTERN } from './file-name.js';
import { buildMigrationSet, type MigrationSet, type SourceFile } from './migration-set.js';

/**
 * Reads a golang-migrate-layout directory (not recursive, like golang-migrate's file source).
 * `repositoryRoot` makes the paths in messages and annotations relative to the repository, so
 * an annotation lands on the file in the pull request's diff.
 */
export function loadDirectory(directory: string, repositoryRoot: string): MigrationSet {
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
  const prefix = displayPathOf(absolute, repositoryRoot);
  const files: SourceFile[] = [];
  let real: string | null = null;
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const fileName = entry.name;
    if (!FILE_NAME_PATTERN.test(fileName)) continue;
    const full = path.join(absolute, fileName);
    const displayPath = prefix === '' ? fileName : `${prefix}/${fileName}`;
    let bytes: Buffer;
    try {
      // The entry's type comes with the listing; only a link needs a look at what it points to.
      if (entry.isSymbolicLink() ? !statSync(full).isFile() : !entry.isFile()) continue;
      if (entry.isSymbolicLink()) {
        real ??= realpathSync(absolute);
        if (!isInside(realpathSync(full), real)) {
          throw new MigrateError(
            'source',
            `${displayPath} is a symbolic link to a file outside migrations-path: migrations must stay inside their directory`,
          );
        }
      }
      bytes = readFileSync(full);
    } catch (error) {
      if (error instanceof MigrateError) throw error;
      throw new MigrateError('source', `cannot read ${displayPath}: ${describeFsError(error)}`);
    }
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    files.push({ fileName, displayPath, sql: decodeMigration(bytes, displayPath), ...(bom ? { bom: true } : {}) });
  }
  return buildMigrationSet(directory, files);
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

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'not a directory';
    default:
      return code ?? String((error as Error | undefined)?.message ?? error);
  }
}
