-- Reverse of 000002_add_roles.
DROP INDEX user_roles_role_id_idx;
DROP TABLE user_roles;
DROP TABLE roles;
