import { describe, expect } from 'vitest';
import { fixture, runAction } from '../helpers/run.js';
import { itWithDatabase as it } from '../helpers/test-database.js';

// verify and drift read the catalog, whose tables change from one PostgreSQL major to the next.
// The tests run side by side (each is a few runs of the bundle), each on a database of its own
// that it is handed (`db`); verify's scratch databases have names of their own.

describe.concurrent('verify', () => {
  it('proves the embedded oForum migrations up, down and up again on a scratch database', async ({ db }) => {
    const run = await runAction({ 'database-url': db.url, command: 'verify' });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs.status).toBe('verified');
    expect(run.lines.at(-1)).toMatch(/^✓ Migrations verified: 5 ups, 5 downs, 5 ups /);
  });

  it('names the migration whose down forgets what its up made', async ({ db }) => {
    const run = await runAction({ 'database-url': db.url, command: 'verify', 'migrations-path': fixture('bad-down') });
    expect(run.code).toBe(1);
    expect(run.outputs.status).toBe('failed');
    expect(run.lines.at(-1)).toMatch(/^✗ Verify failed: the down of migration 3 add_tags does not undo its up: table public\.item_tags/);
  });
});

describe.concurrent('drift', () => {
  it('finds none on a database its migrations made', async ({ db }) => {
    expect((await runAction({ 'database-url': db.url })).code).toBe(0);
    const run = await runAction({ 'database-url': db.url, command: 'check', 'fail-on-drift': 'true' });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs.drift).toBe('[]');
  });

  it('lists what was changed by hand, and fails on it with fail-on-drift', async ({ db }) => {
    expect((await runAction({ 'database-url': db.url, 'migrations-path': fixture('basic') })).code).toBe(0);
    await db.query('CREATE INDEX items_by_hand_idx ON items (name)');
    await db.query('ALTER TABLE items ALTER COLUMN price TYPE numeric(12, 2)');
    await db.query('CREATE TABLE notes_by_hand (id int)');
    const run = await runAction({
      'database-url': db.url,
      'migrations-path': fixture('basic'),
      command: 'check',
      'fail-on-drift': 'true',
    });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.outputs.drift!)).toEqual([
      'column public.items.price: type numeric(12,2) in the database, type numeric(10,2) from the migrations',
      'index public.items_by_hand_idx: only in the database',
      'table public.notes_by_hand: only in the database',
    ]);
  });
});
