import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/database.js';
import { startPrivateServer, type PrivateServer } from '../helpers/private-server.js';
import { fixture, runAction, runCli } from '../helpers/run.js';

/**
 * What a run loads of Node's own modules: node:crypto costs 5–14 ms of a start (src/crypto-on-demand.ts)
 * and is loaded only for what needs it, in this tool's code and in pg's (patches/pg+*.patch).
 */
let scratch: string;
let preload: string;

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'omt-start-up-'));
  preload = path.join(scratch, 'loaded-modules.cjs');
  // written at exit: every built-in module the process loaded, one a line
  writeFileSync(
    preload,
    `process.on('exit', () => require('node:fs').writeFileSync(process.env.LOADED_MODULES_FILE, process.moduleLoadList.join('\\n')));\n`,
  );
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

let runs = 0;
/** The environment that makes a run write what it loaded, and how to read it afterwards. */
function watchLoads(): { env: NodeJS.ProcessEnv; loaded: () => string[] } {
  const file = path.join(scratch, `loaded-${++runs}.txt`);
  return {
    env: { NODE_OPTIONS: `--require ${preload}`, LOADED_MODULES_FILE: file },
    loaded: () => readFileSync(file, 'utf8').split('\n'),
  };
}

describe('what a run loads', () => {
  it('applies and then checks the embedded set, as the action, without loading node:crypto, node:dns or perf_hooks (nor node:v8 when there is nothing to do)', async () => {
    const db = await createTestDatabase();
    try {
      for (const expected of ['applied', 'up-to-date']) {
        const watch = watchLoads();
        const run = await runAction({ 'database-url': db.url }, watch.env);
        expect(run.code, run.stdout + run.stderr).toBe(0);
        expect(run.outputs.status).toBe(expected);
        // outputs were written, each with its random delimiter
        expect(run.outputs.version).toMatch(/^\d+$/);
        expect(watch.loaded()).toContain('NativeModule net');
        expect(watch.loaded()).not.toContain('NativeModule crypto');
        expect(watch.loaded()).not.toContain('NativeModule dns');
        // durations are timed with process.hrtime: `performance` would load perf_hooks (engine/clock.ts)
        expect(watch.loaded()).not.toContain('NativeModule perf_hooks');
        // the lint's parser sets V8's flags for the WebAssembly when there are files to lint
        if (expected === 'up-to-date') expect(watch.loaded()).not.toContain('NativeModule v8');
      }
    } finally {
      await db.drop();
    }
  });

  it('loads node:crypto to hash the files of a directory, and node:v8 to settle the heap before', async () => {
    const db = await createTestDatabase();
    try {
      const watch = watchLoads();
      const run = await runCli(['check', '--database-url', db.url, '--migrations-path', fixture('basic')], watch.env);
      expect(run.stderr).toBe('');
      expect(watch.loaded()).toContain('NativeModule crypto');
      expect(watch.loaded()).toContain('NativeModule v8');
    } finally {
      await db.drop();
    }
  });
});

describe('when the connection starts', () => {
  it("makes the connection's system call before it reads a directory's files", async () => {
    // Node makes a socket's connect() call on process.nextTick: a run that read its files before
    // yielding left the server idle until they were read (main.ts). The preload records, in order,
    // each connect() of a TCP handle and each migration file read.
    const events = path.join(scratch, 'order.txt');
    const order = path.join(scratch, 'order.cjs');
    writeFileSync(
      order,
      `const fs = require('node:fs'); const net = require('node:net'); const seen = [];
const readFileSync = fs.readFileSync;
fs.readFileSync = function (file, ...rest) { if (/\\.sql$/.test(String(file))) seen.push('read'); return readFileSync.call(this, file, ...rest); };
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const socket = connect.apply(this, args);
  const handle = this._handle;
  if (handle && typeof handle.connect === 'function' && !handle.recorded) {
    const syscall = handle.connect;
    handle.connect = function (...inner) { seen.push('connect'); return syscall.apply(this, inner); };
    handle.recorded = true;
  }
  return socket;
};
process.on('exit', () => fs.writeFileSync(process.env.ORDER_FILE, seen.join('\\n')));
`,
    );
    const db = await createTestDatabase();
    try {
      const run = await runCli(['check', '--database-url', db.url, '--migrations-path', fixture('basic')], {
        NODE_OPTIONS: `--require ${order}`,
        ORDER_FILE: events,
      });
      expect(run.code, run.stdout + run.stderr).toBe(0);
      const seen = readFileSync(events, 'utf8').split('\n');
      expect(seen).toContain('read');
      expect(seen[0]).toBe('connect');
    } finally {
      await db.drop();
    }
  });
});

describe('a server that asks for a password', () => {
  const roles = [
    { name: 'scram_migrator', password: 'scram-Pw-17', method: 'scram-sha-256' },
    { name: 'md5_migrator', password: 'md5-Pw-17', method: 'md5' },
  ] as const;
  let server: PrivateServer;

  beforeAll(async () => {
    server = await startPrivateServer({ passwordRoles: roles });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  it.each(roles)('signs in with $method and applies the embedded set', async (role) => {
    const admin = await server.admin();
    const database = `start_up_${role.name}`;
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${database}`);
      await admin.query(`CREATE DATABASE ${database} OWNER ${role.name}`);
      const url = `postgres://${role.name}:${role.password}@127.0.0.1:${server.port}/${database}?sslmode=disable`;
      const run = await runAction({ 'database-url': url });
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.outputs.status).toBe('applied');
      const wrong = await runAction({ 'database-url': url.replace(role.password, 'not-the-password') });
      expect(wrong.code).toBe(1);
      expect(wrong.lines.at(-1)).toMatch(/^✗ Failed to connect: password authentication failed for user "\w+"$/);
    } finally {
      await admin.end();
    }
  });
});
