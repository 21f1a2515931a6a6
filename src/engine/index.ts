export { runCheck, runForce, runUp, type CommandOptions } from './commands.js';
export type { EngineEvents } from './events.js';
export type { AppliedMigration, Command, PendingMigration, RunResult, Status } from './result.js';
export type { LockStrategy } from './session.js';
