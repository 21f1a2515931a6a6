import type pg from 'pg';
import { quoteLiteral } from './identifiers.js';

/** What the catalog says about one relation a migration touches. */
export interface RelationFacts {
  /** the name as the migration wrote it (quoted), resolved with the session's search_path */
  input: string;
  schema: string;
  name: string;
  /** pg_class.relkind: r table, p partitioned table, i index, m materialized view, … */
  kind: string;
  /**
   * Estimated live rows: pg_class.reltuples scaled to the current size, as the planner does,
   * or the statistics counter when the table was never analyzed; null when neither knows.
   */
  rows: number | null;
  /**
   * Heap bytes (of all partitions for a partitioned table; of its table for an index): 0 means
   * no row can be there.
   */
  heapBytes: number;
  /** pg_total_relation_size: heap, TOAST and indexes (of the table, for an index) */
  totalBytes: number;
  /** for an index, the table it belongs to (schema-qualified) */
  table: string | null;
  /** column name → format_type, and whether it is NOT NULL */
  columns: { name: string; type: string; notNull: boolean }[];
  /** CHECK constraints: name, definition as pg_get_constraintdef prints it, whether validated */
  checks: { name: string; definition: string; validated: boolean }[];
}

export interface DatabaseFacts {
  relations: Map<string, RelationFacts>;
  /** which of the asked-for function names have a volatile variant */
  volatileFunctions: Set<string>;
  /** server_version_num, e.g. 150004 */
  serverVersion: number;
}

// Waiting on a lock held by the application is not worth more than this: the lint then goes on
// without the facts it could not read.
const FACTS_LOCK_TIMEOUT = '3s';

/**
 * Reads the facts the lint grades its findings with, in one round trip: one catalog query,
 * read-only, with a lock_timeout that bounds the brief ACCESS SHARE locks that pg_relation_size
 * takes. Names are resolved with to_regclass, exactly as the migration's own statements will
 * resolve them on this session's search_path.
 *
 * The two statements share the message's implicit transaction (no BEGIN): the settings hold for
 * it alone, and a failure leaves no transaction open, so that a migration sent right behind the
 * read (pipelined, postgres-driver.ts) starts in a clean session whatever the read met.
 */
export async function readDatabaseFacts(
  client: pg.Client,
  relations: readonly string[],
  functions: readonly string[],
): Promise<DatabaseFacts> {
  const sql = `SELECT pg_catalog.set_config('transaction_read_only', 'on', true), pg_catalog.set_config('lock_timeout', '${FACTS_LOCK_TIMEOUT}', true);
${factsQuery(relations, functions)}`;
  const results = (await client.query(sql)) as unknown as pg.QueryResult[];
  const row = results[1]!.rows[0] as { server_version: number; relations: RawRelation[]; volatile: string[] };
  return {
    relations: new Map(row.relations.map((raw) => [raw.input, toFacts(raw)])),
    volatileFunctions: new Set(row.volatile),
    serverVersion: row.server_version,
  };
}

function textArray(values: readonly string[]): string {
  return `ARRAY[${values.map(quoteLiteral).join(', ')}]::text[]`;
}

/**
 * A partitioned table keeps its rows in its partitions: its size is theirs; an index is measured
 * by its table, which is what its rebuild blocks. reltuples is -1
 * (PostgreSQL 14+) or 0 (13) for a table never vacuumed or analyzed. The live-row counter is read
 * with the function pg_stat_all_tables.n_live_tup is made of: the view would add its own joins
 * and two dozen counters to plan, a few milliseconds on a session's first catalog read.
 */
export function factsQuery(relations: readonly string[], functions: readonly string[]): string {
  return `SELECT current_setting('server_version_num')::int AS server_version,
  (SELECT coalesce(json_agg(json_build_object(
      'input', r.input, 'schema', n.nspname, 'name', c.relname, 'kind', c.relkind,
      'reltuples', sizes.reltuples, 'relpages', sizes.relpages, 'live', sizes.live,
      'heap', sizes.heap, 'total', sizes.total,
      'table', x.indrelid::regclass::text,
      'columns', (SELECT json_agg(json_build_array(a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull) ORDER BY a.attnum)
                    FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
      'checks', (SELECT json_agg(json_build_array(k.conname, pg_get_constraintdef(k.oid), k.convalidated)) FROM pg_constraint k
                  WHERE k.conrelid = c.oid AND k.contype = 'c'))), '[]'::json)
     FROM unnest(${textArray(relations)}) AS r(input)
     JOIN pg_class c ON c.oid = to_regclass(r.input)
     JOIN pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_index x ON x.indexrelid = c.oid
     JOIN pg_class t ON t.oid = coalesce(x.indrelid, c.oid)
     CROSS JOIN LATERAL (
       SELECT sum(greatest(p.reltuples, 0))::float8 AS reltuples, sum(p.relpages)::float8 AS relpages,
              sum(pg_stat_get_live_tuples(p.oid))::float8 AS live, sum(pg_relation_size(p.oid))::float8 AS heap,
              sum(pg_total_relation_size(p.oid))::float8 AS total
         FROM pg_class p
        WHERE p.oid = t.oid AND t.relkind <> 'p'
           OR t.relkind = 'p' AND p.oid IN (SELECT tree.relid FROM pg_partition_tree(t.oid) tree WHERE tree.isleaf)
     ) AS sizes) AS relations,
  (SELECT coalesce(json_agg(DISTINCT p.proname), '[]'::json) FROM pg_proc p
    WHERE p.proname = ANY (${textArray(functions)}) AND p.provolatile = 'v') AS volatile`;
}

interface RawRelation {
  input: string;
  schema: string;
  name: string;
  kind: string;
  reltuples: number | null;
  relpages: number | null;
  live: number | null;
  heap: number | null;
  total: number | null;
  table: string | null;
  columns: [string, string, boolean][] | null;
  checks: [string, string, boolean][] | null;
}

const BLOCK_SIZE = 8192;

function toFacts(raw: RawRelation): RelationFacts {
  const heap = raw.heap ?? 0;
  const pages = heap / BLOCK_SIZE;
  let rows: number | null;
  if (heap === 0) rows = 0;
  else if ((raw.reltuples ?? 0) > 0 && (raw.relpages ?? 0) > 0) rows = Math.round((raw.reltuples! / raw.relpages!) * pages);
  else if ((raw.live ?? 0) > 0) rows = raw.live;
  else rows = null;
  return {
    input: raw.input,
    schema: raw.schema,
    name: raw.name,
    kind: raw.kind,
    rows,
    heapBytes: heap,
    totalBytes: raw.total ?? 0,
    table: raw.table,
    columns: (raw.columns ?? []).map(([name, type, notNull]) => ({ name, type, notNull })),
    checks: (raw.checks ?? []).map(([name, definition, validated]) => ({ name, definition, validated })),
  };
}
