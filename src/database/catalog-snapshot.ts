import type pg from 'pg';

/**
 * What a database's schema consists of, read from the system catalogs: plain JSON, ordered by name
 * (columns and attributes by position), so two snapshots compare with `diffSnapshots` or as text.
 * Names are schema-qualified and quoted as PostgreSQL prints them (`public.users`,
 * `public.f(integer)`). Data, OIDs, owners and privileges are not part of it.
 */
export interface CatalogSnapshot {
  schemas: SchemaSnapshot[];
  extensions: ExtensionSnapshot[];
  tables: TableSnapshot[];
  indexes: IndexSnapshot[];
  sequences: SequenceSnapshot[];
  views: ViewSnapshot[];
  functions: FunctionSnapshot[];
  enums: EnumSnapshot[];
  domains: DomainSnapshot[];
  compositeTypes: CompositeTypeSnapshot[];
}

export interface SchemaSnapshot {
  name: string;
}

export interface ExtensionSnapshot {
  name: string;
  schema: string;
  version: string;
}

export interface TableSnapshot {
  name: string;
  kind: 'table' | 'partitioned table' | 'foreign table';
  /** in column order, without dropped columns */
  columns: ColumnSnapshot[];
  constraints: ConstraintSnapshot[];
  triggers: TriggerSnapshot[];
}

export interface ColumnSnapshot {
  name: string;
  /** format_type, e.g. `character varying(20)` */
  type: string;
  notNull: boolean;
  /** the default, or for a generated column its expression */
  default: string | null;
  identity: 'always' | 'by default' | null;
  generated: 'stored' | null;
  /** only when it differs from the type's own collation */
  collation: string | null;
}

export interface ConstraintSnapshot {
  name: string;
  type: string;
  definition: string;
}

export interface TriggerSnapshot {
  name: string;
  /** pg_trigger.tgenabled: O (origin), D (disabled), R (replica), A (always) */
  enabled: string;
  definition: string;
}

export interface IndexSnapshot {
  name: string;
  /** false after a failed CREATE INDEX CONCURRENTLY */
  valid: boolean;
  definition: string;
}

export interface SequenceSnapshot {
  name: string;
  type: string;
  /** bigint values as decimal strings */
  start: string;
  increment: string;
  min: string;
  max: string;
  cache: string;
  cycle: boolean;
  /** `table.column` of a serial or identity column */
  ownedBy: string | null;
}

export interface ViewSnapshot {
  name: string;
  materialized: boolean;
  definition: string;
  triggers: TriggerSnapshot[];
}

export interface FunctionSnapshot {
  /** the signature, e.g. `public.touch(bigint)` */
  name: string;
  kind: 'function' | 'procedure' | 'aggregate' | 'window';
  definition: string;
}

export interface EnumSnapshot {
  name: string;
  labels: string[];
}

export interface DomainSnapshot {
  name: string;
  type: string;
  notNull: boolean;
  default: string | null;
  collation: string | null;
  constraints: { name: string; definition: string }[];
}

export interface CompositeTypeSnapshot {
  name: string;
  attributes: { name: string; type: string }[];
}

export interface SnapshotOptions {
  /**
   * Tables left out with their indexes, constraints, triggers and owned sequences, such as the
   * state table: a bare name matches in every schema, `schema.table` in that schema only.
   */
  excludeTables?: string[];
}

// pg_catalog itself, pg_toast, pg_temp_N and pg_toast_temp_N; user schemas cannot start with pg_.
const userSchema = (ns: string): string => `${ns}.nspname <> 'information_schema' AND ${ns}.nspname !~ '^pg_'`;

// Objects an extension created belong to the extension (listed by name and version), not to the
// schema the migrations wrote.
const notFromExtension = (catalog: string, oid: string): string =>
  `NOT EXISTS (SELECT FROM pg_depend e WHERE e.classid = '${catalog}'::regclass AND e.objid = ${oid} AND e.deptype = 'e')`;

// $1 is the excludeTables array.
const excluded = (rel: string, ns: string): string =>
  `(${rel}.relname = ANY ($1::text[]) OR ${ns}.nspname || '.' || ${rel}.relname = ANY ($1::text[]))`;

const triggersOf = (rel: string): string => `coalesce((
  SELECT json_agg(json_build_object('name', tg.tgname, 'enabled', tg.tgenabled, 'definition', pg_get_triggerdef(tg.oid))
                  ORDER BY tg.tgname COLLATE "C")
    FROM pg_trigger tg WHERE tg.tgrelid = ${rel}.oid AND NOT tg.tgisinternal), '[]')`;

