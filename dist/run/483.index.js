export const id = 483;
export const ids = [483];
export const modules = {

/***/ 3483:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readDatabaseFacts: () => (/* binding */ readDatabaseFacts)
/* harmony export */ });
/* unused harmony export factsQuery */
/* harmony import */ var _identifiers_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(913);

// Waiting on a lock held by the application is not worth more than this: the lint then goes on
// without the facts it could not read.
const FACTS_LOCK_TIMEOUT = '3s';
/**
 * Reads the facts the lint grades its findings with, in one round trip: one catalog query,
 * inside a read-only transaction whose lock_timeout bounds the brief ACCESS SHARE locks that
 * pg_relation_size takes. Names are resolved with to_regclass, exactly as the migration's own
 * statements will resolve them on this session's search_path.
 */
async function readDatabaseFacts(client, relations, functions) {
    const sql = `BEGIN READ ONLY;
SET LOCAL lock_timeout = '${FACTS_LOCK_TIMEOUT}';
${factsQuery(relations, functions)};
COMMIT`;
    let results;
    try {
        results = (await client.query(sql));
    }
    catch (error) {
        await client.query('ROLLBACK').catch(() => { });
        throw error;
    }
    const row = results[2].rows[0];
    return {
        relations: new Map(row.relations.map((raw) => [raw.input, toFacts(raw)])),
        volatileFunctions: new Set(row.volatile),
        serverVersion: row.server_version,
    };
}
function textArray(values) {
    return `ARRAY[${values.map(_identifiers_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteLiteral */ .ce).join(', ')}]::text[]`;
}
/**
 * A partitioned table keeps its rows in its partitions: its size is theirs; an index is measured
 * by its table, which is what its rebuild blocks. reltuples is -1
 * (PostgreSQL 14+) or 0 (13) for a table never vacuumed or analyzed. The live-row counter is read
 * with the function pg_stat_all_tables.n_live_tup is made of: the view would add its own joins
 * and two dozen counters to plan, a few milliseconds on a session's first catalog read.
 */
function factsQuery(relations, functions) {
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
const BLOCK_SIZE = 8192;
function toFacts(raw) {
    const heap = raw.heap ?? 0;
    const pages = heap / BLOCK_SIZE;
    let rows;
    if (heap === 0)
        rows = 0;
    else if ((raw.reltuples ?? 0) > 0 && (raw.relpages ?? 0) > 0)
        rows = Math.round((raw.reltuples / raw.relpages) * pages);
    else if ((raw.live ?? 0) > 0)
        rows = raw.live;
    else
        rows = null;
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


/***/ })

};
