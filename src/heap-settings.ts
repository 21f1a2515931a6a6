import type * as V8 from 'node:v8';
import { loadBuiltin } from './builtin-modules.js';

/**
 * V8's heap settings for a run, set from inside the process (an action cannot pass flags to
 * `node`), before the heap has grown: before a directory's files are read. A run of the embedded
 * set (a handful of files) neither sets them nor loads node:v8 (a millisecond of its start).
 *
 * A run allocates much more than it keeps: each of thousands of migration files is read, lexed,
 * parsed by the lint, sent and reported, and dropped. Left to its defaults, V8 answers a high
 * allocation rate by doubling its young generation up to 16 MiB per semi-space, and lets the old
 * generation grow to four times what survived its last full collection before collecting again:
 * peak memory then grows with the number of migrations while what the run keeps barely does.
 * Here the young generation keeps its starting size (`semi-space-growth-factor` is read each time
 * V8 would grow it), and the old generation may grow by half of what survived before a full
 * collection (`heap-growing-percent`, read each time the limit is computed). A run keeps little
 * (what it holds per migration: architecture.md, "Memory"), so those collections are short.
 */
export function settleHeap(): void {
  const { setFlagsFromString } = loadBuiltin<typeof V8>('node:v8');
  setFlagsFromString('--semi-space-growth-factor=1');
  setFlagsFromString('--heap-growing-percent=50');
}
