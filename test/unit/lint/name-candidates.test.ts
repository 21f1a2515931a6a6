import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { namesIn, prepareFile } from '../../../src/lint/lint-file.js';
import { addNameCandidates, type NameCandidates } from '../../../src/lint/name-candidates.js';
import { loadParser, type Parser } from '../../../src/lint/parser.js';

let parser: Parser;
beforeAll(async () => {
  parser = await loadParser();
});

/** What the lint asks the catalog about, from PostgreSQL's parser: the referee. */
function askedByParser(sql: string): { relations: Set<string>; functions: Set<string> } {
  const relations = new Set<string>();
  const functions = new Set<string>();
  namesIn(prepareFile({ version: 1n, direction: 'up', file: 'f.sql', sql }, parser), relations, functions, new Set());
  return { relations, functions };
}

function candidatesOf(sql: string): NameCandidates & { foreseeable: boolean } {
  const into: NameCandidates = { relations: new Set(), functions: new Set() };
  const foreseeable = addNameCandidates(sql, into);
  return { ...into, foreseeable };
}

function expectSuperset(sql: string, label: string): void {
  const asked = askedByParser(sql);
  const found = candidatesOf(sql);
  if (!found.foreseeable) return;
  for (const relation of asked.relations) expect(found.relations, `${label}: relation ${relation}`).toContain(relation);
  for (const name of asked.functions) expect(found.functions, `${label}: function ${name}`).toContain(name);
}

function sqlFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const full = path.join(directory, name);
    if (statSync(full).isDirectory()) return sqlFiles(full);
    return name.endsWith('.sql') ? [full] : [];
  });
}

describe('the names a file could touch, foreseen by the lexer', () => {
  it('include every relation and function the parser finds, in every migration file of the repository', () => {
    const files = [...sqlFiles('test/fixtures'), ...sqlFiles('migrations')];
    expect(files.length).toBeGreaterThan(100);
    let asked = 0;
    for (const file of files) {
      const sql = readFileSync(file, 'utf8');
      asked += askedByParser(sql).relations.size;
      expectSuperset(sql, file);
    }
    // the corpus does name existing tables: the comparison is not empty
    expect(asked).toBeGreaterThan(50);
  });

  it.each([
    [
      'case folding, quoting and schemas',
      'ALTER TABLE Public.Users ADD COLUMN a int; CREATE INDEX ON "Odd ""Name"".x" (a); ALTER TABLE "S"."T" DROP COLUMN b;',
    ],
    ['three-part names and spaces around the dots', 'ALTER TABLE db . app . items ADD COLUMN c int DEFAULT Gen_Random_UUID ( );'],
    [
      'names in every statement the lint reads',
      'DROP TABLE a, s.b; ALTER TABLE ONLY c RENAME TO d; CREATE INDEX CONCURRENTLY i ON e USING btree (x); TRUNCATE f; INSERT INTO g SELECT * FROM h JOIN s.k ON true;',
    ],
    [
      'an identifier longer than PostgreSQL keeps',
      `ALTER TABLE ${'x'.repeat(70)} ADD COLUMN y int; ALTER TABLE "${'é'.repeat(40)}" ADD COLUMN z int;`,
    ],
    [
      'volatile defaults',
      "ALTER TABLE t ADD COLUMN id uuid DEFAULT public.uuid_generate_v4(), ADD COLUMN r float8 DEFAULT random(), ADD COLUMN n int DEFAULT nextval('s');",
    ],
  ])('%s', (_label, sql) => {
    expectSuperset(sql, _label);
    expect(askedByParser(sql).relations.size).toBeGreaterThan(0);
  });

  it('says so when a name can only be read by the parser (U&"…" escapes)', () => {
    expect(candidatesOf('ALTER TABLE U&"\\0061bc" ADD COLUMN a int;').foreseeable).toBe(false);
    expect(candidatesOf('ALTER TABLE abc ADD COLUMN a int;').foreseeable).toBe(true);
  });

  it('leaves strings and comments out', () => {
    const found = candidatesOf(
      "-- ALTER TABLE commented\nSELECT 'quoted_table'; /* block_table */ DO $$ BEGIN PERFORM body_table; END $$;",
    );
    expect([...found.relations]).not.toEqual(expect.arrayContaining(['commented']));
    for (const name of ['commented', 'quoted_table', 'block_table', 'body_table']) expect(found.relations.has(name)).toBe(false);
  });
});
