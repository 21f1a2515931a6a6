import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateServer, type PrivateServer } from '../helpers/private-server.js';
import { runAction } from '../helpers/run.js';

/**
 * What a run leaves in the server's log, where teams alert on errors: a server of the test's
 * own, whose log holds nothing but this test's sessions.
 */
describe("the server's log", () => {
  let server: PrivateServer;
  let dir: string;

  beforeAll(async () => {
    server = await startPrivateServer();
    dir = mkdtempSync(path.join(tmpdir(), 'omt-server-log-'));
    writeFileSync(path.join(dir, '1_t.up.sql'), 'CREATE TABLE t (id int PRIMARY KEY);\n');
  });

  /** A database of the private server's, which the test names. */
  async function createDatabase(name: string): Promise<void> {
    const admin = await server.admin();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
  }

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds no error after check, a no-op up, status and plan on a database the oForum server migrates (no history table of this tool)', async () => {
    await createDatabase('migrated_by_the_server');
    // what golang-migrate leaves, as the oForum server runs it: its state table, no history
    const client = new pg.Client({ connectionString: server.url('migrated_by_the_server') });
    await client.connect();
    try {
      await client.query('CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL)');
      await client.query('INSERT INTO schema_migrations (version, dirty) VALUES (1, false)');
      await client.query('CREATE TABLE t (id int PRIMARY KEY)');
    } finally {
      await client.end();
    }
    const before = server.log().length;
    for (const command of ['check', 'up', 'status', 'plan']) {
      const run = await runAction({ command, 'database-url': server.url('migrated_by_the_server'), 'migrations-path': dir });
      expect(run.code, run.stdout).toBe(0);
      expect(run.outputs).toMatchObject({ version: '1', dirty: 'false' });
    }
    const log = server.log().slice(before);
    expect(log).not.toMatch(/ERROR|FATAL/);
  });
  it("holds no error after check, a no-op up and status on a database whose history table is an older release's", async () => {
    await createDatabase('older_history');
    const url = server.url('older_history');
    expect((await runAction({ 'database-url': url, 'migrations-path': dir })).code).toBe(0);
    // what an older release created: no direction, no previous_version
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('ALTER TABLE schema_migrations_history DROP COLUMN direction, DROP COLUMN previous_version');
    } finally {
      await client.end();
    }
    const before = server.log().length;
    for (const command of ['check', 'up', 'status']) {
      const run = await runAction({ command, 'database-url': url, 'migrations-path': dir });
      expect(run.code, `${command}: ${run.stdout}`).toBe(0);
      expect(run.outputs).toMatchObject({ version: '1', edited: '[]' });
    }
    expect(server.log().slice(before)).not.toMatch(/ERROR|FATAL/);
  });

  // A first deploy, and each check before it: the state table is not there yet.
  for (const strategy of ['session', 'transaction']) {
    it(`holds no error after check, plan, status and up on a database never migrated (lock-strategy ${strategy})`, async () => {
      const name = `never_migrated_${strategy}`;
      await createDatabase(name);
      const before = server.log().length;
      const inputs = { 'database-url': server.url(name), 'migrations-path': dir, 'lock-strategy': strategy };
      for (const command of ['check', 'plan', 'status']) {
        const run = await runAction({ ...inputs, command });
        expect(run.code, `${command}: ${run.stdout}`).toBe(0);
        expect(run.outputs).toMatchObject({ version: '', 'pending-count': '1' });
      }
      const up = await runAction({ ...inputs, command: 'up' });
      expect(up.code, up.stdout).toBe(0);
      expect(up.outputs).toMatchObject({ version: '1', applied: '[1]' });
      const log = server.log().slice(before);
      expect(log).not.toMatch(/ERROR|FATAL/);
    });
  }
});
