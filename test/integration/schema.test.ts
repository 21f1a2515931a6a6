import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { diffSnapshots, REPEAT_SIDES, UNDO_SIDES } from '../../src/database/catalog-diff.js';
import { snapshotSchema, type CatalogSnapshot } from '../../src/database/catalog-snapshot.js';
import { createTestDatabase, stateOf, type TestDatabase } from '../helpers/database.js';
import { itWithDatabase as it } from '../helpers/test-database.js';
import { ROOT, runAction } from '../helpers/run.js';

const MIGRATIONS = path.join(ROOT, 'migrations');
const FILES = readdirSync(MIGRATIONS).filter((name) => /^\d+_.*\.(up|down)\.sql$/.test(name));
const versionOf = (file: string): number => Number(/^(\d+)_/.exec(file)![1]);
const NEWEST = Math.max(...FILES.map(versionOf));

function downSql(version: number): string {
  const file = FILES.find((name) => versionOf(name) === version && name.endsWith('.down.sql'));
  return readFileSync(path.join(MIGRATIONS, file!), 'utf8');
}

// The tests of each block run side by side, each on a database of its own that it is handed
// (`db`), and that every helper below is given.

/** Applies the embedded migrations through the action, as a workflow would. */
async function migrate(db: TestDatabase): Promise<void> {
  const run = await runAction({ 'database-url': db.url, history: 'false' });
  expect(run.code, run.stdout).toBe(0);
  expect(await stateOf(db)).toEqual({ version: NEWEST, dirty: false });
}

/** Applies migrations 1..version only, from a directory holding copies of those files. */
async function migrateTo(db: TestDatabase, version: number): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'omt-schema-'));
  try {
    for (const file of FILES.filter((name) => versionOf(name) <= version)) {
      copyFileSync(path.join(MIGRATIONS, file), path.join(dir, file));
    }
    const run = await runAction({ 'database-url': db.url, 'migrations-path': dir, history: 'false' });
    expect(run.code, run.stdout).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  expect(await stateOf(db)).toEqual({ version, dirty: false });
}

async function snapshot(db: TestDatabase): Promise<CatalogSnapshot> {
  return snapshotSchema(await db.client(), { excludeTables: ['schema_migrations'] });
}

