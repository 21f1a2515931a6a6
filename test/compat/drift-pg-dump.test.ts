import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, withServer, type TestDatabase } from '../helpers/database.js';
import { ROOT, runAction } from '../helpers/run.js';
import { PG_BIN, pgTool } from '../helpers/pg-bin.js';
import { requires } from '../helpers/requirements.js';
import { dumpDifferences, uncovered } from './pg-dump-entries.js';
import { HAND_CHANGES, type HandChange } from './hand-changes.js';

// pg_dump is the referee of drift: a database changed by hand in one way per kind of object,
// and the same migrations replayed on another, are compared by `check --drift` and by
// `pg_dump --schema-only` of both. Every difference pg_dump prints must show in drift.
//
// The server is TEST_DATABASE_URL's (the system one by default). pg_dump is TEST_PG_DUMP when set
// (.ci/compat-matrix sets it to the pg_dump 18 that .ci/pg-dump fetches, which dumps every major
// from 13 on), else TEST_PG_BIN's; it must be no older than the server, as pg_dump refuses newer
// servers. Without one the test never passes unseen: it fails when TEST_PG_DUMP names no program
// or one too old, and otherwise declares the missing pg_dump with requires().

const execFileAsync = promisify(execFile);
const PG_DUMP = process.env.TEST_PG_DUMP || pgTool('pg_dump');
const MIGRATIONS = path.join(ROOT, 'test/compat/fixtures/referee');

let major: number;
let dumpVersion: string;
let superuser: boolean;
let extensions: Set<string>;
const role = `omt_referee_${process.pid}_${randomBytes(3).toString('hex')}`;

async function migrated(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  const run = await runAction({ 'database-url': db.url, 'migrations-path': MIGRATIONS });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  return db;
}

async function drift(db: TestDatabase): Promise<string[]> {
  const run = await runAction({ 'database-url': db.url, 'migrations-path': MIGRATIONS, command: 'check', drift: 'true' });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  return JSON.parse(run.outputs.drift!) as string[];
}

async function pgDump(db: TestDatabase): Promise<string> {
  const { stdout } = await execFileAsync(PG_DUMP!, ['--schema-only', '--no-owner', '--dbname', db.url], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

function applicable(change: HandChange): string | null {
  if (change.minMajor && major < change.minMajor) return `needs PostgreSQL ${change.minMajor}`;
  if (change.superuser && !superuser) return 'needs a superuser';
  if (change.extension && !extensions.has(change.extension)) return `needs the ${change.extension} extension`;
  return null;
}

const noPgDump = requires(
  'pg_dump',
  PG_DUMP ? null : `${PG_BIN} has no pg_dump: set TEST_PG_DUMP to one of the server's major or newer (.ci/pg-dump fetches pg_dump 18)`,
);

describe.skipIf(noPgDump)('drift sees what pg_dump sees', () => {
  beforeAll(async () => {
    await withServer(async (client) => {
      const { rows } = await client.query<{ version: string; superuser: boolean }>(
        `SELECT current_setting('server_version_num') AS version, rolsuper AS superuser FROM pg_roles WHERE rolname = current_user`,
      );
      major = Math.floor(Number(rows[0]!.version) / 10000);
      superuser = rows[0]!.superuser;
      const available = await client.query<{ name: string }>('SELECT name FROM pg_available_extensions');
      extensions = new Set(available.rows.map((row) => row.name));
      await client.query(`CREATE ROLE ${role}`);
    });
    if (!existsSync(PG_DUMP!))
      throw new Error(`TEST_PG_DUMP is ${PG_DUMP}, which does not exist: run .ci/pg-dump, or set it to a pg_dump of ${major} or newer`);
    const { stdout } = await execFileAsync(PG_DUMP!, ['--version']);
    dumpVersion = /\d+(?:\.\d+)?/.exec(stdout)?.[0] ?? '?';
    const dumpMajor = Number(dumpVersion.split('.')[0]);
    if (!(dumpMajor >= major)) {
      throw new Error(
        `${PG_DUMP} is pg_dump ${dumpVersion}, older than the server's PostgreSQL ${major}: set TEST_PG_DUMP to a newer one (.ci/pg-dump fetches pg_dump 18)`,
      );
    }
  });

  afterAll(async () => {
    await withServer((client) => client.query(`DROP ROLE IF EXISTS ${role}`));
  });

  it('finds nothing, as pg_dump does, between a database and the migrations replayed', async () => {
    const [database, replay] = [await migrated(), await migrated()];
    try {
      expect(await drift(database)).toEqual([]);
      expect([...dumpDifferences(await pgDump(replay), await pgDump(database)).keys()]).toEqual([]);
    } finally {
      await Promise.all([database.drop(), replay.drop()]);
    }
  });

  it('reports every kind of hand change, and everything pg_dump shows differently', async () => {
    const [database, replay] = [await migrated(), await migrated()];
    try {
      const skipped: string[] = [];
      for (const change of HAND_CHANGES) {
        const reason = applicable(change);
        if (reason) {
          skipped.push(`${change.kind} (${reason})`);
          continue;
        }
        await database.query(change.sql.replace(/\{role\}/g, role)).catch((error: Error) => {
          throw new Error(`${change.kind}: ${error.message}`);
        });
      }
      const lines = await drift(database);
      const differences = dumpDifferences(await pgDump(replay), await pgDump(database));

      const missed = HAND_CHANGES.filter((change) => !applicable(change))
        .flatMap((change) => (change.drift ?? []).map((pattern) => pattern.replace(/\{role\}/g, role)))
        .filter((pattern) => !lines.some((line) => new RegExp(pattern).test(line)));
      expect(missed, `drift printed:\n${lines.join('\n')}`).toEqual([]);

      for (const change of HAND_CHANGES.filter((c) => c.unchanged && !applicable(c))) {
        expect(
          lines.filter((line) => change.unchanged!.test(line)),
          change.kind,
        ).toEqual([]);
      }
      expect(uncovered(differences, lines), `drift printed:\n${lines.join('\n')}`).toEqual([]);
      expect(lines.join('\n')).not.toContain('secret-password');

      process.stdout.write(
        `PostgreSQL ${major}, pg_dump ${dumpVersion} (${PG_DUMP}): ${HAND_CHANGES.length - skipped.length} kinds of hand change, ` +
          `${differences.size} pg_dump entries differ, ${lines.length} drift lines` +
          (skipped.length > 0 ? `; not tried here: ${skipped.join(', ')}` : '') +
          '\n',
      );
    } finally {
      await Promise.all([database.drop(), replay.drop()]);
    }
  });
});
