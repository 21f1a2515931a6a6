export const id = 303;
export const ids = [303];
export const modules = {

/***/ 1303:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  snapshotSchema: () => (/* binding */ snapshotSchema)
});

// UNUSED EXPORTS: snapshotQuery

// EXTERNAL MODULE: ./src/database/catalog-wording.ts
var catalog_wording = __webpack_require__(3975);
;// CONCATENATED MODULE: ./src/database/catalog-acl.ts

// aclitem's letters (PostgreSQL's ACL_*_CHR); an unknown letter is shown as it is.
const PRIVILEGES = {
    r: 'SELECT',
    w: 'UPDATE',
    a: 'INSERT',
    d: 'DELETE',
    D: 'TRUNCATE',
    x: 'REFERENCES',
    t: 'TRIGGER',
    X: 'EXECUTE',
    U: 'USAGE',
    C: 'CREATE',
    c: 'CONNECT',
    T: 'TEMPORARY',
    s: 'SET',
    A: 'ALTER SYSTEM',
    m: 'MAINTAIN',
};
/**
 * The privileges an ACL grants beyond its initial one (`grant SELECT to reporting`) and those it
 * lacks (`revoke EXECUTE from PUBLIC`), sorted. The owner is `the owner` whatever its name, so a
 * database and a scratch database with other owners compare; an ACL that only spells out the
 * default has no difference.
 */
function aclDifference(raw) {
    if (raw === null)
        return [];
    const [owner, acl, initial] = raw;
    const now = new Map(acl.flatMap(parseAclItem).map((grant) => [key(grant), grant]));
    const before = new Map(initial.flatMap(parseAclItem).map((grant) => [key(grant), grant]));
    const found = [];
    for (const [id, grant] of now)
        if (!before.has(id))
            found.push(describe('grant', 'to', grant, owner));
    for (const [id, grant] of before)
        if (!now.has(id))
            found.push(describe('revoke', 'from', grant, owner));
    return found.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}
function key(grant) {
    return JSON.stringify([grant.grantee, grant.privilege, grant.grantable, grant.grantor]);
}
function describe(verb, preposition, grant, owner) {
    const who = (role) => (role === '' ? 'PUBLIC' : role === owner ? 'the owner' : (0,catalog_wording/* quoteName */.AB)(role));
    const roles = [grant.grantee, grant.grantor].filter((role) => role !== '' && role !== owner);
    return {
        name: `${verb} ${grant.privilege} ${preposition} ${who(grant.grantee)}` +
            (grant.grantable ? ' with grant option' : '') +
            (grant.grantor !== owner ? ` granted by ${who(grant.grantor)}` : ''),
        roles: [...new Set(roles)],
    };
}
/** `grantee=privileges/grantor`, names double-quoted when they need it; an empty grantee is PUBLIC. */
function parseAclItem(text) {
    const [grantee, afterGrantee] = readName(text, 0);
    const slash = text.indexOf('/', afterGrantee);
    const letters = text.slice(afterGrantee + 1, slash === -1 ? undefined : slash);
    const grantor = slash === -1 ? '' : readName(text, slash + 1)[0];
    const grants = [];
    for (let i = 0; i < letters.length; i++) {
        const grantable = letters[i + 1] === '*';
        grants.push({ grantee, privilege: PRIVILEGES[letters[i]] ?? letters[i], grantable, grantor });
        if (grantable)
            i++;
    }
    return grants;
}
/** The name starting at `from`, and where it ends (at `=`, `/` or the end). */
function readName(text, from) {
    if (text[from] !== '"') {
        let end = from;
        while (end < text.length && text[end] !== '=' && text[end] !== '/')
            end++;
        return [text.slice(from, end), end];
    }
    let name = '';
    let i = from + 1;
    while (i < text.length) {
        if (text[i] === '"' && text[i + 1] === '"') {
            name += '"';
            i += 2;
        }
        else if (text[i] === '"') {
            return [name, i + 1];
        }
        else {
            name += text[i++];
        }
    }
    return [name, i];
}

;// CONCATENATED MODULE: ./src/database/catalog-sql-common.ts
// SQL fragments shared by the catalog snapshot's queries. They run with search_path set to
// pg_catalog alone, so regclass, regtype and regprocedure print schema-qualified names.
//
// A column that only some majors have is read as `to_jsonb(row) ->> 'column'`, which is null
// where the column does not exist: one query text then serves PostgreSQL 13 to 18.
// pg_catalog itself, pg_toast, pg_temp_N and pg_toast_temp_N; user schemas cannot start with pg_.
const userSchema = (ns) => `${ns}.nspname <> 'information_schema' AND ${ns}.nspname !~ '^pg_'`;
// Objects an extension created belong to the extension (listed by name and version), not to the
// schema the migrations wrote.
const notFromExtension = (catalog, oid) => `NOT ${fromExtension(catalog, oid)}`;
const fromExtension = (catalog, oid) => `EXISTS (SELECT FROM pg_depend e WHERE e.classid = '${catalog}'::regclass AND e.objid = ${oid} AND e.deptype = 'e')`;
/** Relations left out by name (the state and history tables), and what hangs on them. */
const notSkipped = (oid) => `${oid} NOT IN (SELECT s.oid FROM skipped s)`;
/**
 * An object's privileges as they are and as they would be by default (acldefault: what the
 * owner and PUBLIC have when nobody granted or revoked anything), with the owner's name; null
 * when the ACL is null, which is the default itself. catalog-acl.ts keeps their difference.
 */
const privilegesOf = (acl, kind, owner) => `CASE WHEN ${acl} IS NOT NULL THEN ${rawAcl(acl, `acldefault('${kind}', ${owner})`, owner)} END`;
/** `[owner, acl, initial]`, as catalog-acl.ts reads it. */
const rawAcl = (acl, initial, owner) => `json_build_array(pg_get_userbyid(${owner}), ${acl}, ${initial})`;
/** A text[] of options (`fillfactor=70`) in a stable order; never null. */
const sortedOptions = (options) => `array(SELECT o FROM unnest(${options}) o ORDER BY o COLLATE "C")`;
/** A relation's storage parameters with its TOAST table's, which pg_dump prints as `toast.\u2026`. */
const relationOptions = (rel) => `array(
    SELECT o FROM (SELECT unnest(${rel}.reloptions) AS o
                   UNION ALL
                   SELECT 'toast.' || unnest(t.reloptions) FROM pg_class t WHERE t.oid = ${rel}.reltoastrelid) u
     ORDER BY o COLLATE "C")`;
