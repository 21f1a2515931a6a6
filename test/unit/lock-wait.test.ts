import type pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { acquireLock } from '../../src/database/lock.js';
import { MigrateError } from '../../src/errors.js';

afterEach(() => {
  vi.useRealTimers();
});

/** A session whose server stopped answering: every query waits for ever, the socket never closes. */
function silentClient(): { client: pg.Client; destroyed: () => boolean } {
  let destroyed = false;
  const client = {
    query: () => new Promise(() => {}),
    connection: {
      stream: {
        destroy: () => {
          destroyed = true;
        },
      },
    },
  } as unknown as pg.Client;
  return { client, destroyed: () => destroyed };
}

describe('the wait for the migration lock', () => {
  it('ends on a silent connection soon after lock-timeout, closing it, instead of never', async () => {
    vi.useFakeTimers();
    const { client, destroyed } = silentClient();
    const waiting = acquireLock(client, { lockId: '1', timeoutMs: 2000 });
    const outcome = waiting.then(
      () => null,
      (error: unknown) => error,
    );
    await vi.advanceTimersByTimeAsync(60_000);
    const error = await outcome;
    expect(error).toBeInstanceOf(MigrateError);
    expect(error).toMatchObject({
      code: 'lock-timeout',
      message: 'could not get the migration lock within 2 s: the server stopped answering (the connection was closed)',
    });
    expect(destroyed()).toBe(true);
  });
});
