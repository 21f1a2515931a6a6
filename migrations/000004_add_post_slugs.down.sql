-- Reverse of 000004_add_post_slugs.
-- oforum-migrate:ignore-file down-drops-data: slugs are made again from the titles when 000004 runs again; only slugs the new release set by hand are lost
DROP INDEX posts_slug_key;
ALTER TABLE posts DROP COLUMN slug;
