import type { DriverEvents } from '../database/driver.js';
import type { DatabaseState } from '../database/state-table.js';
import type { Version } from '../migration-version.js';
import type { AppliedMigration, RunMode } from './result.js';

/**
 * What the engine tells reporters while it runs (the console prints them as they happen).
 * Reporters only show; they never decide.
 */
export interface EngineEvents extends DriverEvents {
  /** the state was read under the lock and the plan made */
  planned?(state: DatabaseState, pendingCount: number): void;
  migrationStart?(migration: { version: Version; name: string }, mode: RunMode, because: string | null): void;
  migrationDone?(applied: AppliedMigration): void;
  /** a migration (or one statement of it) met a lock timeout or a deadlock and runs again */
  migrationRetry?(migration: { version: Version; name: string }, attempt: number, retries: number, delayMs: number, reason: string): void;
}

/**
 * `events`, calling `first` once, before the first migrationStart reaches them (the first
 * migration's message is about to go out). A proxy: every other event, and the reporter's own
 * state, stay the reporter's.
 */
export function onFirstMigrationStart(events: EngineEvents, first: () => void): EngineEvents {
  let told = false;
  const migrationStart: EngineEvents['migrationStart'] = (...args) => {
    if (!told) {
      told = true;
      first();
    }
    events.migrationStart?.(...args);
  };
  return new Proxy(events, {
    get: (target, key, receiver) => (key === 'migrationStart' ? migrationStart : Reflect.get(target, key, receiver)),
  });
}
