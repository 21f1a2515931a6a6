import { loadModule } from 'libpg-query';
import { beforeAll, describe, expect, it } from 'vitest';
import { offsetToLineColumn, splitStatements, type SplitResult } from '../../../src/sql/index.js';
import { generateNoise, referenceScan } from '../../helpers/sql-generator.js';

/** Noise inputs per run; SQL_FUZZ_SEEDS raises it for a longer local run. */
const SEEDS = 2 * Number(process.env.SQL_FUZZ_SEEDS ?? 2000);
const MAX_REPORTED = 5;
const KINDS = new Set(['transactional', 'no-transaction', 'transaction-control']);

beforeAll(async () => {
  await loadModule();
});

/** What must hold for any input, valid SQL or not. */
function checkResult(sql: string, { statements, error }: SplitResult): string | undefined {
  let previousEnd = -1;
  for (const [i, s] of statements.entries()) {
    if (!(s.start > previousEnd && s.start < s.end && s.end <= sql.length)) {
      return `statement ${i + 1} spans [${s.start}, ${s.end}) after ${previousEnd}`;
    }
    if (s.text !== sql.slice(s.start, s.end)) return `statement ${i + 1} text is not its slice`;
    // offsetToLineColumn scans from the start of the text: sampled, to keep the check linear.
    if (i < 100 || i === statements.length - 1) {
      const at = offsetToLineColumn(sql, s.start);
      if (s.line !== at.line || s.column !== at.column) return `statement ${i + 1} is at ${JSON.stringify(at)}`;
    }
    if (!KINDS.has(s.kind) || typeof s.keywords !== 'string') return `statement ${i + 1} has kind ${s.kind}`;
    previousEnd = s.end;
  }
  if (error) {
    if (!error.message) return 'error without a message';
    if (!(Number.isInteger(error.offset) && error.offset >= 0 && error.offset < sql.length)) {
      return `error offset ${error.offset} outside the text`;
    }
    if (error.offset < previousEnd) return `error at ${error.offset} inside a returned statement`;
    const at = offsetToLineColumn(sql, error.offset);
    if (error.line !== at.line || error.column !== at.column || at.line < 1 || at.column < 1) {
      return `error at ${error.line}:${error.column}, expected ${at.line}:${at.column}`;
    }
  }
  return undefined;
}

/**
 * PostgreSQL continues a string literal across a newline even with -- comments
 * in between (scan.l `quotecontinue`), and so does the splitter. libpg-query
 * does not: it patches the scanner to return comments as tokens, which ends
 * the literal (https://github.com/pganalyze/libpg_query/issues/365). Texts
 * where a quote may be followed by such a gap and another quote are left out
 * of the comparison; split-boundaries.test.ts covers the case.
 */
const COMMENT_IN_CONTINUATION = /'(?:[ \t\n\r\f\v]*--[^\n\r]*)+[ \t\n\r\f\v]*'/;

/**
 * PostgreSQL's scanner alone decides where quoted forms and comments end, and
 * with no routine body or rule in the text a statement is the run of tokens
 * between two ';' tokens.
 */
function compareWithScanner(sql: string, result: SplitResult): string | undefined {
  const scan = referenceScan(sql);
  if (!scan.ok) {
    if (!scan.unterminated) return undefined; // another scanner error, such as trailing junk after a number
    if (!result.error) return 'PostgreSQL found an unterminated quote or comment, the splitter did not';
    const before = referenceScan(sql.slice(0, result.error.offset));
    return before.ok || !before.unterminated ? undefined : 'the splitter reported the error after its start';
  }
  if (result.error) return `PostgreSQL scanned the text, the splitter failed: ${JSON.stringify(result.error)}`;
  const expected: { start: number; end: number }[] = [];
  let current: { start: number; end: number } | undefined;
  for (const token of scan.tokens) {
    if (token.semicolon) {
      if (current) expected.push(current);
      current = undefined;
    } else if (current) {
      current.end = token.end;
    } else {
      current = { start: token.start, end: token.end };
    }
  }
  if (current) expected.push(current);
  const actual = result.statements.map(({ start, end }) => ({ start, end }));
  const same = JSON.stringify(actual) === JSON.stringify(expected);
  return same ? undefined : `PostgreSQL: ${JSON.stringify(expected)}\n  splitter:   ${JSON.stringify(actual)}`;
}

describe('fuzz: splitStatements on arbitrary text', () => {
  it(`never throws and reports consistent positions, on ${SEEDS} noisy inputs`, () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= SEEDS && failures.length < MAX_REPORTED; seed++) {
      const { sql } = generateNoise(seed);
      let problem: string | undefined;
      try {
        problem = checkResult(sql, splitStatements(sql));
      } catch (error) {
        problem = `threw ${String(error)}`;
      }
      if (problem) failures.push(`seed ${seed}: ${problem}\n  sql: ${JSON.stringify(sql)}`);
    }
    expect(failures, failures.join('\n\n')).toEqual([]);
  });

  it('agrees with PostgreSQL 18 scanner on where quoted forms, comments and statements end', () => {
    const failures: string[] = [];
    let compared = 0;
    for (let seed = 1; seed <= SEEDS && failures.length < MAX_REPORTED; seed++) {
      const { sql, comparable } = generateNoise(seed);
      if (!comparable || COMMENT_IN_CONTINUATION.test(sql)) continue;
      const problem = compareWithScanner(sql, splitStatements(sql));
      if (problem) failures.push(`seed ${seed}: ${problem}\n  sql: ${JSON.stringify(sql)}`);
      compared++;
    }
    expect(failures, failures.join('\n\n')).toEqual([]);
    expect(compared).toBeGreaterThan(SEEDS / 2);
  });

  it.each([
    ['many statements', 'SELECT 1;'.repeat(40_000)],
    ['one long statement', `SELECT ${"'x', ".repeat(40_000)}1`],
    ['unterminated dollar quotes', '$a$ '.repeat(1) + 'x'.repeat(200_000)],
    ['dollar signs that open nothing', '$ $1 a$ '.repeat(30_000)],
    ['nested comment openers', '/*'.repeat(100_000)],
    ['comment closers without openers', '*/;'.repeat(60_000)],
    ['escape strings continued line after line', `SELECT E'a'${"\n'\\''".repeat(40_000)}`],
    ['escape strings not continued', "E'a'\n\n\n\n".repeat(40_000)],
    ['a routine body that never ends', `CREATE FUNCTION f() BEGIN ATOMIC ${'SELECT 1; '.repeat(20_000)}`],
    ['a rule action list that never closes', `CREATE RULE r AS ON INSERT TO t DO (${'NOTIFY c; '.repeat(20_000)}`],
    ['an ALTER TABLE with many items', `ALTER TABLE t ${'ADD COLUMN c int, '.repeat(20_000)}ADD COLUMN d int`],
  ])('splits %s whole, without exhausting the stack', (_name, sql) => {
    // No clock is asserted on: a quadratic pass over these inputs would take minutes and end at
    // the test timeout instead.
    expect(checkResult(sql, splitStatements(sql))).toBeUndefined();
  });
});
