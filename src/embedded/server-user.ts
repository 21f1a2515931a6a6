import { execFileSync } from 'node:child_process';
import { MigrateError } from '../errors.js';

/** The OS user the server runs as when this process is root; null: as this process. */
export interface ServerUser {
  name: string;
  uid: number;
  gid: number;
}

const NAME = 'postgres';

/**
 * PostgreSQL refuses to run as root, so a root process runs initdb and the server as the
 * `postgres` OS user, creating it (as a system user without a home) when the machine has none:
 * a container often runs everything as root.
 */
export function serverUser(): ServerUser | null {
  if (process.getuid?.() !== 0) return null;
  const existing = lookUp();
  if (existing) return existing;
  try {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', NAME], { stdio: 'ignore' });
  } catch {
    // Falls through to the message below.
  }
  const created = lookUp();
  if (created) return created;
  throw new MigrateError(
    'config',
    `--embedded as root: PostgreSQL must run as another OS user, and there is no "${NAME}" user and useradd could not create one; create it (useradd --system ${NAME}) or run as a normal user`,
  );
}

function lookUp(): ServerUser | null {
  try {
    const uid = Number(execFileSync('id', ['-u', NAME], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const gid = Number(execFileSync('id', ['-g', NAME], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { name: NAME, uid, gid } : null;
  } catch {
    return null;
  }
}
