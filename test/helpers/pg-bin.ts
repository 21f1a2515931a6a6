import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Where Debian's PostgreSQL 15, the server of a machine set up as this project's, keeps its programs. */
const SYSTEM_PG_BIN = '/usr/lib/postgresql/15/bin';

function pgConfigBindir(): string | null {
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return dir && existsSync(path.join(dir, 'initdb')) ? dir : null;
  } catch {
    return null;
  }
}

/**
 * The bin directory of the PostgreSQL major the tests run against (initdb, pg_ctl, postgres, and
 * pg_dump where that installation has it): TEST_PG_BIN when set, else `pg_config --bindir`, else
 * Debian's PostgreSQL 15. The compatibility matrix sets TEST_PG_BIN to each major's directory;
 * the global setup sets it to the embedded server's when it had to start one.
 */
export const PG_BIN = process.env.TEST_PG_BIN || process.env.TEST_POSTGRES_BIN || pgConfigBindir() || SYSTEM_PG_BIN;

/** A program of PG_BIN, or null when that installation does not have it (the embedded packages ship no pg_dump). */
export function pgTool(name: string): string | null {
  const file = path.join(PG_BIN, name);
  return existsSync(file) ? file : null;
}
