-- Reverse of 000002_add_roles.
-- oforum-migrate:ignore-file down-drops-data: the roles and role assignments made since 000002 are lost: restore them from a backup if the forum goes back up
DROP INDEX user_roles_role_id_idx;
DROP TABLE user_roles;
DROP TABLE roles;
