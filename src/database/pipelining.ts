import type pg from 'pg';

/**
 * pg.Client's pipeline mode (pg 8.22+), switched on only while runs overlap: in it the client
 * writes each query at once instead of waiting for the ReadyForQuery of the one before, and
 * answers them in order. Outside it, a query sent while another waits is held back: the client
 * waits a round trip per message. The mode is a field of the client, read each time it decides
 * what to send; it may be switched on at any time, and off only when nothing is queued or sent
 * and unanswered (the client would otherwise lose track of the queries on the wire).
 */
interface PipelineState {
  pipeline: boolean;
  readyForQuery: boolean;
  _activeQuery: unknown;
  _sentQueryQueue?: unknown[];
  _queryQueue?: unknown[];
}

export function startPipelining(client: pg.Client): void {
  (client as unknown as PipelineState).pipeline = true;
}

/** Back to one query at a time, once nothing is on the wire; returns whether it switched. */
export function stopPipeliningWhenIdle(client: pg.Client): boolean {
  const state = client as unknown as PipelineState;
  if (!state.pipeline) return true;
  // Fields of pg 8.23 (pinned); read defensively, so that another release cannot crash a run here
  // (test/integration/pipeline.test.ts then shows whether messages still share the wire).
  if (state._activeQuery || (state._sentQueryQueue?.length ?? 0) > 0 || (state._queryQueue?.length ?? 0) > 0) return false;
  state.pipeline = false;
  return true;
}

/**
 * Before the connection ends: a query still unanswered then must not hold the close (pg waits for
 * it in pipeline mode, and drops the connection otherwise, which is what a close needs).
 */
export function leavePipelining(client: pg.Client): void {
  (client as unknown as PipelineState).pipeline = false;
}

/**
 * Whether the server has answered everything sent, up to its last ReadyForQuery. A query that
 * fails settles on the ErrorResponse, which may come a packet before the ReadyForQuery ending
 * it: until that arrives, a transaction-pooling proxy keeps the connection on the same server
 * session, so a message written in pipeline mode meanwhile goes there too.
 */
export function answered(client: pg.Client): boolean {
  const state = client as unknown as PipelineState;
  // pg clears the active query on an ErrorResponse, and sets readyForQuery on the ReadyForQuery
  return (
    state.readyForQuery !== false &&
    !state._activeQuery &&
    (state._sentQueryQueue?.length ?? 0) === 0 &&
    (state._queryQueue?.length ?? 0) === 0
  );
}

/** Resolves once answered(client), or once the connection ends or fails (what is sent next then fails). */
export function untilAnswered(client: pg.Client): Promise<void> {
  if (answered(client)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      client.off('drain', done).off('end', done).off('error', done);
      resolve();
    };
    client.on('drain', done).on('end', done).on('error', done);
  });
}