const QUERIES: { [K in keyof CatalogSnapshot]: string } = {
  schemas: `
    SELECT n.nspname AS name FROM pg_namespace n
     WHERE ${userSchema('n')} AND ${notFromExtension('pg_namespace', 'n.oid')}`,
  extensions: `
    SELECT x.extname AS name, n.nspname AS schema, x.extversion AS version
      FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace`,
  tables: `
    SELECT c.oid::regclass::text AS name,
           CASE c.relkind WHEN 'p' THEN 'partitioned table' WHEN 'f' THEN 'foreign table' ELSE 'table' END AS kind,
           coalesce((
             SELECT json_agg(json_build_object(
                      'name', a.attname,
                      'type', format_type(a.atttypid, a.atttypmod),
                      'notNull', a.attnotnull,
                      'default', pg_get_expr(d.adbin, d.adrelid),
                      'identity', CASE a.attidentity WHEN 'a' THEN 'always' WHEN 'd' THEN 'by default' END,
                      'generated', CASE a.attgenerated WHEN 's' THEN 'stored' END,
                      'collation', CASE WHEN a.attcollation <> t.typcollation THEN a.attcollation::regcollation::text END)
                    ORDER BY a.attnum)
               FROM pg_attribute a
               JOIN pg_type t ON t.oid = a.atttypid
               LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
              WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '[]') AS columns,
           coalesce((
             SELECT json_agg(json_build_object(
                      'name', k.conname,
                      'type', CASE k.contype WHEN 'p' THEN 'primary key' WHEN 'u' THEN 'unique' WHEN 'f' THEN 'foreign key'
                                WHEN 'c' THEN 'check' WHEN 'x' THEN 'exclusion' WHEN 't' THEN 'trigger'
                                WHEN 'n' THEN 'not null' ELSE k.contype::text END,
                      'definition', pg_get_constraintdef(k.oid))
                    ORDER BY k.conname COLLATE "C")
               FROM pg_constraint k WHERE k.conrelid = c.oid), '[]') AS constraints,
           ${triggersOf('c')} AS triggers
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p', 'f') AND ${userSchema('n')} AND ${notFromExtension('pg_class', 'c.oid')}
       AND NOT ${excluded('c', 'n')}`,
  indexes: `
    SELECT i.indexrelid::regclass::text AS name, i.indisvalid AS valid, pg_get_indexdef(i.indexrelid) AS definition
      FROM pg_index i
      JOIN pg_class c ON c.oid = i.indrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE ${userSchema('n')} AND ${notFromExtension('pg_class', 'c.oid')} AND NOT ${excluded('c', 'n')}`,
  sequences: `
    WITH owner AS (
      SELECT dep.objid AS sequence, c.oid, c.relname, n.nspname, a.attname
        FROM pg_depend dep
        JOIN pg_class c ON c.oid = dep.refobjid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = dep.refobjid AND a.attnum = dep.refobjsubid
       WHERE dep.classid = 'pg_class'::regclass AND dep.refclassid = 'pg_class'::regclass AND dep.deptype IN ('a', 'i'))
    SELECT c.oid::regclass::text AS name, format_type(s.seqtypid, NULL) AS type,
           s.seqstart::text AS start, s.seqincrement::text AS increment, s.seqmin::text AS min,
           s.seqmax::text AS max, s.seqcache::text AS cache, s.seqcycle AS cycle,
           o.oid::regclass::text || '.' || quote_ident(o.attname) AS "ownedBy"
      FROM pg_sequence s
      JOIN pg_class c ON c.oid = s.seqrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN owner o ON o.sequence = c.oid
     WHERE ${userSchema('n')} AND ${notFromExtension('pg_class', 'c.oid')}
       AND NOT ${excluded('c', 'n')} AND NOT coalesce(${excluded('o', 'o')}, false)`,
  views: `
    SELECT c.oid::regclass::text AS name, c.relkind = 'm' AS materialized, pg_get_viewdef(c.oid) AS definition,
           ${triggersOf('c')} AS triggers
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('v', 'm') AND ${userSchema('n')} AND ${notFromExtension('pg_class', 'c.oid')}
       AND NOT ${excluded('c', 'n')}`,
  // pg_get_functiondef refuses aggregates, so they are described by their parts.
  functions: `
    SELECT p.oid::regprocedure::text AS name,
           CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' WHEN 'w' THEN 'window' ELSE 'function' END AS kind,
           CASE WHEN p.prokind = 'a'
                THEN format('AGGREGATE %s (SFUNC = %s, STYPE = %s, FINALFUNC = %s, COMBINEFUNC = %s, INITCOND = %s)',
                            p.oid::regprocedure, ag.aggtransfn::regprocedure, format_type(ag.aggtranstype, NULL),
                            ag.aggfinalfn, ag.aggcombinefn, coalesce(quote_literal(ag.agginitval), 'NULL'))
                ELSE pg_get_functiondef(p.oid) END AS definition
      FROM pg_proc p
      JOIN pg_namespace n ON n.oid = p.pronamespace
      LEFT JOIN pg_aggregate ag ON ag.aggfnoid = p.oid
     WHERE ${userSchema('n')} AND ${notFromExtension('pg_proc', 'p.oid')}`,
  enums: `
    SELECT t.oid::regtype::text AS name,
           array(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels
      FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE t.typtype = 'e' AND ${userSchema('n')} AND ${notFromExtension('pg_type', 't.oid')}`,
  domains: `
    SELECT t.oid::regtype::text AS name, format_type(t.typbasetype, t.typtypmod) AS type, t.typnotnull AS "notNull",
           pg_get_expr(t.typdefaultbin, 0) AS default,
           CASE WHEN t.typcollation <> b.typcollation THEN t.typcollation::regcollation::text END AS collation,
           coalesce((
             SELECT json_agg(json_build_object('name', k.conname, 'definition', pg_get_constraintdef(k.oid))
                             ORDER BY k.conname COLLATE "C")
               FROM pg_constraint k WHERE k.contypid = t.oid), '[]') AS constraints
      FROM pg_type t
      JOIN pg_type b ON b.oid = t.typbasetype
      JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE t.typtype = 'd' AND ${userSchema('n')} AND ${notFromExtension('pg_type', 't.oid')}`,
  compositeTypes: `
    SELECT t.oid::regtype::text AS name,
           coalesce((
             SELECT json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod)) ORDER BY a.attnum)
               FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped), '[]') AS attributes
      FROM pg_type t
      JOIN pg_class c ON c.oid = t.typrelid
      JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE t.typtype = 'c' AND c.relkind = 'c' AND ${userSchema('n')} AND ${notFromExtension('pg_type', 't.oid')}`,
};

