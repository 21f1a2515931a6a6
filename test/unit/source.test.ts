import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { exitCodeFor, MigrateError } from '../../src/errors.js';
import { buildMigrationSet, parseFileName } from '../../src/source/index.js';
import { loadEmbedded } from '../../src/source/embedded.js';
import { loadDirectory } from '../../src/source/directory.js';
import { decodeMigration } from '../../src/source/decode.js';
import { migrationChecksum } from '../../src/source/checksum.js';
import { serverFailures, warnServerFailures } from '../../src/engine/server-compat.js';
import { blankResult } from '../../src/engine/result.js';
import path from 'node:path';

const file = (fileName: string, sql = 'SELECT 1;') => ({ fileName, displayPath: `m/${fileName}`, sql });

describe('golang-migrate file names', () => {
  it.each([
    ['000001_initial.up.sql', { version: 1n, name: 'initial', direction: 'up' }],
    ['2_add_roles.down.sql', { version: 2n, name: 'add_roles', direction: 'down' }],
    ['20240101120000_x.y.up.txt', { version: 20240101120000n, name: 'x.y', direction: 'up' }],
    ['3_.up.sql', { version: 3n, name: '', direction: 'up' }],
    // Go's `.` matches a carriage return and the line separators: only a newline stops it
    ['4_a\rb.up.sql', { version: 4n, name: 'a\rb', direction: 'up' }],
    ['5_a\u2028b.up.sql', { version: 5n, name: 'a\u2028b', direction: 'up' }],
  ])('parses %s', (name, parsed) => {
    expect(parseFileName(name)).toEqual({ kind: 'migration', parsed });
  });

  it.each(['README.md', 'initial.up.sql', '1-initial.up.sql', '1_initial.sql', '1_initial.UP.sql', '1_a\nb.up.sql', '1_a.up.sql\n'])(
    'ignores %j',
    (name) => {
      expect(parseFileName(name)).toEqual({ kind: 'ignored' });
    },
  );

  it('reads versions above 2^53 exactly, up to the largest bigint', () => {
    expect(parseFileName('9007199254740993_x.up.sql')).toMatchObject({ parsed: { version: 9007199254740993n } });
    expect(parseFileName('09223372036854775807_x.up.sql')).toMatchObject({ parsed: { version: 2n ** 63n - 1n } });
  });

  it('refuses a version above the largest bigint, which golang-migrate cannot apply', () => {
    expect(parseFileName('9223372036854775808_x.up.sql')).toEqual({
      kind: 'invalid',
      reason: 'version 9223372036854775808 is above 9223372036854775807, the largest a bigint holds (golang-migrate crashes on it)',
    });
    expect(parseFileName('18446744073709551616_x.up.sql')).toEqual({
      kind: 'invalid',
      reason:
        'version 18446744073709551616 is above 9223372036854775807, the largest a bigint holds (golang-migrate skips this file without a word)',
    });
  });
});

