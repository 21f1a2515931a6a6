import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { migrationDirectory } from '../helpers/golang-migrate.js';
import { spawnRun } from '../helpers/spawn-run.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The TCP connections of process `pid`, as the kernel lists them: state, remote port, timer. */
function connectionsOf(pid: number): { state: string; remotePort: number; timer: string; whenTicks: number }[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    let target: string;
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue; // closed meanwhile
    }
    const match = /^socket:\[(\d+)\]$/.exec(target);
    if (match) inodes.add(match[1]!);
  }
  const found = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10 || !inodes.has(fields[9]!)) continue;
      const [timer, when] = fields[5]!.split(':');
      found.push({ state: fields[3]!, remotePort: parseInt(fields[2]!.split(':')[1]!, 16), timer: timer!, whenTicks: parseInt(when!, 16) });
    }
  }
  return found;
}

describe('a connection silent while a migration runs', () => {
  it('is probed by TCP keepalive after 15 s, as Go dials (golang-migrate, the oForum server)', async () => {
    const directory = migrationDirectory({ '1_slow.up.sql': 'SELECT pg_sleep(600);\n' });
    const run = spawnRun({ inputs: { 'database-url': db.url, 'migrations-path': directory } });
    try {
      // the migration is running on the server: the session is silent until it ends
      let sleeping = false;
      for (let tries = 0; tries < 1200 && !sleeping && !run.exited(); tries++) {
        const rows = await db.query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'oforum-migrate' AND wait_event = 'PgSleep'`,
          [db.name],
        );
        sleeping = Number(rows[0]!.n) > 0;
        if (!sleeping) await sleep(50);
      }
      expect(sleeping, run.stdout()).toBe(true);
      const port = Number(new URL(db.url).port || 5432);
      const toServerNow = () =>
        connectionsOf(run.child.pid!).filter((connection) => connection.state === '01' && connection.remotePort === port);
      // Data just sent and not yet acknowledged (the server's kernel may delay its ACK) shows the
      // retransmit timer (01) instead: wait for it to settle, to no timer (00) or keepalive's (02).
      let toServer = toServerNow();
      for (let tries = 0; tries < 100 && toServer.some((connection) => connection.timer === '01'); tries++) {
        await sleep(50);
        toServer = toServerNow();
      }
      expect(toServer.length).toBeGreaterThan(0);
      for (const connection of toServer) {
        // 02: the keepalive timer runs; it fires within 15 s (the kernel counts in 1/100 s)
        expect(connection.timer).toBe('02');
        expect(connection.whenTicks).toBeLessThanOrEqual(1500);
      }
    } finally {
      run.child.kill('SIGTERM');
      await run.done;
    }
  });
});
