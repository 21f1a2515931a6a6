import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BUNDLE, fixture } from '../helpers/run.js';

const run = promisify(execFile);
const GNU_TIME = '/usr/bin/time';

// PostgreSQL's parser is WebAssembly. Unless the run keeps it to V8's baseline compiler (the flags
// in src/lint/parser.ts), Node 24 compiles its largest function again in the background after a
// few parses: about 550 MB more and 2 s more, which the process waits for before it exits.
describe('the lint’s parser on this Node', () => {
  it.skipIf(!existsSync(GNU_TIME))('lints a migration set without compiling the parser again in the background', async () => {
    const { stderr } = await run(
      GNU_TIME,
      ['-f', 'peak %M', process.execPath, BUNDLE, 'lint', '--migrations-path', fixture('lint-outage'), '--lint', 'warn'],
      {
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
      },
    );
    const peakKiB = Number(/peak (\d+)/.exec(stderr)?.[1]);
    expect(peakKiB, stderr).toBeGreaterThan(0);
    expect(peakKiB / 1024, `peak RSS of the lint on Node ${process.versions.node}`).toBeLessThan(300);
  });
});
