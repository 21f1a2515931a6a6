-- Reverse of 000004_add_post_slugs.
DROP INDEX posts_slug_key;
ALTER TABLE posts DROP COLUMN slug;
