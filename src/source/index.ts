export { loadDirectory, loadDirectoryInTurns } from './directory.js';
export { loadEmbedded } from './embedded.js';
export { buildMigrationSet } from './migration-set.js';
export type { Migration, MigrationFile, MigrationSet } from './migration-set.js';
export { parseFileName, FILE_NAME_PATTERN } from './file-name.js';
