import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../src/database/catalog-diff.js';
import type { CatalogSnapshot, ColumnSnapshot, TableSnapshot } from '../../src/database/catalog-snapshot.js';

function column(name: string, overrides: Partial<ColumnSnapshot> = {}): ColumnSnapshot {
  return { name, type: 'text', notNull: true, default: null, identity: null, generated: null, collation: null, ...overrides };
}

function table(name: string, columns: ColumnSnapshot[], overrides: Partial<TableSnapshot> = {}): TableSnapshot {
  return { name, kind: 'table', columns, constraints: [], triggers: [], ...overrides };
}

function snapshot(overrides: Partial<CatalogSnapshot> = {}): CatalogSnapshot {
  return {
    schemas: [{ name: 'public' }],
    extensions: [{ name: 'plpgsql', schema: 'pg_catalog', version: '1.0' }],
    tables: [
      table('public.posts', [column('id', { type: 'bigint', identity: 'by default' }), column('title'), column('slug')], {
        constraints: [{ name: 'posts_pkey', type: 'primary key', definition: 'PRIMARY KEY (id)' }],
      }),
      table('public.users', [column('id', { type: 'bigint' }), column('bio', { default: "''::text" })]),
    ],
    indexes: [
      { name: 'public.posts_slug_key', valid: true, definition: 'CREATE UNIQUE INDEX posts_slug_key ON public.posts USING btree (slug)' },
    ],
    sequences: [
      {
        name: 'public.posts_id_seq',
        type: 'bigint',
        start: '1',
        increment: '1',
        min: '1',
        max: '9223372036854775807',
        cache: '1',
        cycle: false,
        ownedBy: 'public.posts.id',
      },
    ],
    views: [],
    functions: [],
    enums: [{ name: 'public.mood', labels: ['sad', 'ok', 'happy'] }],
    domains: [],
    compositeTypes: [],
    ...overrides,
  };
}

describe('comparing catalog snapshots', () => {
  it('finds nothing between equal snapshots', () => {
    expect(diffSnapshots(snapshot(), snapshot())).toEqual([]);
  });

  it('finds nothing between a snapshot and its JSON round trip', () => {
    const stored = JSON.parse(JSON.stringify(snapshot())) as CatalogSnapshot;
    expect(diffSnapshots(snapshot(), stored)).toEqual([]);
  });

  it('names a table that only one side has, and which side', () => {
    const withTags = snapshot({ tables: [...snapshot().tables, table('public.tags', [column('name')])] });
    expect(diffSnapshots(withTags, snapshot())).toEqual(['table public.tags: only in the first']);
    expect(diffSnapshots(snapshot(), withTags)).toEqual(['table public.tags: only in the second']);
  });

  it('names a missing column of a table', () => {
    const [posts, users] = snapshot().tables;
    const withoutSlug = snapshot({ tables: [{ ...posts!, columns: posts!.columns.filter((c) => c.name !== 'slug') }, users!] });
    expect(diffSnapshots(snapshot(), withoutSlug)).toEqual(['table public.posts: column slug only in the first']);
  });

  it('quotes both values of a column property that differs', () => {
    const [posts, users] = snapshot().tables;
    const changed = snapshot({ tables: [posts!, { ...users!, columns: [users!.columns[0]!, column('bio', { default: "'x'::text" })] }] });
    expect(diffSnapshots(snapshot(), changed)).toEqual([`table public.users: column bio default differs ("''::text" vs "'x'::text")`]);
  });

  it('spells out property names in words', () => {
    const [posts, users] = snapshot().tables;
    const nullable = snapshot({
      tables: [posts!, { ...users!, columns: [users!.columns[0]!, column('bio', { default: "''::text", notNull: false })] }],
    });
    expect(diffSnapshots(snapshot(), nullable)).toEqual(['table public.users: column bio not null differs (true vs false)']);
    const [sequence] = snapshot().sequences;
    const unowned = snapshot({ sequences: [{ ...sequence!, ownedBy: null }] });
    expect(diffSnapshots(snapshot(), unowned)).toEqual(['sequence public.posts_id_seq: owned by differs ("public.posts.id" vs null)']);
  });

  it('reports a column order that differs, apart from columns only one side has', () => {
    const [posts, users] = snapshot().tables;
    const [id, title, slug] = posts!.columns;
    const reordered = snapshot({ tables: [{ ...posts!, columns: [id!, slug!, title!, column('extra')] }, users!] });
    expect(diffSnapshots(snapshot(), reordered)).toEqual([
      'table public.posts: column extra only in the second',
      'table public.posts: column order differs (id, title, slug vs id, slug, title)',
    ]);
  });

  it('compares constraints by name, whatever their order', () => {
    const [posts, users] = snapshot().tables;
    const check = { name: 'posts_title_not_empty', type: 'check', definition: "CHECK ((btrim(title) <> ''::text))" };
    const a = snapshot({ tables: [{ ...posts!, constraints: [...posts!.constraints, check] }, users!] });
    const b = snapshot({ tables: [{ ...posts!, constraints: [check, ...posts!.constraints] }, users!] });
    expect(diffSnapshots(a, b)).toEqual([]);
    expect(diffSnapshots(snapshot(), a)).toEqual(['table public.posts: constraint posts_title_not_empty only in the second']);
  });

  it('shows both definitions of an index that differs', () => {
    const other = snapshot({
      indexes: [
        { name: 'public.posts_slug_key', valid: true, definition: 'CREATE INDEX posts_slug_key ON public.posts USING btree (slug)' },
      ],
    });
    expect(diffSnapshots(snapshot(), other)).toEqual([
      'index public.posts_slug_key: definition differs ("CREATE UNIQUE INDEX posts_slug_key ON public.posts USING btree (slug)" vs "CREATE INDEX posts_slug_key ON public.posts USING btree (slug)")',
    ]);
  });

  it('treats the order of enum labels as part of the type', () => {
    const other = snapshot({ enums: [{ name: 'public.mood', labels: ['happy', 'ok', 'sad'] }] });
    expect(diffSnapshots(snapshot(), other)).toEqual(['enum public.mood: labels differs (["sad","ok","happy"] vs ["happy","ok","sad"])']);
  });

  it('lists several differences sorted', () => {
    const other = snapshot({
      schemas: [{ name: 'app' }, { name: 'public' }],
      indexes: [],
      tables: [snapshot().tables[1]!],
      functions: [{ name: 'public.touch()', kind: 'function', definition: 'CREATE OR REPLACE FUNCTION …' }],
    });
    expect(diffSnapshots(snapshot(), other)).toEqual([
      'function public.touch(): only in the second',
      'index public.posts_slug_key: only in the first',
      'schema app: only in the second',
      'table public.posts: only in the first',
    ]);
  });
});
