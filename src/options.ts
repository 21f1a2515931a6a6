/**
 * Inputs and flags → validated Options: every setting is a row of settings/table.ts, resolved
 * (all errors at once, the password masked first) by settings/resolve.ts.
 */
export { resolveOptions, type Options, type RawSettings } from './settings/resolve.js';
