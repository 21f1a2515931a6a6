-- Reverse of 000003_add_tags.
DROP INDEX post_tags_tag_id_idx;
DROP TABLE post_tags;
DROP TABLE tags;
