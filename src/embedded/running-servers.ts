import { runHandlesSignals } from '../signals.js';

/**
 * Cleanup for what an embedded run leaves while it is running (the server process, its work
 * directory), done when the process ends before stop(): on Ctrl-C or a cancelled job (SIGINT,
 * SIGTERM) and on an exit. Without it the server would outlive the tool and its temporary data
 * would stay behind.
 */
const cleanups = new Set<() => void>();
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
const SIGNAL_NUMBERS: Record<(typeof SIGNALS)[number], number> = { SIGINT: 2, SIGTERM: 15 };

/** Registers `cleanup` until the returned function is called. */
export function untilExit(cleanup: () => void): () => void {
  if (cleanups.size === 0) {
    process.on('exit', runAll);
    for (const signal of SIGNALS) process.on(signal, onSignal);
  }
  cleanups.add(cleanup);
  return () => {
    if (!cleanups.delete(cleanup) || cleanups.size > 0) return;
    process.off('exit', runAll);
    for (const signal of SIGNALS) process.off(signal, onSignal);
  };
}

function runAll(): void {
  // Latest first: the server stops before its directory goes.
  for (const cleanup of [...cleanups].reverse()) {
    try {
      cleanup();
    } catch {
      // Best effort: the process is ending.
    }
  }
  cleanups.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  // A run that handles the signal stops its server itself; the exit hook is the last resort.
  if (runHandlesSignals()) return;
  runAll();
  process.exit(128 + (SIGNAL_NUMBERS[signal as (typeof SIGNALS)[number]] ?? 0));
}
