import { describe, expect, it } from 'vitest';
import { aclDifference, parseAclItem } from '../../src/database/catalog-acl.js';
import { diffSnapshots, DRIFT_SIDES, REPEAT_SIDES, UNDO_SIDES } from '../../src/database/catalog-diff.js';
import type {
  CatalogSnapshot,
  ColumnSnapshot,
  IndexSnapshot,
  PrivilegeSnapshot,
  SequenceSnapshot,
  TableSnapshot,
  ViewSnapshot,
} from '../../src/database/catalog-snapshot.js';

function column(name: string, overrides: Partial<ColumnSnapshot> = {}): ColumnSnapshot {
  return {
    name,
    type: 'text',
    notNull: true,
    notNullOptions: null,
    default: null,
    identity: null,
    generated: null,
    collation: null,
    storage: null,
    compression: null,
    statisticsTarget: null,
    options: [],
    foreignOptions: [],
    inheritedOnly: false,
    privileges: [],
    ...overrides,
  };
}

function table(name: string, columns: ColumnSnapshot[], overrides: Partial<TableSnapshot> = {}): TableSnapshot {
  return {
    name,
    kind: 'table',
    persistence: 'logged',
    partitionKey: null,
    partitionOf: null,
    inherits: [],
    ofType: null,
    accessMethod: 'heap',
    tablespace: null,
    options: [],
    rowSecurity: false,
    forceRowSecurity: false,
    replicaIdentity: 'default',
    foreign: null,
    privileges: [],
    columns,
    constraints: [],
    triggers: [],
    policies: [],
    rules: [],
    ...overrides,
  };
}

function index(name: string, definition: string, overrides: Partial<IndexSnapshot> = {}): IndexSnapshot {
  return { name, valid: true, definition, clustered: false, tablespace: null, partitionOf: null, statisticsTargets: [], ...overrides };
}

function view(name: string, overrides: Partial<ViewSnapshot> = {}): ViewSnapshot {
  return {
    name,
    materialized: false,
    definition: 'SELECT 1;',
    options: [],
    accessMethod: null,
    tablespace: null,
    columns: [],
    triggers: [],
    rules: [],
    privileges: [],
    ...overrides,
  };
}

const SEQUENCE: SequenceSnapshot = {
  name: 'public.posts_id_seq',
  type: 'bigint',
  start: '1',
  increment: '1',
  min: '1',
  max: '9223372036854775807',
  cache: '1',
  cycle: false,
  ownedBy: 'public.posts.id',
  persistence: 'logged',
  privileges: [],
};

const grant = (name: string, roles: string[] = []): PrivilegeSnapshot => ({ name, roles });

function snapshot(overrides: Partial<CatalogSnapshot> = {}): CatalogSnapshot {
  return {
    roles: ['postgres', 'reporting'],
    schemas: [{ name: 'public', privileges: [] }],
    extensions: [{ name: 'plpgsql', schema: 'pg_catalog', version: '1.0', configuration: [] }],
    tables: [
      table('public.posts', [column('id', { type: 'bigint', identity: 'by default' }), column('title'), column('slug')], {
        constraints: [{ name: 'posts_pkey', type: 'primary key', definition: 'PRIMARY KEY (id)' }],
      }),
      table('public.users', [column('id', { type: 'bigint' }), column('bio', { default: "''::text" })]),
    ],
    indexes: [index('public.posts_slug_key', 'CREATE UNIQUE INDEX posts_slug_key ON public.posts USING btree (slug)')],
    sequences: [SEQUENCE],
    views: [],
    statistics: [],
    functions: [],
    enums: [{ name: 'public.mood', labels: ['sad', 'ok', 'happy'], privileges: [] }],
    domains: [],
    compositeTypes: [],
    ranges: [],
    baseTypes: [],
    collations: [],
    operators: [],
    operatorFamilies: [],
    operatorClasses: [],
    casts: [],
    conversions: [],
    textSearch: [],
    languages: [],
    foreignDataWrappers: [],
    foreignServers: [],
    userMappings: [],
    eventTriggers: [],
    publications: [],
    subscriptions: [],
    defaultPrivileges: [],
    builtinPrivileges: [],
    comments: [],
    ...overrides,
  };
}

/** The snapshot with its users table changed. */
function withUsers(change: (users: TableSnapshot) => TableSnapshot): CatalogSnapshot {
  const [posts, users] = snapshot().tables;
  return snapshot({ tables: [posts!, change(users!)] });
}

