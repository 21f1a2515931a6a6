-- Reverse of 000001_initial; indexes, constraints and identity sequences go with their tables.
-- oforum-migrate:ignore-file down-drops-data: going below version 1 removes the forum itself: for development databases and verify, never a live forum
DROP TABLE settings;
DROP TABLE upvotes;
DROP TABLE comments;
DROP TABLE posts;
DROP TABLE sessions;
DROP TABLE users;
