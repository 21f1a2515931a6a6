import {
  rawAcl,
  fromExtension,
  notFromExtension,
  notSkipped,
  privilegesOf,
  routine,
  sortedOptions,
  userSchema,
} from './catalog-sql-common.js';

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

const optionList = (options: string): string => `'OPTIONS (' || array_to_string(${sortedOptions(options)}, ', ') || ')'`;

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
         ${rawAcl(
           'da.defaclacl',
           `CASE WHEN da.defaclnamespace = 0
                 THEN acldefault(CASE da.defaclobjtype WHEN 'S' THEN 's' ELSE da.defaclobjtype END, da.defaclrole)
                 ELSE '{}'::aclitem[] END`,
           'da.defaclrole',
         )} AS privileges,
         array_remove(ARRAY[CASE WHEN pg_get_userbyid(da.defaclrole) <> current_user THEN pg_get_userbyid(da.defaclrole)::text END], NULL) AS roles
    FROM pg_default_acl da`;

// pg_dump also dumps what was granted or revoked on built-in objects and on extensions' members,
// against their initial privileges (pg_init_privs). Only those that differ are read.
interface BuiltinCatalog {
  /** the object's kind in the name, e.g. `function`; SQL text when it depends on the row */
  kind: string;
  catalog: string;
  /** the row is `o`, its schema `n` where it has one */
  from: string;
  name: string;
  acl: string;
  owner: string;
  /** acldefault's letter for the object */
  aclKind: string;
  /** which rows are built in or an extension's */
  builtIn: string;
}

const changed = (c: BuiltinCatalog): string => {
  const initial = `acldefault(${c.aclKind}, ${c.owner})`;
  return `
  SELECT ${c.kind} || ' ' || ${c.name} AS name,
         ${rawAcl(`coalesce(${c.acl}, ${initial})`, `coalesce(ip.initprivs, ${initial})`, c.owner)} AS privileges
    FROM ${c.from}
    LEFT JOIN pg_init_privs ip ON ip.objoid = o.oid AND ip.classoid = '${c.catalog}'::regclass AND ip.objsubid = 0
   WHERE (${c.builtIn}) AND ${c.acl} IS DISTINCT FROM ip.initprivs`;
};

// With search_path set to pg_catalog, its objects print unqualified: say where they are.
const pgCatalog = (schema: string): string => `CASE WHEN ${schema}.nspname = 'pg_catalog' THEN 'pg_catalog.' ELSE '' END`;

// Built in, as pg_dump counts it: in pg_catalog (information_schema is never dumped), or for what
// has no schema, made by initdb; or an extension's member.
const builtIn = (catalog: string, schema: string | null, oid = 'o.oid'): string =>
  `(${schema === null ? `${oid} < 16384` : `${schema}.nspname = 'pg_catalog'`} OR ${fromExtension(catalog, oid)})`;

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

export const ACCESS_QUERIES = {
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
} as const;
