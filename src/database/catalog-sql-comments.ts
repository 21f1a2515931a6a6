// COMMENT ON, for every object the other queries list, named as pg_identify_object names it
// (`column public.users.bio`, `trigger touch on public.posts`; `column` and `constraint` stand
// for its `table column` and `table constraint`): names neither translated nor dependent on
// search_path. Left out, as pg_dump leaves them out: comments on built-in objects, on an
// extension's members and on what hangs on them, and on large objects (data); and those on the
// skipped tables.

// Sub-objects of a relation are left out with it.
const RELATION_OF = `CASE dsc.classoid
    WHEN 'pg_class'::regclass THEN dsc.objoid
    WHEN 'pg_constraint'::regclass THEN (SELECT k.conrelid FROM pg_constraint k WHERE k.oid = dsc.objoid)
    WHEN 'pg_trigger'::regclass THEN (SELECT t.tgrelid FROM pg_trigger t WHERE t.oid = dsc.objoid)
    WHEN 'pg_policy'::regclass THEN (SELECT p.polrelid FROM pg_policy p WHERE p.oid = dsc.objoid)
    WHEN 'pg_rewrite'::regclass THEN (SELECT r.ev_class FROM pg_rewrite r WHERE r.oid = dsc.objoid)
  END`;

// initdb makes the public schema (with a comment of its own), so its OID is below the first
// user OID like every built-in object's. The filter comes before pg_identify_object, which would
// otherwise run for each of the thousands of built-in objects' comments.
export const COMMENTS = `
  SELECT regexp_replace(regexp_replace(o.type, '^(table|view|materialized view|foreign table) column$', 'column'),
                        '^(table|domain) constraint$', 'constraint') || ' ' || o.identity AS name,
         dsc.description AS comment
    FROM (SELECT * FROM pg_description d
           WHERE d.objoid >= 16384
              OR (d.classoid = 'pg_namespace'::regclass AND d.objoid = (SELECT p.oid FROM pg_namespace p WHERE p.nspname = 'public'))
          OFFSET 0) dsc
    CROSS JOIN LATERAL pg_identify_object(dsc.classoid, dsc.objoid, dsc.objsubid) o
   WHERE dsc.classoid <> 'pg_largeobject'::regclass
     AND NOT EXISTS (SELECT FROM pg_depend e WHERE e.classid = dsc.classoid AND e.objid = dsc.objoid AND e.deptype = 'e')
     AND coalesce(${RELATION_OF}, 0) NOT IN (
           SELECT s.oid FROM skipped s
           UNION ALL
           SELECT e.objid FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.deptype = 'e')`;