describe('a migration set', () => {
  it('orders versions numerically, not by name', () => {
    const set = buildMigrationSet('t', [file('10_c.up.sql'), file('9_b.up.sql'), file('0001_a.up.sql')]);
    expect(set.migrations.map((m) => m.version)).toEqual([1n, 9n, 10n]);
  });

  it('refuses two files for one version and direction', () => {
    expect(() => buildMigrationSet('t', [file('1_a.up.sql'), file('01_b.up.sql')])).toThrow(
      new MigrateError('source', 'duplicate migration file: 01_b.up.sql (version 1 up is also 1_a.up.sql)'),
    );
  });

  it('pairs up and down files of a version', () => {
    const set = buildMigrationSet('t', [file('1_a.down.sql', 'DROP'), file('1_a.up.sql', 'CREATE')]);
    expect(set.migrations).toHaveLength(1);
    expect(set.migrations[0]?.up?.sql).toBe('CREATE');
    expect(set.migrations[0]?.down?.sql).toBe('DROP');
  });

  it('has a digest that changes with a file’s content or name, and not with input order', () => {
    const a = buildMigrationSet('t', [file('1_a.up.sql', 'x'), file('2_b.up.sql', 'y')]).digest;
    expect(buildMigrationSet('t', [file('2_b.up.sql', 'y'), file('1_a.up.sql', 'x')]).digest).toBe(a);
    expect(buildMigrationSet('t', [file('1_a.up.sql', 'x '), file('2_b.up.sql', 'y')]).digest).not.toBe(a);
    expect(buildMigrationSet('t', [file('1_c.up.sql', 'x'), file('2_b.up.sql', 'y')]).digest).not.toBe(a);
    expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('embeds exactly the files of migrations/', () => {
    const embedded = loadEmbedded();
    const fromDisk = loadDirectory(path.resolve('migrations'), path.resolve('.'));
    expect(embedded.digest).toBe(fromDisk.digest);
    expect(embedded.migrations[0]?.up?.displayPath).toBe('migrations/000001_initial.up.sql');
    expect(embedded.migrations.map((m) => m.name).slice(0, 2)).toEqual(['initial', 'add_roles']);
  });

  it('holds nothing the oForum server would fail on, which is why a run does not look again', () => {
    const embedded = loadEmbedded();
    expect(embedded.serverChecked).toBe(true);
    expect(serverFailures(embedded.migrations, ['up', 'down'])).toEqual([]);
    // a set that was not checked when the bundle was built is looked at on every run
    const unchecked = buildMigrationSet('dir', [{ fileName: '1_a.up.sql', displayPath: '1_a.up.sql', sql: 'SELECT 1;\nVACUUM;' }]);
    const result = blankResult('up', 'db', unchecked.digest);
    warnServerFailures(result, unchecked);
    expect(result.serverFailures).toHaveLength(1);
    const skipped = blankResult('up', 'db', unchecked.digest);
    warnServerFailures(skipped, { ...unchecked, serverChecked: true });
    expect(skipped.serverFailures ?? []).toEqual([]);
    expect(skipped.warnings).toEqual([]);
  });
});

describe('a COPY from or to the client is refused when the set is loaded', () => {
  const refusal = (load: () => unknown): MigrateError => {
    let error: unknown;
    try {
      load();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MigrateError);
    expect(exitCodeFor((error as MigrateError).code)).toBe(2);
    return error as MigrateError;
  };

  it('refuses COPY … FROM STDIN in a set held in memory, naming the file, line and column (exit 2)', () => {
    const error = refusal(() =>
      buildMigrationSet('t', [
        file('1_a.up.sql'),
        file('2_load.up.sql', 'CREATE TABLE t (a int);\n\ncopy t (a)\n  from stdin with (format csv);\n'),
      ]),
    );
    expect(error.code).toBe('source');
    expect(error.message).toBe(
      'm/2_load.up.sql:4:8: COPY … FROM STDIN needs data sent by the client, which a migration file cannot carry; golang-migrate fails on it too, leaving the database dirty: use INSERT, or COPY FROM a file on the database server',
    );
    expect(error.message).not.toContain('\n');
  });

  it('refuses COPY … TO STDOUT, in a down file too', () => {
    const error = refusal(() => buildMigrationSet('t', [file('1_a.up.sql'), file('1_a.down.sql', 'COPY (SELECT 1) TO STDOUT;')]));
    expect(error.message).toBe(
      'm/1_a.down.sql:1:20: COPY … TO STDOUT sends its rows to the client, which a migration has nowhere to put; golang-migrate fails on it too, leaving the database dirty: remove it, or COPY TO a file on the database server',
    );
  });

  it('accepts COPY from and to a file on the server, and COPY text in a function body', () => {
    const set = buildMigrationSet('t', [
      file('1_a.up.sql', "COPY t FROM '/srv/t.csv';\nCOPY t TO '/srv/out.csv';"),
      file('2_b.up.sql', 'CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN COPY t FROM STDIN; END $$;'),
    ]);
    expect(set.migrations).toHaveLength(2);
  });

  it('refuses it in a directory, named as in the repository, before any later file is read', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'omt-copy-'));
    const dir = path.join(root, 'db');
    mkdirSync(dir);
    writeFileSync(path.join(dir, '1_a.up.sql'), 'CREATE TABLE t (a int);');
    writeFileSync(path.join(dir, '2_b.up.sql'), '\uFEFFCREATE INDEX CONCURRENTLY i ON t (a);\r\nCOPY t FROM STDIN;\r\n');
    const error = refusal(() => loadDirectory(dir, root));
    expect(error.message).toMatch(/^db\/2_b\.up\.sql:2:13: COPY … FROM STDIN needs data sent by the client/);
    rmSync(root, { recursive: true, force: true });
  });
});

