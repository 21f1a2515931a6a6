import {
  notFromExtension,
  notSkipped,
  privilegesOf,
  relationOptions,
  rulesOf,
  sortedOptions,
  tablespaceOf,
  triggersOf,
  userSchema,
} from './catalog-sql-common.js';

// Tables, their parts, indexes, sequences, views and extended statistics: one SELECT each,
// whose rows become the snapshot's lists.

const inUserSchema = (rel: string): string =>
  `${userSchema('n')} AND ${notFromExtension('pg_class', `${rel}.oid`)} AND ${notSkipped(`${rel}.oid`)}`;

// PostgreSQL 18 keeps NOT NULL as constraints with names of their own, which a renamed table keeps
// (`foo_x_not_null` on `bar`). Their meaning is the column's attnotnull, plus NOT VALID or
// NO INHERIT: that is what is compared, never the name.
const notNullOptions = (rel: string, column: string): string => `(
  SELECT nullif(concat_ws(' ', CASE WHEN k.connoinherit THEN 'NO INHERIT' END, CASE WHEN NOT k.convalidated THEN 'NOT VALID' END), '')
    FROM pg_constraint k WHERE k.conrelid = ${rel}.oid AND k.contype = 'n' AND k.conkey[1] = ${column}.attnum)`;

// Attribute options named pg_… are the server's own (some builds keep a per-column pg_attver there),
// which pg_dump leaves out too; users can only set n_distinct and n_distinct_inherited.
const columnsOf = (rel: string): string => `coalesce((
  SELECT json_agg(json_build_object(
           'name', a.attname,
           'type', format_type(a.atttypid, a.atttypmod),
           'notNull', a.attnotnull,
           'notNullOptions', ${notNullOptions(rel, 'a')},
           'default', pg_get_expr(d.adbin, d.adrelid),
           'identity', CASE a.attidentity WHEN 'a' THEN 'always' WHEN 'd' THEN 'by default' END,
           'generated', CASE a.attgenerated WHEN 's' THEN 'stored' WHEN 'v' THEN 'virtual' END,
           'collation', CASE WHEN a.attcollation <> t.typcollation THEN a.attcollation::regcollation::text END,
           'storage', CASE WHEN a.attstorage <> t.typstorage
                           THEN CASE a.attstorage WHEN 'p' THEN 'plain' WHEN 'e' THEN 'external' WHEN 'm' THEN 'main' ELSE 'extended' END END,
           'compression', CASE to_jsonb(a) ->> 'attcompression' WHEN 'p' THEN 'pglz' WHEN 'l' THEN 'lz4' END,
           'statisticsTarget', CASE WHEN a.attstattarget >= 0 THEN a.attstattarget END,
           'options', array(SELECT o FROM unnest(a.attoptions) o WHERE o !~ '^pg_' ORDER BY o COLLATE "C"),
           'foreignOptions', ${sortedOptions('a.attfdwoptions')},
           'inheritedOnly', a.attinhcount > 0 AND NOT a.attislocal AND NOT ${rel}.relispartition,
           'privileges', ${privilegesOf('a.attacl', 'c', `${rel}.relowner`)})
         ORDER BY a.attnum)
    FROM pg_attribute a
    JOIN pg_type t ON t.oid = a.atttypid
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
   WHERE a.attrelid = ${rel}.oid AND a.attnum > 0 AND NOT a.attisdropped), '[]')`;

const constraintsOf = (rel: string): string => `coalesce((
  SELECT json_agg(json_build_object(
           'name', k.conname,
           'type', CASE k.contype WHEN 'p' THEN 'primary key' WHEN 'u' THEN 'unique' WHEN 'f' THEN 'foreign key'
                     WHEN 'c' THEN 'check' WHEN 'x' THEN 'exclusion' WHEN 't' THEN 'trigger' ELSE k.contype::text END,
           'definition', pg_get_constraintdef(k.oid))
         ORDER BY k.conname COLLATE "C")
    FROM pg_constraint k WHERE k.conrelid = ${rel}.oid AND k.contype <> 'n'), '[]')`;

const policiesOf = (rel: string): string => `coalesce((
  SELECT json_agg(json_build_object(
           'name', pol.polname,
           'definition', concat_ws(' ',
              CASE WHEN pol.polpermissive THEN 'AS PERMISSIVE' ELSE 'AS RESTRICTIVE' END,
              'FOR ' || CASE pol.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
              'TO ' || (SELECT string_agg(CASE WHEN r.role = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(r.role)) END, ', '
                                          ORDER BY CASE WHEN r.role = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(r.role)::text END COLLATE "C")
                          FROM unnest(pol.polroles) r(role)),
              'USING (' || pg_get_expr(pol.polqual, pol.polrelid) || ')',
              'WITH CHECK (' || pg_get_expr(pol.polwithcheck, pol.polrelid) || ')'))
         ORDER BY pol.polname COLLATE "C")
    FROM pg_policy pol WHERE pol.polrelid = ${rel}.oid), '[]')`;