const tablespaceOf = (rel) => `(SELECT t.spcname::text FROM pg_tablespace t WHERE t.oid = ${rel}.reltablespace)`;
const triggersOf = (rel) => `coalesce((
  SELECT json_agg(json_build_object('name', tg.tgname, 'enabled', tg.tgenabled, 'definition', pg_get_triggerdef(tg.oid))
                  ORDER BY tg.tgname COLLATE "C")
    FROM pg_trigger tg WHERE tg.tgrelid = ${rel}.oid AND NOT tg.tgisinternal), '[]')`;
/** Rules other than a view's own `_RETURN`. */
const rulesOf = (rel) => `coalesce((
  SELECT json_agg(json_build_object('name', r.rulename, 'enabled', r.ev_enabled, 'definition', pg_get_ruledef(r.oid))
                  ORDER BY r.rulename COLLATE "C")
    FROM pg_rewrite r WHERE r.ev_class = ${rel}.oid AND r.rulename <> '_RETURN'), '[]')`;
/** A function or `-` for none, as regprocedure prints it. */
const routine = (oid) => `nullif(${oid}::oid, 0)::regprocedure::text`;

;// CONCATENATED MODULE: ./src/database/catalog-sql-access.ts

// Schemas, extensions, languages, foreign data, event triggers, replication, and privileges that
// belong to no object of a user schema: default privileges and those of built-in objects.
// initdb gives the public schema privileges of its own, which differ between majors (PUBLIC may
// CREATE in it before 15): like pg_dump, compare with those (pg_init_privs), not with acldefault.
const SCHEMAS = `
  SELECT n.nspname AS name,
         ${rawAcl("coalesce(n.nspacl, acldefault('n', n.nspowner))", "coalesce(ip.initprivs, acldefault('n', n.nspowner))", 'n.nspowner')} AS privileges
    FROM pg_namespace n
    LEFT JOIN pg_init_privs ip ON ip.objoid = n.oid AND ip.classoid = 'pg_namespace'::regclass AND ip.objsubid = 0
   WHERE ${userSchema('n')} AND ${notFromExtension('pg_namespace', 'n.oid')}`;
// An extension's configuration tables are dumped with their rows; the list is the extension's to keep.
const EXTENSIONS = `
  SELECT x.extname AS name, n.nspname AS schema, x.extversion AS version,
         array(SELECT u.config::regclass::text || coalesce(' ' || nullif(u.condition, ''), '')
                 FROM unnest(x.extconfig, x.extcondition) u(config, condition) ORDER BY 1) AS configuration
    FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace`;
// Languages made with CREATE LANGUAGE; plpgsql and the like are extensions.
const LANGUAGES = `
  SELECT quote_ident(l.lanname) AS name,
         concat_ws(', ', CASE WHEN l.lanpltrusted THEN 'TRUSTED' END, 'HANDLER ' || ${routine('l.lanplcallfoid')},
           'INLINE ' || ${routine('l.laninline')}, 'VALIDATOR ' || ${routine('l.lanvalidator')}) AS definition,
         ${privilegesOf('l.lanacl', 'l', 'l.lanowner')} AS privileges
    FROM pg_language l
   WHERE l.oid >= 16384 AND ${notFromExtension('pg_language', 'l.oid')}`;
const optionList = (options) => `'OPTIONS (' || array_to_string(${sortedOptions(options)}, ', ') || ')'`;
const FOREIGN_DATA_WRAPPERS = `
  SELECT quote_ident(w.fdwname) AS name,
         concat_ws(' ', 'HANDLER ' || ${routine('w.fdwhandler')}, 'VALIDATOR ' || ${routine('w.fdwvalidator')},
           ${optionList('w.fdwoptions')}) AS definition,
         ${privilegesOf('w.fdwacl', 'F', 'w.fdwowner')} AS privileges
    FROM pg_foreign_data_wrapper w
   WHERE ${notFromExtension('pg_foreign_data_wrapper', 'w.oid')}`;
const FOREIGN_SERVERS = `
  SELECT quote_ident(s.srvname) AS name,
         concat_ws(' ', 'TYPE ' || quote_literal(s.srvtype), 'VERSION ' || quote_literal(s.srvversion),
           'FOREIGN DATA WRAPPER ' || quote_ident(w.fdwname), ${optionList('s.srvoptions')}) AS definition,
         ${privilegesOf('s.srvacl', 'S', 's.srvowner')} AS privileges
    FROM pg_foreign_server s JOIN pg_foreign_data_wrapper w ON w.oid = s.srvfdw
   WHERE ${notFromExtension('pg_foreign_server', 's.oid')}`;
// Only the names of a user mapping's options: their values may be passwords, and the drift goes to
// logs. pg_user_mappings shows the options only to those allowed to see them.
const USER_MAPPINGS = `
  SELECT 'for ' || CASE WHEN um.umuser = 0 THEN 'PUBLIC' WHEN um.usename = current_user THEN 'CURRENT_USER' ELSE quote_ident(um.usename) END
           || ' server ' || quote_ident(um.srvname) AS name,
         array(SELECT split_part(o, '=', 1) FROM unnest(um.umoptions) o ORDER BY 1) AS options,
         array_remove(ARRAY[CASE WHEN um.umuser <> 0 AND um.usename <> current_user THEN um.usename::text END], NULL) AS roles
    FROM pg_user_mappings um`;
const EVENT_TRIGGERS = `
  SELECT quote_ident(et.evtname) AS name,
         concat_ws(' ', 'ON ' || et.evtevent, 'WHEN TAG IN (' || array_to_string(et.evttags, ', ') || ')',
           'EXECUTE FUNCTION ' || ${routine('et.evtfoid')},
           CASE et.evtenabled WHEN 'D' THEN 'DISABLE' WHEN 'R' THEN 'ENABLE REPLICA' WHEN 'A' THEN 'ENABLE ALWAYS' END) AS definition
    FROM pg_event_trigger et
   WHERE ${notFromExtension('pg_event_trigger', 'et.oid')}`;
