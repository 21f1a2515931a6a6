import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl, passwordForms } from '../../src/database/url.js';

describe('parsing DATABASE_URL', () => {
  it('keeps the path with its slash for the lock id, and shows no credentials', () => {
    const target = parseDatabaseUrl('postgres://app:secret@db.example:6543/oforum?sslmode=require');
    expect(target.lockDatabaseName).toBe('/oforum');
    expect(target.display).toBe('db.example:6543/oforum');
    expect(target.connectionString).toContain('sslmode=require');
    expect(target.secrets).toContain('secret');
  });

  it('decodes the database name as Go’s url.URL.Path does', () => {
    expect(parseDatabaseUrl('postgresql://h/my%20db').lockDatabaseName).toBe('/my db');
  });

  it('strips golang-migrate’s x- parameters and takes x-migrations-table', () => {
    const target = parseDatabaseUrl('postgres://h/db?x-migrations-table=versions&x-multi-statement=true&sslmode=disable');
    expect(target.migrationsTable).toBe('versions');
    expect(target.connectionString).not.toContain('x-');
    expect(target.connectionString).toContain('sslmode=disable');
  });

  it.each([
    ['mysql://root:hunter2@h/db', 'database-url must start with postgres:// or postgresql://, not mysql://'],
    ['postgres://u:hunter2@[::1/db', 'database-url is not a valid URL'],
    ['not a url hunter2', 'database-url is not a valid URL'],
  ])('refuses %s without echoing it', (raw, message) => {
    let thrown: Error | undefined;
    try {
      parseDatabaseUrl(raw);
    } catch (error) {
      thrown = error as Error;
    }
    expect(thrown?.message.startsWith(message)).toBe(true);
    expect(thrown?.message).not.toContain('hunter2');
  });

  it('finds every form of the password, even in a malformed URL', () => {
    expect(passwordForms('postgres://u:p%40ss@h/db')).toEqual(expect.arrayContaining(['p%40ss', 'p@ss']));
    expect(passwordForms('postgres://u:p@ss@[bad')).toContain('p@ss');
    expect(passwordForms('postgres://u@h/db')).toEqual([]);
  });
});
