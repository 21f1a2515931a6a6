import type { CommandOptions } from '../../../src/engine/command-options.js';
import type { EngineEvents } from '../../../src/engine/events.js';
import { migrationChecksum } from '../../../src/source/checksum.js';
import { buildMigrationSet } from '../../../src/source/index.js';
import { FakeClock, MemoryDatabase } from './memory-driver.js';

/** A migration set from `{ fileName: sql }`, as a migrations directory would give it. */
export function migrationSet(files: Record<string, string>) {
  return buildMigrationSet(
    'm',
    Object.entries(files).map(([fileName, sql]) => ({ fileName, displayPath: `m/${fileName}`, sql })),
  );
}

/** Every event the engine told, as readable lines. */
export function recordEvents(): { events: EngineEvents; log: string[] } {
  const log: string[] = [];
  return {
    log,
    events: {
      lockWait: (holder) => log.push(`lock wait: pid ${holder?.pid}`),
      planned: (state, count) => log.push(`planned: version ${state.version}, ${count} pending`),
      migrationStart: (migration, mode) => log.push(`start ${migration.version} ${mode}`),
      migrationDone: (applied) => log.push(`done ${applied.version} retries ${applied.retries}`),
      migrationRetry: (migration, attempt, retries, delayMs, reason) =>
        log.push(`retry ${migration.version} ${migration.name} ${attempt}/${retries} in ${delayMs} ms: ${reason}`),
    },
  };
}

export interface EngineSetup {
  db: MemoryDatabase;
  clock: FakeClock;
  log: string[];
  options: CommandOptions;
}

/** The options of a run against an in-memory database, with the defaults of the action. */
export function engineSetup(files: Record<string, string>, overrides: Partial<CommandOptions> = {}): EngineSetup {
  const db = new MemoryDatabase();
  const clock = new FakeClock();
  const { events, log } = recordEvents();
  const options: CommandOptions = {
    openDriver: db.open,
    clock,
    events,
    target: { connectionString: 'postgres://memory/db', display: 'memory/db', lockDatabaseName: '/db', secrets: [] },
    migrationsTable: 'schema_migrations',
    lockTimeoutMs: 60_000,
    connectTimeoutMs: 30_000,
    lockStrategy: 'session',
    set: migrationSet(files),
    failOnPending: false,
    statementLockTimeoutMs: 10_000,
    statementLockRetries: 3,
    history: { table: 'schema_migrations_history' },
    allowEdited: false,
    appliedBy: { actor: 'tester@host', runUrl: null, commit: null },
    drift: null,
    ...overrides,
  };
  return { db, clock, log, options };
}

/** The history this tool would have written for versions applied from `files` (no previous versions). */
export function recordHistory(db: MemoryDatabase, files: Record<string, string>, versions: bigint[]): void {
  const rows = versions.map((version) => {
    const [fileName, sql] = Object.entries(files).find(([name]) => name.startsWith(`${version}_`) && name.endsWith('.up.sql'))!;
    return {
      version,
      name: fileName.replace(/^\d+_(.*)\.up\.sql$/, '$1'),
      checksum: migrationChecksum(sql),
      appliedAt: new Date(0),
      durationMs: 1,
      appliedBy: 'earlier',
      runUrl: null,
      commit: null,
    };
  });
  db.histories.set('schema_migrations_history', rows);
}
