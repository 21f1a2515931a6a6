import { closeSync, openSync, readSync } from 'node:fs';
import type * as NodeCryptoModule from 'node:crypto';
import { loadBuiltin } from './builtin-modules.js';

type NodeCrypto = typeof NodeCryptoModule;

let loaded: NodeCrypto | undefined;

/**
 * node:crypto, loaded on its first use. Loading it costs 5–8 ms of a run's start on Node 20 and
 * 8–14 ms on Node 24 (it loads some twenty internal modules), as much as the rest of a run with
 * nothing to do: a run that hashes no file and signs no password (the embedded set, whose
 * checksums were taken when the bundle was built, on a server that trusts the connection) never
 * loads it. No module of the run imports node:crypto at its top (eslint keeps it so).
 */
export function nodeCrypto(): NodeCrypto {
  return (loaded ??= loadBuiltin<NodeCrypto>('node:crypto'));
}

/**
 * Loads what a connection will need once the server answers, right after it has started, while
 * the run waits for the server: node:tls (which loads node:crypto) for TLS, node:crypto for a
 * password challenge (SCRAM or MD5). Loaded when the answer arrives instead, they would cost their
 * milliseconds after the round trip rather than during it.
 */
export function warmConnectionModules(needs: { tls: boolean; password: boolean }): void {
  if (needs.tls) setImmediate(() => loadBuiltin('node:tls'));
  else if (needs.password) setImmediate(nodeCrypto);
}

/**
 * A random UUID (version 4), from the operating system's random source without loading
 * node:crypto where /dev/urandom exists (Linux and macOS runners), from node:crypto elsewhere.
 * Both are the kernel's cryptographically secure generator.
 */
export function randomUuid(): string {
  const bytes = urandom(16);
  if (!bytes) return nodeCrypto().randomUUID();
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `length` random bytes as hex, from the same sources as randomUuid. */
export function randomHex(length: number): string {
  return (urandom(length) ?? nodeCrypto().randomBytes(length)).toString('hex');
}

function urandom(length: number): Buffer | null {
  let fd: number;
  try {
    fd = openSync('/dev/urandom', 'r');
  } catch {
    return null;
  }
  try {
    const bytes = Buffer.alloc(length);
    // reads from /dev/urandom return what was asked for at these sizes (up to 32 MiB), never less
    return readSync(fd, bytes, 0, length, null) === length ? bytes : null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