// Column lists and row filters exist from PostgreSQL 15 on, FOR TABLES IN SCHEMA too: the
// pg_publication_namespace rows are found through pg_depend, as to_regclass is null before 15.
const PUBLICATIONS = `
  SELECT quote_ident(p.pubname) AS name,
         concat_ws(', ', CASE WHEN p.puballtables THEN 'FOR ALL TABLES' END,
           'publish = ' || concat_ws('/', CASE WHEN p.pubinsert THEN 'insert' END, CASE WHEN p.pubupdate THEN 'update' END,
                                          CASE WHEN p.pubdelete THEN 'delete' END, CASE WHEN p.pubtruncate THEN 'truncate' END),
           CASE WHEN p.pubviaroot THEN 'publish_via_partition_root' END,
           CASE WHEN to_jsonb(p) ->> 'pubgencols' NOT IN ('n', 'false') THEN 'publish_generated_columns = ' || (to_jsonb(p) ->> 'pubgencols') END
         ) AS definition,
         array(SELECT pr.prrelid::regclass::text
                      || coalesce(' (' || (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) FROM pg_attribute a
                                             WHERE a.attrelid = pr.prrelid
                                               AND a.attnum = ANY (string_to_array(to_jsonb(pr) ->> 'prattrs', ' ')::int2[])) || ')', '')
                      || coalesce(' WHERE ' || (SELECT to_jsonb(pt) ->> 'rowfilter' FROM pg_publication_tables pt
                                                 WHERE pt.pubname = p.pubname AND pt.schemaname = rn.nspname AND pt.tablename = rc.relname), '')
                 FROM pg_publication_rel pr JOIN pg_class rc ON rc.oid = pr.prrelid JOIN pg_namespace rn ON rn.oid = rc.relnamespace
                WHERE pr.prpubid = p.oid AND ${notSkipped('pr.prrelid')}
                ORDER BY 1) AS tables,
         array(SELECT quote_ident(ns.refobjid::regnamespace::text)
                 FROM pg_depend pd JOIN pg_depend ns ON ns.classid = pd.classid AND ns.objid = pd.objid
                WHERE pd.classid = to_regclass('pg_publication_namespace') AND pd.refclassid = 'pg_publication'::regclass
                  AND pd.refobjid = p.oid AND ns.refclassid = 'pg_namespace'::regclass
                ORDER BY 1) AS schemas
    FROM pg_publication p`;
// Only the columns every role may read on every major: the connection string is the superuser's
// alone, and PostgreSQL 13 shows no more than these.
const SUBSCRIPTIONS = `
  SELECT quote_ident(s.subname) AS name,
         concat_ws(', ', 'PUBLICATION ' || array_to_string(s.subpublications, ', '), CASE WHEN NOT s.subenabled THEN 'DISABLED' END,
           'slot_name = ' || coalesce(s.subslotname::text, 'NONE')) AS definition
    FROM pg_subscription s
   WHERE s.subdbid = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database())`;
// Privileges of the role that runs the migrations are named without it, as ALTER DEFAULT PRIVILEGES
// without FOR ROLE makes them: on a scratch server that role has another name.
const DEFAULT_PRIVILEGES = `
  SELECT concat('default privileges',
           CASE WHEN da.defaclrole <> (SELECT r.oid FROM pg_roles r WHERE r.rolname = current_user)
                THEN ' for role ' || quote_ident(pg_get_userbyid(da.defaclrole)) END,
           ' on ', CASE da.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences' WHEN 'f' THEN 'functions'
                     WHEN 'T' THEN 'types' WHEN 'n' THEN 'schemas' ELSE da.defaclobjtype::text END,
           CASE WHEN da.defaclnamespace <> 0 THEN ' in schema ' || da.defaclnamespace::regnamespace::text END) AS name,
         ${rawAcl('da.defaclacl', `CASE WHEN da.defaclnamespace = 0
                 THEN acldefault(CASE da.defaclobjtype WHEN 'S' THEN 's' ELSE da.defaclobjtype END, da.defaclrole)
                 ELSE '{}'::aclitem[] END`, 'da.defaclrole')} AS privileges,
         array_remove(ARRAY[CASE WHEN pg_get_userbyid(da.defaclrole) <> current_user THEN pg_get_userbyid(da.defaclrole)::text END], NULL) AS roles
    FROM pg_default_acl da`;
const changed = (c) => {
    const initial = `acldefault(${c.aclKind}, ${c.owner})`;
    return `
  SELECT ${c.kind} || ' ' || ${c.name} AS name,
         ${rawAcl(`coalesce(${c.acl}, ${initial})`, `coalesce(ip.initprivs, ${initial})`, c.owner)} AS privileges
    FROM ${c.from}
    LEFT JOIN pg_init_privs ip ON ip.objoid = o.oid AND ip.classoid = '${c.catalog}'::regclass AND ip.objsubid = 0
   WHERE (${c.builtIn}) AND ${c.acl} IS DISTINCT FROM ip.initprivs`;
};
// With search_path set to pg_catalog, its objects print unqualified: say where they are.
const pgCatalog = (schema) => `CASE WHEN ${schema}.nspname = 'pg_catalog' THEN 'pg_catalog.' ELSE '' END`;
// Built in, as pg_dump counts it: in pg_catalog (information_schema is never dumped), or for what
// has no schema, made by initdb; or an extension's member.
const builtIn = (catalog, schema, oid = 'o.oid') => `(${schema === null ? `${oid} < 16384` : `${schema}.nspname = 'pg_catalog'`} OR ${fromExtension(catalog, oid)})`;
const BUILTIN_COLUMNS = `
  SELECT 'column ' || c.oid::regclass::text || '.' || quote_ident(a.attname) AS name,
         ${rawAcl("coalesce(a.attacl, '{}')", "coalesce(ip.initprivs, '{}')", 'c.relowner')} AS privileges
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_init_privs ip ON ip.objoid = c.oid AND ip.classoid = 'pg_class'::regclass AND ip.objsubid = a.attnum
   WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
     AND ${builtIn('pg_class', 'n', 'c.oid')}
     AND a.attacl IS DISTINCT FROM ip.initprivs`;
