import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stateOf, tableExists, useTestDatabase } from '../helpers/database.js';
import { fixture, runAction, runCli, workflowCommands } from '../helpers/run.js';

// The main paths of the action besides up, end to end on the server under test: the built bundle run as the
// runner runs it, its exit code, outputs, annotations and what it left in the database.
const db = useTestDatabase();

describe('check', () => {
  it('reports pending migrations without creating anything, and fails on them with fail-on-pending', async () => {
    const run = await runAction({ 'database-url': db().url, command: 'check' });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ status: 'pending', pending: '[1,2,3,4,5]', 'pending-count': '5' });
    const strict = await runAction({ 'database-url': db().url, command: 'check', 'fail-on-pending': 'true' });
    expect(strict.code).toBe(1);
    expect(strict.outputs.status).toBe('pending');
    expect(await tableExists(db(), 'schema_migrations')).toBe(false);
  });
});

describe('plan', () => {
  it('tries the pending migrations and rolls them back, naming the first failure', async () => {
    const ok = await runAction({ 'database-url': db().url, command: 'plan' });
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.outputs).toMatchObject({ status: 'planned', pending: '[1,2,3,4,5]', version: '' });
    expect(await tableExists(db(), 'users')).toBe(false);
    const failing = await runAction({ 'database-url': db().url, command: 'plan', 'migrations-path': fixture('failing-after-dollar') });
    expect(failing.code).toBe(1);
    expect(workflowCommands(failing.stdout, 'error')[0]?.properties).toMatchObject({ line: '11', col: '1' });
    expect(await tableExists(db(), 'items')).toBe(false);
    expect(await tableExists(db(), 'schema_migrations')).toBe(false);
  });
});

describe('force (CLI)', () => {
  it('records a repaired dirty database as clean, and up then continues from there', async () => {
    // A statement-by-statement migration that fails half-way leaves the database dirty.
    const dir = mkdtempSync(path.join(tmpdir(), 'omt-force-'));
    writeFileSync(path.join(dir, '1_items.up.sql'), 'CREATE TABLE items (id int);\n');
    writeFileSync(path.join(dir, '2_index.up.sql'), 'CREATE INDEX CONCURRENTLY items_id ON items (id);\nSELECT 1 / 0;\n');
    const failed = await runAction({ 'database-url': db().url, 'migrations-path': dir });
    expect(failed.code).toBe(1);
    expect(await stateOf(db())).toEqual({ version: 2, dirty: true });
    // Repaired by hand: the statement after the index is dropped from the file.
    writeFileSync(path.join(dir, '2_index.up.sql'), 'CREATE INDEX CONCURRENTLY items_id ON items (id);\n');
    const forced = await runCli(['force', '2', '--database-url', db().url, '--migrations-path', dir]);
    expect(forced.code, forced.stdout).toBe(0);
    expect(await stateOf(db())).toEqual({ version: 2, dirty: false });
    writeFileSync(path.join(dir, '3_more.up.sql'), 'ALTER TABLE items ADD COLUMN name text;\n');
    const up = await runAction({ 'database-url': db().url, 'migrations-path': dir });
    expect(up.code, up.stdout).toBe(0);
    expect(up.outputs).toMatchObject({ 'previous-version': '2', applied: '[3]' });
  });
});
