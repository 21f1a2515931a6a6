import { describe, expect, it } from 'vitest';
import { splitStatements } from '../../../src/sql/index.js';
import { findSuppressions } from '../../../src/lint/suppressions.js';

function suppressionsOf(sql: string) {
  const found = findSuppressions(sql, splitStatements(sql).statements);
  return { statements: Object.fromEntries(found.statements), file: found.file, invalid: found.invalid };
}

describe('oforum-migrate:ignore comments', () => {
  it('apply to the statement that follows them, with the rules and the reason', () => {
    const sql = 'SELECT 1;\n-- oforum-migrate:ignore create-index-blocks-writes, lock-table: tiny table\nCREATE INDEX i ON t (a);\n';
    expect(suppressionsOf(sql).statements).toEqual({ 1: [{ rules: ['create-index-blocks-writes', 'lock-table'], reason: 'tiny table' }] });
  });

  it('apply to the statement they trail on its last line', () => {
    const sql = 'CREATE INDEX i ON t (a); -- oforum-migrate:ignore create-index-blocks-writes: tiny table\nSELECT 1;\n';
    expect(Object.keys(suppressionsOf(sql).statements)).toEqual(['0']);
  });

  it('apply to the statement they are written inside', () => {
    const sql = 'ALTER TABLE t\n  -- oforum-migrate:ignore set-not-null-scans: proven by a check\n  ALTER COLUMN a SET NOT NULL;\n';
    expect(Object.keys(suppressionsOf(sql).statements)).toEqual(['0']);
  });

  it('cover the whole file with ignore-file', () => {
    const sql = '-- oforum-migrate:ignore-file down-drops-data: development only\nDROP TABLE a;\nDROP TABLE b;\n';
    expect(suppressionsOf(sql).file).toEqual([{ rules: ['down-drops-data'], reason: 'development only' }]);
  });

  it('are refused without a reason, with an unknown rule, or for a rule that cannot be ignored', () => {
    const sql = [
      '-- oforum-migrate:ignore create-index-blocks-writes',
      '-- oforum-migrate:ignore create-index-blocks-writes:   ',
      '-- oforum-migrate:ignore no-such-rule: because',
      '-- oforum-migrate:ignore syntax-error: because',
      'CREATE INDEX i ON t (a);',
    ].join('\n');
    const found = suppressionsOf(sql);
    expect(found.statements).toEqual({});
    expect(found.invalid.map((problem) => [problem.line, problem.column, problem.message])).toEqual([
      [1, 1, expect.stringContaining('the reason is required')],
      [2, 1, expect.stringContaining('the reason is required')],
      [3, 1, 'unknown rule "no-such-rule" in oforum-migrate:ignore'],
      [4, 1, 'syntax-error cannot be ignored'],
    ]);
  });

  it('count only in comments: not in strings, dollar-quoted bodies or block comments', () => {
    const sql = [
      "SELECT '-- oforum-migrate:ignore lock-table: in a string';",
      'DO $$ BEGIN -- oforum-migrate:ignore lock-table: in a body',
      'END $$;',
      '/* -- oforum-migrate:ignore lock-table: in a block comment */',
      'LOCK TABLE t;',
    ].join('\n');
    expect(suppressionsOf(sql)).toEqual({ statements: {}, file: [], invalid: [] });
  });

  it('say when no statement follows them', () => {
    expect(suppressionsOf('SELECT 1;\n\n-- oforum-migrate:ignore lock-table: nothing after\n').invalid).toEqual([
      { line: 3, column: 1, message: 'oforum-migrate:ignore is not followed by a statement' },
    ]);
  });
});

describe('oforum-migrate:ignore look-alikes', () => {
  it('are refused in a block comment, and in another case, instead of being silently ignored', () => {
    const sql = [
      '/* oforum-migrate:ignore lock-table: in a block comment */',
      '-- OFORUM-MIGRATE:IGNORE lock-table: upper case',
      '-- Oforum-Migrate:Ignore-File lock-table: mixed case',
      'LOCK TABLE t;',
    ].join('\n');
    const found = suppressionsOf(sql);
    expect(found.statements).toEqual({});
    expect(found.file).toEqual([]);
    expect(found.invalid.map((problem) => [problem.line, problem.column, problem.message])).toEqual([
      [1, 1, expect.stringContaining('not in a block comment: write it as -- oforum-migrate:ignore rule-name:')],
      [2, 1, expect.stringContaining('only in lower case: write it as -- oforum-migrate:ignore rule-name:')],
      [3, 1, expect.stringContaining('only in lower case: write it as -- oforum-migrate:ignore-file rule-name:')],
    ]);
  });
});
