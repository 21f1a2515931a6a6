import { appendFileSync } from 'node:fs';
import type { Reporter, SerializedError, TestModule } from 'vitest/node';

/**
 * Ends the run with the reasons of skipped tests that gave one (see requirements.ts), a line
 * naming each failed test with the first and last lines of its error, then one plain line,
 * `N passed, N failed, N skipped`, which CI systems that do not know vitest's own summary can
 * read. A test file that failed without a failed test (it did not load, or a hook failed) counts
 * as one failure, and so does an error outside any test: the line never says `0 failed` when
 * vitest fails. With TEST_COUNTS_FILE set, the counts are also appended there, and with
 * TEST_FAILURES_FILE the failure lines: .ci/run repeats them in its last lines, which are the
 * part of a long CI log that is sure to be kept.
 */
export default class ClosingLineReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError> = []): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const notes: string[] = [];
    const failures: string[] = [];
    for (const module of testModules) {
      const file = module.moduleId.replace(`${process.cwd()}/`, '');
      let failedTests = 0;
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state === 'passed') counts.passed++;
        else if (result.state === 'failed') {
          failedTests++;
          failures.push(`failed: ${file} > ${test.fullName}: ${gist(result.errors[0])}`);
        } else if (result.state === 'skipped') {
          counts.skipped++;
          if (result.note) notes.push(`skipped: ${file}: ${result.note}`);
        }
        // 'pending': never ran, because its file failed; the file is counted below.
      }
      counts.failed += failedTests;
      if (failedTests === 0 && (module.state() === 'failed' || module.errors().length > 0)) {
        counts.failed++;
        // a hook that failed (beforeAll) leaves its error on its suite, not on the module
        const errors = [...module.errors(), ...[...module.children.allSuites()].flatMap((suite) => suite.errors())];
        failures.push(`failed: ${file}: ${gist(errors[0])}`);
      }
    }
    counts.failed += unhandledErrors.length;
    for (const error of unhandledErrors) failures.push(`failed: outside any test: ${gist(error)}`);
    const out = [...new Set(notes), ...failures, `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`];
    process.stdout.write(`\n${out.join('\n')}\n`);
    // .ci/run runs vitest several times and adds the counts up at the end.
    if (process.env.TEST_COUNTS_FILE) appendFileSync(process.env.TEST_COUNTS_FILE, `${counts.passed} ${counts.failed} ${counts.skipped}\n`);
    if (process.env.TEST_FAILURES_FILE && failures.length > 0) appendFileSync(process.env.TEST_FAILURES_FILE, `${failures.join('\n')}\n`);
  }
}

/**
 * An error's first line and, when it has more, its last: an assertion given a message of several
 * lines (a run's output) starts with that message and ends with what was expected. Each part is
 * kept short: enough to tell one failure from another.
 */
function gist(error: { message?: string } | undefined): string {
  const lines = (error?.message ?? 'no error message').split('\n').filter((line) => line.trim() !== '');
  const short = (line: string): string => (line.length > 300 ? `${line.slice(0, 300)}…` : line);
  const first = short(lines[0] ?? 'no error message');
  return lines.length > 1 ? `${first} … ${short(lines.at(-1)!.trim())}` : first;
}
