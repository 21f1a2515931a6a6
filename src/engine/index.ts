export { runCheck, runForce, runUp, type CommandOptions } from './commands.js';
export type { Scratch } from './verify-command.js';
export type { EngineEvents } from './events.js';
export { blankResult } from './result.js';
export type { AppliedMigration, Command, PendingMigration, Proof, RunResult, Status } from './result.js';
export type { LockStrategy } from './session.js';
