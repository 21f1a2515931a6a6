import type { DriverEvents, DriverOpener, DriverOptions } from '../database/driver.js';
import type { LockHolder } from '../database/lock.js';

/**
 * A driver opened before the engine asks for it: the connection's start-up and its first round
 * trip (lock, state, history: database/opening.ts) then happen while the run reads its migration
 * files, instead of after. Nothing is decided early: the engine takes this driver as if it had
 * just opened it, and reads the same answers from it.
 */
export interface OpenedAhead {
  /** the engine's opener: its first open of the same database and table is the one started ahead */
  readonly opener: DriverOpener;
  /** ends the session opened ahead if the engine never took it (a run that failed before) */
  release(): Promise<void>;
}

/**
 * Starts `open(options)` now. `options` must be what the engine's own open will be given (its
 * events and signal included): an open asked with other settings (a scratch database, another
 * table) is a separate one.
 */
export function openAhead(open: DriverOpener, options: DriverOptions): OpenedAhead {
  const events = new HeldEvents(options.events);
  // release() stops a connection still waiting for the server; the run's signal stops it too
  const released = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, released.signal]) : released.signal;
  const opening = open({ ...options, events, signal });
  // Taken by the engine, or ended by release(): never left to reject unobserved.
  opening.catch(() => {});
  let taken = false;
  return {
    opener: (asked) => {
      if (taken || !sameDriverSettings(asked, options)) return open(asked);
      taken = true;
      // the run's first line is out: what the connection waited for may be told now
      events.release();
      return opening;
    },
    async release() {
      if (taken) return;
      taken = true;
      released.abort(new Error('the run ended before its session was used'));
      const driver = await opening.catch(() => null);
      await driver?.close();
    },
  };
}

function sameDriverSettings(a: DriverOptions, b: DriverOptions): boolean {
  return (
    a.target === b.target &&
    a.migrationsTable === b.migrationsTable &&
    (a.migrationsSchema ?? null) === (b.migrationsSchema ?? null) &&
    a.lockTimeoutMs === b.lockTimeoutMs &&
    a.connectTimeoutMs === b.connectTimeoutMs &&
    a.lockStrategy === b.lockStrategy &&
    a.signal === b.signal &&
    (a.prefetch?.history ?? null) === (b.prefetch?.history ?? null) &&
    (a.prefetch === undefined) === (b.prefetch === undefined)
  );
}

/**
 * The events of a driver opened ahead: a connection retry happens before the run has printed
 * its first line, so it is told once the engine takes the driver, in order.
 */
class HeldEvents implements DriverEvents {
  private held: Array<() => void> | null = [];

  constructor(private readonly to: DriverEvents) {}

  connectRetry(reason: string, attempt: number): void {
    this.tell(() => this.to.connectRetry?.(reason, attempt));
  }

  lockWait(holder: LockHolder | null): void {
    this.tell(() => this.to.lockWait?.(holder));
  }

  release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const tell of held) tell();
  }

  private tell(event: () => void): void {
    if (this.held) this.held.push(event);
    else event();
  }
}