const drift = (migrations: CatalogSnapshot, database: CatalogSnapshot): string[] => diffSnapshots(migrations, database, DRIFT_SIDES);

describe('comparing catalog snapshots', () => {
  it('finds nothing between equal snapshots', () => {
    expect(drift(snapshot(), snapshot())).toEqual([]);
  });

  it('finds nothing between a snapshot and its JSON round trip', () => {
    const stored = JSON.parse(JSON.stringify(snapshot())) as CatalogSnapshot;
    expect(drift(snapshot(), stored)).toEqual([]);
  });

  it('names a table that only one side has, and which side', () => {
    const withTags = snapshot({ tables: [...snapshot().tables, table('public.tags', [column('name')])] });
    expect(drift(withTags, snapshot())).toEqual(['table public.tags: only in the migrations']);
    expect(drift(snapshot(), withTags)).toEqual(['table public.tags: only in the database']);
  });

  it('names a missing column by its table', () => {
    const [posts, users] = snapshot().tables;
    const withoutSlug = snapshot({ tables: [{ ...posts!, columns: posts!.columns.filter((c) => c.name !== 'slug') }, users!] });
    expect(drift(snapshot(), withoutSlug)).toEqual(['column public.posts.slug: only in the migrations']);
  });

  it('says both values in words, the database’s first, each with its side', () => {
    const nullable = withUsers((users) => ({
      ...users,
      columns: [users.columns[0]!, column('bio', { default: "''::text", notNull: false })],
    }));
    expect(drift(nullable, snapshot())).toEqual(['column public.users.bio: not null in the database, nullable from the migrations']);
    const changed = withUsers((users) => ({ ...users, columns: [users.columns[0]!, column('bio', { default: "'x'::text" })] }));
    expect(drift(snapshot(), changed)).toEqual([
      `column public.users.bio: default 'x'::text in the database, default ''::text from the migrations`,
    ]);
    const unowned = snapshot({ sequences: [{ ...SEQUENCE, ownedBy: null }] });
    expect(drift(snapshot(), unowned)).toEqual([
      'sequence public.posts_id_seq: owned by no column in the database, owned by public.posts.id from the migrations',
    ]);
  });

  it('names the sides of verify: before the up and after the down, the first and the second time up', () => {
    const withTags = snapshot({ tables: [...snapshot().tables, table('public.tags', [column('name')])] });
    expect(diffSnapshots(snapshot(), withTags, UNDO_SIDES)).toEqual(['table public.tags: only after the down']);
    const changed = withUsers((users) => ({ ...users, columns: [users.columns[0]!, column('bio', { default: "'x'::text" })] }));
    expect(diffSnapshots(snapshot(), changed, REPEAT_SIDES)).toEqual([
      `column public.users.bio: default 'x'::text the second time up, default ''::text the first time up`,
    ]);
  });

  it('reports a column order that differs, apart from columns only one side has', () => {
    const [posts, users] = snapshot().tables;
    const [id, title, slug] = posts!.columns;
    const reordered = snapshot({ tables: [{ ...posts!, columns: [id!, slug!, title!, column('extra')] }, users!] });
    expect(drift(snapshot(), reordered)).toEqual([
      'column public.posts.extra: only in the database',
      'table public.posts: column order (id, slug, title) in the database, (id, title, slug) from the migrations',
    ]);
  });

  it('compares constraints by name, whatever their order', () => {
    const [posts, users] = snapshot().tables;
    const check = { name: 'posts_title_not_empty', type: 'check', definition: "CHECK ((btrim(title) <> ''::text))" };
    const a = snapshot({ tables: [{ ...posts!, constraints: [...posts!.constraints, check] }, users!] });
    const b = snapshot({ tables: [{ ...posts!, constraints: [check, ...posts!.constraints] }, users!] });
    expect(drift(a, b)).toEqual([]);
    expect(drift(snapshot(), a)).toEqual(['constraint posts_title_not_empty on public.posts: only in the database']);
  });

  it('shows both definitions of an index that differs', () => {
    const other = snapshot({ indexes: [index('public.posts_slug_key', 'CREATE INDEX posts_slug_key ON public.posts USING btree (slug)')] });
    expect(drift(snapshot(), other)).toEqual([
      'index public.posts_slug_key: definition CREATE INDEX posts_slug_key ON public.posts USING btree (slug) in the database, ' +
        'definition CREATE UNIQUE INDEX posts_slug_key ON public.posts USING btree (slug) from the migrations',
    ]);
  });

  it('shows a long definition around its first difference, on one line', () => {
    const body = (value: string): string =>
      `CREATE OR REPLACE FUNCTION public.f()\n RETURNS integer\n AS $$\n${'-- padding\n'.repeat(20)}SELECT ${value}\n$$`;
    const a = snapshot({ functions: [{ name: 'public.f()', kind: 'function', definition: body('1'), privileges: [] }] });
    const b = snapshot({ functions: [{ name: 'public.f()', kind: 'function', definition: body('2'), privileges: [] }] });
    const [line] = drift(a, b);
    expect(line).toBe(
      'function public.f(): definition …- padding -- padding -- padding -- padding SELECT 2 $$ in the database, ' +
        'definition …- padding -- padding -- padding -- padding SELECT 1 $$ from the migrations',
    );
  });

  it('treats the order of enum labels as part of the type', () => {
    const other = snapshot({ enums: [{ name: 'public.mood', labels: ['happy', 'ok', 'sad'], privileges: [] }] });
    expect(drift(snapshot(), other)).toEqual([
      'enum public.mood: labels (happy, ok, sad) in the database, labels (sad, ok, happy) from the migrations',
    ]);
  });

  it('says which kind of view', () => {
    const other = snapshot({ views: [view('public.totals', { materialized: true })] });
    expect(drift(snapshot(), other)).toEqual(['materialized view public.totals: only in the database']);
  });

  it('reports storage, row-level security and persistence in words', () => {
    const other = withUsers((users) => ({ ...users, persistence: 'unlogged', options: ['fillfactor=70'], rowSecurity: true }));
    expect(drift(snapshot(), other)).toEqual([
      'table public.users: options (fillfactor=70) in the database, no options from the migrations',
      'table public.users: row-level security enabled in the database, row-level security disabled from the migrations',
      'table public.users: unlogged in the database, logged from the migrations',
    ]);
  });

  it('lists several differences sorted', () => {
    const other = snapshot({
      schemas: [
        { name: 'app', privileges: [] },
        { name: 'public', privileges: [] },
      ],
      indexes: [],
      tables: [snapshot().tables[1]!],
      functions: [{ name: 'public.touch()', kind: 'function', definition: 'CREATE OR REPLACE FUNCTION …', privileges: [] }],
    });
    expect(drift(snapshot(), other)).toEqual([
      'function public.touch(): only in the database',
      'index public.posts_slug_key: only in the migrations',
      'schema app: only in the database',
      'table public.posts: only in the migrations',
    ]);
  });
});