async function publicTables(db: TestDatabase): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY 1`,
  );
  return rows.map((row) => row.name);
}

async function insertUser(db: TestDatabase, username: string, columns: Record<string, unknown> = {}): Promise<string> {
  const names = ['username', 'password_hash', ...Object.keys(columns)];
  const values = [username, '$2a$10$hash', ...Object.values(columns)];
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO users (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
    values,
  );
  return row!.id;
}

async function insertPost(db: TestDatabase, userId: string, title: string, slug?: string): Promise<string> {
  const [row] =
    slug === undefined
      ? await db.query<{ id: string }>('INSERT INTO posts (user_id, title) VALUES ($1, $2) RETURNING id', [userId, title])
      : await db.query<{ id: string }>('INSERT INTO posts (user_id, title, slug) VALUES ($1, $2, $3) RETURNING id', [userId, title, slug]);
  return row!.id;
}

async function insertComment(db: TestDatabase, postId: string, userId: string, parentId: string | null = null): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    'INSERT INTO comments (post_id, user_id, parent_id, body) VALUES ($1, $2, $3, $4) RETURNING id',
    [postId, userId, parentId, 'A comment'],
  );
  return row!.id;
}

describe.concurrent('the embedded oForum schema on a fresh database', () => {
  it('applies every migration and creates oForum’s tables', async ({ db }) => {
    await migrate(db);
    expect(await publicTables(db)).toEqual(
      ['comments', 'post_tags', 'posts', 'roles', 'sessions', 'settings', 'tags', 'upvotes', 'user_roles', 'users'].sort(),
    );
  });

  it('holds oForum’s default settings', async ({ db }) => {
    await migrate(db);
    expect(await db.query('SELECT key, value FROM settings ORDER BY key')).toEqual([
      { key: 'comment_limit_per_day', value: '100' },
      { key: 'forum_enabled', value: 'true' },
      { key: 'forum_name', value: 'oForum' },
      { key: 'max_tags_per_post', value: '3' },
      { key: 'post_limit_per_day', value: '20' },
    ]);
  });
});

describe.concurrent('constraints reject what oForum’s docs forbid', () => {
  // The embedded migrations are applied through the action once, to a database that each test
  // then gets a copy of (CREATE DATABASE … TEMPLATE), its own to write to.
  let migrated: TestDatabase | undefined;
  beforeAll(async () => {
    migrated = await createTestDatabase();
    await migrate(migrated);
    await migrated.disconnect();
  });
  afterAll(() => migrated?.drop());

  const itMigrated = it.extend<{ migrated: TestDatabase }>({
    // eslint-disable-next-line no-empty-pattern -- vitest reads the fixtures this one needs from the pattern
    migrated: async ({}, use) => {
      const db = await createTestDatabase({ template: migrated!.name });
      try {
        await use(db);
      } finally {
        await db.drop();
      }
    },
  });

  itMigrated('gives a user created with only a username and a password hash the defaults', async ({ migrated: db }) => {
    const id = await insertUser(db, 'alice');
    const [user] = await db.query('SELECT * FROM users WHERE id = $1', [id]);
    expect(user).toMatchObject({
      username: 'alice',
      display_name: '',
      bio: '',
      about: '',
      email: '',
      is_admin: false,
      banned_until: null,
    });
    expect(Date.now() - (user!.created_at as Date).getTime()).toBeLessThan(60_000);
  });

  itMigrated('rejects a second user with the same username', async ({ migrated: db }) => {
    await insertUser(db, 'alice');
    await expect(insertUser(db, 'alice')).rejects.toMatchObject({ code: '23505', constraint: 'users_username_key' });
  });

  itMigrated.for([
    ['display_name', 128],
    ['bio', 256],
    ['about', 2000],
    ['email', 256],
  ] as const)('accepts a %s of %i characters and rejects one more', async ([field, limit], { migrated: db }) => {
    // multi-byte characters: the limits count characters, not bytes
    await insertUser(db, 'at_limit', { [field]: 'é'.repeat(limit) });
    await expect(insertUser(db, 'over_limit', { [field]: 'é'.repeat(limit + 1) })).rejects.toMatchObject({
      code: '23514',
      constraint: `users_${field}_length`,
    });
  });

  itMigrated.for(['red', '#fff', '#12345g', '#1234567', '123456', '#123456\n', ''])(
    'rejects the role colour %j',
    async (color, { migrated: db }) => {
      await expect(db.query('INSERT INTO roles (name, color) VALUES ($1, $2)', ['Moderator', color])).rejects.toMatchObject({
        code: '23514',
        constraint: 'roles_color_format',
      });
    },
  );

  itMigrated('accepts a #RRGGBB role colour in either case', async ({ migrated: db }) => {
    await db.query(`INSERT INTO roles (name, color) VALUES ('Moderator', '#1a2B3c'), ('Admin', '#FFFFFF')`);
    expect(await db.query('SELECT name, sort_order, is_admin_rank FROM roles ORDER BY sort_order, name')).toEqual([
      { name: 'Admin', sort_order: 0, is_admin_rank: false },
      { name: 'Moderator', sort_order: 0, is_admin_rank: false },
    ]);
  });

  itMigrated('rejects a second role with the same name', async ({ migrated: db }) => {
    await db.query(`INSERT INTO roles (name, color) VALUES ('Moderator', '#112233')`);
    await expect(db.query(`INSERT INTO roles (name, color) VALUES ('Moderator', '#445566')`)).rejects.toMatchObject({
      code: '23505',
      constraint: 'roles_name_key',
    });
  });

  itMigrated('rejects a second upvote by one user on one post', async ({ migrated: db }) => {
    const user = await insertUser(db, 'alice');
    const post = await insertPost(db, user, 'A post', 'a-post');
    await db.query('INSERT INTO upvotes (user_id, post_id) VALUES ($1, $2)', [user, post]);
    await expect(db.query('INSERT INTO upvotes (user_id, post_id) VALUES ($1, $2)', [user, post])).rejects.toMatchObject({
      code: '23505',
      constraint: 'upvotes_user_post_key',
    });
  });

  itMigrated('rejects a second upvote by one user on one comment', async ({ migrated: db }) => {
    const user = await insertUser(db, 'alice');
    const comment = await insertComment(db, await insertPost(db, user, 'A post', 'a-post'), user);
    await db.query('INSERT INTO upvotes (user_id, comment_id) VALUES ($1, $2)', [user, comment]);
    await expect(db.query('INSERT INTO upvotes (user_id, comment_id) VALUES ($1, $2)', [user, comment])).rejects.toMatchObject({
      code: '23505',
      constraint: 'upvotes_user_comment_key',
    });
  });

  itMigrated('accepts upvotes by one user on a post and on a comment of it', async ({ migrated: db }) => {
    const user = await insertUser(db, 'alice');
    const post = await insertPost(db, user, 'A post', 'a-post');
    const comment = await insertComment(db, post, user);
    await db.query('INSERT INTO upvotes (user_id, post_id) VALUES ($1, $2)', [user, post]);
    await db.query('INSERT INTO upvotes (user_id, comment_id) VALUES ($1, $2)', [user, comment]);
    expect(await db.query('SELECT count(*)::int AS n FROM upvotes')).toEqual([{ n: 2 }]);
  });

  itMigrated.for([
    ['both a post and a comment', true, true],
    ['neither a post nor a comment', false, false],
  ] as const)('rejects an upvote on %s', async ([, onPost, onComment], { migrated: db }) => {
    const user = await insertUser(db, 'alice');
    const post = await insertPost(db, user, 'A post', 'a-post');
    const comment = await insertComment(db, post, user);
    await expect(
      db.query('INSERT INTO upvotes (user_id, post_id, comment_id) VALUES ($1, $2, $3)', [
        user,
        onPost ? post : null,
        onComment ? comment : null,
      ]),
    ).rejects.toMatchObject({ code: '23514', constraint: 'upvotes_one_target' });
  });

  itMigrated('rejects the same tag twice on one post', async ({ migrated: db }) => {
    const post = await insertPost(db, await insertUser(db, 'alice'), 'A post', 'a-post');
    const [tag] = await db.query<{ id: string }>(`INSERT INTO tags (name) VALUES ('go') RETURNING id`);
    await db.query('INSERT INTO post_tags (post_id, tag_id) VALUES ($1, $2)', [post, tag!.id]);
    await expect(db.query('INSERT INTO post_tags (post_id, tag_id) VALUES ($1, $2)', [post, tag!.id])).rejects.toMatchObject({
      code: '23505',
      constraint: 'post_tags_pkey',
    });
  });
});

/** Rows a forum has by `version`; from 000004 on, posts need a slug. Returns post ids by title. */
async function seedForum(db: TestDatabase, version: number): Promise<Map<string, string[]>> {
  const alice = await insertUser(db, 'alice', { is_admin: true, display_name: 'Alice', bio: 'Hi' });
  const bob = await insertUser(db, 'bob', { banned_until: new Date('2031-01-01T00:00:00Z') });
  await db.query(`INSERT INTO sessions (token, user_id, expires_at) VALUES ('t0k3n', $1, now() + interval '30 days')`, [alice]);
  const titles: [string, string][] = [
    [alice, 'Hello, World!'],
    [alice, '!!!'],
    [alice, 'Same title'],
    [bob, 'Same title'],
    [bob, 'Ünïcode ☃ título'],
    [bob, 'A'.repeat(300)],
  ];
  const posts = new Map<string, string[]>();
  for (const [i, [user, title]] of titles.entries()) {
    const id = await insertPost(db, user, title, version >= 4 ? `seeded-${i}` : undefined);
    posts.set(title, [...(posts.get(title) ?? []), id]);
  }
  const first = posts.get('Hello, World!')![0]!;
  const top = await insertComment(db, first, bob);
  const reply = await insertComment(db, first, alice, top);
  await db.query('INSERT INTO upvotes (user_id, post_id) VALUES ($1, $2), ($3, $2)', [bob, first, alice]);
  await db.query('INSERT INTO upvotes (user_id, comment_id) VALUES ($1, $2), ($3, $4)', [alice, top, bob, reply]);
  await db.query(`UPDATE settings SET value = 'My forum' WHERE key = 'forum_name'`);
  if (version >= 2) {
    const [role] = await db.query<{ id: string }>(
      `INSERT INTO roles (name, color, sort_order, is_admin_rank) VALUES ('Moderator', '#FF8800', 1, true) RETURNING id`,
    );
    await db.query(`INSERT INTO roles (name, color) VALUES ('Member', '#00aa00')`);
    await db.query('INSERT INTO user_roles (user_id, role_id) VALUES ($1, $2)', [alice, role!.id]);
  }
  if (version >= 3) {
    const tags = await db.query<{ id: string }>(`INSERT INTO tags (name) VALUES ('go'), ('postgres') RETURNING id`);
    for (const tag of tags) await db.query('INSERT INTO post_tags (post_id, tag_id) VALUES ($1, $2)', [first, tag.id]);
    await db.query('INSERT INTO post_tags (post_id, tag_id) VALUES ($1, $2)', [posts.get('!!!')![0], tags[0]!.id]);
  }
  return posts;
}

/** Every row of every table, as sorted JSON texts of the columns named in `columns` (all when absent). */
async function contents(db: TestDatabase, tables: string[], columns?: Map<string, string[]>): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  for (const table of tables) {
    const rows = await db.query<{ row: Record<string, unknown> }>(`SELECT to_jsonb(t) AS row FROM ${table} t`);
    const keep = columns?.get(table);
    result.set(table, rows.map(({ row }) => JSON.stringify(keep ? Object.fromEntries(keep.map((name) => [name, row[name]])) : row)).sort());
  }
  return result;
}

describe.concurrent('a database at an older version, migrated to the newest', () => {
  it.for([1, 2, 3, 4])('keeps every row it had at version %i', async (version, { db }) => {
    await migrateTo(db, version);
    await seedForum(db, version);
    const tables = await publicTables(db);
    const before = await contents(db, tables);
    const columns = new Map([...before].map(([table, rows]) => [table, Object.keys(JSON.parse(rows[0] ?? '{}') as object)]));

    const run = await runAction({ 'database-url': db.url, history: 'false' });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs.applied).toBe(JSON.stringify(Array.from({ length: NEWEST - version }, (_, i) => version + 1 + i)));
    expect(await stateOf(db)).toEqual({ version: NEWEST, dirty: false });

    const after = await contents(db, tables, columns);
    expect(new Map([...after].map(([table, rows]) => [table, rows.length]))).toEqual(
      new Map([...before].map(([table, rows]) => [table, rows.length])),
    );
    expect(after).toEqual(before);
  });

  it.for([1, 2, 3])('gives every post from version %i a unique, URL-safe slug made from its title', async (version, { db }) => {
    await migrateTo(db, version);
    const posts = await seedForum(db, version);
    await migrate(db);

    const rows = await db.query<{ id: string; slug: string }>('SELECT id, slug FROM posts ORDER BY id');
    expect(rows).toHaveLength(6);
    expect(new Set(rows.map((row) => row.slug)).size).toBe(rows.length);
    for (const { id, slug } of rows) {
      expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(slug.endsWith(`-${id}`)).toBe(true);
      expect(slug.length).toBeLessThanOrEqual(80 + 1 + id.length);
    }
    const slugOf = (title: string, n = 0): string | undefined => rows.find((row) => row.id === posts.get(title)![n])?.slug;
    const idOf = (title: string, n = 0): string => posts.get(title)![n]!;
    expect(slugOf('Hello, World!')).toBe(`hello-world-${idOf('Hello, World!')}`);
    expect(slugOf('!!!')).toBe(`post-${idOf('!!!')}`);
    expect([slugOf('Same title', 0), slugOf('Same title', 1)]).toEqual([
      `same-title-${idOf('Same title', 0)}`,
      `same-title-${idOf('Same title', 1)}`,
    ]);
    expect(slugOf('A'.repeat(300))).toBe(`${'a'.repeat(80)}-${idOf('A'.repeat(300))}`);
  });

  it('keeps the slugs posts already had at version 4', async ({ db }) => {
    await migrateTo(db, 4);
    await seedForum(db, 4);
    await migrate(db);
    const rows = await db.query<{ slug: string }>('SELECT slug FROM posts ORDER BY id');
    expect(rows.map((row) => row.slug)).toEqual([0, 1, 2, 3, 4, 5].map((i) => `seeded-${i}`));
  });
});

describe.concurrent('down migrations', () => {
  it('leave nothing but the state table when all run in reverse', async ({ db }) => {
    await migrate(db);
    for (let version = NEWEST; version >= 1; version--) await db.query(downSql(version));

    expect(await db.query(`SELECT relname, relkind FROM pg_class WHERE relnamespace = 'public'::regnamespace ORDER BY relname`)).toEqual([
      { relname: 'schema_migrations', relkind: 'r' },
      { relname: 'schema_migrations_pkey', relkind: 'i' },
    ]);
    expect(await db.query(`SELECT proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace`)).toEqual([]);
    expect(await db.query(`SELECT typname FROM pg_type WHERE typnamespace = 'public'::regnamespace ORDER BY typname`)).toEqual([
      { typname: '_schema_migrations' },
      { typname: 'schema_migrations' },
    ]);
    expect(await db.query(`SELECT nspname FROM pg_namespace WHERE nspname !~ '^pg_' AND nspname <> 'information_schema'`)).toEqual([
      { nspname: 'public' },
    ]);
  });

  it('each return the catalog to what the version before it had', async ({ db }) => {
    const at: CatalogSnapshot[] = [];
    at[0] = await snapshot(db);
    for (let version = 1; version <= NEWEST; version++) {
      await migrateTo(db, version);
      at[version] = await snapshot(db);
    }
    for (let version = NEWEST; version >= 1; version--) {
      await db.query(downSql(version));
      expect(diffSnapshots(at[version - 1]!, await snapshot(db), UNDO_SIDES), `down ${version}`).toEqual([]);
    }
  });
});

describe.concurrent('migrating up again after every down', () => {
  it('builds a catalog identical to the first', async ({ db }) => {
    await migrate(db);
    const first = await snapshot(db);
    for (let version = NEWEST; version >= 1; version--) await db.query(downSql(version));
    await db.query('TRUNCATE schema_migrations');
    await migrate(db);
    const second = await snapshot(db);

    expect(first.tables.map((table) => table.name)).toContain('public.posts');
    expect(first.indexes.map((index) => index.name)).toContain('public.posts_slug_key');
    expect(diffSnapshots(first, second, REPEAT_SIDES)).toEqual([]);
  });

  it('tells a hand-made change apart', async ({ db }) => {
    await migrate(db);
    const first = await snapshot(db);
    await db.query(`ALTER TABLE users ALTER COLUMN bio SET DEFAULT 'x'`);
    expect(diffSnapshots(first, await snapshot(db), REPEAT_SIDES)).toEqual([
      `column public.users.bio: default 'x'::text the second time up, default ''::text the first time up`,
    ]);
  });
});
