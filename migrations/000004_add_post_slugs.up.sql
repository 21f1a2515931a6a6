-- Posts get URL slugs. The column is added nullable, existing rows are
-- backfilled, then it becomes NOT NULL and unique.
ALTER TABLE posts ADD COLUMN slug text;

-- Deterministic slug: the lower-cased title with each run of characters other
-- than a-z/0-9 turned into one '-', cut to 80 characters (keeps index entries
-- far below the btree size limit), trimmed of '-', then '-' || id, which makes
-- it unique. A title with nothing left (e.g. '!!!') gives 'post-' || id.
UPDATE posts
SET slug = coalesce(
        nullif(
            btrim(left(regexp_replace(lower(title), '[^a-z0-9]+', '-', 'g'), 80), '-'),
            ''
        ) || '-' || id,
        'post-' || id
    );

ALTER TABLE posts ALTER COLUMN slug SET NOT NULL;

CREATE UNIQUE INDEX posts_slug_key ON posts (slug);
