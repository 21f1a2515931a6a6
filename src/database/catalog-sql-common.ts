// SQL fragments shared by the catalog snapshot's queries. They run with search_path set to
// pg_catalog alone, so regclass, regtype and regprocedure print schema-qualified names.
//
// A column that only some majors have is read as `to_jsonb(row) ->> 'column'`, which is null
// where the column does not exist: one query text then serves PostgreSQL 13 to 18.

// pg_catalog itself, pg_toast, pg_temp_N and pg_toast_temp_N; user schemas cannot start with pg_.
export const userSchema = (ns: string): string => `${ns}.nspname <> 'information_schema' AND ${ns}.nspname !~ '^pg_'`;

// Objects an extension created belong to the extension (listed by name and version), not to the
// schema the migrations wrote.
export const notFromExtension = (catalog: string, oid: string): string => `NOT ${fromExtension(catalog, oid)}`;

export const fromExtension = (catalog: string, oid: string): string =>
  `EXISTS (SELECT FROM pg_depend e WHERE e.classid = '${catalog}'::regclass AND e.objid = ${oid} AND e.deptype = 'e')`;

/** Relations left out by name (the state and history tables), and what hangs on them. */
export const notSkipped = (oid: string): string => `${oid} NOT IN (SELECT s.oid FROM skipped s)`;

/**
 * An object's privileges as they are and as they would be by default (acldefault: what the
 * owner and PUBLIC have when nobody granted or revoked anything), with the owner's name; null
 * when the ACL is null, which is the default itself. catalog-acl.ts keeps their difference.
 */
export const privilegesOf = (acl: string, kind: string, owner: string): string =>
  `CASE WHEN ${acl} IS NOT NULL THEN ${rawAcl(acl, `acldefault('${kind}', ${owner})`, owner)} END`;

/** `[owner, acl, initial]`, as catalog-acl.ts reads it. */
export const rawAcl = (acl: string, initial: string, owner: string): string =>
  `json_build_array(pg_get_userbyid(${owner}), ${acl}, ${initial})`;

/** A text[] of options (`fillfactor=70`) in a stable order; never null. */
export const sortedOptions = (options: string): string => `array(SELECT o FROM unnest(${options}) o ORDER BY o COLLATE "C")`;

/** A relation's storage parameters with its TOAST table's, which pg_dump prints as `toast.…`. */
export const relationOptions = (rel: string): string => `array(
    SELECT o FROM (SELECT unnest(${rel}.reloptions) AS o
                   UNION ALL
                   SELECT 'toast.' || unnest(t.reloptions) FROM pg_class t WHERE t.oid = ${rel}.reltoastrelid) u
     ORDER BY o COLLATE "C")`;

export const tablespaceOf = (rel: string): string => `(SELECT t.spcname::text FROM pg_tablespace t WHERE t.oid = ${rel}.reltablespace)`;

export const triggersOf = (rel: string): string => `coalesce((
  SELECT json_agg(json_build_object('name', tg.tgname, 'enabled', tg.tgenabled, 'definition', pg_get_triggerdef(tg.oid))
                  ORDER BY tg.tgname COLLATE "C")
    FROM pg_trigger tg WHERE tg.tgrelid = ${rel}.oid AND NOT tg.tgisinternal), '[]')`;

/** Rules other than a view's own `_RETURN`. */
export const rulesOf = (rel: string): string => `coalesce((
  SELECT json_agg(json_build_object('name', r.rulename, 'enabled', r.ev_enabled, 'definition', pg_get_ruledef(r.oid))
                  ORDER BY r.rulename COLLATE "C")
    FROM pg_rewrite r WHERE r.ev_class = ${rel}.oid AND r.rulename <> '_RETURN'), '[]')`;

/** A function or `-` for none, as regprocedure prints it. */
export const routine = (oid: string): string => `nullif(${oid}::oid, 0)::regprocedure::text`;
