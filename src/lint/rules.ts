/**
 * The rules: stable names (they appear in annotations, the `lint` output and in
 * `-- oforum-migrate:ignore NAME: reason` comments, so a name never changes), each with why it
 * matters in one line and what to do instead. Lock behaviour as documented in
 * https://www.postgresql.org/docs/current/explicit-locking.html and on each ALTER TABLE form.
 */
export const RULES = {
  'create-index-blocks-writes': {
    why: 'CREATE INDEX holds a SHARE lock on the table while it builds: every INSERT, UPDATE and DELETE waits',
    instead: 'CREATE INDEX CONCURRENTLY, alone in a file of its own',
  },
  'reindex-blocks-writes': {
    why: 'REINDEX blocks writes to the table, and reads that use the index, while it rebuilds',
    instead: 'REINDEX … CONCURRENTLY (PostgreSQL 12+), alone in a file of its own',
  },
  'concurrently-not-alone': {
    why: 'golang-migrate (and so the oForum server) sends a file as one query, which PostgreSQL runs as one transaction block: a statement that cannot run in one fails there',
    instead: 'put the statement alone in a file of its own',
  },
  'set-not-null-scans': {
    why: 'SET NOT NULL (and ADD PRIMARY KEY USING INDEX over nullable columns) scans the whole table under an ACCESS EXCLUSIVE lock: reads and writes wait',
    instead:
      'ADD CONSTRAINT … CHECK (col IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT in a later migration; then SET NOT NULL (no scan on PostgreSQL 12+) and drop the check',
  },
  'add-column-not-null': {
    why: 'a NOT NULL column without a default fails on a table with rows, and breaks the INSERTs of the release still running',
    instead: 'add the column nullable or with a constant default, backfill, then enforce NOT NULL through a validated CHECK',
  },
  'volatile-default-rewrites': {
    why: 'a column whose default is computed per row (volatile, serial, identity, stored generated), or of a domain with a CHECK, rewrites the table under an ACCESS EXCLUSIVE lock',
    instead: 'add the column without the default, SET DEFAULT afterwards (new rows only), and backfill existing rows in batches',
  },
  'column-type-rewrites': {
    why: 'changing a column type rewrites the table and rebuilds its indexes under an ACCESS EXCLUSIVE lock (widening a varchar or a numeric does not)',
    instead: 'add a new column, write both, backfill in batches, and switch over in a later release',
  },
  'constraint-not-valid': {
    why: 'adding a FOREIGN KEY or CHECK, or attaching a partition, validates every existing row while it holds a lock that blocks writes (a CHECK blocks reads too)',
    instead: 'ADD CONSTRAINT … NOT VALID, then VALIDATE CONSTRAINT in a later migration (it lets reads and writes go on)',
  },
  'unique-without-index': {
    why: 'ADD UNIQUE, PRIMARY KEY or EXCLUDE builds its index under an ACCESS EXCLUSIVE lock: reads and writes wait',
    instead: 'CREATE UNIQUE INDEX CONCURRENTLY in a file of its own, then ADD CONSTRAINT … UNIQUE USING INDEX (or PRIMARY KEY USING INDEX)',
  },
  'drop-breaks-previous-release': {
    why: 'the previous release keeps running until the rollout ends, and its queries still use what this drops',
    instead: 'expand/contract: release N stops using it, release N+1 drops it',
  },
  'rename-breaks-previous-release': {
    why: 'the previous release keeps running until the rollout ends, and its queries still use the old name (a RENAME, or SET SCHEMA)',
    instead:
      'expand/contract: add the new name beside the old (a new column written by both, or a view), switch over, drop the old in a later release',
  },
  'table-rewrite-command': {
    why: 'VACUUM FULL, CLUSTER and ALTER TABLE … SET TABLESPACE, SET LOGGED or SET UNLOGGED rewrite the table under an ACCESS EXCLUSIVE lock: reads and writes wait',
    instead: 'plain VACUUM, or an online tool such as pg_repack, outside the migration',
  },
  'lock-table': {
    why: 'an explicit LOCK TABLE in SHARE mode or stronger blocks writes (ACCESS EXCLUSIVE blocks reads too) until the migration commits',
    instead: 'leave the locking to each statement, which takes the weakest lock it needs',
  },
  'backfill-in-transaction': {
    why: 'an UPDATE or DELETE of every row locks each row until the migration commits: writes to them wait (and reads too under an earlier ALTER of the table)',
    instead: 'backfill in batches outside the migration transaction: a job, or a later file that runs batch by batch',
  },
  'integer-primary-key': {
    why: 'a 4-byte key filled from a sequence runs out at 2,147,483,647 inserts; widening it later rewrites the table and every table that references it',
    instead: 'bigint (GENERATED … AS IDENTITY)',
  },
  'down-drops-data': {
    why: 'running this down destroys data that was written since its up ran',
    instead: 'keep the data (rename, or copy it aside) or make sure a backup is restorable before going down',
  },
  'syntax-error': {
    why: "PostgreSQL's parser rejects the statement: the migration fails when it runs",
    instead: 'fix the SQL',
  },
  'invalid-ignore': {
    why: 'an oforum-migrate:ignore comment needs a known rule name and a reason, in a lower-case -- comment',
    instead: '-- oforum-migrate:ignore rule-name: why this is safe here',
  },
} as const satisfies Record<string, { why: string; instead: string }>;

export type RuleName = keyof typeof RULES;

export const RULE_NAMES = Object.keys(RULES) as RuleName[];

export function isRuleName(name: string): name is RuleName {
  return Object.hasOwn(RULES, name);
}

/** Rules whose findings an ignore comment cannot silence. */
export const UNSUPPRESSIBLE: ReadonlySet<RuleName> = new Set<RuleName>(['invalid-ignore', 'syntax-error']);
