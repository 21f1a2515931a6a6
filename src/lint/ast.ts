import type { Node, RangeVar, TypeName } from 'libpg-query';
import { quoteIdentifier } from '../database/identifiers.js';

/**
 * Small readers over libpg_query's parse tree (the JSON form of PostgreSQL's parse nodes,
 * src/include/nodes/parsenodes.h): names, types, and what an expression calls.
 */

/** A relation as a statement names it. */
export interface RelationName {
  /** the schema as written, or null for a name resolved through search_path */
  schema: string | null;
  name: string;
}

export function relationOf(range: RangeVar | undefined): RelationName | null {
  if (!range?.relname) return null;
  return { schema: range.schemaname ?? null, name: range.relname };
}

/** A list of String nodes (a qualified name in a DROP, a type's names, …) as strings. */
export function strings(nodes: readonly Node[] | undefined): string[] {
  return (nodes ?? []).flatMap((node) => ('String' in node && node.String.sval !== undefined ? [node.String.sval] : []));
}

/** `[schema.]name` from a DROP's object list. */
export function relationFromList(node: Node): RelationName | null {
  const parts = 'List' in node ? strings(node.List.items) : 'String' in node ? strings([node]) : [];
  if (parts.length === 0 || parts.length > 3) return null;
  return { schema: parts.length > 1 ? parts[parts.length - 2]! : null, name: parts[parts.length - 1]! };
}

/** The name the catalog query resolves with to_regclass: quoted, so it is taken as written. */
export function regclassInput(relation: RelationName): string {
  return relation.schema === null
    ? quoteIdentifier(relation.name)
    : `${quoteIdentifier(relation.schema)}.${quoteIdentifier(relation.name)}`;
}

/**
 * The key a relation is known by across a migration set. Without a database an unqualified name
 * is taken to be in `public`, the default search_path's schema.
 */
export function keyOf(relation: RelationName): string {
  return `${relation.schema ?? 'public'}.${relation.name}`;
}

/** A column type reduced to what decides whether changing it rewrites the table. */
export interface ColumnType {
  /** PostgreSQL's internal name: int4, int8, varchar, numeric, timestamptz, … */
  base: string;
  /** type modifiers: varchar(n) → [n], numeric(p,s) → [p, s] */
  modifiers: number[];
  array: boolean;
}

const ALIASES: Record<string, string> = {
  integer: 'int4',
  int: 'int4',
  smallint: 'int2',
  bigint: 'int8',
  serial: 'serial4',
  smallserial: 'serial2',
  bigserial: 'serial8',
  'character varying': 'varchar',
  character: 'bpchar',
  char: 'bpchar',
  decimal: 'numeric',
  boolean: 'bool',
  real: 'float4',
  'double precision': 'float8',
  'timestamp without time zone': 'timestamp',
  'timestamp with time zone': 'timestamptz',
  'time without time zone': 'time',
  'time with time zone': 'timetz',
  'bit varying': 'varbit',
};

export function normaliseTypeName(name: string): string {
  const lower = name.toLowerCase();
  return ALIASES[lower] ?? lower;
}

// INTERVAL_FULL_RANGE of src/include/utils/timestamp.h: the typmod's fields of a plain interval(p)
const INTERVAL_FULL_RANGE = 0x7fff;

export function columnTypeOf(type: TypeName | undefined): ColumnType | null {
  const names = strings(type?.names);
  const base = names.at(-1);
  if (!base) return null;
  let modifiers = (type?.typmods ?? []).flatMap((node) => ('A_Const' in node && node.A_Const.ival ? [node.A_Const.ival.ival ?? 0] : []));
  let name = normaliseTypeName(base);
  // interval's first modifier is its fields: all of them (as format_type prints `interval(4)`),
  // or a restriction (`interval day to second(2)`), kept apart so it never compares equal
  if (name === 'interval' && modifiers.length > 0) {
    if (modifiers[0] !== INTERVAL_FULL_RANGE) name = `interval fields ${modifiers[0]}`;
    modifiers = modifiers.slice(1);
  }
  return { base: name, modifiers, array: (type?.arrayBounds?.length ?? 0) > 0 };
}

