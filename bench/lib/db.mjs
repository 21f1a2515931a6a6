// Database administration for the benchmark: fresh databases with a recognisable prefix, their
// removal, leftovers of interrupted runs, and the checks that a runner really did the work.
import pg from 'pg';

export const PREFIX = 'omb_';
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** The server to benchmark against; only a loopback address is accepted. */
export function serverUrl() {
  const raw = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const url = new URL(raw);
  if (!LOOPBACK.has(url.hostname) && !/^127\./.test(url.hostname)) {
    throw new Error(`BENCH_ADMIN_URL must point at this machine's loopback address, not ${url.hostname}`);
  }
  return url;
}

export function databaseUrl(name) {
  const url = serverUrl();
  url.pathname = `/${name}`;
  return url.toString();
}

/** Whether a process id still runs (EPERM: it runs under another user). */
export function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

export class Admin {
  constructor() {
    this.created = new Set();
    this.sequence = 0;
  }

  async open() {
    this.client = new pg.Client({ connectionString: serverUrl().toString() });
    await this.client.connect();
  }

  async close() {
    await this.client?.end().catch(() => {});
  }

  async query(sql, params) {
    return (await this.client.query(sql, params)).rows;
  }

  /** A unique name: the pid tells a later run whether its creator is still alive. */
  name(tag) {
    this.sequence += 1;
    return `${PREFIX}${process.pid}_${this.sequence}_${tag}`.slice(0, 63);
  }

  async create(tag) {
    const name = this.name(tag);
    this.created.add(name);
    await this.client.query(`CREATE DATABASE "${name}"`);
    return name;
  }

  async drop(name) {
    await this.client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    this.created.delete(name);
  }

  async dropAllCreated() {
    for (const name of [...this.created]) await this.drop(name).catch(() => {});
  }

  /** Drops the databases of earlier benchmark processes that are no longer running. */
  async dropLeftovers() {
    const rows = await this.query(`SELECT datname FROM pg_catalog.pg_database WHERE datname LIKE $1`, [`${PREFIX.replace('_', '\\_')}%`]);
    const dropped = [];
    for (const { datname } of rows) {
      const match = /^omb_(\d+)_/.exec(datname);
      if (!match) continue;
      const pid = Number(match[1]);
      if (pid === process.pid || alive(pid)) continue;
      await this.client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      dropped.push(datname);
    }
    return dropped;
  }

  /** Flushes dirty buffers so that a checkpoint does not land inside the next timed run. */
  async checkpoint() {
    await this.client.query('CHECKPOINT');
  }

  /** Runs queries in database `name` on a short-lived connection. */
  async inDatabase(name, work) {
    const client = new pg.Client({ connectionString: databaseUrl(name) });
    await client.connect();
    try {
      return await work(async (sql) => (await client.query(sql)).rows);
    } finally {
      await client.end().catch(() => {});
    }
  }
}

/** What a database holds after a run: the facts the runners' work is checked against. */
export async function inspect(admin, name) {
  return admin.inDatabase(name, async (q) => {
    const [tables] = await q(`SELECT count(*)::int AS n FROM pg_catalog.pg_tables WHERE schemaname = 'public' AND tablename LIKE 't\\_%'`);
    const [indexes] = await q(
      `SELECT count(*)::int AS n FROM pg_catalog.pg_indexes WHERE schemaname = 'public' AND indexname LIKE 't\\_%\\_v\\_idx'`,
    );
    const [big] = await q(`SELECT to_regclass('public.big') IS NOT NULL AS present`);
    let bigRows = null;
    let bigIndexes = null;
    if (big.present) {
      bigRows = (await q('SELECT count(*)::int AS n FROM public.big'))[0].n;
      bigIndexes = (await q(`SELECT count(*)::int AS n FROM pg_catalog.pg_indexes WHERE schemaname = 'public' AND tablename = 'big'`))[0].n;
    }
    const [app] = await q(
      `SELECT count(*)::int AS n FROM pg_catalog.pg_tables WHERE schemaname = 'public' AND tablename IN ('users', 'posts', 'comments', 'roles', 'tags')`,
    );
    return {
      tables: tables.n,
      vIndexes: indexes.n,
      bigRows,
      bigIndexes,
      appTables: app.n,
      golang: await stateOf(q, 'schema_migrations', `SELECT version::bigint::text AS version, dirty FROM public.schema_migrations`),
      dbmate: await stateOf(
        q,
        'schema_migrations',
        `SELECT count(*)::int AS n, max(version::bigint)::text AS version FROM public.schema_migrations`,
      ),
      npm: await stateOf(q, 'pgmigrations', `SELECT count(*)::int AS n FROM public.pgmigrations`),
    };
  });
}

async function stateOf(q, table, sql) {
  const [exists] = await q(`SELECT to_regclass('public.${table}') IS NOT NULL AS present`);
  if (!exists.present) return null;
  try {
    return await q(sql);
  } catch {
    // the table exists with another tool's shape
    return null;
  }
}
