import type { ColumnType } from './ast.js';

/**
 * Whether ALTER COLUMN … TYPE rewrites the table. PostgreSQL skips the rewrite when the old
 * values are valid in the new type as they are stored (ATColumnChangeRequiresRewrite in
 * src/backend/commands/tablecmds.c): a binary-coercible change that does not tighten a limit.
 * `unknown` when the old type is not known.
 */
export function typeChangeRewrites(from: ColumnType | undefined, to: ColumnType, using: boolean): 'yes' | 'no' | 'unknown' {
  if (using) return 'yes';
  if (!from || from.base === 'unknown') return 'unknown';
  if (from.array !== to.array) return 'yes';
  // an array's elements are converted one by one (array_map) unless only a limit goes: the
  // same element type, with the same modifiers or none (varchar(20)[] → varchar[])
  if (from.array) return from.base === to.base && (to.modifiers.length === 0 || sameModifiers(from, to)) ? 'no' : 'yes';
  if (from.base === to.base) return widens(from.modifiers, to.modifiers, from.base) ? 'no' : 'yes';
  if ((from.base === 'varchar' || from.base === 'text') && to.base === 'text') return 'no';
  if (from.base === 'text' && to.base === 'varchar' && to.modifiers.length === 0) return 'no';
  if (from.base === 'varchar' && to.base === 'varchar') return widens(from.modifiers, to.modifiers, 'varchar') ? 'no' : 'yes';
  if (from.base === 'cidr' && to.base === 'inet') return 'no';
  return 'yes';
}

function sameModifiers(from: ColumnType, to: ColumnType): boolean {
  return from.modifiers.length === to.modifiers.length && from.modifiers.every((value, i) => value === to.modifiers[i]);
}

// Fractional-second precision (timestamp(p), time(p), interval(p)): their support functions skip
// the rewrite when it is raised, removed, or set to the maximum, 6 (TemporalSimplify).
const PRECISION_TYPES = new Set(['timestamp', 'timestamptz', 'time', 'timetz', 'interval']);
const MAX_PRECISION = 6;

/** Same type, same or looser limit: varchar(n) → varchar(m ≥ n) or no limit; numeric(p, s) → numeric(q ≥ p, s). */
function widens(from: readonly number[], to: readonly number[], base: string): boolean {
  if (to.length === 0)
    return from.length === 0 || base === 'varchar' || base === 'numeric' || base === 'varbit' || PRECISION_TYPES.has(base);
  if (PRECISION_TYPES.has(base) && to.length === 1 && to[0] === MAX_PRECISION) return true;
  if (from.length === 0) return false;
  if (base === 'numeric') return to[0]! >= from[0]! && (to[1] ?? 0) === (from[1] ?? 0);
  if (base === 'varchar' || base === 'varbit' || PRECISION_TYPES.has(base)) return to[0]! >= from[0]!;
  return to.every((value, i) => value === from[i]);
}