describe('privileges and comments', () => {
  it('names a grant and a revoke made by hand', () => {
    const granted = withUsers((users) => ({ ...users, privileges: [grant('grant SELECT to reporting', ['reporting'])] }));
    expect(drift(snapshot(), granted)).toEqual(['table public.users: grant SELECT to reporting only in the database']);
    const revoked = snapshot({
      enums: [{ name: 'public.mood', labels: ['sad', 'ok', 'happy'], privileges: [grant('revoke USAGE from PUBLIC')] }],
    });
    expect(drift(revoked, snapshot())).toEqual(['enum public.mood: revoke USAGE from PUBLIC only in the migrations']);
  });

  it('names a column privilege by its column', () => {
    const granted = withUsers((users) => ({
      ...users,
      columns: [users.columns[0]!, column('bio', { default: "''::text", privileges: [grant('grant UPDATE to reporting', ['reporting'])] })],
    }));
    expect(drift(snapshot(), granted)).toEqual(['column public.users.bio: grant UPDATE to reporting only in the database']);
  });

  it('calls a grant to a role the other server lacks not comparable, and still lists it', () => {
    const granted = withUsers((users) => ({ ...users, privileges: [grant('grant SELECT to analyst', ['analyst'])] }));
    const database = { ...granted, roles: ['postgres', 'analyst'] };
    expect(drift(snapshot(), database)).toEqual([
      'table public.users: grant SELECT to analyst only in the database, not comparable: role analyst does not exist on the scratch server',
    ]);
  });

  it('compares default privileges and built-in objects’ privileges against none when one side has none', () => {
    const database = snapshot({
      defaultPrivileges: [
        { name: 'default privileges on tables', privileges: [grant('grant SELECT to reporting', ['reporting'])], roles: [] },
      ],
      builtinPrivileges: [{ name: 'function pg_catalog.now()', privileges: [grant('revoke EXECUTE from PUBLIC')] }],
    });
    expect(drift(snapshot(), database)).toEqual([
      'default privileges on tables: grant SELECT to reporting only in the database',
      'function pg_catalog.now(): revoke EXECUTE from PUBLIC only in the database',
    ]);
  });

  it('calls default privileges of a role the other server lacks not comparable', () => {
    const database = snapshot({
      roles: ['postgres', 'reporting', 'admin'],
      defaultPrivileges: [
        {
          name: 'default privileges for role admin on tables',
          privileges: [grant('grant SELECT to reporting', ['reporting'])],
          roles: ['admin'],
        },
      ],
    });
    expect(drift(snapshot(), database)).toEqual([
      'default privileges for role admin on tables: only in the database, not comparable: role admin does not exist on the scratch server',
    ]);
  });

  it('says a comment added, changed or removed', () => {
    const commented = snapshot({ comments: [{ name: 'table public.users', comment: 'Registered "users"\nand more' }] });
    expect(drift(snapshot(), commented)).toEqual([
      'table public.users: comment "Registered \\"users\\"\\nand more" in the database, no comment from the migrations',
    ]);
    expect(drift(commented, snapshot())).toEqual([
      'table public.users: no comment in the database, comment "Registered \\"users\\"\\nand more" from the migrations',
    ]);
  });
});

