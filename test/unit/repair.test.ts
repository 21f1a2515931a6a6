import { describe, expect, it } from 'vitest';
import { repairLines } from '../../src/report/repair.js';
import { failed } from '../helpers/report-results.js';

describe('how to repair a dirty database', () => {
  it('found dirty: names both ways the failed step could have gone', () => {
    const [first, workflow] = repairLines(failed('dirty', 'Dirty database version 1.', {}, { version: 1n, dirty: true }))!;
    expect(first).toContain(
      'matches version 1, or the version it was moving from: the one before it if an up failed, the one after it if a down failed',
    );
    expect(workflow).toContain('force-version: 1');
  });

  it('left dirty by a failed down: the schema lies between the target and the version reverted', () => {
    const run = failed(
      'sql',
      'boom',
      { version: 2n },
      { version: 1n, dirty: true, failedStep: { version: 2n, name: 'b', direction: 'down' } },
    );
    expect(repairLines(run)![0]).toContain('matches version 1 (as if the down of 2 had finished) or version 2 (as if it had not run)');
  });

  it('left dirty by a failed up: the schema lies between the version and the one before', () => {
    const run = failed(
      'sql',
      'boom',
      { version: 3n },
      { version: 3n, dirty: true, failedStep: { version: 3n, name: 'c', direction: 'up' } },
    );
    expect(repairLines(run)![0]).toContain('matches version 3 (as if its migration had finished) or the version before it');
  });

  it('dirty with no version (the first migration’s down failed): force -1', () => {
    const lines = repairLines(failed('dirty', 'Dirty database version -1.', {}, { version: -1n, dirty: true }))!;
    expect(lines[0]).toContain('the database is dirty at no version');
    expect(lines[1]).toContain('force-version: -1');
    expect(lines[2]).toContain('oforum-migrate force -1 ');
  });
});
