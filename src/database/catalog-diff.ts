import type { CatalogSnapshot } from './catalog-snapshot.js';

/** The collections of a snapshot, with the word that names one of their items in a difference. */
const COLLECTIONS: readonly [keyof CatalogSnapshot, string][] = [
  ['schemas', 'schema'],
  ['extensions', 'extension'],
  ['tables', 'table'],
  ['indexes', 'index'],
  ['sequences', 'sequence'],
  ['views', 'view'],
  ['functions', 'function'],
  ['enums', 'enum'],
  ['domains', 'domain'],
  ['compositeTypes', 'type'],
];

/** Lists of named parts inside an item; the value says what one part is called. */
const PARTS: Readonly<Record<string, string>> = {
  columns: 'column',
  constraints: 'constraint',
  triggers: 'trigger',
  attributes: 'attribute',
};

/** Parts whose order is part of the schema (`SELECT *`, row constructors), not only their names. */
const ORDERED = new Set(['columns', 'attributes']);

type Item = { name: string } & Record<string, unknown>;

/**
 * The differences between two snapshots, one sentence each and sorted, e.g.
 * `table public.posts: column slug only in the first` or
 * `index public.posts_slug_key: definition differs ("…" vs "…")`. Empty when they are equal.
 */
export function diffSnapshots(a: CatalogSnapshot, b: CatalogSnapshot, sides: Sides = DEFAULT_SIDES): string[] {
  const found: string[] = [];
  const where = (side: 'first' | 'second') => (side === 'first' ? sides.first : sides.second);
  for (const [key, label] of COLLECTIONS) {
    const first = (a[key] ?? []) as unknown as Item[];
    const second = (b[key] ?? []) as unknown as Item[];
    matchByName(first, second, {
      onlyIn: (item, side) => found.push(`${label} ${item.name}: only in ${where(side)}`),
      both: (x, y) => diffItem(x, y, `${label} ${x.name}: `, found, where),
    });
  }
  return found.sort();
}

/** How the two snapshots are named in the differences: `only in the database`. */
export interface Sides {
  first: string;
  second: string;
}

const DEFAULT_SIDES: Sides = { first: 'the first', second: 'the second' };

type Where = (side: 'first' | 'second') => string;

function diffItem(a: Item, b: Item, prefix: string, found: string[], where: Where): void {
  for (const field of fieldsOf(a, b)) {
    const x = a[field];
    const y = b[field];
    const part = PARTS[field];
    if (part && Array.isArray(x) && Array.isArray(y)) {
      diffParts(x as Item[], y as Item[], part, ORDERED.has(field), prefix, found, where);
    } else if (show(x) !== show(y)) {
      found.push(`${prefix}${words(field)} differs (${show(x)} vs ${show(y)})`);
    }
  }
}

function diffParts(a: Item[], b: Item[], part: string, ordered: boolean, prefix: string, found: string[], where: Where): void {
  matchByName(a, b, {
    onlyIn: (item, side) => found.push(`${prefix}${part} ${item.name} only in ${where(side)}`),
    both: (x, y) => diffItem(x, y, `${prefix}${part} ${x.name} `, found, where),
  });
  if (!ordered) return;
  // Only the relative order of the parts both sides have: a missing one is reported above.
  const inB = new Set(b.map((item) => item.name));
  const inA = new Set(a.map((item) => item.name));
  const orderA = a.map((item) => item.name).filter((name) => inB.has(name));
  const orderB = b.map((item) => item.name).filter((name) => inA.has(name));
  if (orderA.join('\0') !== orderB.join('\0')) {
    found.push(`${prefix}${part} order differs (${orderA.join(', ')} vs ${orderB.join(', ')})`);
  }
}

function matchByName(a: Item[], b: Item[], on: { onlyIn(item: Item, side: 'first' | 'second'): void; both(x: Item, y: Item): void }): void {
  const byName = new Map(b.map((item) => [item.name, item]));
  const seen = new Set<string>();
  for (const item of a) {
    seen.add(item.name);
    const other = byName.get(item.name);
    if (other === undefined) on.onlyIn(item, 'first');
    else on.both(item, other);
  }
  for (const item of b) if (!seen.has(item.name)) on.onlyIn(item, 'second');
}

function fieldsOf(a: Item, b: Item): string[] {
  const fields = new Set([...Object.keys(a), ...Object.keys(b)]);
  fields.delete('name');
  return [...fields];
}

/** JSON, so strings are quoted and `null` stays distinguishable from the text "null". */
function show(value: unknown): string {
  return value === undefined ? 'absent' : JSON.stringify(value);
}

/** `notNull` → `not null`, `ownedBy` → `owned by`. */
function words(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);
}
