-- Indexes for the forum's read paths. Plain CREATE INDEX (not CONCURRENTLY):
-- CONCURRENTLY cannot run inside the migration's transaction, nor share a file
-- with another statement, and the tables are empty or small when this runs.
-- oforum-migrate:ignore-file create-index-blocks-writes: eight indexes in one migration, as CONCURRENTLY would need eight files; writes to each table wait while its indexes build (measured: about 1 s per 100,000 rows on 2 cores)

-- Front pages: "new" lists posts newest first, and ranking scores the recent
-- ones; id breaks ties for stable paging.
CREATE INDEX posts_created_at_idx ON posts (created_at DESC, id DESC);

-- A user's submissions, newest first (also serves the cascade from users and
-- the join from posts to their authors).
CREATE INDEX posts_user_id_created_at_idx ON posts (user_id, created_at DESC);

-- Loading a post's comment tree and the replies to one comment.
CREATE INDEX comments_post_id_parent_id_idx ON comments (post_id, parent_id);

-- A user's comments, newest first (also serves the cascade from users).
CREATE INDEX comments_user_id_created_at_idx ON comments (user_id, created_at DESC);

-- Points and reputation count upvotes by target: upvotes -> posts/comments ->
-- user_id. The unique indexes lead with user_id, so they cannot serve these
-- joins, nor the cascades when a post or comment is deleted.
CREATE INDEX upvotes_post_id_idx ON upvotes (post_id) WHERE post_id IS NOT NULL;
CREATE INDEX upvotes_comment_id_idx ON upvotes (comment_id) WHERE comment_id IS NOT NULL;

-- Deleting a user cascades to their upvotes; the unique indexes that lead with
-- user_id are partial, so a plain user_id = $1 cannot use them.
CREATE INDEX upvotes_user_id_idx ON upvotes (user_id);

-- Admin username search is case-insensitive prefix matching:
-- lower(username) LIKE 'abc%'. text_pattern_ops makes LIKE prefixes indexable
-- under any collation. Substring search would need pg_trgm, an extension,
-- which this schema deliberately does not require.
CREATE INDEX users_username_lower_idx ON users (lower(username) text_pattern_ops);