const BUILTIN_PRIVILEGES = [
    changed({
        kind: `CASE o.relkind WHEN 'S' THEN 'sequence' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' ELSE 'table' END`,
        catalog: 'pg_class',
        from: 'pg_class o JOIN pg_namespace n ON n.oid = o.relnamespace',
        name: `${pgCatalog('n')} || o.oid::regclass::text`,
        acl: 'o.relacl',
        owner: 'o.relowner',
        aclKind: `CASE o.relkind WHEN 'S' THEN 's'::"char" ELSE 'r'::"char" END`,
        builtIn: `o.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND ${builtIn('pg_class', 'n')}`,
    }),
    changed({
        kind: "'function'",
        catalog: 'pg_proc',
        from: 'pg_proc o JOIN pg_namespace n ON n.oid = o.pronamespace',
        name: `${pgCatalog('n')} || o.oid::regprocedure::text`,
        acl: 'o.proacl',
        owner: 'o.proowner',
        aclKind: `'f'`,
        builtIn: builtIn('pg_proc', 'n'),
    }),
    changed({
        kind: "'type'",
        catalog: 'pg_type',
        from: 'pg_type o JOIN pg_namespace n ON n.oid = o.typnamespace',
        name: `${pgCatalog('n')} || o.oid::regtype::text`,
        acl: 'o.typacl',
        owner: 'o.typowner',
        aclKind: `'T'`,
        builtIn: builtIn('pg_type', 'n'),
    }),
    changed({
        kind: "'schema'",
        catalog: 'pg_namespace',
        from: 'pg_namespace o',
        name: 'quote_ident(o.nspname)',
        acl: 'o.nspacl',
        owner: 'o.nspowner',
        aclKind: `'n'`,
        builtIn: builtIn('pg_namespace', 'o'),
    }),
    changed({
        kind: "'language'",
        catalog: 'pg_language',
        from: 'pg_language o',
        name: 'quote_ident(o.lanname)',
        acl: 'o.lanacl',
        owner: 'o.lanowner',
        aclKind: `'l'`,
        builtIn: builtIn('pg_language', null),
    }),
    changed({
        kind: "'foreign data wrapper'",
        catalog: 'pg_foreign_data_wrapper',
        from: 'pg_foreign_data_wrapper o',
        name: 'quote_ident(o.fdwname)',
        acl: 'o.fdwacl',
        owner: 'o.fdwowner',
        aclKind: `'F'`,
        builtIn: fromExtension('pg_foreign_data_wrapper', 'o.oid'),
    }),
    changed({
        kind: "'foreign server'",
        catalog: 'pg_foreign_server',
        from: 'pg_foreign_server o',
        name: 'quote_ident(o.srvname)',
        acl: 'o.srvacl',
        owner: 'o.srvowner',
        aclKind: `'S'`,
        builtIn: fromExtension('pg_foreign_server', 'o.oid'),
    }),
    BUILTIN_COLUMNS,
].join('\n  UNION ALL');
const ACCESS_QUERIES = {
    schemas: SCHEMAS,
    extensions: EXTENSIONS,
    languages: LANGUAGES,
    foreignDataWrappers: FOREIGN_DATA_WRAPPERS,
    foreignServers: FOREIGN_SERVERS,
    userMappings: USER_MAPPINGS,
    eventTriggers: EVENT_TRIGGERS,
    publications: PUBLICATIONS,
    subscriptions: SUBSCRIPTIONS,
    defaultPrivileges: DEFAULT_PRIVILEGES,
    builtinPrivileges: BUILTIN_PRIVILEGES,
};

