// How a difference between two snapshots is said: what each collection and part is called, and
// each property's value in words (`not null`, `no default`, `unlogged`), so that a line reads
// `column public.posts.slug: not null in the database, nullable from the migrations`.

import type { CatalogSnapshot } from './catalog-types.js';

/** How one snapshot is named in the differences. */
export interface Side {
  /** `only in the database` */
  only: string;
  /** after a value: `in the database` */
  value: string;
  /** where the snapshot's roles exist: `the database's server` */
  server: string;
}

export interface Sides {
  /** what the schema should be: the migrations replayed, the schema before an up */
  expected: Side;
  /** what it is */
  actual: Side;
}

/** check with drift: the migrations replayed on a scratch database, against the database. */
export const DRIFT_SIDES: Sides = {
  expected: { only: 'only in the migrations', value: 'from the migrations', server: 'the scratch server' },
  actual: { only: 'only in the database', value: 'in the database', server: "the database's server" },
};

/** verify: the schema before a migration's up, against the schema after its down. */
export const UNDO_SIDES: Sides = {
  expected: { only: 'only before the up', value: 'before the up', server: 'the server' },
  actual: { only: 'only after the down', value: 'after the down', server: 'the server' },
};

/** verify: the schema after a migration's first up, against the one after its second. */
export const REPEAT_SIDES: Sides = {
  expected: { only: 'only the first time up', value: 'the first time up', server: 'the server' },
  actual: { only: 'only the second time up', value: 'the second time up', server: 'the server' },
};

/** The collections compared, in order, with the word for one item ('' when its name says it). */
export const COLLECTIONS: readonly [Exclude<keyof CatalogSnapshot, 'roles'>, string][] = [
  ['schemas', 'schema'],
  ['extensions', 'extension'],
  ['tables', 'table'],
  ['indexes', 'index'],
  ['sequences', 'sequence'],
  ['views', 'view'],
  ['statistics', 'statistics object'],
  ['functions', 'function'],
  ['enums', 'enum'],
  ['domains', 'domain'],
  ['compositeTypes', 'type'],
  ['ranges', 'range type'],
  ['baseTypes', 'base type'],
  ['collations', 'collation'],
  ['operators', 'operator'],
  ['operatorFamilies', 'operator family'],
  ['operatorClasses', 'operator class'],
  ['casts', 'cast'],
  ['conversions', 'conversion'],
  ['textSearch', 'text search'],
  ['languages', 'language'],
  ['foreignDataWrappers', 'foreign data wrapper'],
  ['foreignServers', 'foreign server'],
  ['userMappings', 'user mapping'],
  ['eventTriggers', 'event trigger'],
  ['publications', 'publication'],
  ['subscriptions', 'subscription'],
  ['defaultPrivileges', ''],
  ['builtinPrivileges', ''],
  ['comments', ''],
];

/**
 * Lists of named parts inside an item: what one part is called, and whether it is named inside
 * its parent (`column public.posts.slug`) or on it (`constraint posts_pkey on public.posts`).
 */
export const PARTS: Readonly<Record<string, { word: string; style: 'inside' | 'on' }>> = {
  columns: { word: 'column', style: 'inside' },
  attributes: { word: 'attribute', style: 'inside' },
  constraints: { word: 'constraint', style: 'on' },
  triggers: { word: 'trigger', style: 'on' },
  policies: { word: 'policy', style: 'on' },
  rules: { word: 'rule', style: 'on' },
};

/** Parts whose order is part of the schema (`SELECT *`, row constructors), not only their names. */
export const ORDERED = new Set(['columns', 'attributes']);

/** Collections where an item missing on one side means that side has the default, not no object. */
export const DEFAULT_WHEN_MISSING: Readonly<Record<string, Record<string, unknown>>> = {
  defaultPrivileges: { privileges: [] },
  builtinPrivileges: { privileges: [] },
  comments: { comment: null },
};

/** `what (a, b)`, or `none` for an empty list. */
const list = (items: unknown, what: string, none: string, separator = ', '): string => {
  const values = items as string[];
  return values.length === 0 ? none : `${what} (${values.join(separator)})`;
};

const ENABLED: Readonly<Record<string, string>> = {
  O: 'enabled',
  D: 'disabled',
  R: 'enabled on replicas only',
  A: 'enabled always',
};