/**
 * Reads the schema of the database `client` is connected to, and leaves the session as it was.
 * The reads run with search_path set to pg_catalog alone, so every name and expression comes out
 * schema-qualified whatever search_path the connection uses. An idle client gets a read-only
 * repeatable-read transaction of its own, so all reads see one state; inside the caller's
 * transaction the reads run in a savepoint, and see what that transaction changed.
 */
export async function snapshotSchema(client: pg.Client, options: SnapshotOptions = {}): Promise<CatalogSnapshot> {
  const status = client.getTransactionStatus();
  const nested = status === 'T' || status === 'E';
  await client.query(nested ? 'SAVEPOINT catalog_snapshot' : 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  let snapshot: CatalogSnapshot;
  try {
    await client.query('SET LOCAL search_path = pg_catalog');
    snapshot = await readCatalog(client, options.excludeTables ?? []);
  } catch (error) {
    await end(client, nested).catch(() => {});
    throw error;
  }
  await end(client, nested);
  return snapshot;
}

// Rolling back undoes SET LOCAL (also inside a savepoint) and nothing else: the reads wrote nothing.
function end(client: pg.Client, nested: boolean): Promise<unknown> {
  return client.query(nested ? 'ROLLBACK TO SAVEPOINT catalog_snapshot; RELEASE SAVEPOINT catalog_snapshot' : 'ROLLBACK');
}

async function readCatalog(client: pg.Client, exclude: string[]): Promise<CatalogSnapshot> {
  const snapshot = {} as Record<keyof CatalogSnapshot, { name: string }[]>;
  for (const [key, text] of Object.entries(QUERIES) as [keyof CatalogSnapshot, string][]) {
    const { rows } = await client.query<{ name: string }>(text, text.includes('$1') ? [exclude] : []);
    snapshot[key] = rows.sort((x, y) => compare(x.name, y.name));
  }
  return snapshot as unknown as CatalogSnapshot;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
