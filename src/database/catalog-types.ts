/**
 * What a database's schema consists of, read from the system catalogs: plain JSON, every list
 * ordered (by name, columns and attributes by position), so two snapshots compare with
 * `diffSnapshots` or as text. Names are schema-qualified and quoted as PostgreSQL prints them
 * (`public.users`, `public.f(integer)`). Data, OIDs and owners are not part of it; privileges
 * are, as their difference from the object's default, so that an owner's own rights and the
 * defaults of the server's major version cancel out.
 *
 * Every field exists on every PostgreSQL major (null where a major lacks the feature), so a
 * snapshot of one server compares with one of another.
 */
export interface CatalogSnapshot {
  /** every role of the server: tells a grant to a role the other server lacks. Not compared. */
  roles: string[];
  schemas: SchemaSnapshot[];
  extensions: ExtensionSnapshot[];
  tables: TableSnapshot[];
  indexes: IndexSnapshot[];
  sequences: SequenceSnapshot[];
  views: ViewSnapshot[];
  statistics: StatisticsSnapshot[];
  functions: FunctionSnapshot[];
  enums: EnumSnapshot[];
  domains: DomainSnapshot[];
  compositeTypes: CompositeTypeSnapshot[];
  ranges: RangeSnapshot[];
  baseTypes: DefinedSnapshot[];
  collations: DefinedSnapshot[];
  operators: DefinedSnapshot[];
  operatorFamilies: OperatorFamilySnapshot[];
  operatorClasses: DefinedSnapshot[];
  casts: DefinedSnapshot[];
  conversions: DefinedSnapshot[];
  textSearch: DefinedSnapshot[];
  languages: DefinedSnapshot[];
  foreignDataWrappers: DefinedSnapshot[];
  foreignServers: DefinedSnapshot[];
  userMappings: UserMappingSnapshot[];
  eventTriggers: DefinedSnapshot[];
  publications: PublicationSnapshot[];
  subscriptions: DefinedSnapshot[];
  defaultPrivileges: DefaultPrivilegesSnapshot[];
  /** built-in objects and extensions' members whose privileges differ from their initial ones */
  builtinPrivileges: BuiltinPrivilegesSnapshot[];
  /** COMMENT ON, for every object of the others (an extension's members and built-ins aside) */
  comments: CommentSnapshot[];
}

export interface CommentSnapshot {
  /** what pg_identify_object calls the object: `table public.users`, `table column public.users.bio` */
  name: string;
  comment: string;
}

/**
 * One difference from an object's default privileges, e.g. `grant SELECT to reporting` or
 * `revoke EXECUTE from PUBLIC`; `the owner` stands for the object's owner, whoever it is.
 */
export interface PrivilegeSnapshot {
  name: string;
  /** the roles it names (grantee, grantor), except the owner and PUBLIC */
  roles: string[];
}

export interface SchemaSnapshot {
  name: string;
  privileges: PrivilegeSnapshot[];
}

export interface ExtensionSnapshot {
  name: string;
  schema: string;
  version: string;
  /** tables whose rows pg_dump dumps as the extension's configuration, with their conditions */
  configuration: string[];
}

export interface TableSnapshot {
  name: string;
  kind: 'table' | 'partitioned table' | 'foreign table';
  persistence: 'logged' | 'unlogged';
  /** PARTITION BY …, for a partitioned table */
  partitionKey: string | null;
  /** `public.parent FOR VALUES …`, for a partition */
  partitionOf: string | null;
  /** parents of table inheritance, in order */
  inherits: string[];
  /** the composite type of a typed table (`CREATE TABLE … OF type`) */
  ofType: string | null;
  accessMethod: string | null;
  /** null: the database's default tablespace */
  tablespace: string | null;
  /** storage parameters, the TOAST table's prefixed `toast.` */
  options: string[];
  rowSecurity: boolean;
  forceRowSecurity: boolean;
  /** `default`, `nothing`, `full` or `using index public.x` */
  replicaIdentity: string;
  /** a foreign table's server and options */
  foreign: string | null;
  privileges: PrivilegeSnapshot[];
  /** in column order, without dropped columns */
  columns: ColumnSnapshot[];
  /** without NOT NULL constraints (PostgreSQL 18), which are the columns' `notNull` */
  constraints: ConstraintSnapshot[];
  triggers: TriggerSnapshot[];
  policies: PolicySnapshot[];
  rules: RuleSnapshot[];
}

