import { notFromExtension, privilegesOf, routine, userSchema } from './catalog-sql-common.js';

// Functions, types and what the type system is extended with: operators, operator classes and
// families, casts, collations, conversions and text search.

const inUserSchema = (catalog: string, oid: string): string => `${userSchema('n')} AND ${notFromExtension(catalog, oid)}`;

const qualified = (schema: string, name: string): string => `quote_ident(${schema}.nspname) || '.' || quote_ident(${name})`;

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
   WHERE ${inUserSchema('pg_proc', 'p.oid')}
     AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'i')`;

const typeExtras = `${privilegesOf('t.typacl', 'T', 't.typowner')} AS privileges`;

const ENUMS = `
  SELECT t.oid::regtype::text AS name,
         array(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels,
         ${typeExtras}
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
   WHERE t.typtype = 'e' AND ${inUserSchema('pg_type', 't.oid')}`;

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
   WHERE t.typtype = 'd' AND ${inUserSchema('pg_type', 't.oid')}`;

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
   WHERE t.typtype = 'c' AND c.relkind = 'c' AND ${inUserSchema('pg_type', 't.oid')}`;

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
   WHERE ${inUserSchema('pg_type', 't.oid')}`;

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
   WHERE t.typtype = 'b' AND ${inUserSchema('pg_type', 't.oid')}
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
   WHERE ${inUserSchema('pg_collation', 'co.oid')}`;

const OPERATORS = `
  SELECT o.oid::regoperator::text AS name,
         concat_ws(', ', 'FUNCTION = ' || ${routine('o.oprcode')}, 'COMMUTATOR = ' || nullif(o.oprcom, 0)::regoperator,
           'NEGATOR = ' || nullif(o.oprnegate, 0)::regoperator, 'RESTRICT = ' || ${routine('o.oprrest')},
           'JOIN = ' || ${routine('o.oprjoin')}, CASE WHEN o.oprcanhash THEN 'HASHES' END, CASE WHEN o.oprcanmerge THEN 'MERGES' END) AS definition
    FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace
   WHERE ${inUserSchema('pg_operator', 'o.oid')}`;

const familyName = (family: string): string => `(
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
   WHERE ${inUserSchema('pg_opfamily', 'f.oid')}`;

const OPERATOR_CLASSES = `
  SELECT ${qualified('n', 'oc.opcname')} || ' USING ' || quote_ident(am.amname) AS name,
         concat_ws(' ', CASE WHEN oc.opcdefault THEN 'DEFAULT' END, 'FOR TYPE ' || format_type(oc.opcintype, NULL),
           'FAMILY ' || ${familyName('oc.opcfamily')}, 'STORAGE ' || format_type(nullif(oc.opckeytype, 0), NULL)) AS definition
    FROM pg_opclass oc JOIN pg_am am ON am.oid = oc.opcmethod JOIN pg_namespace n ON n.oid = oc.opcnamespace
   WHERE ${inUserSchema('pg_opclass', 'oc.oid')}`;

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
   WHERE ${inUserSchema('pg_conversion', 'cv.oid')}`;

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
   WHERE ${inUserSchema('pg_ts_config', 'cfg.oid')}
  UNION ALL
  SELECT 'dictionary ' || d.oid::regdictionary::text,
         concat_ws(', ', 'TEMPLATE = ' || (SELECT ${qualified('tn', 'tm.tmplname')} FROM pg_ts_template tm JOIN pg_namespace tn ON tn.oid = tm.tmplnamespace
                                          WHERE tm.oid = d.dicttemplate), d.dictinitoption)
    FROM pg_ts_dict d JOIN pg_namespace n ON n.oid = d.dictnamespace
   WHERE ${inUserSchema('pg_ts_dict', 'd.oid')}
  UNION ALL
  SELECT 'parser ' || ${qualified('n', 'prs.prsname')},
         concat_ws(', ', 'START = ' || ${routine('prs.prsstart')}, 'GETTOKEN = ' || ${routine('prs.prstoken')}, 'END = ' || ${routine('prs.prsend')},
           'LEXTYPES = ' || ${routine('prs.prslextype')}, 'HEADLINE = ' || ${routine('prs.prsheadline')})
    FROM pg_ts_parser prs JOIN pg_namespace n ON n.oid = prs.prsnamespace
   WHERE ${inUserSchema('pg_ts_parser', 'prs.oid')}
  UNION ALL
  SELECT 'template ' || ${qualified('n', 'tm.tmplname')},
         concat_ws(', ', 'INIT = ' || ${routine('tm.tmplinit')}, 'LEXIZE = ' || ${routine('tm.tmpllexize')})
    FROM pg_ts_template tm JOIN pg_namespace n ON n.oid = tm.tmplnamespace
   WHERE ${inUserSchema('pg_ts_template', 'tm.oid')}`;

export const TYPE_QUERIES = {
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
} as const;
