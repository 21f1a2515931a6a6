-- Posts get URL slugs. The column arrives NOT NULL with a constant default, which PostgreSQL
-- records in the catalog without touching a row: no table rewrite, and no SET NOT NULL that
-- would scan posts under an exclusive lock. Existing rows are backfilled, then the default
-- becomes one that is unique per row, so that the posts the previous release creates during a
-- deploy (it knows nothing of slugs) still get one, and its INSERTs keep working.
ALTER TABLE posts ADD COLUMN slug text NOT NULL DEFAULT '';

-- Deterministic slug: the lower-cased title with each run of characters other
-- than a-z/0-9 turned into one '-', cut to 80 characters (keeps index entries
-- far below the btree size limit), trimmed of '-', then '-' || id, which makes
-- it unique. A title with nothing left (e.g. '!!!') gives 'post-' || id.
-- oforum-migrate:ignore backfill-in-transaction: every post needs its slug before the new release serves it, and the unique index below needs them all; posts stays locked while this runs (measured: about 3 s per 100,000 posts on 2 cores)
UPDATE posts
SET slug = coalesce(
        nullif(
            btrim(left(regexp_replace(lower(title), '[^a-z0-9]+', '-', 'g'), 80), '-'),
            ''
        ) || '-' || id,
        'post-' || id
    );

-- New posts from the release still running: 'post-' and a random UUID (lower-case hex and
-- dashes, so URL-safe), unique like the backfilled ones. The new release sets its own.
ALTER TABLE posts ALTER COLUMN slug SET DEFAULT 'post-' || gen_random_uuid();

-- oforum-migrate:ignore create-index-blocks-writes: the new release needs it from its first request, and CONCURRENTLY needs a migration of its own; posts is locked by the ALTER above anyway (measured: about 1 s per 100,000 posts on 2 cores)
CREATE UNIQUE INDEX posts_slug_key ON posts (slug);