describe('migration files stay inside their directory', () => {
  const directory = (): string => {
    const dir = mkdtempSync(path.join(tmpdir(), 'omt-links-'));
    writeFileSync(path.join(dir, '1_a.up.sql'), 'SELECT 1;');
    return dir;
  };

  it('refuses a symbolic link to a file outside migrations-path (exit 2), naming the file and nothing of the target', () => {
    const dir = directory();
    symlinkSync('/etc/passwd', path.join(dir, '2_passwd.up.sql'));
    let error: unknown;
    try {
      loadDirectory(dir, dir);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MigrateError);
    expect((error as MigrateError).code).toBe('source');
    expect(exitCodeFor((error as MigrateError).code)).toBe(2);
    expect((error as MigrateError).message).toBe(
      '2_passwd.up.sql is a symbolic link to a file outside migrations-path: migrations must stay inside their directory',
    );
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a link that leaves through a linked directory, and reads one that stays inside', () => {
    const dir = directory();
    const outside = mkdtempSync(path.join(tmpdir(), 'omt-outside-'));
    writeFileSync(path.join(outside, 'x.sql'), 'SELECT 2;');
    mkdirSync(path.join(dir, 'shared'));
    writeFileSync(path.join(dir, 'shared', 'b.sql'), 'SELECT 3;');
    symlinkSync(path.join(dir, 'shared', 'b.sql'), path.join(dir, '2_b.up.sql'));
    expect(loadDirectory(dir, dir).migrations.map((migration) => migration.up?.sql)).toEqual(['SELECT 1;', 'SELECT 3;']);
    symlinkSync(outside, path.join(dir, 'escape'));
    symlinkSync(path.join(dir, 'escape', 'x.sql'), path.join(dir, '3_x.up.sql'));
    expect(() => loadDirectory(dir, dir)).toThrow(/^3_x\.up\.sql is a symbolic link to a file outside migrations-path/);
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });
});

describe('decoding a migration file', () => {
  it('drops a byte-order mark', () => {
    expect(decodeMigration(new Uint8Array([0xef, 0xbb, 0xbf, 0x53]), 'f')).toBe('S');
  });

  it('refuses bytes that are not UTF-8, naming the offset', () => {
    expect(() => decodeMigration(new Uint8Array([0x53, 0x45, 0xff, 0x4c]), 'm/1_a.up.sql')).toThrow(
      'm/1_a.up.sql is not valid UTF-8 (first bad byte at offset 2)',
    );
  });
});

