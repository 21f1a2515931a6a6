// Entry point of both the action (the runner starts `node dist/index.js` with INPUT_* variables)
// and the CLI (`oforum-migrate [command] [flags]`).
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2), process.env);
