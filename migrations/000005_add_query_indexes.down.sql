-- Reverse of 000005_add_query_indexes.
DROP INDEX users_username_lower_idx;
DROP INDEX upvotes_user_id_idx;
DROP INDEX upvotes_comment_id_idx;
DROP INDEX upvotes_post_id_idx;
DROP INDEX comments_user_id_created_at_idx;
DROP INDEX comments_post_id_parent_id_idx;
DROP INDEX posts_user_id_created_at_idx;
DROP INDEX posts_created_at_idx;
