-- Reverse of 000003_add_tags.
-- oforum-migrate:ignore-file down-drops-data: the tags and their attachment to posts are lost: restore them from a backup if the forum goes back up
DROP INDEX post_tags_tag_id_idx;
DROP TABLE post_tags;
DROP TABLE tags;
