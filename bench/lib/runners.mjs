// The runners' command lines, and the checks that a run did the work.
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { databaseUrl } from './db.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(ROOT, 'package.json'));
// every Node process of the benchmark (ours, node -e 0, the peers' Node parts) uses this one
export const NODE = process.env.BENCH_NODE ?? process.execPath;
const NPM_BIN = join(ROOT, 'node_modules', 'node-pg-migrate', 'bin', 'node-pg-migrate.js');
// how a Node project would usually start dbmate (`npx dbmate`): the npm package's Node wrapper
const DBMATE_WRAPPER = join(ROOT, 'node_modules', 'dbmate', 'dist', 'cli.js');
const PG_BASELINE = join(ROOT, 'bench', 'lib', 'node-pg-select1.mjs');

/** dbmate's npm package starts its Go binary from a Node wrapper; the binary itself is the peer. */
function dbmateBinary() {
  try {
    return {
      path: require.resolve(`@dbmate/${platform()}-${arch()}/bin/dbmate`),
      note: "Go binary (without the npm package's Node wrapper)",
    };
  } catch {
    return { path: join(ROOT, 'node_modules', '.bin', 'dbmate'), note: 'npm wrapper (Go binary not found)' };
  }
}
export const DBMATE = dbmateBinary();

export const LABELS = {
  ours: 'ours',
  oursNoLint: 'ours, lint off',
  floor: 'floor',
  guards: 'floor + engine SQL',
  deleteWrite: 'floor, DELETE',
  dbmate: 'dbmate',
  npm: 'node-pg-migrate',
};

/**
 * The database's URL on loopback, or through the delaying proxy on `port`. With sslmode=disable,
 * as golang-migrate needs it for a server without TLS: without it, ours and psql would first ask
 * the server for TLS (libpq's default, prefer), which the `pg` baseline never does; and TLS would
 * hide the messages from the proxy's counter.
 */
export function urlOf(db, port = null) {
  const url = new URL(databaseUrl(db));
  if (port !== null) url.port = String(port);
  url.searchParams.set('sslmode', 'disable');
  return url.toString();
}

/** [command, args, extra environment] of each runner; `port`: through the proxy. */
export const commands = {
  ours: (ctx, db, dir, { command = 'up', port = null, lint = null } = {}) => [
    ctx.node,
    [
      ctx.bundle,
      command,
      '--database-url',
      urlOf(db, port),
      ...(dir ? ['--migrations-path', dir] : []),
      ...(lint ? ['--lint', lint] : []),
      '--json',
    ],
  ],
  psql: (_ctx, db, script) => ['psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', urlOf(db), '-f', script]],
  dbmate: (_ctx, db, dir, { port = null } = {}) => {
    const url = new URL(urlOf(db, port));
    url.searchParams.set('sslmode', 'disable');
    return [DBMATE.path, ['--url', url.toString(), '--migrations-dir', dir, '--no-dump-schema', 'up']];
  },
  dbmateViaNpm: (ctx, db, dir) => {
    const [, args] = commands.dbmate(ctx, db, dir);
    return [ctx.node, [DBMATE_WRAPPER, ...args]];
  },
  npm: (ctx, db, dir, { port = null } = {}) => [
    ctx.node,
    [NPM_BIN, 'up', '-m', dir, '--database-url-var', 'DATABASE_URL', '--no-verbose'],
    { DATABASE_URL: urlOf(db, port) },
  ],
  nodeStart: (ctx) => [ctx.node, ['-e', '0']],
  psqlSelect1: (_ctx, db) => ['psql', ['-X', '-At', '-d', urlOf(db), '-c', 'SELECT 1']],
  pgBaseline: (ctx, db, { port = null } = {}) => [ctx.node, [PG_BASELINE, urlOf(db, port)]],
  oursVersion: (ctx) => [ctx.node, [ctx.bundle, '--version']],
};

/** The command of a W1/W3/W4 runner on a layout written by writeLayouts. */
export function applyCommand(ctx, runner, db, layout, options = {}) {
  switch (runner) {
    case 'ours':
      return commands.ours(ctx, db, layout.golang, options);
    case 'oursNoLint':
      return commands.ours(ctx, db, layout.golang, { ...options, lint: 'off' });
    case 'floor':
      return commands.psql(ctx, db, layout.floor);
    case 'guards':
      return commands.psql(ctx, db, layout.guards);
    case 'deleteWrite':
      return commands.psql(ctx, db, layout.deleteWrite);
    case 'dbmate':
      return commands.dbmate(ctx, db, layout.dbmate, options);
    case 'npm':
      return commands.npm(ctx, db, layout.npm, options);
    default:
      throw new Error(runner);
  }
}

/** Why a runner's database does not show the work done, or null when it does. */
export function verify(runner, facts, expect) {
  const problems = [];
  if (expect.tables !== undefined && facts.tables !== expect.tables) problems.push(`${facts.tables} tables t_%, want ${expect.tables}`);
  if (expect.vIndexes !== undefined && facts.vIndexes !== expect.vIndexes)
    problems.push(`${facts.vIndexes} indexes t_%_v_idx, want ${expect.vIndexes}`);
  if (expect.bigRows !== undefined && facts.bigRows !== expect.bigRows)
    problems.push(`big has ${facts.bigRows} rows, want ${expect.bigRows}`);
  if (expect.bigIndexes !== undefined && facts.bigIndexes !== expect.bigIndexes)
    problems.push(`big has ${facts.bigIndexes} indexes, want ${expect.bigIndexes}`);
  if (expect.appTables !== undefined && facts.appTables !== expect.appTables)
    problems.push(`${facts.appTables} oForum tables, want ${expect.appTables}`);
  const n = expect.versions;
  if (['ours', 'oursNoLint', 'floor', 'guards', 'deleteWrite'].includes(runner)) {
    const rows = facts.golang;
    if (!rows || rows.length !== 1 || rows[0].version !== String(n) || rows[0].dirty !== false)
      problems.push(`schema_migrations is ${JSON.stringify(rows)}, want one row (${n}, false)`);
  } else if (runner === 'dbmate') {
    const row = facts.dbmate?.[0];
    if (!row || row.n !== n || row.version !== String(n))
      problems.push(`dbmate's schema_migrations is ${JSON.stringify(facts.dbmate)}, want ${n} rows up to ${n}`);
  } else if (runner === 'npm') {
    const row = facts.npm?.[0];
    if (!row || row.n !== n) problems.push(`pgmigrations is ${JSON.stringify(facts.npm)}, want ${n} rows`);
  }
  return problems.length ? problems.join('; ') : null;
}

/** Why a process did not end well, or null. */
export function exitProblem(result) {
  if (result.error) return `could not start: ${result.error}`;
  if (result.timedOut) return 'timed out';
  if (result.code !== 0)
    return `exit ${result.code ?? result.signal}: ${(result.stderr || result.stdout).trim().split('\n').slice(-3).join(' | ')}`;
  return null;
}

export function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
