import { appendFileSync } from 'node:fs';
import type { Reporter, SerializedError, TestModule } from 'vitest/node';

/**
 * Ends the run with the reasons of skipped tests that gave one (see requirements.ts), then one
 * plain line, `N passed, N failed, N skipped`, which CI systems that do not know vitest's own
 * summary can read. A test file that failed without a failed test (it did not load, or a hook
 * failed) counts as one failure, and so does an error outside any test: the line never says
 * `0 failed` when vitest fails. With TEST_COUNTS_FILE set, the counts are also appended there.
 */
export default class ClosingLineReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError> = []): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const notes: string[] = [];
    for (const module of testModules) {
      let failedTests = 0;
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state === 'passed') counts.passed++;
        else if (result.state === 'failed') failedTests++;
        else if (result.state === 'skipped') {
          counts.skipped++;
          if (result.note) notes.push(`skipped: ${module.moduleId.replace(`${process.cwd()}/`, '')}: ${result.note}`);
        }
        // 'pending': never ran, because its file failed; the file is counted below.
      }
      counts.failed += failedTests;
      if (failedTests === 0 && (module.state() === 'failed' || module.errors().length > 0)) counts.failed++;
    }
    counts.failed += unhandledErrors.length;
    const out = [...new Set(notes), `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`];
    process.stdout.write(`\n${out.join('\n')}\n`);
    // .ci/run runs vitest several times and adds the counts up at the end.
    if (process.env.TEST_COUNTS_FILE) appendFileSync(process.env.TEST_COUNTS_FILE, `${counts.passed} ${counts.failed} ${counts.skipped}\n`);
  }
}
