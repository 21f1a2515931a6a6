import pg from 'pg';
import { refusalOf } from './cancel.js';

/**
 * PostgreSQL's error fields that this tool reports. `position` is 1-based and counts characters
 * of the text that was sent (protocol-error-fields.html).
 */
export interface ServerError {
  message: string;
  code?: string;
  position?: string;
  detail?: string;
  hint?: string;
  where?: string;
}

export function isServerError(error: unknown): error is ServerError & Error {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string' && 'severity' in error;
}

/** A failed simple query, with how many of its statements had completed before the failure. */
export class SimpleQueryError extends Error {
  constructor(
    readonly cause: unknown,
    readonly completedStatements: number,
  ) {
    super((cause as Error).message);
  }
}

// pg.Query counts nothing; PostgreSQL sends one CommandComplete per statement of a
// multi-statement simple query, so counting them tells which statement failed when the error
// carries no position (a constraint violation, a lock timeout, ...).
class CountingQuery extends pg.Query {
  completed = 0;
  handleCommandComplete(message: unknown, connection: unknown): void {
    this.completed++;
    (pg.Query.prototype as unknown as { handleCommandComplete(m: unknown, c: unknown): void }).handleCommandComplete.call(
      this,
      message,
      connection,
    );
  }
}

/**
 * Sends `text` as one simple-protocol Query message: one round trip, however many statements
 * it holds, which PostgreSQL runs as one implicit transaction unless the text has its own.
 * Resolves with each statement's result.
 */
export function simpleQuery(client: pg.Client, text: string): Promise<pg.QueryResult[]> {
  return new Promise((resolve, reject) => {
    const refused = refusalOf(client, text);
    if (refused) return reject(refused);
    const query = new CountingQuery({
      text,
      callback: (error: Error | null, value: unknown) =>
        error
          ? reject(new SimpleQueryError(error, query.completed))
          : resolve(Array.isArray(value) ? (value as pg.QueryResult[]) : [value as pg.QueryResult]),
    } as pg.QueryConfig);
    client.query(query as unknown as pg.Submittable);
  });
}

/** A read through the simple protocol: text without parameters costs no parse/bind messages. */
export async function queryRows<T>(client: pg.Client, text: string): Promise<T[]> {
  const refused = refusalOf(client, text);
  if (refused) throw refused;
  const result = await client.query(text);
  return result.rows as T[];
}

/** What a multi-statement simple query returned before it stopped: the completed results, and its error. */
export interface PartialResults {
  results: pg.QueryResult[];
  error: unknown;
}

/**
 * Sends `text` as one simple-protocol Query message and keeps the rows of every statement that
 * completed, even when a later one failed (PostgreSQL stops at the first error).
 */
export function partialQuery(client: pg.Client, text: string): Promise<PartialResults> {
  return new Promise((resolve, reject) => {
    const refused = refusalOf(client, text);
    if (refused) return reject(refused);
    const query = new CountingQuery({
      text,
      callback: (error: Error | null, value: unknown) => {
        if (!error) {
          resolve({ results: Array.isArray(value) ? (value as pg.QueryResult[]) : [value as pg.QueryResult], error: null });
          return;
        }
        const held = (query as unknown as { _results: unknown })._results;
        const all = (Array.isArray(held) ? held : [held]) as (pg.QueryResult & { command: string | null })[];
        resolve({ results: all.filter((result) => result.command).slice(0, query.completed), error });
      },
    } as pg.QueryConfig);
    client.query(query as unknown as pg.Submittable);
  });
}
