import type { ColumnDef, Constraint, Node } from 'libpg-query';
import { calledFunctions, columnTypeOf, relationOf, type ColumnType, type RelationName } from './ast.js';

/** A column definition (CREATE TABLE or ADD COLUMN) read for what the rules ask of it. */
export interface ColumnShape {
  name: string;
  type: ColumnType | null;
  /** byte offset of the definition in its statement */
  location: number | undefined;
  notNull: boolean;
  /** DEFAULT expression, when there is one */
  default: Node | undefined;
  /** serial, bigserial, smallserial: a sequence default */
  serial: boolean;
  identity: boolean;
  /** GENERATED ALWAYS AS (…) STORED */
  generatedStored: boolean;
  primaryKey: boolean;
  unique: boolean;
  references: RelationName | null;
  check: boolean;
}

const SERIALS = new Set(['serial2', 'serial4', 'serial8']);

export function columnShape(def: ColumnDef): ColumnShape {
  const constraints = constraintsOf(def.constraints);
  const type = columnTypeOf(def.typeName);
  const has = (contype: Constraint['contype']): Constraint | undefined => constraints.find((c) => c.contype === contype);
  const foreign = has('CONSTR_FOREIGN');
  const primaryKey = has('CONSTR_PRIMARY') !== undefined;
  return {
    name: def.colname ?? '',
    type,
    location: def.location,
    notNull: has('CONSTR_NOTNULL') !== undefined || primaryKey,
    default: has('CONSTR_DEFAULT')?.raw_expr,
    serial: type !== null && SERIALS.has(type.base),
    identity: has('CONSTR_IDENTITY') !== undefined,
    generatedStored: has('CONSTR_GENERATED') !== undefined,
    primaryKey,
    unique: has('CONSTR_UNIQUE') !== undefined,
    references: foreign ? relationOf(foreign.pktable) : null,
    check: has('CONSTR_CHECK') !== undefined,
  };
}

export function constraintsOf(nodes: readonly Node[] | undefined): Constraint[] {
  return (nodes ?? []).flatMap((node) => ('Constraint' in node ? [node.Constraint] : []));
}

/** The stored type of a column: serial types are integers with a sequence default. */
export function storedType(type: ColumnType | null): ColumnType | null {
  if (!type || !SERIALS.has(type.base)) return type;
  return { ...type, base: type.base.replace('serial', 'int') };
}

// Built-in functions whose value changes from row to row (provolatile = 'v'). With a database,
// its own catalog decides for every other function too.
const VOLATILE = new Set([
  'random',
  'random_normal',
  'gen_random_uuid',
  'uuidv4',
  'uuidv7',
  'uuid_generate_v1',
  'uuid_generate_v1mc',
  'uuid_generate_v4',
  'clock_timestamp',
  'timeofday',
  'nextval',
  'setval',
  'txid_current',
  'pg_current_xact_id',
]);

/** The first function of a default expression that is volatile, or undefined. */
export function volatileCall(expression: Node | undefined, volatileInDatabase: ReadonlySet<string> | null): string | undefined {
  if (!expression) return undefined;
  for (const name of calledFunctions(expression)) {
    if (VOLATILE.has(name) || volatileInDatabase?.has(name)) return name;
  }
  return undefined;
}
