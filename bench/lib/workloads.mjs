// Workload generation: the same migrations written in each runner's own layout, plus the floor's
// psql script.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** W1 (and the memory series): n small migrations; `withIndex` false keeps 10 000 quick. */
export function smallMigrations(n, withIndex = true) {
  const list = [];
  for (let i = 1; i <= n; i++) {
    const index = withIndex ? `\nCREATE INDEX t_${i}_v_idx ON t_${i} (v);` : '';
    list.push({ version: i, name: `t_${i}`, sql: `CREATE TABLE t_${i} (id bigint PRIMARY KEY, v text);${index}\n` });
  }
  return list;
}

export const W3_ROWS = 200_000;

/** W3: one heavy migration, dominated by the server's work (load, then three index builds). */
export function heavyMigration() {
  const sql = [
    'CREATE TABLE big (id bigint NOT NULL, grp integer NOT NULL, label text NOT NULL);',
    `INSERT INTO big (id, grp, label) SELECT g, g % 1000, md5(g::text) FROM generate_series(1, ${W3_ROWS}) AS g;`,
    'CREATE UNIQUE INDEX big_id_idx ON big (id);',
    'CREATE INDEX big_grp_idx ON big (grp);',
    'CREATE INDEX big_label_idx ON big (label);',
    '',
  ].join('\n');
  return [{ version: 1, name: 'big', sql }];
}

/** The oForum migrations that the bundle embeds, read from the repository's migrations/. */
export function oforumMigrations(root) {
  const dir = join(root, 'migrations');
  return readdirSync(dir)
    .filter((file) => /^\d+_.+\.up\.sql$/.test(file))
    .sort()
    .map((file) => {
      const [, digits, name] = /^(\d+)_(.+)\.up\.sql$/.exec(file);
      return { version: Number(digits), name, sql: readFileSync(join(dir, file), 'utf8') };
    });
}

const pad = (version) => String(version).padStart(6, '0');

/**
 * Writes `migrations` under `dir` as:
 * - golang/  golang-migrate layout `000001_name.up.sql` (ours)
 * - dbmate/  `000001_name.sql` with `-- migrate:up` / `-- migrate:down` sections
 * - npm/     `000001_name.sql` with node-pg-migrate's `-- Up Migration` marker
 * - floor.sql, floor-guards.sql, floor-delete.sql, when `floor` is set: the floor's psql script,
 *   the same with the engine's guard statements, and with the version written by DELETE
 * (`peers` false writes only golang/, for the memory series)
 */
export function writeLayouts(dir, migrations, { floor = true, peers = true } = {}) {
  const paths = { golang: join(dir, 'golang'), dbmate: null, npm: null, floor: null, count: migrations.length };
  mkdirSync(paths.golang, { recursive: true });
  for (const m of migrations) writeFileSync(join(paths.golang, `${pad(m.version)}_${m.name}.up.sql`), m.sql);
  if (peers) {
    paths.dbmate = join(dir, 'dbmate');
    paths.npm = join(dir, 'npm');
    mkdirSync(paths.dbmate, { recursive: true });
    mkdirSync(paths.npm, { recursive: true });
    for (const m of migrations) {
      writeFileSync(join(paths.dbmate, `${pad(m.version)}_${m.name}.sql`), `-- migrate:up\n${m.sql}\n-- migrate:down\n`);
      writeFileSync(join(paths.npm, `${pad(m.version)}_${m.name}.sql`), `-- Up Migration\n${m.sql}\n`);
    }
  }
  if (floor) {
    paths.floor = join(dir, 'floor.sql');
    writeFileSync(paths.floor, floorScript(migrations));
    paths.guards = join(dir, 'floor-guards.sql');
    writeFileSync(paths.guards, floorScript(migrations, { guards: true }));
    paths.deleteWrite = join(dir, 'floor-delete.sql');
    writeFileSync(paths.deleteWrite, floorScript(migrations, { deleteWrite: true }));
  }
  return paths;
}

/**
 * The floor: what any golang-migrate-compatible runner must at least send. One line per
 * migration, `BEGIN \; <statements> \; TRUNCATE \; INSERT \; COMMIT;`: psql's `\;` puts a `;`
 * into its query buffer without sending it, so the buffer goes out as ONE simple-protocol Query
 * message at the final unescaped `;` — the same single round trip per migration as the engine's.
 * The state table is created first, as golang-migrate (and the engine) do. `\timing` makes psql
 * print each message's round trip (microseconds of work per migration), which gives the floor's
 * per-migration latencies next to the engine's own.
 *
 * `guards` sends what the engine sends (mirrored from src/database/transaction-text.ts,
 * src/database/guards.ts and src/database/history-table.ts, session lock strategy): the session
 * advisory lock once, then per migration the state table lock, the guard (lock, state,
 * lock_timeout), the migration, the version written with DELETE, the history row and the
 * transaction's duration read on the server's clock; the first message also creates both tables
 * and checks that it runs on the session holding the lock, as the engine's first write does — a
 * diagnostic that separates the server's cost of the engine's statements from the client's.
 *
 * `deleteWrite` writes the version with DELETE instead of golang-migrate's TRUNCATE (the table
 * ends up the same): TRUNCATE gives the table and its index new files in every migration, and
 * this diagnostic shows what that costs.
 */
