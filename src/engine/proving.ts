// verify and drift replay migrations on a scratch database and compare catalogs: one module,
// loaded only by the runs that need it, so the bundle carries the catalog code once.
export { runVerify } from './verify-command.js';
export { detectDrift } from './drift.js';
