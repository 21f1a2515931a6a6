import type { CatalogSnapshot } from './catalog-types.js';
import { COLLECTIONS, DEFAULT_WHEN_MISSING, ORDERED, PARTS, phrasePair, quoteName, type Sides } from './catalog-wording.js';

export { DRIFT_SIDES, REPEAT_SIDES, UNDO_SIDES, type Side, type Sides } from './catalog-wording.js';

type Item = { name: string } & Record<string, unknown>;

/** What the walk through two snapshots carries along. */
interface Context {
  sides: Sides;
  /** the roles of each side's server; null when the snapshot does not say */
  roles: { expected: Set<string> | null; actual: Set<string> | null };
  found: string[];
  /** the subjects only one side has: `table public.tags` */
  onlyOneSide: Set<string>;
}

/**
 * The differences between what the schema should be and what it is, one sentence each and
 * sorted, each naming its sides, e.g.
 * `column public.posts.slug: not null in the database, nullable from the migrations` or
 * `index public.posts_tmp_idx: only in the database`. Empty when they are equal.
 *
 * Something only one side has that names a role the other side's server lacks (a grant to a
 * role of the production server, compared on an embedded one) cannot be compared: it is listed
 * as `not comparable`, never left out.
 */
export function diffSnapshots(expected: CatalogSnapshot, actual: CatalogSnapshot, sides: Sides): string[] {
  const context: Context = {
    sides,
    roles: { expected: rolesOf(expected), actual: rolesOf(actual) },
    found: [],
    onlyOneSide: new Set(),
  };
  for (const [key, word] of COLLECTIONS) {
    const fallback = DEFAULT_WHEN_MISSING[key];
    // Comments come last: one on an object only one side has goes without saying.
    const list = (snapshot: CatalogSnapshot): Item[] => {
      const items = (snapshot[key] ?? []) as unknown as Item[];
      return key === 'comments' ? items.filter((item) => saysMore(item.name, context.onlyOneSide)) : items;
    };
    const subjectOf = (item: Item): string => {
      const label = key === 'views' && item.materialized === true ? 'materialized view' : word;
      return label ? `${label} ${item.name}` : item.name;
    };
    matchByName(list(expected), list(actual), {
      onlyIn: (item, side) => {
        const subject = subjectOf(item);
        if (fallback && missingRoles(item, side, context).length === 0) {
          const empty = { ...item, ...fallback };
          diffItem(side === 'expected' ? item : empty, side === 'expected' ? empty : item, subject, context);
        } else {
          onlyIn(subject, '', item, side, context);
        }
      },
      both: (x, y) => diffItem(x, y, subjectOf(x), context),
    });
  }
  return context.found.sort();
}

/**
 * Whether a comment's object (`column public.tags.name`, `trigger t on public.tags`) is there on
 * both sides, so that its comment says more than the line that names what only one side has.
 */
function saysMore(name: string, onlyOneSide: Set<string>): boolean {
  if (onlyOneSide.has(name)) return false;
  const parent = / on (\S+)$/.exec(name)?.[1] ?? /^column (.+)\.[^.]+$/.exec(name)?.[1];
  return parent === undefined || ![...onlyOneSide].some((subject) => !subject.includes(' on ') && subject.endsWith(` ${parent}`));
}

function rolesOf(snapshot: CatalogSnapshot): Set<string> | null {
  return Array.isArray(snapshot.roles) ? new Set(snapshot.roles) : null;
}

/** `subject: what only in the database`, or not comparable when its roles are missing over there. */
function onlyIn(subject: string, what: string, item: Item, side: keyof Sides, context: Context): void {
  const other = side === 'expected' ? 'actual' : 'expected';
  const missing = missingRoles(item, side, context);
  if (!what) context.onlyOneSide.add(subject);
  const line = `${subject}: ${what}${what ? ' ' : ''}${context.sides[side].only}`;
  if (missing.length === 0) {
    context.found.push(line);
    return;
  }
  const names = missing.map(quoteName).join(', ');
  context.found.push(
    `${line}, not comparable: ${missing.length === 1 ? 'role' : 'roles'} ${names} ${missing.length === 1 ? 'does' : 'do'} not exist on ${context.sides[other].server}`,
  );
}

/** The roles `item`, only on `side`, names that the other side's server does not have. */
function missingRoles(item: Item, side: keyof Sides, context: Context): string[] {
  const there = context.roles[side === 'expected' ? 'actual' : 'expected'];
  return there === null ? [] : ((item.roles as string[] | undefined) ?? []).filter((role) => !there.has(role));
}

function diffItem(expected: Item, actual: Item, subject: string, context: Context): void {
  for (const field of fieldsOf(expected, actual)) {
    const x = expected[field];
    const y = actual[field];
    if (field === 'privileges' && Array.isArray(x) && Array.isArray(y)) {
      matchByName(x as Item[], y as Item[], {
        onlyIn: (grant, side) => onlyIn(subject, grant.name, grant, side, context),
        both: () => {},
      });
    } else if (PARTS[field] && Array.isArray(x) && Array.isArray(y)) {
      diffParts(field, x as Item[], y as Item[], { subject, name: expected.name }, context);
    } else if (JSON.stringify(x) !== JSON.stringify(y)) {
      const [before, after] = phrasePair(field, x, y);
      context.found.push(`${subject}: ${after} ${context.sides.actual.value}, ${before} ${context.sides.expected.value}`);
    }
  }
}

function diffParts(field: string, expected: Item[], actual: Item[], parent: { subject: string; name: string }, context: Context): void {
  const { word, style } = PARTS[field]!;
  // `column public.posts.slug`; `constraint posts_pkey on public.posts`, as COMMENT ON names them.
  const subject = (part: Item): string =>
    style === 'inside' ? `${word} ${parent.name}.${quoteName(part.name)}` : `${word} ${part.name} on ${parent.name}`;
  matchByName(expected, actual, {
    onlyIn: (part, side) => onlyIn(subject(part), '', part, side, context),
    both: (x, y) => diffItem(x, y, subject(x), context),
  });
  if (!ORDERED.has(field)) return;
  // Only the relative order of the parts both sides have: a missing one is reported above.
  const inActual = new Set(actual.map((item) => item.name));
  const inExpected = new Set(expected.map((item) => item.name));
  const before = expected.map((item) => item.name).filter((name) => inActual.has(name));
  const after = actual.map((item) => item.name).filter((name) => inExpected.has(name));
  if (before.join('\0') !== after.join('\0')) {
    const order = (names: string[]): string => `(${names.map(quoteName).join(', ')})`;
    context.found.push(
      `${parent.subject}: ${word} order ${order(after)} ${context.sides.actual.value}, ${order(before)} ${context.sides.expected.value}`,
    );
  }
}

function matchByName(
  expected: Item[],
  actual: Item[],
  on: { onlyIn(item: Item, side: keyof Sides): void; both(x: Item, y: Item): void },
): void {
  const byName = new Map(actual.map((item) => [item.name, item]));
  const seen = new Set<string>();
  for (const item of expected) {
    seen.add(item.name);
    const other = byName.get(item.name);
    if (other === undefined) on.onlyIn(item, 'expected');
    else on.both(item, other);
  }
  for (const item of actual) if (!seen.has(item.name)) on.onlyIn(item, 'actual');
}

/** Every property but the name, and the roles a grant names (they only tell comparability). */
function fieldsOf(a: Item, b: Item): string[] {
  const fields = new Set([...Object.keys(a), ...Object.keys(b)]);
  fields.delete('name');
  fields.delete('roles');
  return [...fields];
}
