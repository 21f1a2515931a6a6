import { quoteLiteral } from './identifiers.js';
import { isServerError } from './query.js';
import { INSUFFICIENT_PRIVILEGE, UNDEFINED_OBJECT } from './sqlstate.js';

/**
 * A read of a table that may not exist, as two statements for one message. A plain read of a
 * missing table fails, and the server logs the failure with the whole statement as an ERROR,
 * where teams alert on errors: the state table of a database never migrated, the history table of
 * one the oForum server migrates by itself. Here a DO block looks the table up first (to_regclass;
 * PL/pgSQL plans a statement only when it runs it) and leaves what `read` returns (one text
 * value) in a transaction-local setting, or an empty text when there is no table; the second
 * statement returns it as `value`, NULL for no table. The two run in one transaction (a message's
 * statements after its last COMMIT share an implicit one), so the setting is the one just set,
 * whatever the server's configuration or an earlier statement of the session holds under its name.
 *
 * `setting` is a custom setting's dotted name of the tool's own, which no extension reserves.
 * `columns` are returned beside the value (for instance the server pid that answered). A table
 * without one of the `needs` columns (an older release's) is not read either: the value is then
 * OLDER_TABLE, for the caller to read it in a way every release's table answers.
 */
export function readIfPresentSql(
  qualified: string,
  setting: string,
  read: string,
  options: { columns?: string; needs?: readonly string[] } = {},
): [string, string] {
  const name = quoteLiteral(setting);
  const table = `pg_catalog.to_regclass(${quoteLiteral(qualified)})`;
  const needs = options.needs ?? [];
  const complete =
    needs.length === 0
      ? 'true'
      : `(SELECT pg_catalog.count(*) FROM pg_catalog.pg_attribute WHERE attrelid = ${table} AND NOT attisdropped AND attname IN (${needs.map(quoteLiteral).join(', ')})) = ${needs.length}`;
  const body = `BEGIN IF ${table} IS NULL THEN PERFORM pg_catalog.set_config(${name}, '', true); ELSIF ${complete} THEN PERFORM pg_catalog.set_config(${name}, (${read}), true); ELSE PERFORM pg_catalog.set_config(${name}, ${quoteLiteral(OLDER_TABLE)}, true); END IF; END`;
  const tag = dollarTag(body);
  return [`DO ${tag}${body}${tag}`, `SELECT ${options.columns ?? ''}NULLIF(pg_catalog.current_setting(${name}, true), '') AS value`];
}

/** The value of readIfPresentSql for a table that lacks a column the read needs. */
export const OLDER_TABLE = 'older';

/**
 * Whether a read failed because this role cannot run a DO block: PL/pgSQL dropped, or its use
 * not granted. The caller then reads the table plainly.
 */
export function plpgsqlUnavailable(error: unknown): boolean {
  return (
    isServerError(error) &&
    (error.code === UNDEFINED_OBJECT || error.code === INSUFFICIENT_PRIVILEGE) &&
    /language "?plpgsql/i.test(error.message)
  );
}

/** A dollar-quote tag that the body does not hold (a quoted table name may hold `$`). */
function dollarTag(body: string): string {
  for (let n = 0; ; n++) {
    const tag = `$oforum${n === 0 ? '' : n}$`;
    if (!body.includes(tag)) return tag;
  }
}
