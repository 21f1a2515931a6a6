import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDelayProxy } from '../../bench/lib/delay-proxy.mjs';
import { createTestDatabase, stateOf, type TestDatabase } from '../helpers/database.js';
import { runAction } from '../helpers/run.js';
import { advisoryLockId } from '../../src/database/lock-id.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

/** Three migrations t1 … t3, each creating its table. */
function directory(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'omt-round-trips-'));
  for (let version = 1; version <= 3; version++) {
    writeFileSync(path.join(dir, `${version}_t${version}.up.sql`), `CREATE TABLE t${version} (id int PRIMARY KEY);\n`);
  }
  return dir;
}

/**
 * The proxy delays each direction by half of this. A request counts as pipelined when it reaches
 * the proxy before the answer to the one before it has gone back; with no delay, a client that
 * the operating system pauses for a millisecond between two writes of one pipelined pair (a busy
 * CI machine) would be counted as waiting for a round trip it never waited for.
 */
const ROUND_TRIP_MS = 40;

/**
 * The test database's URL through a proxy that counts the round trips, with sslmode=disable as
 * a URL for a server without TLS says it (TLS would hide the messages from the counter).
 */
function through(port: number): string {
  const url = new URL(db.url);
  url.port = String(port);
  url.searchParams.set('sslmode', 'disable');
  return url.toString();
}

describe('the round trips of a run', () => {
  it("the no-op's 2 round trips: a no-op up and check after the connection start-up", async () => {
    const dir = directory();
    expect((await runAction({ 'database-url': db.url, 'migrations-path': dir })).code).toBe(0);
    const proxy = await startDelayProxy({ roundTripMs: ROUND_TRIP_MS });
    try {
      for (const command of ['up', 'check']) {
        proxy.reset();
        const run = await runAction({ command, 'database-url': through(proxy.port), 'migrations-path': dir });
        expect(run.code).toBe(0);
        expect(run.outputs).toMatchObject({ version: '3', dirty: 'false' });
        expect(proxy.stats()).toEqual({ connections: 1, roundTrips: 2 });
      }
    } finally {
      await proxy.close();
    }
  });

  it("the lint's catalog read goes right ahead of the first migration: a run with pending files costs no round trip more with the lint on", async () => {
    const dir = directory();
    const counts: Record<string, number[]> = {};
    const proxy = await startDelayProxy({ roundTripMs: ROUND_TRIP_MS });
    try {
      for (const lint of ['off', 'warn']) {
        const target = await createTestDatabase();
        try {
          // a deploy of one migration: 1 and 2 applied by an earlier run, whose state and history the
          // opening message reads. One, because the proxy cannot tell a pipelined migration from one
          // sent a round trip after the one before it: whether the second of two goes out within the
          // round trip depends on the machine (the lint's start shares its thread).
          expect((await runAction({ 'database-url': target.url, 'migrations-path': dir, 'target-version': '2' })).code).toBe(0);
          const url = new URL(target.url);
          url.port = String(proxy.port);
          url.searchParams.set('sslmode', 'disable');
          proxy.reset();
          const run = await runAction({ 'database-url': url.toString(), 'migrations-path': dir, lint });
          expect(run.code).toBe(0);
          expect(run.outputs).toMatchObject({ version: '3', 'applied-count': '1' });
          counts[lint] = [proxy.stats().roundTrips];
        } finally {
          await target.drop();
        }
      }
    } finally {
      await proxy.close();
    }
    expect(counts.warn).toEqual(counts.off);
  });

  it("a deploy costs three round trips, the first one too: the lint's read and the migration (with the lock's proof) go together", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'omt-round-trips-first-'));
    writeFileSync(path.join(dir, '1_t1.up.sql'), 'CREATE TABLE t1 (id int PRIMARY KEY);\n');
    writeFileSync(path.join(dir, '2_t2.up.sql'), 'CREATE TABLE t2 (id int PRIMARY KEY);\n');
    // A long round trip: the migration goes out right behind the lint's read, with nothing between
    // them but the client's own work, which a busy machine may pause for some milliseconds.
    const proxy = await startDelayProxy({ roundTripMs: 200 });
    const counts: number[] = [];
    try {
      // one migration a deploy (see above): the first, on a database never migrated; then the next
      for (const target of ['1', '2']) {
        proxy.reset();
        const run = await runAction({ 'database-url': through(proxy.port), 'migrations-path': dir, 'target-version': target });
        expect(run.code, run.stdout).toBe(0);
        expect(run.outputs).toMatchObject({ version: target, 'applied-count': '1' });
        counts.push(proxy.stats().roundTrips);
      }
    } finally {
      await proxy.close();
    }
    // the opening; the lint's catalog read and, right behind it, the migration whose guard proves
    // the lock's session; the unlock
    expect(counts).toEqual([3, 3]);
    expect(await stateOf(db)).toEqual({ version: 2, dirty: false });
  });

  it("a state table outside public: no lock is foreseen, the state is found and the lock is golang-migrate's", async () => {
    const dir = directory();
    await db.query('CREATE SCHEMA elsewhere');
    const url = new URL(db.url);
    url.searchParams.set('options', '-c search_path=elsewhere');
    expect((await runAction({ 'database-url': url.toString(), 'migrations-path': dir })).code).toBe(0);
    expect(await db.query('SELECT version, dirty FROM elsewhere.schema_migrations')).toEqual([{ version: '3', dirty: false }]);
    expect(await stateOf(db).catch(() => null)).toBeNull();
    const check = await runAction({ command: 'check', 'database-url': url.toString(), 'migrations-path': dir });
    expect(check.code).toBe(0);
    expect(check.outputs).toMatchObject({ version: '3', dirty: 'false' });
    // golang-migrate's lock for that schema, held by another session: the run waits and names it
    const holder = await db.client();
    const id = advisoryLockId('elsewhere', 'schema_migrations', `/${db.name}`);
    await holder.query(`SELECT pg_advisory_lock(${id})`);
    const [row] = (await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
    const busy = await runAction({ command: 'check', 'database-url': url.toString(), 'migrations-path': dir, 'lock-timeout': '1' });
    await holder.query(`SELECT pg_advisory_unlock(${id})`);
    expect(busy.code).toBe(1);
    expect(busy.lines.at(-1)).toContain(`could not get the migration lock within 1 s: held by pid ${row!.pid}`);
  });
});
