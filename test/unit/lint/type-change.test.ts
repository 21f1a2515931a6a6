import { describe, expect, it } from 'vitest';
import { columnTypeFromCatalog, type ColumnType } from '../../../src/lint/ast.js';
import { typeChangeRewrites } from '../../../src/lint/type-change.js';

const type = (base: string, modifiers: number[] = []): ColumnType => ({ base, modifiers, array: false });

describe('whether ALTER COLUMN TYPE rewrites the table', () => {
  it.each([
    ['varchar(20) → varchar(50)', type('varchar', [20]), type('varchar', [50]), 'no'],
    ['varchar(20) → varchar', type('varchar', [20]), type('varchar'), 'no'],
    ['varchar(20) → text', type('varchar', [20]), type('text'), 'no'],
    ['text → varchar', type('text'), type('varchar'), 'no'],
    ['numeric(10,2) → numeric(12,2)', type('numeric', [10, 2]), type('numeric', [12, 2]), 'no'],
    ['numeric(10,2) → numeric', type('numeric', [10, 2]), type('numeric'), 'no'],
    ['cidr → inet', type('cidr'), type('inet'), 'no'],
    ['varchar(50) → varchar(20)', type('varchar', [50]), type('varchar', [20]), 'yes'],
    ['text → varchar(300)', type('text'), type('varchar', [300]), 'yes'],
    ['numeric(10,2) → numeric(12,3)', type('numeric', [10, 2]), type('numeric', [12, 3]), 'yes'],
    ['int4 → int8', type('int4'), type('int8'), 'yes'],
    ['timestamp → timestamptz', type('timestamp'), type('timestamptz'), 'yes'],
    ['text → text[]', type('text'), { ...type('text'), array: true }, 'yes'],
  ] as const)('%s: %s', (_, from, to, verdict) => {
    expect(typeChangeRewrites(from, to, false)).toBe(verdict);
  });

  it('always rewrites with USING, and cannot tell without the current type', () => {
    expect(typeChangeRewrites(type('varchar', [20]), type('varchar', [50]), true)).toBe('yes');
    expect(typeChangeRewrites(undefined, type('varchar', [50]), false)).toBe('unknown');
  });

  it.each([
    ['character varying(100)', type('varchar', [100])],
    ['numeric(10,2)', type('numeric', [10, 2])],
    ['integer', type('int4')],
    ['timestamp(3) with time zone', type('timestamptz', [3])],
    ['text[]', { ...type('text'), array: true }],
  ])('reads format_type %j', (text, expected) => {
    expect(columnTypeFromCatalog(text)).toEqual(expected);
  });
});

describe('interval types as a migration writes them', () => {
  it('reads interval(p) as format_type prints it, and keeps a restriction of its fields apart', async () => {
    const { loadParser } = await import('../../../src/lint/parser.js');
    const { columnTypeOf, describeType } = await import('../../../src/lint/ast.js');
    const parser = await loadParser();
    const typeIn = (sql: string): ColumnType | null => {
      const parsed = parser.parse(`ALTER TABLE t ALTER COLUMN c TYPE ${sql}`);
      if (!('node' in parsed) || !('AlterTableStmt' in parsed.node)) return null;
      const command = parsed.node.AlterTableStmt.cmds![0]!;
      const def = 'AlterTableCmd' in command ? command.AlterTableCmd.def : undefined;
      return def && 'ColumnDef' in def ? columnTypeOf(def.ColumnDef.typeName) : null;
    };
    expect(typeIn('interval(4)')).toEqual(columnTypeFromCatalog('interval(4)'));
    expect(typeIn('interval')).toEqual(columnTypeFromCatalog('interval'));
    const restricted = typeIn('interval day to second(2)')!;
    expect(typeChangeRewrites(columnTypeFromCatalog('interval(2)'), restricted, false)).toBe('yes');
    expect(describeType(restricted)).toBe('interval with restricted fields(2)');
  });
});
