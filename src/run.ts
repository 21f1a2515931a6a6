// The bundle's second part, dist/run/index.js: everything a run needs beyond what the entry
// (index.ts) answers by itself. Built apart, so that it is minified like a main bundle (the
// bundler leaves the chunks it splits off as they are) and `--version` never reads it.
import './runtime-shims.js';

export { main } from './main.js';

/** verify's detached watchdog: drops the scratch database when the run that made it is gone. */
export async function runWatchdog(value: string): Promise<void> {
  const { runScratchWatchdog } = await import('./database/scratch-database.js');
  await runScratchWatchdog(value);
}
