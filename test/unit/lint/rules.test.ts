import { describe, expect, it } from 'vitest';
import type { DatabaseFacts, RelationFacts } from '../../../src/database/table-facts.js';
import { lintTargets } from '../../../src/lint/lint-set.js';

// The rules, file by file: the findings as `rule@line`, without a database (`lint` on a pull
// request) or graded by catalog facts as the one query returns them (src/database/table-facts.ts).

type Column = [name: string, type: string, notNull?: boolean];

/** A table of the database, with rows unless `heapBytes` says otherwise. */
function table(name: string, columns: Column[], extra: Partial<RelationFacts> = {}): RelationFacts {
  return {
    input: `"${name}"`,
    schema: 'public',
    name,
    kind: 'r',
    rows: 2_000_000,
    heapBytes: 1_400_000_000,
    totalBytes: 1_900_000_000,
    table: null,
    columns: columns.map(([column, type, notNull = false]) => ({ name: column, type, notNull })),
    checks: [],
    ...extra,
  };
}

const POSTS = table('posts', [
  ['id', 'bigint', true],
  ['title', 'character varying(20)'],
  ['body', 'text'],
  ['n', 'integer'],
]);

interface Options {
  /** the catalog's relations; undefined: no database */
  facts?: RelationFacts[];
  volatile?: string[];
  direction?: 'up' | 'down';
}

