-- Reverse of 000001_initial; indexes, constraints and identity sequences go with their tables.
DROP TABLE settings;
DROP TABLE upvotes;
DROP TABLE comments;
DROP TABLE posts;
DROP TABLE sessions;
DROP TABLE users;
