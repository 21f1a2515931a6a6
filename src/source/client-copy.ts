import { MigrateError } from '../errors.js';
import { findClientCopy } from '../sql/client-copy.js';

/**
 * Refuses a file with a `COPY … FROM STDIN` or `COPY … TO STDOUT` (sql/client-copy.ts) when the
 * set is loaded, before anything is applied: the rows it needs from the client, or sends to it,
 * have nowhere to come from or go to in a migration. golang-migrate (the oForum server) fails on
 * either form and leaves the database dirty; left to the server here, the copy sub-protocol
 * would end the connection mid-run with a message that names no file.
 */
export function refuseClientCopy(sql: string, displayPath: string): void {
  const copy = findClientCopy(sql);
  if (!copy) return;
  const at = `${displayPath}:${copy.line}:${copy.column}`;
  const statement = `COPY … ${copy.direction} ${copy.target}`;
  const why =
    copy.direction === 'FROM'
      ? `${statement} needs data sent by the client, which a migration file cannot carry; golang-migrate fails on it too, leaving the database dirty: use INSERT, or COPY FROM a file on the database server`
      : `${statement} sends its rows to the client, which a migration has nowhere to put; golang-migrate fails on it too, leaving the database dirty: remove it, or COPY TO a file on the database server`;
  throw new MigrateError('source', `${at}: ${why}`);
}