/** Lints `files` (one SQL text each) in order and returns their findings as `rule@line` (`file#` when several). */
async function findings(files: string | string[], options: Options = {}): Promise<string[]> {
  const texts = typeof files === 'string' ? [files] : files;
  const direction = options.direction ?? 'up';
  const result = await lintTargets(
    texts.map((sql, index) => ({ version: BigInt(index + 1), direction, file: `${index + 1}_x.${direction}.sql`, sql })),
    {
      together: options.facts !== undefined,
      syntaxFindings: true,
      ...(options.facts
        ? {
            readFacts: async (): Promise<DatabaseFacts> => ({
              relations: new Map(options.facts!.map((facts) => [facts.input, facts])),
              volatileFunctions: new Set(options.volatile ?? []),
              serverVersion: 150000,
            }),
          }
        : {}),
    },
  );
  expect(result.unparsed).toEqual([]);
  return result.findings.map((finding) => `${texts.length > 1 ? `${finding.version}#` : ''}${finding.rule}@${finding.line}`);
}

describe('CREATE TABLE IF NOT EXISTS', () => {
  const SQL = `CREATE TABLE IF NOT EXISTS posts (id bigint PRIMARY KEY, title text);
CREATE INDEX posts_title_idx ON posts (title);
ALTER TABLE posts ADD COLUMN r float8 DEFAULT random();
ALTER TABLE posts ALTER COLUMN title SET NOT NULL;
`;

  it('does not make a table new without a database: it may be there, with rows', async () => {
    expect(await findings(SQL)).toEqual(['create-index-blocks-writes@2', 'volatile-default-rewrites@3', 'set-not-null-scans@4']);
  });

  it('does not make a table the database holds new', async () => {
    expect(await findings(SQL, { facts: [POSTS] })).toEqual([
      'create-index-blocks-writes@2',
      'volatile-default-rewrites@3',
      'set-not-null-scans@4',
    ]);
  });

  it('makes a table new when the database does not hold it', async () => {
    expect(await findings(SQL, { facts: [] })).toEqual([]);
  });

  it('makes a table new after a DROP in the same file, and leaves one created before as it was', async () => {
    expect(await findings(`DROP TABLE IF EXISTS posts;\n${SQL}`, { facts: [] })).toEqual([]);
    expect(await findings(`CREATE TABLE posts (id bigint);\n${SQL}`)).toEqual([]);
  });

  it('applies to CREATE TABLE … AS as well', async () => {
    expect(await findings('CREATE TABLE IF NOT EXISTS posts AS SELECT 1 AS id;\nCREATE INDEX ON posts (id);\n')).toEqual([
      'create-index-blocks-writes@2',
    ]);
    expect(await findings('CREATE TABLE IF NOT EXISTS posts AS SELECT 1 AS id;\nCREATE INDEX ON posts (id);\n', { facts: [] })).toEqual([]);
  });
});

describe('deeply nested expressions', () => {
  const nested = (depth: number): string => `${'abs('.repeat(depth)}1${')'.repeat(depth)}`;
  const chain = (terms: number): string => Array.from({ length: terms }, () => "'x'").join(' || ');

  // (as deep as PostgreSQL 15 itself accepts, with its default max_stack_depth)
  it('are judged, not a crash: 1,500 (and 4,000) nested calls in a default', async () => {
    expect(await findings(`ALTER TABLE posts ADD COLUMN c int DEFAULT ${nested(1500)};`)).toEqual([]);
    expect(await findings(`ALTER TABLE posts ADD COLUMN c int DEFAULT ${nested(4000)};`, { facts: [POSTS] })).toEqual([]);
    expect(await findings(`ALTER TABLE posts ADD COLUMN c float8 DEFAULT ${nested(1500).replace('1', 'random()')};`)).toEqual([
      'volatile-default-rewrites@1',
    ]);
    expect(await findings(`ALTER TABLE posts ADD COLUMN c int DEFAULT ${nested(1500)};`, { facts: [POSTS] })).toEqual([]);
  });

  it('are judged, not a crash: an UPDATE of 3,000 (and 4,000) concatenated terms, with a database', async () => {
    for (const terms of [3000, 4000])
      expect(await findings(`UPDATE posts SET body = ${chain(terms)} WHERE id = 1;`, { facts: [POSTS] })).toEqual([]);
    expect(await findings(`UPDATE posts SET body = ${chain(3000)};`, { facts: [POSTS] })).toEqual(['backfill-in-transaction@1']);
  });
});

describe('false positives the lint no longer reports', () => {
  const EVENTS = table('events', [['id', 'bigint', true]], { kind: 'p' });

  it('CREATE INDEX ON ONLY a partitioned table: builds nothing, the lint’s own advice', async () => {
    expect(await findings('CREATE INDEX events_id_idx ON ONLY events (id);', { facts: [EVENTS] })).toEqual([]);
    expect(await findings('CREATE INDEX events_id_idx ON ONLY events (id);')).toEqual([]);
    expect(await findings('CREATE INDEX events_id_idx ON events (id);', { facts: [EVENTS] })).toEqual(['create-index-blocks-writes@1']);
    // ONLY on a plain table builds the index all the same
    expect(await findings('CREATE INDEX posts_id_idx ON ONLY posts (id);', { facts: [POSTS] })).toEqual(['create-index-blocks-writes@1']);
    expect(
      await findings([
        'CREATE TABLE t (id bigint);',
        'CREATE INDEX ON ONLY t (id);',
        'CREATE TABLE p (id bigint) PARTITION BY RANGE (id);',
        'CREATE INDEX ON ONLY p (id);',
      ]),
    ).toEqual(['2#create-index-blocks-writes@1']);
  });

  it('SET NOT NULL on a column NOT NULL already', async () => {
    expect(await findings('ALTER TABLE posts ALTER COLUMN id SET NOT NULL;', { facts: [POSTS] })).toEqual([]);
    expect(await findings('ALTER TABLE posts ALTER COLUMN body SET NOT NULL;', { facts: [POSTS] })).toEqual(['set-not-null-scans@1']);
    // unless dropped first
    expect(
      await findings('ALTER TABLE posts ALTER COLUMN id DROP NOT NULL;\nALTER TABLE posts ALTER COLUMN id SET NOT NULL;', {
        facts: [POSTS],
      }),
    ).toEqual(['set-not-null-scans@2']);
  });

  it('SET NOT NULL proven by a conjunct of a validated CHECK', async () => {
    const checked = (validated: boolean): RelationFacts => ({
      ...POSTS,
      checks: [{ name: 'posts_body_check', definition: 'CHECK (((body IS NOT NULL) AND (n > 0)))', validated }],
    });
    expect(await findings('ALTER TABLE posts ALTER COLUMN body SET NOT NULL;', { facts: [checked(true)] })).toEqual([]);
    expect(await findings('ALTER TABLE posts ALTER COLUMN n SET NOT NULL;', { facts: [checked(true)] })).toEqual(['set-not-null-scans@1']);
    expect(await findings('ALTER TABLE posts ALTER COLUMN body SET NOT NULL;', { facts: [checked(false)] })).toEqual([
      'set-not-null-scans@1',
    ]);
    expect(
      await findings('ALTER TABLE posts VALIDATE CONSTRAINT posts_body_check;\nALTER TABLE posts ALTER COLUMN body SET NOT NULL;', {
        facts: [checked(false)],
      }),
    ).toEqual([]);
    // an OR proves nothing
    const either: RelationFacts = {
      ...POSTS,
      checks: [{ name: 'c', definition: 'CHECK (((body IS NOT NULL) OR (n > 0)))', validated: true }],
    };
    expect(await findings('ALTER TABLE posts ALTER COLUMN body SET NOT NULL;', { facts: [either] })).toEqual(['set-not-null-scans@1']);
    // and in the migrations themselves
    expect(
      await findings(
        'ALTER TABLE posts ADD CONSTRAINT c CHECK (body IS NOT NULL AND n > 0) NOT VALID;\nALTER TABLE posts VALIDATE CONSTRAINT c;\nALTER TABLE posts ALTER COLUMN body SET NOT NULL;',
        { facts: [POSTS] },
      ),
    ).toEqual(['constraint-not-valid@2']);
  });

  it('VACUUM (FULL false)', async () => {
    expect(await findings('VACUUM (FULL false) posts;')).toEqual([]);
    expect(await findings('VACUUM (FULL off, ANALYZE) posts;')).toEqual([]);
    expect(await findings('VACUUM (FULL 0) posts;')).toEqual([]);
    expect(await findings('REINDEX (CONCURRENTLY 0) TABLE posts;')).toEqual(['reindex-blocks-writes@1']);
    expect(await findings('VACUUM (FULL true) posts;')).toEqual(['table-rewrite-command@1']);
    expect(await findings('VACUUM (FULL) posts;')).toEqual(['table-rewrite-command@1']);
  });

  it('CREATE UNIQUE INDEX on a materialized view created earlier in the same file', async () => {
    const sql = 'CREATE MATERIALIZED VIEW post_counts AS SELECT 1 AS id;\nCREATE UNIQUE INDEX post_counts_id ON post_counts (id);\n';
    expect(await findings(sql)).toEqual([]);
    expect(await findings(sql, { facts: [] })).toEqual([]);
  });

  it.each([
    ['timestamp(3) → timestamp(6)', 'timestamp(3) without time zone', 'timestamp(6)'],
    ['timestamp(3) → timestamp', 'timestamp(3) without time zone', 'timestamp'],
    ['timestamptz(3) → timestamptz', 'timestamp(3) with time zone', 'timestamptz'],
    ['interval(2) → interval(4)', 'interval(2)', 'interval(4)'],
    ['time(2) → time(4)', 'time(2) without time zone', 'time(4)'],
    ['timetz(2) → timetz(4)', 'time(2) with time zone', 'time(4) with time zone'],
    ['varchar(20)[] → varchar[]', 'character varying(20)[]', 'varchar[]'],
  ])('ALTER COLUMN TYPE that does not rewrite, with a database: %s', async (_, from, to) => {
    const facts = [table('posts', [['c', from]])];
    expect(await findings(`ALTER TABLE posts ALTER COLUMN c TYPE ${to};`, { facts })).toEqual([]);
  });

  it.each([
    ['timestamp(6) → timestamp(2)', 'timestamp(6) without time zone', 'timestamp(2)'],
    ['interval → interval(3)', 'interval', 'interval(3)'],
    ['interval(2) → interval day to second(4)', 'interval(2)', 'interval day to second(4)'],
    // PostgreSQL 12+ skips this one only when the session's TimeZone is UTC, which the lint cannot know
    ['timestamp → timestamptz', 'timestamp without time zone', 'timestamptz'],
  ])('ALTER COLUMN TYPE that rewrites, with a database: %s', async (_, from, to) => {
    const facts = [table('posts', [['c', from]])];
    expect(await findings(`ALTER TABLE posts ALTER COLUMN c TYPE ${to};`, { facts })).toEqual(['column-type-rewrites@1']);
  });

  it('ALTER COLUMN TYPE … USING the column itself', async () => {
    expect(await findings('ALTER TABLE posts ALTER COLUMN title TYPE varchar(50) USING title;', { facts: [POSTS] })).toEqual([]);
    expect(await findings('ALTER TABLE posts ALTER COLUMN title TYPE varchar(50) USING trim(title);', { facts: [POSTS] })).toEqual([
      'column-type-rewrites@1',
    ]);
    expect(await findings('ALTER TABLE posts ALTER COLUMN title TYPE varchar(50) USING body;', { facts: [POSTS] })).toEqual([
      'column-type-rewrites@1',
    ]);
  });
});

describe('statements that lock and rewrite or scan, now reported', () => {
  it('ADD CONSTRAINT … EXCLUDE builds its index under ACCESS EXCLUSIVE', async () => {
    const sql = 'ALTER TABLE posts ADD CONSTRAINT posts_no_overlap EXCLUDE USING gist (n WITH =);';
    expect(await findings(sql)).toEqual(['unique-without-index@1']);
    expect(await findings(sql, { facts: [POSTS] })).toEqual(['unique-without-index@1']);
    expect(await findings(sql, { facts: [{ ...POSTS, heapBytes: 0, rows: 0 }] })).toEqual([]);
  });

  it.each(['SET TABLESPACE archive', 'SET LOGGED', 'SET UNLOGGED'])('ALTER TABLE … %s rewrites the table', async (command) => {
    expect(await findings(`ALTER TABLE posts ${command};`)).toEqual(['table-rewrite-command@1']);
    expect(await findings(`ALTER TABLE posts ${command};`, { facts: [POSTS] })).toEqual(['table-rewrite-command@1']);
    expect(await findings(`CREATE TABLE posts (id bigint);\nALTER TABLE posts ${command};`)).toEqual([]);
  });

  it.each([
    ['varchar(10)[] → varchar(20)[]', 'character varying(10)[]', 'varchar(20)[]'],
    ['text[] → varchar[]', 'text[]', 'varchar[]'],
    ['varchar[] → text[]', 'character varying[]', 'text[]'],
  ])('ALTER COLUMN TYPE of an array’s elements rewrites, with a database: %s', async (_, from, to) => {
    const facts = [table('posts', [['tags', from]])];
    expect(await findings(`ALTER TABLE posts ALTER COLUMN tags TYPE ${to};`, { facts })).toEqual(['column-type-rewrites@1']);
  });

  it('ADD COLUMN of a domain with a CHECK rewrites the table', async () => {
    const domain = 'CREATE DOMAIN positive_int AS int CHECK (VALUE > 0);\n';
    expect(await findings(`${domain}ALTER TABLE posts ADD COLUMN score positive_int;`, { facts: [POSTS] })).toEqual([
      'volatile-default-rewrites@2',
    ]);
    expect(await findings([domain, 'ALTER TABLE posts ADD COLUMN score positive_int;'])).toEqual(['2#volatile-default-rewrites@1']);
    expect(
      await findings(
        'CREATE DOMAIN d AS int;\nALTER DOMAIN d ADD CONSTRAINT d_positive CHECK (VALUE > 0);\nALTER TABLE posts ADD COLUMN s d;',
      ),
    ).toEqual(['volatile-default-rewrites@3']);
    // a domain without a CHECK adds a column as its base type does
    expect(await findings('CREATE DOMAIN plain_int AS int;\nALTER TABLE posts ADD COLUMN score plain_int;', { facts: [POSTS] })).toEqual(
      [],
    );
  });

  it('ADD PRIMARY KEY USING INDEX over nullable columns scans for NULLs', async () => {
    const index = 'CREATE UNIQUE INDEX CONCURRENTLY posts_n_key ON posts (n);';
    const attach = 'ALTER TABLE posts ADD CONSTRAINT posts_pkey PRIMARY KEY USING INDEX posts_n_key;';
    expect(await findings([index, attach], { facts: [POSTS] })).toEqual(['2#set-not-null-scans@1']);
    expect(await findings([index, attach])).toEqual(['2#set-not-null-scans@1']);
    // NOT NULL already (or proven by a validated CHECK): nothing to scan
    const notNull = table('posts', [['n', 'integer', true]]);
    expect(await findings([index, attach], { facts: [notNull] })).toEqual([]);
    // the index in the database, its columns from the catalog
    const pkeyIndex = table('posts_n_key', [['n', 'integer']], { kind: 'i', table: 'public.posts' });
    expect(await findings(attach, { facts: [POSTS, pkeyIndex] })).toEqual(['set-not-null-scans@1']);
    expect(await findings(attach, { facts: [notNull, pkeyIndex] })).toEqual([]);
    // an index whose columns are not known: no finding
    expect(await findings(attach, { facts: [POSTS] })).toEqual([]);
  });

  it('ATTACH PARTITION scans the partition unless a validated CHECK spares it', async () => {
    const events = table('events', [['id', 'bigint', true]], { kind: 'p' });
    const part = table('events_2026', [['id', 'bigint', true]]);
    const sql = "ALTER TABLE events ATTACH PARTITION events_2026 FOR VALUES FROM ('0') TO ('100');";
    expect(await findings(sql)).toEqual(['constraint-not-valid@1']);
    expect(await findings(sql, { facts: [events, part] })).toEqual(['constraint-not-valid@1']);
    const checked = { ...part, checks: [{ name: 'bound', definition: 'CHECK (((id >= 0) AND (id < 100)))', validated: true }] };
    expect(await findings(sql, { facts: [events, checked] })).toEqual([]);
    expect(await findings(sql, { facts: [events, { ...part, heapBytes: 0, rows: 0 }] })).toEqual([]);
  });

  it('ALTER TABLE … SET SCHEMA breaks the previous release, as a rename does', async () => {
    expect(await findings('ALTER TABLE posts SET SCHEMA archive;')).toEqual(['rename-breaks-previous-release@1']);
    expect(await findings('ALTER TABLE posts SET SCHEMA archive;', { facts: [POSTS] })).toEqual(['rename-breaks-previous-release@1']);
    expect(await findings('CREATE TABLE posts (id bigint);\nALTER TABLE posts SET SCHEMA archive;')).toEqual([]);
    // the table is known by its new name afterwards
    expect(await findings('ALTER TABLE posts SET SCHEMA archive;\nCREATE INDEX ON archive.posts (title);', { facts: [POSTS] })).toEqual([
      'rename-breaks-previous-release@1',
      'create-index-blocks-writes@2',
    ]);
    expect(await findings('ALTER TABLE posts SET SCHEMA archive;', { direction: 'down' })).toEqual([]);
  });
});
