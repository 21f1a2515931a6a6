import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshotSchema } from '../../src/database/catalog-snapshot.js';
import { DRIFT_SIDES, diffSnapshots } from '../../src/database/catalog-diff.js';
import { createTestDatabase, withServer, type TestDatabase } from '../helpers/database.js';
import { ROOT } from '../helpers/run.js';

// The catalog snapshot on the server of TEST_DATABASE_URL, whatever its major: one round trip,
// the session left as it was, and the tool's own tables left out with all that hangs on them.

const OBJECTS = readFileSync(path.join(ROOT, 'test/compat/fixtures/referee/1_objects.up.sql'), 'utf8');

let db: TestDatabase;
let client: pg.Client;
beforeEach(async () => {
  db = await createTestDatabase();
  client = await db.client();
  await client.query(OBJECTS);
});
afterEach(async () => {
  await db.drop();
});

/** Counts what the client sends: each query() is one round trip. */
function counting(target: pg.Client): { count: () => number } {
  let count = 0;
  const query = target.query.bind(target) as (...args: unknown[]) => unknown;
  (target as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    count++;
    return query(...args);
  };
  return { count: () => count };
}

describe('the catalog snapshot', () => {
  it('reads the whole schema in one round trip and leaves the session as it was', async () => {
    await client.query('SET search_path = app, public');
    const sent = counting(client);
    const snapshot = await snapshotSchema(client);
    expect(sent.count()).toBe(1);
    expect(client.getTransactionStatus()).toBe('I');
    expect((await client.query<{ search_path: string }>('SHOW search_path')).rows[0]!.search_path).toBe('app, public');
    expect(snapshot.tables.map((table) => table.name)).toContain('app.users');
    expect(snapshot.views.map((view) => view.name)).toEqual(['app.post_counts', 'app.user_names']);
  });

  it('sees, inside the caller’s transaction, what that transaction changed, and leaves it open', async () => {
    await client.query('BEGIN');
    await client.query('CREATE TABLE app.uncommitted (id integer)');
    const sent = counting(client);
    const snapshot = await snapshotSchema(client);
    expect(sent.count()).toBe(1);
    expect(client.getTransactionStatus()).toBe('T');
    expect(snapshot.tables.map((table) => table.name)).toContain('app.uncommitted');
    await client.query('ROLLBACK');
  });

  it('leaves out the tables it is told to, with their indexes, sequences, comments and grants', async () => {
    await client.query(`CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL)`);
    await client.query(`CREATE TABLE schema_migrations_history (id bigserial PRIMARY KEY, version bigint)`);
    await client.query(`COMMENT ON TABLE schema_migrations IS 'state'; COMMENT ON COLUMN schema_migrations_history.version IS 'v'`);
    await client.query(`COMMENT ON INDEX schema_migrations_pkey IS 'key'; GRANT SELECT ON schema_migrations TO PUBLIC`);
    const plain = await snapshotSchema(client, { excludeTables: [] });
    const excluded = await snapshotSchema(client, { excludeTables: ['schema_migrations', 'public.schema_migrations_history'] });
    expect(diffSnapshots(excluded, plain, DRIFT_SIDES)).toEqual([
      'index public.schema_migrations_history_pkey: only in the database',
      'index public.schema_migrations_pkey: only in the database',
      'sequence public.schema_migrations_history_id_seq: only in the database',
      'table public.schema_migrations: only in the database',
      'table public.schema_migrations_history: only in the database',
    ]);
  });

  it('compares a table renamed after its creation with one created under its final name as equal', async () => {
    const renamed = await snapshotSchema(client);
    await client.query('DROP TABLE app.renamed; CREATE TABLE app.renamed (x integer NOT NULL)');
    expect(diffSnapshots(renamed, await snapshotSchema(client), DRIFT_SIDES)).toEqual([]);
  });

  it('calls a grant to a role the scratch server lacks not comparable', async () => {
    const role = `omt_analyst_${process.pid}_${randomBytes(3).toString('hex')}`;
    await withServer((server) => server.query(`CREATE ROLE ${role}`));
    try {
      const migrations = await snapshotSchema(client);
      await client.query(`GRANT SELECT ON app.users TO ${role}; GRANT USAGE ON SCHEMA app TO PUBLIC`);
      const database = await snapshotSchema(client);
      // As a scratch server without the role would read it: the same schema, the role missing.
      const scratch = { ...migrations, roles: migrations.roles.filter((name) => name !== role) };
      expect(diffSnapshots(scratch, database, DRIFT_SIDES)).toEqual([
        'schema app: grant USAGE to PUBLIC only in the database',
        `table app.users: grant SELECT to ${role} only in the database, not comparable: role ${role} does not exist on the scratch server`,
      ]);
      await client.query(`REVOKE SELECT ON app.users FROM ${role}`);
    } finally {
      await withServer((server) => server.query(`DROP ROLE ${role}`));
    }
  });

  it('reads the schema as a role that is not a superuser', async () => {
    const role = `omt_reader_${process.pid}_${randomBytes(3).toString('hex')}`;
    await withServer((server) => server.query(`CREATE ROLE ${role}`));
    try {
      const asOwner = await snapshotSchema(client);
      await client.query(`SET ROLE ${role}`);
      const asReader = await snapshotSchema(client);
      await client.query('RESET ROLE');
      expect(diffSnapshots(asOwner, asReader, DRIFT_SIDES)).toEqual([]);
    } finally {
      await withServer((server) => server.query(`DROP ROLE ${role}`));
    }
  });
});
