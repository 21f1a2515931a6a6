import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateServer, type PrivateServer } from '../helpers/private-server.js';
import { requires } from '../helpers/requirements.js';
import { runAction } from '../helpers/run.js';

/**
 * Against a server that takes TLS only (its pg_hba.conf rejects plain TCP): the server's own
 * refusal proves each connection that works is encrypted, and its log, how each session ended.
 */

function opensslMissing(): string | null {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return null;
  } catch {
    return 'the openssl program is not installed (apt-get install openssl); it makes the test certificates';
  }
}

/** A self-signed certificate for the name `localhost` only (not for the address 127.0.0.1). */
function selfSigned(dir: string, name: string): { certificate: string; key: string; file: string } {
  const key = path.join(dir, `${name}.key`);
  const file = path.join(dir, `${name}.crt`);
  execFileSync(
    'openssl',
    [
      'req',
      '-new',
      '-x509',
      '-days',
      '2',
      '-nodes',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost',
      '-keyout',
      key,
      '-out',
      file,
    ],
    { stdio: 'ignore' },
  );
  return { certificate: readFileSync(file, 'utf8'), key: readFileSync(key, 'utf8'), file };
}

const noOpenssl = requires('openssl', opensslMissing());

describe.skipIf(noOpenssl)('TLS', () => {
  let server: PrivateServer;
  let dir: string;
  let migrations: string;
  let serverCertificate: string;
  let otherCertificate: string;
  const url = (database: string, query: string): string => `${server.url(database)}?${query}`;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'omt-tls-'));
    const own = selfSigned(dir, 'server');
    serverCertificate = own.file;
    otherCertificate = selfSigned(dir, 'other').file;
    server = await startPrivateServer({ tls: own });
    const admin = await server.admin();
    try {
      for (const name of ['tls_up', 'tls_refused']) await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    migrations = path.join(dir, 'migrations');
    mkdirSync(migrations);
    writeFileSync(path.join(migrations, '1_t.up.sql'), 'CREATE TABLE t (id int PRIMARY KEY);\n');
  });

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies, and checks, over TLS with sslmode=require and verify-ca, and each session ends cleanly', async () => {
    const up = await runAction({ 'database-url': url('tls_up', 'sslmode=require'), 'migrations-path': migrations });
    expect(up.code, up.stdout).toBe(0);
    expect(up.outputs).toMatchObject({ status: 'applied', version: '1' });
    // verify-ca checks the certificate authority, not the name: 127.0.0.1 is not in the certificate
    const check = await runAction({
      command: 'check',
      'database-url': url('tls_up', `sslmode=verify-ca&sslrootcert=${encodeURIComponent(serverCertificate)}`),
      'migrations-path': migrations,
    });
    expect(check.code, check.stdout).toBe(0);
    expect(check.outputs).toMatchObject({ version: '1', dirty: 'false' });
    const log = server.log();
    const ours = log.split('\n').filter((line) => /connection authorized: .*database=tls_up application_name=oforum-migrate/.test(line));
    expect(ours, log).toHaveLength(2);
    for (const line of ours) expect(line).toMatch(/SSL enabled \(protocol=TLS/);
    // a session that ended with Terminate logs its disconnection and nothing about the client
    expect(log).not.toMatch(/could not receive data from client|unexpected EOF|SSL error|connection reset/i);
    expect(log.match(/disconnection: .*database=tls_up/g)?.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses a certificate that sslrootcert did not sign, saying what was checked against what', async () => {
    const run = await runAction({
      command: 'check',
      'database-url': url('tls_refused', `sslmode=verify-ca&sslrootcert=${encodeURIComponent(otherCertificate)}`),
      'migrations-path': migrations,
    });
    expect(run.code).toBe(1);
    expect(run.lines.at(-1)).toBe(
      `✗ Failed to connect: the server's TLS certificate is not trusted (self-signed certificate): sslmode=verify-ca verifies it against sslrootcert ${otherCertificate}; set sslrootcert to the certificate authority that signed it (a hosted database's provider publishes its own), or use sslmode=require without sslrootcert to encrypt without verifying`,
    );
  });

  it('refuses, with verify-full, a certificate that is not for the host it connects to', async () => {
    const run = await runAction({
      command: 'check',
      'database-url': url('tls_refused', `sslmode=verify-full&sslrootcert=${encodeURIComponent(serverCertificate)}`),
      'migrations-path': migrations,
    });
    expect(run.code).toBe(1);
    expect(run.lines.at(-1)).toMatch(
      /^✗ Failed to connect: the server's TLS certificate is not for 127\.0\.0\.1 \(.+\): sslmode=verify-full checks the name; connect by a name the certificate holds, or use sslmode=verify-ca, which checks the certificate authority and not the name$/,
    );
  });

  it("verify-full without sslrootcert checks against the system's authorities, and says so", async () => {
    const run = await runAction({
      command: 'check',
      'database-url': url('tls_refused', 'sslmode=verify-full'),
      'migrations-path': migrations,
    });
    expect(run.code).toBe(1);
    expect(run.lines.at(-1)).toContain(
      "sslmode=verify-full verifies it against the system's certificate authorities (database-url names no sslrootcert)",
    );
  });

  it("without sslmode, TLS whenever the server offers it (libpq's default, prefer): this server refuses plain connections", async () => {
    const run = await runAction({ command: 'check', 'database-url': server.url('tls_up'), 'migrations-path': migrations });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ version: '1' });
  });

  it("a plain connection is the server's to refuse, and its reason is given", async () => {
    const run = await runAction({ command: 'check', 'database-url': url('tls_refused', 'sslmode=disable'), 'migrations-path': migrations });
    expect(run.code).toBe(1);
    expect(run.lines.at(-1)).toBe(
      '✗ Failed to connect: pg_hba.conf rejects connection for host "127.0.0.1", user "postgres", database "tls_refused", no encryption',
    );
  });
});
