import { loadModule } from 'libpg-query';
import { beforeAll, describe, expect, it } from 'vitest';
import { classifyStatement, splitStatements, type StatementKind } from '../../../src/sql/index.js';
import { expectedKind, generateMigration, KIND_BY_NODE, referenceStatements } from '../../helpers/sql-generator.js';

/** Generated files per run; SQL_FUZZ_SEEDS raises it for a longer local run. */
const SEEDS = Number(process.env.SQL_FUZZ_SEEDS ?? 2000);
const MAX_REPORTED = 5;

beforeAll(async () => {
  await loadModule();
});

describe('fuzz: statement kinds agree with the parse tree', () => {
  it(`on the statements of ${SEEDS} generated migration files`, () => {
    const failures: string[] = [];
    const seen = new Map<string, number>();
    for (let seed = 1; seed <= SEEDS && failures.length < MAX_REPORTED; seed++) {
      const sql = generateMigration(seed);
      const reference = referenceStatements(sql);
      const split = splitStatements(sql).statements;
      reference.forEach((statement, i) => {
        const expected = expectedKind(statement);
        const { kind, keywords } = classifyStatement(statement.text);
        const key = `${statement.type} -> ${expected}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
        // The splitter classifies the same text; boundaries are fuzzed on their own.
        const splitKind = split[i]?.text === statement.text ? split[i]?.kind : kind;
        if (kind !== expected || splitKind !== expected) {
          failures.push(
            `seed ${seed}, statement ${i + 1}: ${statement.type} should be ${expected}, ` +
              `classified ${kind} (${keywords})\n  text: ${JSON.stringify(statement.text)}`,
          );
        }
      });
    }
    expect(failures, failures.join('\n\n')).toEqual([]);

    // Every rule of the table, in each direction it can go, is exercised.
    const kindsOf = (type: string): StatementKind[] =>
      (['transactional', 'no-transaction', 'transaction-control'] as const).filter((k) => seen.has(`${type} -> ${k}`));
    const covered = Object.keys(KIND_BY_NODE).map((type) => [type, kindsOf(type)] as const);
    expect(covered.filter(([, kinds]) => kinds.length === 0)).toEqual([]);
    const twoWay = [
      'TransactionStmt',
      'IndexStmt',
      'DropStmt',
      'ReindexStmt',
      'VacuumStmt',
      'ClusterStmt',
      'AlterDatabaseStmt',
      'AlterTableStmt',
      'DiscardStmt',
    ];
    expect(covered.filter(([type, kinds]) => twoWay.includes(type) && kinds.length < 2)).toEqual([]);
  });
});
