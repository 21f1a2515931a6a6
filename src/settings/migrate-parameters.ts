/**
 * golang-migrate's own `x-` parameters of a postgres URL (database/postgres/postgres.go, Open and
 * WithConnection, 4.17 and 4.19). Each is honoured as golang-migrate honours it, or refused with
 * the reason; none is ignored, not even one golang-migrate itself would skip.
 */
export interface MigrateParameters {
  /** x-migrations-table, read with x-migrations-table-quoted as golang-migrate reads it */
  migrationsTable?: { raw: string; schema: string | null; table: string };
  /** x-statement-timeout, in milliseconds; 0 is none */
  statementTimeoutMs?: number;
}

export const MIGRATE_PARAMETERS = [
  'x-migrations-table',
  'x-migrations-table-quoted',
  'x-statement-timeout',
  'x-multi-statement',
  'x-multi-statement-max-size',
] as const;

export function readMigrateParameters(query: Map<string, string[]>, problems: string[]): MigrateParameters {
  const get = (key: string): string => query.get(key)?.[0] ?? '';
  for (const key of query.keys()) {
    if (key.startsWith('x-') && !(MIGRATE_PARAMETERS as readonly string[]).includes(key)) {
      problems.push(
        `database-url has the parameter ${printable(key)}, which golang-migrate's postgres driver does not know (it knows ${MIGRATE_PARAMETERS.join(', ')}); remove it`,
      );
    }
  }
  const parameters: MigrateParameters = {};

  const quotedText = get('x-migrations-table-quoted');
  const quoted = quotedText === '' ? false : goBool('x-migrations-table-quoted', quotedText, problems);
  const raw = get('x-migrations-table');
  if (quoted === true) {
    const table = quotedTable(raw, problems);
    if (table) parameters.migrationsTable = { raw, ...table };
  } else if (raw !== '') {
    parameters.migrationsTable = { raw, schema: null, table: raw };
  }

  const timeout = get('x-statement-timeout');
  if (timeout !== '') {
    const ms = goInt('x-statement-timeout', timeout, problems);
    // golang-migrate turns a negative timeout into an expired deadline: every migration would fail.
    if (ms !== null && ms < 0) problems.push('database-url: x-statement-timeout must be 0 (none) or more milliseconds');
    else if (ms !== null) parameters.statementTimeoutMs = ms;
  }

  const multi = get('x-multi-statement');
  if (multi !== '' && goBool('x-multi-statement', multi, problems) === true) {
    problems.push(
      "database-url: x-multi-statement=true is not supported: golang-migrate then cuts each file at every ';' (inside strings and $$ bodies too) and runs the parts one by one; this tool splits files with a PostgreSQL-aware lexer and runs each in one transaction unless it cannot run in one (CREATE INDEX CONCURRENTLY, …). Remove x-multi-statement",
    );
  }
  // Without x-multi-statement the size has no effect, in golang-migrate as here; it must still parse.
  const maxSize = get('x-multi-statement-max-size');
  if (maxSize !== '') goInt('x-multi-statement-max-size', maxSize, problems);
  return parameters;
}

/**
 * golang-migrate with x-migrations-table-quoted: the name must begin and end with '"'; the
 * texts between pairs of quotes (regexp `"(.*?)"`) are the table (the last) and, when there are
 * two, the schema (the first). More than two is an error.
 */
function quotedTable(raw: string, problems: string[]): { schema: string | null; table: string } | null {
  const example = 'such as x-migrations-table="app"."schema_migrations" (percent-encoded: %22app%22.%22schema_migrations%22)';
  if (raw === '' || !raw.startsWith('"') || !raw.endsWith('"')) {
    problems.push(`database-url: x-migrations-table-quoted needs a quoted x-migrations-table, ${example}`);
    return null;
  }
  const parts = [...raw.matchAll(/"(.*?)"/g)].map((match) => match[1]!);
  if (parts.length === 0 || parts.length > 2) {
    problems.push(`database-url: x-migrations-table must be one or two quoted names with x-migrations-table-quoted, ${example}`);
    return null;
  }
  const table = parts[parts.length - 1]!;
  const schema = parts.length === 2 ? parts[0]! : null;
  if (table === '' || schema === '') {
    problems.push('database-url: x-migrations-table has an empty quoted name');
    return null;
  }
  return { schema, table };
}

// Go's strconv.ParseBool.
const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const GO_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

function goBool(name: string, text: string, problems: string[]): boolean | null {
  if (GO_TRUE.has(text)) return true;
  if (GO_FALSE.has(text)) return false;
  problems.push(`database-url: ${name} must be true or false (or 1, 0, t, f), not ${printable(text)}`);
  return null;
}

/** Go's strconv.Atoi: an optional sign and decimal digits, within 64 bits. */
function goInt(name: string, text: string, problems: string[]): number | null {
  if (/^[+-]?\d+$/.test(text) && BigInt(text) >= -(2n ** 63n) && BigInt(text) < 2n ** 63n && Number.isSafeInteger(Number(text))) {
    return Number(text);
  }
  problems.push(`database-url: ${name} must be a whole number, not ${printable(text)}`);
  return null;
}

/** A value from the URL's query, quoted for a message: short, and with no control characters. */
export function printable(text: string): string {
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return JSON.stringify(shown);
}