export interface ColumnSnapshot {
  name: string;
  /** format_type, e.g. `character varying(20)` */
  type: string;
  notNull: boolean;
  /** `NOT VALID` or `NO INHERIT` of a NOT NULL constraint (PostgreSQL 18), whatever its name */
  notNullOptions: string | null;
  /** the default, or for a generated column its expression */
  default: string | null;
  identity: 'always' | 'by default' | null;
  generated: 'stored' | 'virtual' | null;
  /** only when it differs from the type's own collation */
  collation: string | null;
  /** SET STORAGE, only when it differs from the type's: plain, external, main or extended */
  storage: string | null;
  /** SET COMPRESSION (PostgreSQL 14+) */
  compression: string | null;
  /** SET STATISTICS; null: the server's default */
  statisticsTarget: number | null;
  /** attribute options, e.g. `n_distinct=100` */
  options: string[];
  /** a foreign table column's options */
  foreignOptions: string[];
  /** inherited from a parent and not declared by the table itself */
  inheritedOnly: boolean;
  privileges: PrivilegeSnapshot[];
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

export interface PolicySnapshot {
  name: string;
  /** `AS PERMISSIVE FOR SELECT TO PUBLIC USING (…)` */
  definition: string;
}

export interface RuleSnapshot {
  name: string;
  /** pg_rewrite.ev_enabled, as a trigger's */
  enabled: string;
  definition: string;
}

export interface IndexSnapshot {
  name: string;
  /** false after a failed CREATE INDEX CONCURRENTLY */
  valid: boolean;
  definition: string;
  /** CLUSTER ON */
  clustered: boolean;
  tablespace: string | null;
  /** the partitioned index it is attached to */
  partitionOf: string | null;
  /** ALTER INDEX … ALTER COLUMN n SET STATISTICS, as `n: target` */
  statisticsTargets: string[];
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
  /** `table.column` of a serial or identity column, or one OWNED BY */
  ownedBy: string | null;
  persistence: 'logged' | 'unlogged';
  privileges: PrivilegeSnapshot[];
}

export interface ViewSnapshot {
  name: string;
  materialized: boolean;
  definition: string;
  /** check_option, security_barrier, security_invoker; a materialized view's storage parameters */
  options: string[];
  accessMethod: string | null;
  tablespace: string | null;
  columns: ViewColumnSnapshot[];
  triggers: TriggerSnapshot[];
  rules: RuleSnapshot[];
  privileges: PrivilegeSnapshot[];
}

export interface ViewColumnSnapshot {
  name: string;
  type: string;
  /** ALTER VIEW … ALTER COLUMN … SET DEFAULT */
  default: string | null;
  privileges: PrivilegeSnapshot[];
}

export interface StatisticsSnapshot {
  name: string;
  definition: string;
  statisticsTarget: number | null;
}

export interface FunctionSnapshot {
  /** the signature, e.g. `public.touch(bigint)` */
  name: string;
  kind: 'function' | 'procedure' | 'aggregate' | 'window';
  definition: string;
  privileges: PrivilegeSnapshot[];
}

export interface EnumSnapshot {
  name: string;
  labels: string[];
  privileges: PrivilegeSnapshot[];
}

export interface DomainSnapshot {
  name: string;
  type: string;
  notNull: boolean;
  default: string | null;
  collation: string | null;
  /** without the NOT NULL constraint (PostgreSQL 17+), which is `notNull` */
  constraints: { name: string; definition: string }[];
  privileges: PrivilegeSnapshot[];
}

export interface CompositeTypeSnapshot {
  name: string;
  attributes: { name: string; type: string; collation: string | null }[];
  privileges: PrivilegeSnapshot[];
}

export interface RangeSnapshot {
  name: string;
  /** subtype, collation, operator class, canonical and subtype_diff functions, multirange */
  definition: string;
  privileges: PrivilegeSnapshot[];
}

/** An object described by one definition text, e.g. a cast or a collation. */
export interface DefinedSnapshot {
  name: string;
  definition: string;
  privileges: PrivilegeSnapshot[];
}

export interface OperatorFamilySnapshot {
  name: string;
  /** `OPERATOR 1 public.<(integer,integer)`, `FUNCTION 1 (integer, integer) public.cmp(…)` */
  members: string[];
}

export interface UserMappingSnapshot {
  /** `for role_name server server_name` */
  name: string;
  /** option names only: their values may be passwords */
  options: string[];
  roles: string[];
}

export interface PublicationSnapshot {
  name: string;
  /** FOR ALL TABLES, the operations published, publish_via_partition_root, … */
  definition: string;
  /** `public.posts`, with its column list and row filter (PostgreSQL 15+) */
  tables: string[];
  /** FOR TABLES IN SCHEMA (PostgreSQL 15+) */
  schemas: string[];
}

export interface DefaultPrivilegesSnapshot {
  /** `default privileges on tables in schema public`, `… for role x on functions` */
  name: string;
  privileges: PrivilegeSnapshot[];
  roles: string[];
}

export interface BuiltinPrivilegesSnapshot {
  /** `function pg_catalog.now()`, `language plpgsql`, `column pg_catalog.pg_class.relname` */
  name: string;
  privileges: PrivilegeSnapshot[];
}
