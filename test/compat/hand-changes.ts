/**
 * One change made by hand to a database its migrations made (test/compat/fixtures/referee), per
 * kind of object or property, and the drift line(s) it must cause. `{role}` stands for a role of
 * the test's own.
 */
export interface HandChange {
  kind: string;
  sql: string;
  /** patterns (as RegExp source, `{role}` replaced) of lines drift must print */
  drift?: string[];
  /** lines drift must not print: a change of name only, which means nothing */
  unchanged?: RegExp;
  minMajor?: number;
  superuser?: boolean;
  extension?: string;
}

export const HAND_CHANGES: HandChange[] = [
  // First, before default privileges would grant on the new table.
  {
    kind: 'table created under its final name',
    sql: 'DROP TABLE app.renamed; CREATE TABLE app.renamed (x integer NOT NULL)',
    unchanged: /app\.renamed/,
  },
  // privileges
  {
    kind: 'table privilege',
    sql: 'GRANT SELECT ON app.users TO {role}',
    drift: ['^table app\\.users: grant SELECT to {role} only in the database$'],
  },
  {
    kind: 'column privilege',
    sql: 'GRANT UPDATE (bio) ON app.users TO {role}',
    drift: ['^column app\\.users\\.bio: grant UPDATE to {role} only in the database$'],
  },
  {
    kind: 'function privilege',
    sql: 'REVOKE EXECUTE ON FUNCTION app.add(integer, integer) FROM PUBLIC',
    drift: ['^function app\\.add\\(integer,integer\\): revoke EXECUTE from PUBLIC only in the database$'],
  },
  {
    kind: 'schema privilege',
    sql: 'GRANT USAGE ON SCHEMA app TO {role}',
    drift: ['^schema app: grant USAGE to {role} only in the database$'],
  },
  {
    kind: 'public schema privilege',
    sql: 'REVOKE USAGE ON SCHEMA public FROM PUBLIC',
    drift: ['^schema public: revoke USAGE from PUBLIC only in the database$'],
  },
  {
    kind: 'sequence privilege',
    sql: 'GRANT USAGE ON SEQUENCE app.counter TO {role}',
    drift: ['^sequence app\\.counter: grant USAGE to {role} only in the database$'],
  },
  {
    kind: 'type privilege',
    sql: 'REVOKE USAGE ON TYPE app.mood FROM PUBLIC',
    drift: ['^enum app\\.mood: revoke USAGE from PUBLIC only in the database$'],
  },
  {
    kind: 'view privilege',
    sql: 'GRANT SELECT ON app.user_names TO {role}',
    drift: ['^view app\\.user_names: grant SELECT to {role} only in the database$'],
  },
  {
    kind: 'default privileges',
    sql: 'ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO {role}',
    drift: ['^default privileges on tables in schema app: grant SELECT to {role} only in the database$'],
  },
  {
    kind: 'built-in function privilege',
    sql: 'GRANT EXECUTE ON FUNCTION pg_catalog.pg_stat_reset() TO {role}',
    drift: ['^function pg_catalog\\.pg_stat_reset\\(\\): grant EXECUTE to {role} only in the database$'],
    superuser: true,
  },
  {
    kind: 'extension member privilege',
    sql: 'GRANT EXECUTE ON FUNCTION app.citextin(cstring) TO {role}',
    drift: ['^function app\\.citextin\\(cstring\\): grant EXECUTE to {role} only in the database$'],
    extension: 'citext',
  },
  // comments
  {
    kind: 'table comment',
    sql: `COMMENT ON TABLE app.users IS 'Registered users'`,
    drift: ['^table app\\.users: comment "Registered users" in the database, no comment from the migrations$'],
  },
  { kind: 'column comment', sql: `COMMENT ON COLUMN app.users.bio IS 'About'`, drift: ['^column app\\.users\\.bio: comment "About"'] },
  {
    kind: 'constraint comment',
    sql: `COMMENT ON CONSTRAINT posts_title_check ON app.posts IS 'Not empty'`,
    drift: ['^constraint posts_title_check on app\\.posts: comment "Not empty"'],
  },
  {
    kind: 'function comment',
    sql: `COMMENT ON FUNCTION app.add(integer, integer) IS 'Sum'`,
    drift: ['^function app\\.add\\(integer,integer\\): comment "Sum"'],
  },
  {
    kind: 'trigger comment',
    sql: `COMMENT ON TRIGGER posts_touch ON app.posts IS 'Touch'`,
    drift: ['^trigger posts_touch on app\\.posts: comment "Touch"'],
  },
  { kind: 'schema comment', sql: `COMMENT ON SCHEMA app IS 'The app'`, drift: ['^schema app: comment "The app"'] },
  {
    kind: 'index comment',
    sql: `COMMENT ON INDEX app.posts_title_idx IS 'Titles'`,
    drift: ['^index app\\.posts_title_idx: comment "Titles"'],
  },
  // row-level security
  {
    kind: 'row-level security',
    sql: 'ALTER TABLE app.posts ENABLE ROW LEVEL SECURITY',
    drift: ['^table app\\.posts: row-level security enabled in the database, row-level security disabled from the migrations$'],
  },
  {
    kind: 'forced row-level security',
    sql: 'ALTER TABLE app.settings FORCE ROW LEVEL SECURITY',
    drift: ['^table app\\.settings: row-level security forced on the owner in the database'],
  },
  {
    kind: 'new policy',
    sql: 'CREATE POLICY users_self ON app.users USING (true)',
    drift: ['^policy users_self on app\\.users: only in the database$'],
  },
  {
    kind: 'changed policy',
    sql: 'ALTER POLICY posts_own ON app.posts USING (user_id = 2)',
    drift: [
      '^policy posts_own on app\\.posts: definition .*user_id = 2.* in the database, definition .*user_id = 1.* from the migrations$',
    ],
  },
  // storage
  {
    kind: 'unlogged table',
    sql: 'ALTER TABLE app.settings SET UNLOGGED',
    drift: ['^table app\\.settings: unlogged in the database, logged from the migrations$'],
  },
  {
    kind: 'unlogged sequence',
    sql: 'ALTER SEQUENCE app.tickets SET UNLOGGED',
    drift: ['^sequence app\\.tickets: unlogged in the database, logged from the migrations$'],
    minMajor: 15,
  },
  {
    kind: 'table storage parameter',
    sql: 'ALTER TABLE app.posts SET (fillfactor = 70)',
    drift: ['^table app\\.posts: options \\(fillfactor=70\\) in the database, no options from the migrations$'],
  },
  {
    kind: 'TOAST storage parameter',
    sql: 'ALTER TABLE app.users SET (toast.autovacuum_enabled = false)',
    drift: ['^table app\\.users: options \\(toast\\.autovacuum_enabled=false\\) in the database'],
  },
  {
    kind: 'index storage parameter',
    sql: 'ALTER INDEX app.posts_title_idx SET (fillfactor = 50)',
    drift: ["^index app\\.posts_title_idx: definition .*WITH \\(fillfactor='50'\\) in the database"],
  },
  {
    kind: 'view option',
    sql: 'ALTER VIEW app.user_names SET (security_barrier = true)',
    drift: ['^view app\\.user_names: options \\(security_barrier=true\\) in the database'],
  },
  {
    kind: 'materialized view storage parameter',
    sql: 'ALTER MATERIALIZED VIEW app.post_counts SET (fillfactor = 60)',
    drift: ['^materialized view app\\.post_counts: options \\(fillfactor=60\\) in the database'],
  },
  {
    kind: 'column statistics target',
    sql: 'ALTER TABLE app.posts ALTER COLUMN title SET STATISTICS 500',
    drift: ['^column app\\.posts\\.title: statistics target 500 in the database, the default statistics target from the migrations$'],
  },
  {
    kind: 'column storage',
    sql: 'ALTER TABLE app.posts ALTER COLUMN body SET STORAGE EXTERNAL',
    drift: ["^column app\\.posts\\.body: storage external in the database, the type's storage from the migrations$"],
  },
  {
    kind: 'column compression',
    sql: 'ALTER TABLE app.users ALTER COLUMN name SET COMPRESSION pglz',
    drift: ['^column app\\.users\\.name: compression pglz in the database, the default compression from the migrations$'],
    minMajor: 14,
  },
  {
    kind: 'column option',
    sql: 'ALTER TABLE app.users ALTER COLUMN bio SET (n_distinct = 100)',
    drift: ['^column app\\.users\\.bio: options \\(n_distinct=100\\) in the database, no options from the migrations$'],
  },
  {
    kind: 'index column statistics target',
    sql: 'ALTER INDEX app.posts_lower_title_idx ALTER COLUMN 1 SET STATISTICS 100',
    drift: ['^index app\\.posts_lower_title_idx: statistics targets \\(1: 100\\) in the database'],
  },
  {
    kind: 'replica identity',
    sql: 'ALTER TABLE app.base REPLICA IDENTITY FULL',
    drift: ['^table app\\.base: replica identity full in the database, replica identity default from the migrations$'],
  },
  {
    kind: 'CLUSTER ON',
    sql: 'ALTER TABLE app.users CLUSTER ON users_pkey',
    drift: ['^index app\\.users_pkey: the CLUSTER ON index in the database, not the CLUSTER ON index from the migrations$'],
  },
  // structure
  {
    kind: 'sequence ownership',
    sql: 'ALTER SEQUENCE app.counter OWNED BY app.loose.id',
    drift: ['^sequence app\\.counter: owned by app\\.loose\\.id in the database, owned by no column from the migrations$'],
  },
  {
    kind: 'sequence increment',
    sql: 'ALTER SEQUENCE app.posts_id_seq INCREMENT BY 5',
    drift: ['^sequence app\\.posts_id_seq: increment 5 in the database, increment 1 from the migrations$'],
  },
  {
    kind: 'partition bound',
    sql: 'ALTER TABLE app.events DETACH PARTITION app.events_2025',
    drift: [
      '^table app\\.events_2025: not a partition in the database, a partition of app\\.events FOR VALUES FROM .* from the migrations$',
    ],
  },
  {
    kind: 'inheritance',
    sql: 'ALTER TABLE app.derived NO INHERIT app.base',
    drift: ['^table app\\.derived: inherits nothing in the database, inherits \\(app\\.base\\) from the migrations$'],
  },
  {
    kind: 'extended statistics',
    sql: 'CREATE STATISTICS app.posts_stats ON user_id, title FROM app.posts',
    drift: ['^statistics object app\\.posts_stats: only in the database$'],
  },
  {
    kind: 'rule',
    sql: 'CREATE RULE settings_keep AS ON DELETE TO app.settings DO INSTEAD NOTHING',
    drift: ['^rule settings_keep on app\\.settings: only in the database$'],
  },
  { kind: 'publication', sql: 'CREATE PUBLICATION omt_pub FOR TABLE app.posts', drift: ['^publication omt_pub: only in the database$'] },
  {
    kind: 'disabled trigger',
    sql: 'ALTER TABLE app.posts DISABLE TRIGGER posts_touch',
    drift: ['^trigger posts_touch on app\\.posts: disabled in the database, enabled from the migrations$'],
  },
  {
    kind: 'function setting',
    sql: 'ALTER FUNCTION app.add(integer, integer) SET search_path = pg_catalog',
    drift: ['^function app\\.add\\(integer,integer\\): definition .*SET search_path.* in the database'],
  },
  {
    kind: 'view column default',
    sql: `ALTER VIEW app.user_names ALTER COLUMN name SET DEFAULT 'anonymous'`,
    drift: ["^column app\\.user_names\\.name: default 'anonymous'::text in the database, no default from the migrations$"],
  },
  {
    kind: 'domain constraint',
    sql: 'ALTER DOMAIN app.positive ADD CONSTRAINT positive_small CHECK (VALUE < 1000000) NOT VALID',
    drift: ['^constraint positive_small on app\\.positive: only in the database$'],
  },
  {
    kind: 'enum label',
    sql: `ALTER TYPE app.mood ADD VALUE 'happy'`,
    drift: ['^enum app\\.mood: labels \\(sad, ok, happy\\) in the database'],
  },
  { kind: 'index', sql: 'CREATE INDEX users_name_idx ON app.users (name)', drift: ['^index app\\.users_name_idx: only in the database$'] },
  {
    kind: 'column default',
    sql: `ALTER TABLE app.users ALTER COLUMN bio SET DEFAULT 'x'`,
    drift: ["^column app\\.users\\.bio: default 'x'::text in the database, default ''::text from the migrations$"],
  },
  {
    kind: 'not null',
    sql: 'ALTER TABLE app.posts ALTER COLUMN body SET NOT NULL',
    drift: ['^column app\\.posts\\.body: not null in the database, nullable from the migrations$'],
  },
  {
    kind: 'NOT NULL NOT VALID',
    sql: 'ALTER TABLE app.loose ADD CONSTRAINT loose_id_not_null NOT NULL id NOT VALID',
    drift: ['^column app\\.loose\\.id: NOT NULL NOT VALID in the database, a plain NOT NULL from the migrations$'],
    minMajor: 18,
  },
  {
    kind: 'dropped foreign key',
    sql: 'ALTER TABLE app.posts DROP CONSTRAINT posts_user_id_fkey',
    drift: ['^constraint posts_user_id_fkey on app\\.posts: only in the migrations$'],
  },
  // types and routines
  {
    kind: 'aggregate',
    sql: `CREATE AGGREGATE app.total(integer) (SFUNC = app.add, STYPE = integer, INITCOND = '0')`,
    drift: ['^function app\\.total\\(integer\\): only in the database$'],
  },
  {
    kind: 'range type',
    sql: 'CREATE TYPE app.span AS RANGE (SUBTYPE = integer)',
    drift: ['^range type app\\.span: only in the database$'],
  },
  {
    kind: 'base type',
    sql: `CREATE TYPE app.num;
          CREATE FUNCTION app.num_in(cstring) RETURNS app.num AS 'int4in' LANGUAGE internal IMMUTABLE STRICT;
          CREATE FUNCTION app.num_out(app.num) RETURNS cstring AS 'int4out' LANGUAGE internal IMMUTABLE STRICT;
          CREATE TYPE app.num (INPUT = app.num_in, OUTPUT = app.num_out, LIKE = integer)`,
    drift: ['^base type app\\.num: only in the database$'],
    superuser: true,
  },
  { kind: 'cast', sql: 'CREATE CAST (app.pair AS text) WITH INOUT', drift: ['^cast \\(app\\.pair AS text\\): only in the database$'] },
  {
    kind: 'operator',
    sql: 'CREATE OPERATOR app.### (FUNCTION = app.add, LEFTARG = integer, RIGHTARG = integer)',
    drift: ['^operator app\\.###\\(integer,integer\\): only in the database$'],
  },
  {
    kind: 'operator family',
    sql: 'CREATE OPERATOR FAMILY app.fam USING hash',
    drift: ['^operator family app\\.fam USING hash: only in the database$'],
  },
  { kind: 'collation', sql: `CREATE COLLATION app.bytes (LOCALE = 'C')`, drift: ['^collation app\\.bytes: only in the database$'] },
  {
    kind: 'conversion',
    sql: `CREATE CONVERSION app.latin FOR 'LATIN1' TO 'UTF8' FROM pg_catalog.iso8859_1_to_utf8`,
    drift: ['^conversion app\\.latin: only in the database$'],
  },
  {
    kind: 'text search configuration',
    sql: 'CREATE TEXT SEARCH CONFIGURATION app.plain (COPY = pg_catalog.simple)',
    drift: ['^text search configuration app\\.plain: only in the database$'],
  },
  {
    kind: 'text search dictionary',
    sql: 'CREATE TEXT SEARCH DICTIONARY app.stems (TEMPLATE = pg_catalog.simple)',
    drift: ['^text search dictionary app\\.stems: only in the database$'],
  },
  {
    kind: 'extension',
    sql: 'CREATE EXTENSION hstore SCHEMA app',
    drift: ['^extension hstore: only in the database$'],
    extension: 'hstore',
  },
  {
    kind: 'foreign data',
    sql: `CREATE FOREIGN DATA WRAPPER omt_wrapper;
          CREATE SERVER omt_server FOREIGN DATA WRAPPER omt_wrapper OPTIONS (host 'example');
          CREATE USER MAPPING FOR {role} SERVER omt_server OPTIONS (password 'secret-password');
          CREATE FOREIGN TABLE app.remote (id integer) SERVER omt_server`,
    drift: [
      '^foreign data wrapper omt_wrapper: only in the database$',
      '^foreign server omt_server: only in the database$',
      '^user mapping for {role} server omt_server: only in the database$',
      '^table app\\.remote: only in the database$',
    ],
    superuser: true,
  },
  // Last: it fires on the DDL after it.
  {
    kind: 'event trigger',
    sql: `CREATE FUNCTION app.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
          CREATE EVENT TRIGGER omt_ddl ON ddl_command_end EXECUTE FUNCTION app.on_ddl()`,
    drift: ['^event trigger omt_ddl: only in the database$'],
    superuser: true,
  },
];