describe('privileges read from an ACL', () => {
  it('reads PUBLIC, grant options and quoted names', () => {
    expect(parseAclItem('=r/postgres')).toEqual([{ grantee: '', privilege: 'SELECT', grantable: false, grantor: 'postgres' }]);
    expect(parseAclItem('"my ""odd"" role"=X*U/"Admin"')).toEqual([
      { grantee: 'my "odd" role', privilege: 'EXECUTE', grantable: true, grantor: 'Admin' },
      { grantee: 'my "odd" role', privilege: 'USAGE', grantable: false, grantor: 'Admin' },
    ]);
  });

  it('keeps only what differs from the default, with the owner unnamed', () => {
    expect(aclDifference(null)).toEqual([]);
    expect(aclDifference(['alice', ['alice=arwdDxt/alice'], ['alice=arwdDxt/alice']])).toEqual([]);
    expect(aclDifference(['alice', ['alice=arwdDxtm/alice', 'reporting=r/alice'], ['alice=arwdDxtm/alice']])).toEqual([
      { name: 'grant SELECT to reporting', roles: ['reporting'] },
    ]);
    expect(aclDifference(['bob', ['bob=X/bob'], ['=X/bob', 'bob=X/bob']])).toEqual([{ name: 'revoke EXECUTE from PUBLIC', roles: [] }]);
    expect(aclDifference(['bob', ['bob=arwdDxt/bob', 'bob=D/bob'], ['bob=arwdDxt/bob']])).toEqual([]);
  });

  it('names a grant option, a grantor other than the owner, and a revoke from the owner', () => {
    expect(aclDifference(['alice', ['alice=r/alice', 'carol=r*/alice', '"Dave"=r/carol'], ['alice=arwdDxt/alice']])).toEqual([
      { name: 'grant SELECT to "Dave" granted by carol', roles: ['Dave', 'carol'] },
      { name: 'grant SELECT to carol with grant option', roles: ['carol'] },
      { name: 'revoke DELETE from the owner', roles: [] },
      { name: 'revoke INSERT from the owner', roles: [] },
      { name: 'revoke REFERENCES from the owner', roles: [] },
      { name: 'revoke TRIGGER from the owner', roles: [] },
      { name: 'revoke TRUNCATE from the owner', roles: [] },
      { name: 'revoke UPDATE from the owner', roles: [] },
    ]);
  });
});

describe('comments on what only one side has', () => {
  it('go without saying', () => {
    const [posts, users] = snapshot().tables;
    const policy = { name: 'own', definition: 'AS PERMISSIVE FOR ALL TO PUBLIC USING (true)' };
    const withTags = snapshot({
      tables: [posts!, { ...users!, policies: [policy] }, table('public.tags', [column('name')])],
      comments: [
        { name: 'column public.users.bio', comment: 'Bio' },
        { name: 'table public.tags', comment: 'Tags' },
        { name: 'column public.tags.name', comment: 'Name' },
        { name: 'constraint tags_pkey on public.tags', comment: 'Key' },
        { name: 'table public.users', comment: 'Users' },
      ],
    });
    expect(drift(snapshot(), withTags)).toEqual([
      'column public.users.bio: comment "Bio" in the database, no comment from the migrations',
      'policy own on public.users: only in the database',
      'table public.tags: only in the database',
      'table public.users: comment "Users" in the database, no comment from the migrations',
    ]);
  });
});