export function floorScript(migrations, { guards = false, deleteWrite = false } = {}) {
  const table = guards ? '"public"."schema_migrations"' : 'schema_migrations';
  const history = '"public"."schema_migrations_history"';
  const createState = `CREATE TABLE IF NOT EXISTS ${table} (version bigint not null primary key, dirty boolean not null)`;
  const lines = ['\\timing on'];
  if (guards) {
    // The engine's first message makes both tables and proves that it runs on the session that
    // took the lock (guards.ts sessionPid); psql learns that process's id first.
    lines.push(`SELECT pg_catalog.pg_advisory_lock(${GUARD_LOCK_ID});`, 'SELECT pg_catalog.pg_backend_pid() AS pid \\gset');
  } else {
    lines.push(`${createState};`);
  }
  let previous = null;
  for (const m of migrations) {
    const first = previous === null;
    const state = first
      ? `NOT EXISTS (SELECT FROM ${table})`
      : `(SELECT count(*) FILTER (WHERE version = ${previous} AND NOT dirty) = 1 AND count(*) = 1 FROM ${table})`;
    const sessionCheck = first ? `WHEN pg_catalog.pg_backend_pid() <> :pid THEN ('served by ' || pg_catalog.pg_backend_pid())::int ` : '';
    const prefix = guards
      ? [
          ...(first ? [createState] : []),
          `LOCK TABLE ${table} IN EXCLUSIVE MODE`,
          `SELECT CASE ${sessionCheck}WHEN NOT pg_catalog.pg_try_advisory_xact_lock(${GUARD_LOCK_ID}) THEN 1 / (pg_catalog.pg_backend_pid() * 0) WHEN NOT ${state} THEN ('state ' || pg_catalog.pg_backend_pid())::int ELSE 0 END, pg_catalog.set_config('lock_timeout', '10000ms', true)`,
        ]
      : [];
    const historyRow = `INSERT INTO ${history} (version, name, checksum, duration_ms, applied_by, run_url, commit_sha, previous_version) VALUES (${m.version}, 'm${m.version}', 'sha256:0000000000000000000000000000000000000000000000000000000000000000', extract(epoch FROM clock_timestamp() - now()) * 1000, 'bench@host', NULL, NULL, ${previous ?? 'NULL'})`;
    const parts = [
      'BEGIN',
      ...prefix,
      ...oneMessageStatements(m.sql),
      deleteWrite || guards ? `DELETE FROM ${table}` : `TRUNCATE ${table}`,
      `INSERT INTO ${table} (version, dirty) VALUES (${m.version}, false)`,
      ...(guards
        ? [
            ...(first ? [`SELECT pg_advisory_xact_lock(${HISTORY_LOCK_CLASS}, ${GUARD_LOCK_ID})`, CREATE_HISTORY(history)] : []),
            historyRow,
            'SELECT extract(epoch FROM pg_catalog.clock_timestamp() - pg_catalog.now())::float8 * 1000 AS ms',
          ]
        : []),
      'COMMIT',
    ];
    lines.push(`${parts.join(' \\; ')};`);
    previous = m.version;
  }
  if (guards) lines.push(`SELECT pg_catalog.pg_advisory_unlock(${GUARD_LOCK_ID});`);
  return `${lines.join('\n')}\n`;
}

// src/database/history-table.ts: createHistoryTableSql, and the advisory lock class that guards it
const CREATE_HISTORY = (history) =>
  `CREATE TABLE IF NOT EXISTS ${history} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, version bigint NOT NULL, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(), duration_ms double precision, applied_by text NOT NULL, run_url text, commit_sha text, direction text NOT NULL DEFAULT 'up', previous_version bigint)`;
const HISTORY_LOCK_CLASS = 0x6f6d6869;

// any id serves: the diagnostic measures the statements' cost, not which lock they take
const GUARD_LOCK_ID = 1234567890;

/** The per-message round trips psql printed under `\timing`, in ms. */
export function psqlTimings(stdout) {
  const times = [];
  for (const match of stdout.matchAll(/^Time: ([\d.]+) ms/gm)) times.push(Number(match[1]));
  return times;
}

/**
 * Splits a migration at its `;`. Safe only for SQL without quotes, comments, dollar quoting or
 * backslashes, where every `;` ends a statement; anything else is refused rather than split
 * wrongly (the generated W1/W3 files qualify).
 */
export function oneMessageStatements(sql) {
  if (/['"$\\]|--|\/\*/.test(sql))
    throw new Error('the floor script only takes migrations without quotes, comments, dollar quoting or backslashes');
  return sql
    .split(';')
    .map((statement) => statement.replace(/\s+/g, ' ').trim())
    .filter((statement) => statement.length > 0);
}
