/**
 * SIGINT and SIGTERM during a run. GitHub cancels a job with SIGINT, then SIGTERM about 7.5 s
 * later, then SIGKILL; Ctrl-C sends SIGINT. The first signal aborts the run's AbortSignal: the
 * sessions cancel their statements and refuse new ones (database/cancel.ts), the engine stops,
 * and the run reports itself cancelled through the usual outputs, summary and last line. A second
 * signal, or a run that has not ended GIVE_UP_MS after the first, ends the process at once.
 */
export const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
export type RunSignal = (typeof SIGNALS)[number];

/** Well within the 7.5 s GitHub leaves between SIGINT and SIGTERM. */
export const GIVE_UP_MS = 6000;

export interface SignalWatch {
  signal: AbortSignal;
  /** stops listening (the run is over) */
  stop(): void;
}

let watching = 0;

/** Whether a run is handling SIGINT and SIGTERM itself (embedded/running-servers.ts then waits). */
export function runHandlesSignals(): boolean {
  return watching > 0;
}

export function watchSignals(handlers: {
  /** the first signal: the run is being cancelled */
  first(name: RunSignal): void;
  /** a second signal, or no end GIVE_UP_MS after the first: the process must end now */
  exitNow(name: RunSignal, second: boolean): void;
}): SignalWatch {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const onSignal = (name: NodeJS.Signals): void => {
    const signal = name as RunSignal;
    if (controller.signal.aborted) {
      handlers.exitNow(signal, true);
      return;
    }
    controller.abort(signal);
    timer = setTimeout(() => handlers.exitNow(signal, false), GIVE_UP_MS);
    timer.unref();
    handlers.first(signal);
  };
  watching++;
  for (const name of SIGNALS) process.on(name, onSignal);
  return {
    signal: controller.signal,
    stop() {
      if (stopped) return;
      stopped = true;
      watching--;
      clearTimeout(timer);
      for (const name of SIGNALS) process.off(name, onSignal);
    },
  };
}