describe('a directory is read one file at a time, and each file again when it is used', () => {
  const withFiles = (files: Record<string, string | Uint8Array>): string => {
    const dir = mkdtempSync(path.join(tmpdir(), 'omt-stream-'));
    for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
    return dir;
  };

  it('hashes and checksums as the set held in memory does (byte-order mark, CRLF, non-ASCII, U+FFFD, beyond the BMP, above 64 KiB)', () => {
    const big = `SELECT 1;\n${'-- filler\n'.repeat(10_000)}`;
    const texts = {
      '1_a.up.sql': 'CREATE TABLE a (id int);\r\nSELECT 1;\r\n',
      '2_b.up.sql': "SELECT 'é';\n",
      '3_c.up.sql': big,
      // what V8 decodes an invalid byte to, here as a real character of the file
      '4_d.up.sql': "SELECT '\uFFFD';\r\n",
      '5_e.up.sql': "SELECT '😀';\n",
    };
    const dir = withFiles({ ...texts, '2_b.up.sql': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(texts['2_b.up.sql'])]) });
    try {
      const loaded = loadDirectory(dir, dir);
      const held = buildMigrationSet(
        dir,
        Object.entries(texts).map(([fileName, sql]) => ({ fileName, displayPath: fileName, sql })),
      );
      expect(loaded.digest).toBe(held.digest);
      expect(loaded.migrations.map((migration) => migration.up?.checksum)).toEqual(
        held.migrations.map((migration) => migration.up?.checksum),
      );
      expect(loaded.migrations[0]?.up?.checksum).toBe(migrationChecksum('CREATE TABLE a (id int);\nSELECT 1;\n'));
      expect(loaded.migrations.map((migration) => migration.up?.sql)).toEqual(Object.values(texts));
      expect(loaded.migrations.map((migration) => migration.up?.bom ?? false)).toEqual([false, true, false, false, false]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps each of hundreds of files its own hash and flags, and a CRLF file the hash of its bytes too', () => {
    const files: Record<string, string> = {};
    for (let i = 1; i <= 300; i++) {
      files[`${i}_m.up.sql`] = i % 3 === 0 ? `CREATE INDEX CONCURRENTLY i${i} ON t (c);\r\n` : `SELECT ${i};\n`;
      files[`${i}_m.down.sql`] = `SELECT -${i};\n`;
    }
    const dir = withFiles(files);
    try {
      const loaded = loadDirectory(dir, dir).migrations;
      expect(loaded).toHaveLength(300);
      for (const migration of loaded) {
        const i = Number(migration.version);
        const up = files[`${i}_m.up.sql`]!;
        expect(migration.up?.checksum).toBe(migrationChecksum(up));
        expect(migration.down?.checksum).toBe(migrationChecksum(`SELECT -${i};\n`));
        expect(migration.up?.mayRefuseTransaction).toBe(i % 3 === 0);
        expect(migration.up?.sql).toBe(up);
      }
      // The same text with LF ends has the same checksum, but not the same bytes: the file changed.
      writeFileSync(path.join(dir, '3_m.up.sql'), 'CREATE INDEX CONCURRENTLY i3 ON t (c);\n');
      expect(migrationChecksum('CREATE INDEX CONCURRENTLY i3 ON t (c);\n')).toBe(loaded[2]?.up?.checksum);
      expect(() => loaded[2]?.up?.sql).toThrow('3_m.up.sql changed during the run');
      expect(loaded[3]?.up?.sql).toBe('SELECT 4;\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a NUL byte when the set is loaded, naming its offset', () => {
    const dir = withFiles({ '1_a.up.sql': 'SELECT 1;', '2_b.up.sql': 'SELECT 1;\0' });
    try {
      expect(() => loadDirectory(dir, dir)).toThrow(
        new MigrateError('source', '2_b.up.sql contains a NUL byte at offset 9, which SQL text cannot hold'),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a file that is not UTF-8 when the set is loaded, before anything uses it', () => {
    const dir = withFiles({ '1_a.up.sql': 'SELECT 1;', '2_b.up.sql': new Uint8Array([0x53, 0xff]) });
    try {
      expect(() => loadDirectory(dir, dir)).toThrow(
        new MigrateError('source', '2_b.up.sql is not valid UTF-8 (first bad byte at offset 1)'),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to hand out a file whose bytes changed after the set was loaded, or that is gone', () => {
    const dir = withFiles({ '1_a.up.sql': 'SELECT 1;', '2_b.up.sql': 'SELECT 2;' });
    try {
      const [first, second] = loadDirectory(dir, dir).migrations;
      writeFileSync(path.join(dir, '1_a.up.sql'), 'SELECT 1;\r\n');
      expect(() => first?.up?.sql).toThrow(
        new MigrateError(
          'source',
          '1_a.up.sql changed during the run, after the migrations were read and checked: it was not applied; run again to apply it as it is now',
        ),
      );
      rmSync(path.join(dir, '2_b.up.sql'));
      expect(() => second?.up?.sql).toThrow(new MigrateError('source', 'cannot read 2_b.up.sql again: no such file or directory'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
