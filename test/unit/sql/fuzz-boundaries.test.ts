import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModule } from 'libpg-query';
import { beforeAll, describe, expect, it } from 'vitest';
import { splitStatements, transactionMode } from '../../../src/sql/index.js';
import { expectedKind, generateMigration, referenceStatements, type ReferenceStatement } from '../../helpers/sql-generator.js';

/** Generated files per run; SQL_FUZZ_SEEDS raises it for a longer local run. */
const SEEDS = Number(process.env.SQL_FUZZ_SEEDS ?? 2000);
const MAX_REPORTED = 5;

beforeAll(async () => {
  await loadModule();
});

interface Span {
  start: number;
  end: number;
  text: string;
}

const span = ({ start, end, text }: Span): Span => ({ start, end, text });

/**
 * Both sides give each statement from its first token to its last one, so
 * offsets compare exactly: a statement boundary off by one token, or a
 * comment or blank counted into a statement, shows as a difference.
 */
function compareBoundaries(sql: string): string | undefined {
  let expected: ReferenceStatement[];
  try {
    expected = referenceStatements(sql);
  } catch (error) {
    return `libpg-query rejected the SQL (for a generated file, a generator bug): ${String(error)}`;
  }
  const result = splitStatements(sql);
  if (result.error) return `splitStatements failed: ${JSON.stringify(result.error)}`;
  const actual = result.statements.map(span);
  const wanted = expected.map(span);
  for (let i = 0; i < Math.max(actual.length, wanted.length); i++) {
    if (JSON.stringify(actual[i]) !== JSON.stringify(wanted[i])) {
      return (
        `statement ${i + 1} of ${wanted.length} (splitter found ${actual.length}):\n` +
        `  PostgreSQL: ${JSON.stringify(wanted[i])}\n  splitter:   ${JSON.stringify(actual[i])}`
      );
    }
  }
  return undefined;
}

describe('the reference statements from libpg-query', () => {
  it('run from the first to the last token, in UTF-16 offsets', () => {
    // libpg-query counts UTF-8 bytes: é is 2 and 😀 is 4, but 1 and 2 UTF-16 units.
    const sql = '  /* c */ SELECT \'é😀\' ;\r\n -- x;\n SELECT "ü" /* t */ ;; CREATE FUNCTION f() BEGIN ATOMIC SELECT 1; END';
    expect(referenceStatements(sql).map(({ text, start, end, type }) => ({ text, start, end, type }))).toEqual([
      { text: "SELECT 'é😀'", start: 10, end: 22, type: 'SelectStmt' },
      { text: 'SELECT "ü"', start: 34, end: 44, type: 'SelectStmt' },
      { text: 'CREATE FUNCTION f() BEGIN ATOMIC SELECT 1; END', start: 56, end: 102, type: 'CreateFunctionStmt' },
    ]);
  });
});

describe('fuzz: statement boundaries agree with PostgreSQL 18 (libpg-query)', () => {
  it(`on ${SEEDS} generated migration files`, () => {
    const failures: string[] = [];
    let statements = 0;
    for (let seed = 1; seed <= SEEDS && failures.length < MAX_REPORTED; seed++) {
      const sql = generateMigration(seed);
      const problem = compareBoundaries(sql);
      if (problem) failures.push(`seed ${seed}: ${problem}\n  sql: ${JSON.stringify(sql)}`);
      else statements += splitStatements(sql).statements.length;
    }
    expect(failures, failures.join('\n\n')).toEqual([]);
    // Guards against a generator that silently degenerates to empty files.
    expect(statements).toBeGreaterThan(SEEDS * 4);
  });
});

const root = fileURLToPath(new URL('../../../', import.meta.url));
const fixtures = ['test/fixtures/sql', 'migrations'].flatMap((directory) =>
  readdirSync(join(root, directory))
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name) => join(directory, name)),
);

/** Fixtures that cannot run as one transaction, and why; every other fixture can. */
const STATEMENT_BY_STATEMENT: Record<string, string> = {
  'test/fixtures/sql/002_partitioned_events.sql': 'ALTER TABLE DETACH PARTITION CONCURRENTLY',
  'test/fixtures/sql/004_backfill_own_transaction.sql': 'BEGIN',
  'test/fixtures/sql/008_concurrent_indexes_crlf.sql': 'CREATE INDEX CONCURRENTLY',
};

describe('real-world migration files', () => {
  it('finds the fixtures', () => {
    expect(fixtures.filter((f) => f.startsWith('test/')).length).toBeGreaterThanOrEqual(8);
    expect(fixtures.filter((f) => f.startsWith('migrations/')).length).toBeGreaterThanOrEqual(2);
  });

  it.each(fixtures)('%s: boundaries and kinds agree with PostgreSQL', (file) => {
    const sql = readFileSync(join(root, file), 'utf8');
    expect(compareBoundaries(sql)).toBeUndefined();
    const { statements } = splitStatements(sql);
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.map((s) => s.kind)).toEqual(referenceStatements(sql).map(expectedKind));
    // The project's own migrations change over time; only the fixtures pin a mode.
    if (!file.startsWith('test/')) return;
    const mode = transactionMode(statements);
    expect(mode.mode === 'statement-by-statement' ? mode.because.keywords : undefined).toBe(STATEMENT_BY_STATEMENT[file]);
  });
});
