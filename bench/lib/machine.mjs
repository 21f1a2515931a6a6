// What the benchmark ran on, and the proof of the floor's premise on this psql.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { databaseUrl } from './db.mjs';
import { measureMethod, timedRun } from './proc.mjs';
import { round } from './report.mjs';
import { DBMATE, NODE, ROOT } from './runners.mjs';

function tool(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

export function machine(pgVersion) {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  return {
    date: new Date().toISOString(),
    nproc: Number(tool('nproc', [])) || cpus().length,
    cpu: /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    postgres: pgVersion,
    node: tool(NODE, ['--version']) ?? process.version,
    psql: tool('psql', ['--version']),
    dbmate: `${tool(DBMATE.path, ['--version'])} (${DBMATE.note})`,
    nodePgMigrate: JSON.parse(readFileSync(join(ROOT, 'node_modules', 'node-pg-migrate', 'package.json'), 'utf8')).version,
    pg: JSON.parse(readFileSync(join(ROOT, 'node_modules', 'pg', 'package.json'), 'utf8')).version,
    measureMethod,
  };
}

/** Proves the floor's premise on this psql: `\;`-joined statements arrive as one Query message. */
export async function checkFloorIsOneMessage(ctx, db) {
  const script = join(ctx.scratch, 'one-message-check.sql');
  writeFileSync(script, 'SELECT 1 AS probe \\; SELECT query FROM pg_catalog.pg_stat_activity WHERE pid = pg_catalog.pg_backend_pid();\n');
  const result = await timedRun('psql', ['-X', '-At', '-v', 'ON_ERROR_STOP=1', '-d', databaseUrl(db), '-f', script], { cwd: ctx.workDir });
  if (result.code !== 0 || !/SELECT 1 AS probe\s*;\s*SELECT query/.test(result.stdout)) {
    throw new Error(`psql did not send the \\;-joined statements as one message: ${result.stdout || result.stderr}`);
  }
}
