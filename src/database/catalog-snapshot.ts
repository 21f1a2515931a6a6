import type pg from 'pg';
import { aclDifference, type RawAcl } from './catalog-acl.js';
import { ACCESS_QUERIES } from './catalog-sql-access.js';
import { COMMENTS } from './catalog-sql-comments.js';
import { RELATION_QUERIES } from './catalog-sql-relations.js';
import { TYPE_QUERIES } from './catalog-sql-types.js';
import type { CatalogSnapshot } from './catalog-types.js';
import { quoteLiteral } from './identifiers.js';

export type * from './catalog-types.js';

export interface SnapshotOptions {
  /**
   * Tables left out with their indexes, constraints, triggers and owned sequences, such as the
   * state table: a bare name matches in every schema, `schema.table` in that schema only.
   */
  excludeTables?: string[];
}

type Collection = Exclude<keyof CatalogSnapshot, 'roles'>;

const QUERIES: Record<Collection, string> = {
  schemas: ACCESS_QUERIES.schemas,
  extensions: ACCESS_QUERIES.extensions,
  ...RELATION_QUERIES,
  ...TYPE_QUERIES,
  languages: ACCESS_QUERIES.languages,
  foreignDataWrappers: ACCESS_QUERIES.foreignDataWrappers,
  foreignServers: ACCESS_QUERIES.foreignServers,
  userMappings: ACCESS_QUERIES.userMappings,
  eventTriggers: ACCESS_QUERIES.eventTriggers,
  publications: ACCESS_QUERIES.publications,
  subscriptions: ACCESS_QUERIES.subscriptions,
  defaultPrivileges: ACCESS_QUERIES.defaultPrivileges,
  builtinPrivileges: ACCESS_QUERIES.builtinPrivileges,
  comments: COMMENTS,
};

/**
 * The whole snapshot as one SELECT returning one JSON value: one statement sees one state of
 * the catalogs, and costs one round trip whatever the schema's size.
 */
export function snapshotQuery(excludeTables: string[]): string {
  const names = `ARRAY[${excludeTables.map(quoteLiteral).join(', ')}]::text[]`;
  const parts = Object.entries(QUERIES).map(([key, text]) => `'${key}', (SELECT coalesce(json_agg(q), '[]') FROM (${text}) q)`);
  // skipped: the relations left out by name, their indexes and the sequences they own.
  return `WITH named AS (
    SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relname = ANY (${names}) OR n.nspname || '.' || c.relname = ANY (${names})),
  skipped AS (
    SELECT oid FROM named
    UNION SELECT i.indexrelid FROM pg_index i WHERE i.indrelid IN (SELECT oid FROM named)
    UNION SELECT d.objid FROM pg_depend d
           WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
             AND d.refobjid IN (SELECT oid FROM named))
  SELECT json_build_object(
    'roles', (SELECT coalesce(json_agg(r.rolname ORDER BY r.rolname), '[]') FROM pg_roles r),
    ${parts.join(',\n    ')}) AS snapshot`;
}

/**
 * Reads the schema of the database `client` is connected to, in one round trip, and leaves the
 * session as it was. The read runs with search_path set to pg_catalog alone, so every name and
 * expression comes out schema-qualified whatever search_path the connection uses. An idle client
 * gets a read-only transaction of its own; inside the caller's transaction the read runs in a
 * savepoint, and sees what that transaction changed.
 */
export async function snapshotSchema(client: pg.Client, options: SnapshotOptions = {}): Promise<CatalogSnapshot> {
  const status = client.getTransactionStatus();
  const nested = status === 'T' || status === 'E';
  // Rolling back undoes SET LOCAL (also inside a savepoint) and nothing else: the read wrote nothing.
  const [begin, end] = nested
    ? ['SAVEPOINT catalog_snapshot', 'ROLLBACK TO SAVEPOINT catalog_snapshot; RELEASE SAVEPOINT catalog_snapshot']
    : ['BEGIN READ ONLY', 'ROLLBACK'];
  // One simple-protocol message: the statements run in order and stop at the first error.
  const text = `${begin}; SET LOCAL search_path = pg_catalog; SET LOCAL jit = off; ${snapshotQuery(options.excludeTables ?? [])}; ${end}`;
  let results: pg.QueryResult[];
  try {
    results = (await client.query(text)) as unknown as pg.QueryResult[];
  } catch (error) {
    await client.query(end).catch(() => {});
    throw error;
  }
  const row = results.find((result) => result.command === 'SELECT')?.rows[0] as { snapshot: CatalogSnapshot | string };
  return finish((typeof row.snapshot === 'string' ? JSON.parse(row.snapshot) : row.snapshot) as CatalogSnapshot);
}

/** Privileges from raw ACLs to their differences; lists in order. */
function finish(snapshot: CatalogSnapshot): CatalogSnapshot {
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) for (const item of value) visit(item);
    else if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      for (const [key, field] of Object.entries(record)) {
        if (key === 'privileges') record[key] = aclDifference(field as RawAcl);
        else if (Array.isArray(field) && typeof field[0] === 'object') visit(field);
      }
    }
  };
  for (const list of Object.values(snapshot)) visit(list);
  snapshot.builtinPrivileges = snapshot.builtinPrivileges.filter((item) => item.privileges.length > 0);
  for (const list of Object.values(snapshot)) if (Array.isArray(list)) list.sort(byName);
  return snapshot;
}

function byName(x: unknown, y: unknown): number {
  const a = typeof x === 'string' ? x : (x as { name: string }).name;
  const b = typeof y === 'string' ? y : (y as { name: string }).name;
  return a < b ? -1 : a > b ? 1 : 0;
}