/** format_type's text (`character varying(100)`, `numeric(10,2)`, `integer[]`) as a ColumnType. */
export function columnTypeFromCatalog(text: string): ColumnType {
  const array = text.endsWith('[]');
  const bare = array ? text.slice(0, -2) : text;
  const match = /^(.*?)(?:\(([\d,\s]+)\))?( with(?:out)? time zone)?$/.exec(bare);
  const base = `${match?.[1] ?? bare}${match?.[3] ?? ''}`.trim();
  const modifiers = match?.[2] ? match[2].split(',').map((value) => Number(value.trim())) : [];
  return { base: normaliseTypeName(base), modifiers, array };
}

export function describeType(type: ColumnType): string {
  if (type.base.startsWith('interval fields '))
    return `interval with restricted fields${type.modifiers.length > 0 ? `(${type.modifiers.join(',')})` : ''}${type.array ? '[]' : ''}`;
  return `${type.base}${type.modifiers.length > 0 ? `(${type.modifiers.join(',')})` : ''}${type.array ? '[]' : ''}`;
}

/** Whether an option's argument says false: `(FULL false)`, `(CONCURRENTLY off)`, `0`. */
export function isFalse(argument: unknown): boolean {
  const value = argument as { String?: { sval?: string }; Integer?: { ival?: number }; Boolean?: { boolval?: boolean } } | undefined;
  const text = value?.String?.sval?.toLowerCase();
  return (
    text === 'false' ||
    text === 'off' ||
    text === 'no' ||
    (value?.Integer !== undefined && !value.Integer.ival) ||
    (value?.Boolean !== undefined && !value.Boolean.boolval)
  );
}

/**
 * The columns an expression proves NOT NULL when it holds: `col IS NOT NULL`, alone or as a
 * conjunct of a top-level AND (`CHECK (body IS NOT NULL AND n > 0)`). PostgreSQL accepts any
 * validated CHECK that implies it; this is the safe approximation.
 */
export function notNullColumns(expression: Node | undefined): string[] {
  const found: string[] = [];
  const pending: (Node | undefined)[] = [expression];
  while (pending.length > 0) {
    const node = pending.pop();
    if (!node) continue;
    if ('BoolExpr' in node && node.BoolExpr.boolop === 'AND_EXPR') pending.push(...(node.BoolExpr.args ?? []));
    else if ('NullTest' in node && node.NullTest.nulltesttype === 'IS_NOT_NULL' && node.NullTest.arg && 'ColumnRef' in node.NullTest.arg) {
      const fields = strings(node.NullTest.arg.ColumnRef.fields);
      if (fields.length === 1 && fields.length === (node.NullTest.arg.ColumnRef.fields ?? []).length) found.push(fields[0]!);
    }
  }
  return found;
}

/** Every function an expression calls, by its last name part, lower-cased. */
export function calledFunctions(node: unknown, into: Set<string> = new Set()): Set<string> {
  visit(node, (key, value) => {
    if (key === 'FuncCall') {
      const name = strings((value as { funcname?: Node[] }).funcname).at(-1);
      if (name) into.add(name.toLowerCase());
    }
  });
  return into;
}

/** Every relation a statement names (RangeVar nodes), for the catalog query. */
export function namedRelations(node: unknown): RelationName[] {
  const found: RelationName[] = [];
  visit(node, (_key, value) => {
    const range = value as RangeVar;
    if (typeof range.relname === 'string' && 'relpersistence' in range)
      found.push({ schema: range.schemaname ?? null, name: range.relname });
  });
  return found;
}

/**
 * Calls `onObject` for every object under a key of the tree, parents before children, in order.
 * Iterative: PostgreSQL accepts expressions nested thousands deep (`abs(abs(…))`, a long chain
 * of `||`), whose trees a recursive walk cannot descend without exhausting the JavaScript stack.
 */
function visit(root: unknown, onObject: (key: string, value: object) => void): void {
  // [key, value]: a value reached under `key` (null for an array's item or the root)
  const stack: [string | null, unknown][] = [[null, root]];
  while (stack.length > 0) {
    const [key, node] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push([null, node[i]]);
      continue;
    }
    if (key !== null) onObject(key, node);
    const entries = Object.entries(node);
    for (let i = entries.length - 1; i >= 0; i--) stack.push(entries[i]!);
  }
}