/** A property's value in words; a property missing here is named and shown as JSON. */
const PHRASES: Readonly<Record<string, (value: unknown) => string>> = {
  notNull: (v) => (v ? 'not null' : 'nullable'),
  notNullOptions: (v) => (v === null ? 'a plain NOT NULL' : `NOT NULL ${String(v)}`),
  default: (v) => (v === null ? 'no default' : `default ${String(v)}`),
  type: (v) => `type ${String(v)}`,
  identity: (v) => (v === null ? 'no identity' : `generated ${String(v)} as identity`),
  generated: (v) => (v === null ? 'not generated' : `generated (${String(v)})`),
  collation: (v) => (v === null ? "the type's collation" : `collation ${String(v)}`),
  storage: (v) => (v === null ? "the type's storage" : `storage ${String(v)}`),
  compression: (v) => (v === null ? 'the default compression' : `compression ${String(v)}`),
  statisticsTarget: (v) => (v === null ? 'the default statistics target' : `statistics target ${String(v)}`),
  statisticsTargets: (v) => list(v, 'statistics targets', 'the default statistics targets'),
  options: (v) => list(v, 'options', 'no options'),
  foreignOptions: (v) => list(v, 'options', 'no options'),
  inheritedOnly: (v) => (v ? 'inherited only' : 'declared by the table'),
  persistence: (v) => String(v),
  partitionKey: (v) => (v === null ? 'not partitioned' : `partitioned by ${String(v)}`),
  partitionOf: (v) => (v === null ? 'not a partition' : `a partition of ${String(v)}`),
  inherits: (v) => list(v, 'inherits', 'inherits nothing'),
  ofType: (v) => (v === null ? 'not of a type' : `of type ${String(v)}`),
  accessMethod: (v) => (v === null ? 'no access method' : `access method ${String(v)}`),
  tablespace: (v) => (v === null ? 'the default tablespace' : `tablespace ${String(v)}`),
  rowSecurity: (v) => (v ? 'row-level security enabled' : 'row-level security disabled'),
  forceRowSecurity: (v) => (v ? 'row-level security forced on the owner' : 'row-level security not forced on the owner'),
  replicaIdentity: (v) => `replica identity ${String(v)}`,
  foreign: (v) => (v === null ? 'no server' : String(v)),
  kind: (v) => String(v),
  enabled: (v) => ENABLED[String(v)] ?? `enabled ${String(v)}`,
  valid: (v) => (v ? 'valid' : 'invalid'),
  clustered: (v) => (v ? 'the CLUSTER ON index' : 'not the CLUSTER ON index'),
  start: (v) => `start ${String(v)}`,
  increment: (v) => `increment ${String(v)}`,
  min: (v) => `minimum ${String(v)}`,
  max: (v) => `maximum ${String(v)}`,
  cache: (v) => `cache ${String(v)}`,
  cycle: (v) => (v ? 'cycle' : 'no cycle'),
  schema: (v) => `in schema ${String(v)}`,
  version: (v) => `version ${String(v)}`,
  ownedBy: (v) => (v === null ? 'owned by no column' : `owned by ${String(v)}`),
  materialized: (v) => (v ? 'materialized' : 'not materialized'),
  labels: (v) => list(v, 'labels', 'no labels'),
  members: (v) => list(v, 'members', 'no members', '; '),
  configuration: (v) => list(v, 'configuration tables', 'no configuration tables'),
  tables: (v) => list(v, 'tables', 'no tables'),
  schemas: (v) => list(v, 'schemas', 'no schemas'),
  comment: (v) => (v === null ? 'no comment' : `comment ${JSON.stringify(v)}`),
};

/** Long texts (a function's body) are shown around their first difference. */
const LONG = 120;
const CONTEXT = 50;

/** Both values of a property in words, for `<actual> in …, <expected> from …`. */
export function phrasePair(field: string, expected: unknown, actual: unknown): [string, string] {
  if (field === 'definition' && typeof expected === 'string' && typeof actual === 'string') {
    const [a, b] = excerpts(oneLine(expected), oneLine(actual));
    return [`definition ${a}`, `definition ${b}`];
  }
  const phrase = PHRASES[field] ?? ((v: unknown) => `${words(field)} ${v === undefined ? 'absent' : JSON.stringify(v)}`);
  return [phrase(expected), phrase(actual)];
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function excerpts(a: string, b: string): [string, string] {
  if (a.length <= LONG && b.length <= LONG) return [a, b];
  let start = 0;
  while (start < a.length && a[start] === b[start]) start++;
  const cut = (text: string): string => {
    const from = Math.max(0, start - CONTEXT);
    const to = Math.min(text.length, start + CONTEXT);
    return `${from > 0 ? '…' : ''}${text.slice(from, to)}${to < text.length ? '…' : ''}`;
  };
  return [cut(a), cut(b)];
}

/** `notNull` → `not null`, `ownedBy` → `owned by`. */
function words(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);
}

/** As quote_ident does for a plain name: lower-case letters, digits, _ and $ stay bare. */
export function quoteName(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}
