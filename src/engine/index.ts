export { runCheck, runForce, runUp } from './commands.js';
export type { CommandOptions, Scratch } from './command-options.js';
export type { EngineEvents } from './events.js';
export { blankResult } from './result.js';
export type { AppliedMigration, Command, PendingMigration, Proof, RunResult, Status } from './result.js';
export type { LockStrategy } from '../database/driver.js';