;// CONCATENATED MODULE: ./src/database/catalog-sql-comments.ts
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
const COMMENTS = `
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

;// CONCATENATED MODULE: ./src/database/catalog-sql-relations.ts

// Tables, their parts, indexes, sequences, views and extended statistics: one SELECT each,
// whose rows become the snapshot's lists.
const inUserSchema = (rel) => `${userSchema('n')} AND ${notFromExtension('pg_class', `${rel}.oid`)} AND ${notSkipped(`${rel}.oid`)}`;
// PostgreSQL 18 keeps NOT NULL as constraints with names of their own, which a renamed table keeps
// (`foo_x_not_null` on `bar`). Their meaning is the column's attnotnull, plus NOT VALID or
// NO INHERIT: that is what is compared, never the name.
const notNullOptions = (rel, column) => `(
  SELECT nullif(concat_ws(' ', CASE WHEN k.connoinherit THEN 'NO INHERIT' END, CASE WHEN NOT k.convalidated THEN 'NOT VALID' END), '')
    FROM pg_constraint k WHERE k.conrelid = ${rel}.oid AND k.contype = 'n' AND k.conkey[1] = ${column}.attnum)`;
// Attribute options named pg_\u2026 are the server's own (some builds keep a per-column pg_attver there),
// which pg_dump leaves out too; users can only set n_distinct and n_distinct_inherited.
const columnsOf = (rel) => `coalesce((
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
const constraintsOf = (rel) => `coalesce((
  SELECT json_agg(json_build_object(
           'name', k.conname,
           'type', CASE k.contype WHEN 'p' THEN 'primary key' WHEN 'u' THEN 'unique' WHEN 'f' THEN 'foreign key'
                     WHEN 'c' THEN 'check' WHEN 'x' THEN 'exclusion' WHEN 't' THEN 'trigger' ELSE k.contype::text END,
           'definition', pg_get_constraintdef(k.oid))
         ORDER BY k.conname COLLATE "C")
    FROM pg_constraint k WHERE k.conrelid = ${rel}.oid AND k.contype <> 'n'), '[]')`;
const policiesOf = (rel) => `coalesce((
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
const viewColumnsOf = (rel) => `coalesce((
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
const RELATION_QUERIES = {
    tables: TABLES,
    indexes: INDEXES,
    sequences: SEQUENCES,
    views: VIEWS,
    statistics: STATISTICS,
};

;// CONCATENATED MODULE: ./src/database/catalog-sql-types.ts

// Functions, types and what the type system is extended with: operators, operator classes and
// families, casts, collations, conversions and text search.
const catalog_sql_types_inUserSchema = (catalog, oid) => `${userSchema('n')} AND ${notFromExtension(catalog, oid)}`;
const qualified = (schema, name) => `quote_ident(${schema}.nspname) || '.' || quote_ident(${name})`;
// pg_get_functiondef refuses aggregates, so they are described by their parts. Functions a type
// made for itself (a range's constructors) are the type's: an internal dependency says so.
const AGGREGATE = `format('AGGREGATE %s (%s)', p.oid::regprocedure, concat_ws(', ',
    'KIND = ' || ag.aggkind::text, 'DIRECTARGS = ' || ag.aggnumdirectargs::text,
    'SFUNC = ' || ${routine('ag.aggtransfn')}, 'STYPE = ' || format_type(ag.aggtranstype, NULL), 'SSPACE = ' || ag.aggtransspace::text,
    'FINALFUNC = ' || ${routine('ag.aggfinalfn')}, 'FINALFUNC_EXTRA = ' || ag.aggfinalextra::text, 'FINALFUNC_MODIFY = ' || ag.aggfinalmodify::text,
    'COMBINEFUNC = ' || ${routine('ag.aggcombinefn')}, 'SERIALFUNC = ' || ${routine('ag.aggserialfn')},
    'DESERIALFUNC = ' || ${routine('ag.aggdeserialfn')}, 'INITCOND = ' || quote_literal(ag.agginitval),
    'MSFUNC = ' || ${routine('ag.aggmtransfn')}, 'MINVFUNC = ' || ${routine('ag.aggminvtransfn')},
    'MSTYPE = ' || format_type(nullif(ag.aggmtranstype, 0), NULL), 'MSSPACE = ' || ag.aggmtransspace::text,
    'MFINALFUNC = ' || ${routine('ag.aggmfinalfn')}, 'MFINALFUNC_EXTRA = ' || ag.aggmfinalextra::text,
    'MFINALFUNC_MODIFY = ' || ag.aggmfinalmodify::text, 'MINITCOND = ' || quote_literal(ag.aggminitval),
    'SORTOP = ' || nullif(ag.aggsortop, 0)::regoperator, 'PARALLEL = ' || p.proparallel::text, 'STRICT = ' || p.proisstrict::text))`;
const FUNCTIONS = `
  SELECT p.oid::regprocedure::text AS name,
         CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' WHEN 'w' THEN 'window' ELSE 'function' END AS kind,
         CASE WHEN p.prokind = 'a' THEN ${AGGREGATE} ELSE pg_get_functiondef(p.oid) END AS definition,
         ${privilegesOf('p.proacl', 'f', 'p.proowner')} AS privileges
    FROM pg_proc p
    JOIN pg_namespace n ON n.oid = p.pronamespace
    LEFT JOIN pg_aggregate ag ON ag.aggfnoid = p.oid
   WHERE ${catalog_sql_types_inUserSchema('pg_proc', 'p.oid')}
     AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'i')`;
const typeExtras = `${privilegesOf('t.typacl', 'T', 't.typowner')} AS privileges`;
const ENUMS = `
  SELECT t.oid::regtype::text AS name,
         array(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels,
         ${typeExtras}
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
   WHERE t.typtype = 'e' AND ${catalog_sql_types_inUserSchema('pg_type', 't.oid')}`;
// A domain's NOT NULL is also a constraint from PostgreSQL 17 on: it is compared as notNull.
const DOMAINS = `
  SELECT t.oid::regtype::text AS name, format_type(t.typbasetype, t.typtypmod) AS type, t.typnotnull AS "notNull",
         pg_get_expr(t.typdefaultbin, 0) AS default,
         CASE WHEN t.typcollation <> b.typcollation THEN t.typcollation::regcollation::text END AS collation,
         coalesce((
           SELECT json_agg(json_build_object('name', k.conname, 'definition', pg_get_constraintdef(k.oid))
                           ORDER BY k.conname COLLATE "C")
             FROM pg_constraint k WHERE k.contypid = t.oid AND k.contype <> 'n'), '[]') AS constraints,
         ${typeExtras}
    FROM pg_type t
    JOIN pg_type b ON b.oid = t.typbasetype
    JOIN pg_namespace n ON n.oid = t.typnamespace
   WHERE t.typtype = 'd' AND ${catalog_sql_types_inUserSchema('pg_type', 't.oid')}`;
const COMPOSITE_TYPES = `
  SELECT t.oid::regtype::text AS name,
         coalesce((
           SELECT json_agg(json_build_object(
                    'name', a.attname, 'type', format_type(a.atttypid, a.atttypmod),
                    'collation', CASE WHEN a.attcollation <> at.typcollation THEN a.attcollation::regcollation::text END)
                  ORDER BY a.attnum)
             FROM pg_attribute a JOIN pg_type at ON at.oid = a.atttypid
            WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped), '[]') AS attributes,
         ${typeExtras}
    FROM pg_type t
    JOIN pg_class c ON c.oid = t.typrelid
    JOIN pg_namespace n ON n.oid = t.typnamespace
   WHERE t.typtype = 'c' AND c.relkind = 'c' AND ${catalog_sql_types_inUserSchema('pg_type', 't.oid')}`;
// The multirange type (PostgreSQL 14+) is made with its range and compared as part of it.
const RANGES = `
  SELECT t.oid::regtype::text AS name,
         concat_ws(', ', 'SUBTYPE = ' || format_type(r.rngsubtype, NULL),
           CASE WHEN r.rngcollation <> 0 AND r.rngcollation <> st.typcollation THEN 'COLLATION = ' || r.rngcollation::regcollation::text END,
           CASE WHEN NOT opc.opcdefault THEN 'SUBTYPE_OPCLASS = ' || ${qualified('opn', 'opc.opcname')} END,
           'CANONICAL = ' || ${routine('r.rngcanonical')}, 'SUBTYPE_DIFF = ' || ${routine('r.rngsubdiff')},
           'MULTIRANGE_TYPE_NAME = ' || (to_jsonb(r) ->> 'rngmultitypid')::oid::regtype::text) AS definition,
         ${typeExtras}
    FROM pg_range r
    JOIN pg_type t ON t.oid = r.rngtypid
    JOIN pg_type st ON st.oid = r.rngsubtype
    JOIN pg_opclass opc ON opc.oid = r.rngsubopc
    JOIN pg_namespace opn ON opn.oid = opc.opcnamespace
    JOIN pg_namespace n ON n.oid = t.typnamespace
   WHERE ${catalog_sql_types_inUserSchema('pg_type', 't.oid')}`;
// CREATE TYPE with input and output functions; an array type belongs to its element type.
const BASE_TYPES = `
  SELECT t.oid::regtype::text AS name,
         concat_ws(', ', 'INPUT = ' || ${routine('t.typinput')}, 'OUTPUT = ' || ${routine('t.typoutput')},
           'RECEIVE = ' || ${routine('t.typreceive')}, 'SEND = ' || ${routine('t.typsend')},
           'TYPMOD_IN = ' || ${routine('t.typmodin')}, 'TYPMOD_OUT = ' || ${routine('t.typmodout')},
           'ANALYZE = ' || ${routine('t.typanalyze')}, 'SUBSCRIPT = ' || nullif(to_jsonb(t) ->> 'typsubscript', '-'),
           'INTERNALLENGTH = ' || CASE WHEN t.typlen < 0 THEN 'VARIABLE' ELSE t.typlen::text END,
           CASE WHEN t.typbyval THEN 'PASSEDBYVALUE' END, 'ALIGNMENT = ' || t.typalign::text, 'STORAGE = ' || t.typstorage::text,
           'CATEGORY = ' || t.typcategory::text, CASE WHEN t.typispreferred THEN 'PREFERRED' END, 'DEFAULT = ' || quote_literal(t.typdefault),
           'ELEMENT = ' || format_type(nullif(t.typelem, 0), NULL), 'DELIMITER = ' || quote_literal(t.typdelim::text),
           CASE WHEN t.typcollation <> 0 THEN 'COLLATABLE' END) AS definition,
         ${typeExtras}
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
   WHERE t.typtype = 'b' AND ${catalog_sql_types_inUserSchema('pg_type', 't.oid')}
     AND NOT EXISTS (SELECT FROM pg_type e WHERE e.typarray = t.oid)`;
// The version a collation was created with (collversion) differs between servers by right.
// PostgreSQL 15 moved an ICU locale from collcollate to colliculocale, 17 to colllocale.
const COLLATIONS = `
  SELECT co.oid::regcollation::text AS name,
         concat_ws(', ', 'PROVIDER = ' || CASE co.collprovider WHEN 'i' THEN 'icu' WHEN 'c' THEN 'libc' WHEN 'b' THEN 'builtin' ELSE 'default' END,
           CASE WHEN co.collprovider = 'c' THEN 'LC_COLLATE = ' || quote_literal(co.collcollate) END,
           CASE WHEN co.collprovider = 'c' THEN 'LC_CTYPE = ' || quote_literal(co.collctype) END,
           CASE WHEN co.collprovider <> 'c'
                THEN 'LOCALE = ' || quote_literal(coalesce(to_jsonb(co) ->> 'colllocale', to_jsonb(co) ->> 'colliculocale', co.collcollate)) END,
           'RULES = ' || quote_literal(to_jsonb(co) ->> 'collicurules'),
           CASE WHEN NOT co.collisdeterministic THEN 'DETERMINISTIC = false' END) AS definition
    FROM pg_collation co JOIN pg_namespace n ON n.oid = co.collnamespace
   WHERE ${catalog_sql_types_inUserSchema('pg_collation', 'co.oid')}`;
const OPERATORS = `
  SELECT o.oid::regoperator::text AS name,
         concat_ws(', ', 'FUNCTION = ' || ${routine('o.oprcode')}, 'COMMUTATOR = ' || nullif(o.oprcom, 0)::regoperator,
           'NEGATOR = ' || nullif(o.oprnegate, 0)::regoperator, 'RESTRICT = ' || ${routine('o.oprrest')},
           'JOIN = ' || ${routine('o.oprjoin')}, CASE WHEN o.oprcanhash THEN 'HASHES' END, CASE WHEN o.oprcanmerge THEN 'MERGES' END) AS definition
    FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace
   WHERE ${catalog_sql_types_inUserSchema('pg_operator', 'o.oid')}`;
const familyName = (family) => `(
  SELECT ${qualified('fn', 'f2.opfname')} || ' USING ' || quote_ident(am2.amname)
    FROM pg_opfamily f2 JOIN pg_namespace fn ON fn.oid = f2.opfnamespace JOIN pg_am am2 ON am2.oid = f2.opfmethod
   WHERE f2.oid = ${family})`;
const OPERATOR_FAMILIES = `
  SELECT ${qualified('n', 'f.opfname')} || ' USING ' || quote_ident(am.amname) AS name,
         array(SELECT m FROM (
           SELECT format('OPERATOR %s %s%s', ao.amopstrategy, ao.amopopr::regoperator,
                         CASE WHEN ao.amoppurpose = 's' THEN '' ELSE ' FOR ORDER BY ' || ${familyName('ao.amopsortfamily')} END) AS m
             FROM pg_amop ao WHERE ao.amopfamily = f.oid
           UNION ALL
           SELECT format('FUNCTION %s (%s, %s) %s', ap.amprocnum, format_type(ap.amproclefttype, NULL),
                         format_type(ap.amprocrighttype, NULL), ${routine('ap.amproc')})
             FROM pg_amproc ap WHERE ap.amprocfamily = f.oid) u
          ORDER BY m COLLATE "C") AS members
    FROM pg_opfamily f JOIN pg_am am ON am.oid = f.opfmethod JOIN pg_namespace n ON n.oid = f.opfnamespace
   WHERE ${catalog_sql_types_inUserSchema('pg_opfamily', 'f.oid')}`;
const OPERATOR_CLASSES = `
  SELECT ${qualified('n', 'oc.opcname')} || ' USING ' || quote_ident(am.amname) AS name,
         concat_ws(' ', CASE WHEN oc.opcdefault THEN 'DEFAULT' END, 'FOR TYPE ' || format_type(oc.opcintype, NULL),
           'FAMILY ' || ${familyName('oc.opcfamily')}, 'STORAGE ' || format_type(nullif(oc.opckeytype, 0), NULL)) AS definition
    FROM pg_opclass oc JOIN pg_am am ON am.oid = oc.opcmethod JOIN pg_namespace n ON n.oid = oc.opcnamespace
   WHERE ${catalog_sql_types_inUserSchema('pg_opclass', 'oc.oid')}`;
// Casts have no schema: the ones a user made are those with an OID past initdb's, except those a
// type made for itself (a range's cast to its multirange).
const CASTS = `
  SELECT format('(%s AS %s)', format_type(ca.castsource, NULL), format_type(ca.casttarget, NULL)) AS name,
         concat_ws(' ', CASE ca.castmethod WHEN 'f' THEN 'WITH FUNCTION ' || ${routine('ca.castfunc')} WHEN 'i' THEN 'WITH INOUT'
                          ELSE 'WITHOUT FUNCTION' END,
           CASE ca.castcontext WHEN 'i' THEN 'AS IMPLICIT' WHEN 'a' THEN 'AS ASSIGNMENT' END) AS definition
    FROM pg_cast ca
   WHERE ca.oid >= 16384 AND ${notFromExtension('pg_cast', 'ca.oid')}
     AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_cast'::regclass AND d.objid = ca.oid AND d.deptype = 'i')`;
const CONVERSIONS = `
  SELECT ${qualified('n', 'cv.conname')} AS name,
         concat_ws(' ', CASE WHEN cv.condefault THEN 'DEFAULT' END, 'FOR ' || quote_literal(pg_encoding_to_char(cv.conforencoding)),
           'TO ' || quote_literal(pg_encoding_to_char(cv.contoencoding)), 'FROM ' || ${routine('cv.conproc')}) AS definition
    FROM pg_conversion cv JOIN pg_namespace n ON n.oid = cv.connamespace
   WHERE ${catalog_sql_types_inUserSchema('pg_conversion', 'cv.oid')}`;
// Text search configurations, dictionaries, parsers and templates, named with their kind.
const TEXT_SEARCH = `
  SELECT 'configuration ' || cfg.oid::regconfig::text AS name,
         concat('PARSER = ', (SELECT ${qualified('pn', 'prs.prsname')} FROM pg_ts_parser prs JOIN pg_namespace pn ON pn.oid = prs.prsnamespace
                               WHERE prs.oid = cfg.cfgparser),
           (SELECT string_agg('; ' || tt.alias || ' WITH ' || (SELECT string_agg(m.mapdict::regdictionary::text, ', ' ORDER BY m.mapseqno)
                                                                 FROM pg_ts_config_map m WHERE m.mapcfg = cfg.oid AND m.maptokentype = tt.tokid),
                              '' ORDER BY tt.tokid)
              FROM ts_token_type(cfg.cfgparser) tt
             WHERE EXISTS (SELECT FROM pg_ts_config_map m WHERE m.mapcfg = cfg.oid AND m.maptokentype = tt.tokid))) AS definition
    FROM pg_ts_config cfg JOIN pg_namespace n ON n.oid = cfg.cfgnamespace
   WHERE ${catalog_sql_types_inUserSchema('pg_ts_config', 'cfg.oid')}
  UNION ALL
  SELECT 'dictionary ' || d.oid::regdictionary::text,
         concat_ws(', ', 'TEMPLATE = ' || (SELECT ${qualified('tn', 'tm.tmplname')} FROM pg_ts_template tm JOIN pg_namespace tn ON tn.oid = tm.tmplnamespace
                                          WHERE tm.oid = d.dicttemplate), d.dictinitoption)
    FROM pg_ts_dict d JOIN pg_namespace n ON n.oid = d.dictnamespace
   WHERE ${catalog_sql_types_inUserSchema('pg_ts_dict', 'd.oid')}
  UNION ALL
  SELECT 'parser ' || ${qualified('n', 'prs.prsname')},
         concat_ws(', ', 'START = ' || ${routine('prs.prsstart')}, 'GETTOKEN = ' || ${routine('prs.prstoken')}, 'END = ' || ${routine('prs.prsend')},
           'LEXTYPES = ' || ${routine('prs.prslextype')}, 'HEADLINE = ' || ${routine('prs.prsheadline')})
    FROM pg_ts_parser prs JOIN pg_namespace n ON n.oid = prs.prsnamespace
   WHERE ${catalog_sql_types_inUserSchema('pg_ts_parser', 'prs.oid')}
  UNION ALL
  SELECT 'template ' || ${qualified('n', 'tm.tmplname')},
         concat_ws(', ', 'INIT = ' || ${routine('tm.tmplinit')}, 'LEXIZE = ' || ${routine('tm.tmpllexize')})
    FROM pg_ts_template tm JOIN pg_namespace n ON n.oid = tm.tmplnamespace
   WHERE ${catalog_sql_types_inUserSchema('pg_ts_template', 'tm.oid')}`;
const TYPE_QUERIES = {
    functions: FUNCTIONS,
    enums: ENUMS,
    domains: DOMAINS,
    compositeTypes: COMPOSITE_TYPES,
    ranges: RANGES,
    baseTypes: BASE_TYPES,
    collations: COLLATIONS,
    operators: OPERATORS,
    operatorFamilies: OPERATOR_FAMILIES,
    operatorClasses: OPERATOR_CLASSES,
    casts: CASTS,
    conversions: CONVERSIONS,
    textSearch: TEXT_SEARCH,
};

// EXTERNAL MODULE: ./src/database/identifiers.ts
var identifiers = __webpack_require__(913);
;// CONCATENATED MODULE: ./src/database/catalog-snapshot.ts






const QUERIES = {
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
function snapshotQuery(excludeTables) {
    const names = `ARRAY[${excludeTables.map(identifiers/* quoteLiteral */.ce).join(', ')}]::text[]`;
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
async function snapshotSchema(client, options = {}) {
    const status = client.getTransactionStatus();
    const nested = status === 'T' || status === 'E';
    // Rolling back undoes SET LOCAL (also inside a savepoint) and nothing else: the read wrote nothing.
    const [begin, end] = nested
        ? ['SAVEPOINT catalog_snapshot', 'ROLLBACK TO SAVEPOINT catalog_snapshot; RELEASE SAVEPOINT catalog_snapshot']
        : ['BEGIN READ ONLY', 'ROLLBACK'];
    // One simple-protocol message: the statements run in order and stop at the first error.
    const text = `${begin}; SET LOCAL search_path = pg_catalog; SET LOCAL jit = off; ${snapshotQuery(options.excludeTables ?? [])}; ${end}`;
    let results;
    try {
        results = (await client.query(text));
    }
    catch (error) {
        await client.query(end).catch(() => { });
        throw error;
    }
    const row = results.find((result) => result.command === 'SELECT')?.rows[0];
    return finish((typeof row.snapshot === 'string' ? JSON.parse(row.snapshot) : row.snapshot));
}
/** Privileges from raw ACLs to their differences; lists in order. */
function finish(snapshot) {
    const visit = (value) => {
        if (Array.isArray(value))
            for (const item of value)
                visit(item);
        else if (value !== null && typeof value === 'object') {
            const record = value;
            for (const [key, field] of Object.entries(record)) {
                if (key === 'privileges')
                    record[key] = aclDifference(field);
                else if (Array.isArray(field) && typeof field[0] === 'object')
                    visit(field);
            }
        }
    };
    for (const list of Object.values(snapshot))
        visit(list);
    snapshot.builtinPrivileges = snapshot.builtinPrivileges.filter((item) => item.privileges.length > 0);
    for (const list of Object.values(snapshot))
        if (Array.isArray(list))
            list.sort(byName);
    return snapshot;
}
function byName(x, y) {
    const a = typeof x === 'string' ? x : x.name;
    const b = typeof y === 'string' ? y : y.name;
    return a < b ? -1 : a > b ? 1 : 0;
}


/***/ }),

/***/ 3975:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AB: () => (/* binding */ quoteName),
/* harmony export */   AT: () => (/* binding */ UNDO_SIDES),
/* harmony export */   DB: () => (/* binding */ REPEAT_SIDES),
/* harmony export */   GR: () => (/* binding */ ORDERED),
/* harmony export */   I: () => (/* binding */ COLLECTIONS),
/* harmony export */   _4: () => (/* binding */ phrasePair),
/* harmony export */   dI: () => (/* binding */ PARTS),
/* harmony export */   jS: () => (/* binding */ DRIFT_SIDES),
/* harmony export */   wh: () => (/* binding */ DEFAULT_WHEN_MISSING)
/* harmony export */ });
// How a difference between two snapshots is said: what each collection and part is called, and
// each property's value in words (`not null`, `no default`, `unlogged`), so that a line reads
// `column public.posts.slug: not null in the database, nullable from the migrations`.
/** check with drift: the migrations replayed on a scratch database, against the database. */
const DRIFT_SIDES = {
    expected: { only: 'only in the migrations', value: 'from the migrations', server: 'the scratch server' },
    actual: { only: 'only in the database', value: 'in the database', server: "the database's server" },
};
/** verify: the schema before a migration's up, against the schema after its down. */
const UNDO_SIDES = {
    expected: { only: 'only before the up', value: 'before the up', server: 'the server' },
    actual: { only: 'only after the down', value: 'after the down', server: 'the server' },
};
/** verify: the schema after a migration's first up, against the one after its second. */
const REPEAT_SIDES = {
    expected: { only: 'only the first time up', value: 'the first time up', server: 'the server' },
    actual: { only: 'only the second time up', value: 'the second time up', server: 'the server' },
};
/** The collections compared, in order, with the word for one item ('' when its name says it). */
const COLLECTIONS = [
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
const PARTS = {
    columns: { word: 'column', style: 'inside' },
    attributes: { word: 'attribute', style: 'inside' },
    constraints: { word: 'constraint', style: 'on' },
    triggers: { word: 'trigger', style: 'on' },
    policies: { word: 'policy', style: 'on' },
    rules: { word: 'rule', style: 'on' },
};
/** Parts whose order is part of the schema (`SELECT *`, row constructors), not only their names. */
const ORDERED = new Set(['columns', 'attributes']);
/** Collections where an item missing on one side means that side has the default, not no object. */
const DEFAULT_WHEN_MISSING = {
    defaultPrivileges: { privileges: [] },
    builtinPrivileges: { privileges: [] },
    comments: { comment: null },
};
/** `what (a, b)`, or `none` for an empty list. */
const list = (items, what, none, separator = ', ') => {
    const values = items;
    return values.length === 0 ? none : `${what} (${values.join(separator)})`;
};
const ENABLED = {
    O: 'enabled',
    D: 'disabled',
    R: 'enabled on replicas only',
    A: 'enabled always',
};
/** A property's value in words; a property missing here is named and shown as JSON. */
const PHRASES = {
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
/** Both values of a property in words, for `<actual> in \u2026, <expected> from \u2026`. */
function phrasePair(field, expected, actual) {
    if (field === 'definition' && typeof expected === 'string' && typeof actual === 'string') {
        const [a, b] = excerpts(oneLine(expected), oneLine(actual));
        return [`definition ${a}`, `definition ${b}`];
    }
    const phrase = PHRASES[field] ?? ((v) => `${words(field)} ${v === undefined ? 'absent' : JSON.stringify(v)}`);
    return [phrase(expected), phrase(actual)];
}
function oneLine(text) {
    return text.replace(/\s+/g, ' ').trim();
}
function excerpts(a, b) {
    if (a.length <= LONG && b.length <= LONG)
        return [a, b];
    let start = 0;
    while (start < a.length && a[start] === b[start])
        start++;
    const cut = (text) => {
        const from = Math.max(0, start - CONTEXT);
        const to = Math.min(text.length, start + CONTEXT);
        return `${from > 0 ? '\u2026' : ''}${text.slice(from, to)}${to < text.length ? '\u2026' : ''}`;
    };
    return [cut(a), cut(b)];
}
/** `notNull` \u2192 `not null`, `ownedBy` \u2192 `owned by`. */
function words(field) {
    return field.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);
}
/** As quote_ident does for a plain name: lower-case letters, digits, _ and $ stay bare. */
function quoteName(name) {
    return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}


/***/ })

};