const TABLES = `
  SELECT c.oid::regclass::text AS name,
         CASE c.relkind WHEN 'p' THEN 'partitioned table' WHEN 'f' THEN 'foreign table' ELSE 'table' END AS kind,
         CASE c.relpersistence WHEN 'u' THEN 'unlogged' ELSE 'logged' END AS persistence,
         CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS "partitionKey",
         CASE WHEN c.relispartition
              THEN (SELECT i.inhparent::regclass::text FROM pg_inherits i WHERE i.inhrelid = c.oid) || ' ' || pg_get_expr(c.relpartbound, c.oid)
         END AS "partitionOf",
         array(SELECT i.inhparent::regclass::text FROM pg_inherits i WHERE i.inhrelid = c.oid AND NOT c.relispartition ORDER BY i.inhseqno) AS inherits,
         CASE WHEN c.reloftype <> 0 THEN c.reloftype::regtype::text END AS "ofType",
         (SELECT am.amname::text FROM pg_am am WHERE am.oid = c.relam) AS "accessMethod",
         ${tablespaceOf('c')} AS tablespace,
         ${relationOptions('c')} AS options,
         c.relrowsecurity AS "rowSecurity",
         c.relforcerowsecurity AS "forceRowSecurity",
         CASE c.relreplident WHEN 'n' THEN 'nothing' WHEN 'f' THEN 'full'
           WHEN 'i' THEN 'using index ' || coalesce((SELECT x.indexrelid::regclass::text FROM pg_index x WHERE x.indrelid = c.oid AND x.indisreplident), '-')
           ELSE 'default' END AS "replicaIdentity",
         (SELECT concat_ws(' ', 'server ' || quote_ident(s.srvname), 'options (' || array_to_string(${sortedOptions('ft.ftoptions')}, ', ') || ')')
            FROM pg_foreign_table ft JOIN pg_foreign_server s ON s.oid = ft.ftserver WHERE ft.ftrelid = c.oid) AS "foreign",
         ${privilegesOf('c.relacl', 'r', 'c.relowner')} AS privileges,
         ${columnsOf('c')} AS columns,
         ${constraintsOf('c')} AS constraints,
         ${triggersOf('c')} AS triggers,
         ${policiesOf('c')} AS policies,
         ${rulesOf('c')} AS rules
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind IN ('r', 'p', 'f') AND ${inUserSchema('c')}`;

const INDEXES = `
  SELECT i.indexrelid::regclass::text AS name, i.indisvalid AS valid, pg_get_indexdef(i.indexrelid) AS definition,
         i.indisclustered AS clustered,
         ${tablespaceOf('ic')} AS tablespace,
         (SELECT p.inhparent::regclass::text FROM pg_inherits p WHERE p.inhrelid = i.indexrelid) AS "partitionOf",
         array(SELECT a.attnum || ': ' || a.attstattarget FROM pg_attribute a
                WHERE a.attrelid = i.indexrelid AND a.attnum > 0 AND a.attstattarget >= 0 ORDER BY a.attnum) AS "statisticsTargets"
    FROM pg_index i
    JOIN pg_class ic ON ic.oid = i.indexrelid
    JOIN pg_class c ON c.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE ${inUserSchema('c')}`;

// The column a sequence belongs to: a serial's (auto), an identity's (internal) or OWNED BY.
const SEQUENCES = `
  SELECT c.oid::regclass::text AS name, format_type(s.seqtypid, NULL) AS type,
         s.seqstart::text AS start, s.seqincrement::text AS increment, s.seqmin::text AS min,
         s.seqmax::text AS max, s.seqcache::text AS cache, s.seqcycle AS cycle,
         (SELECT dep.refobjid::regclass::text || '.' || quote_ident(a.attname)
            FROM pg_depend dep JOIN pg_attribute a ON a.attrelid = dep.refobjid AND a.attnum = dep.refobjsubid
           WHERE dep.classid = 'pg_class'::regclass AND dep.objid = c.oid AND dep.refclassid = 'pg_class'::regclass
             AND dep.deptype IN ('a', 'i')) AS "ownedBy",
         CASE c.relpersistence WHEN 'u' THEN 'unlogged' ELSE 'logged' END AS persistence,
         ${privilegesOf('c.relacl', 's', 'c.relowner')} AS privileges
    FROM pg_sequence s
    JOIN pg_class c ON c.oid = s.seqrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE ${inUserSchema('c')}`;

const viewColumnsOf = (rel: string): string => `coalesce((
  SELECT json_agg(json_build_object(
           'name', a.attname,
           'type', format_type(a.atttypid, a.atttypmod),
           'default', pg_get_expr(d.adbin, d.adrelid),
           'privileges', ${privilegesOf('a.attacl', 'c', `${rel}.relowner`)})
         ORDER BY a.attnum)
    FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
   WHERE a.attrelid = ${rel}.oid AND a.attnum > 0 AND NOT a.attisdropped), '[]')`;

const VIEWS = `
  SELECT c.oid::regclass::text AS name, c.relkind = 'm' AS materialized, pg_get_viewdef(c.oid) AS definition,
         ${relationOptions('c')} AS options,
         (SELECT am.amname::text FROM pg_am am WHERE am.oid = c.relam) AS "accessMethod",
         ${tablespaceOf('c')} AS tablespace,
         ${viewColumnsOf('c')} AS columns,
         ${triggersOf('c')} AS triggers,
         ${rulesOf('c')} AS rules,
         ${privilegesOf('c.relacl', 'r', 'c.relowner')} AS privileges
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind IN ('v', 'm') AND ${inUserSchema('c')}`;

const STATISTICS = `
  SELECT quote_ident(n.nspname) || '.' || quote_ident(s.stxname) AS name, pg_get_statisticsobjdef(s.oid) AS definition,
         CASE WHEN s.stxstattarget >= 0 THEN s.stxstattarget END AS "statisticsTarget"
    FROM pg_statistic_ext s JOIN pg_namespace n ON n.oid = s.stxnamespace
   WHERE ${userSchema('n')} AND ${notFromExtension('pg_statistic_ext', 's.oid')} AND ${notSkipped('s.stxrelid')}`;

export const RELATION_QUERIES = {
  tables: TABLES,
  indexes: INDEXES,
  sequences: SEQUENCES,
  views: VIEWS,
  statistics: STATISTICS,
} as const;
