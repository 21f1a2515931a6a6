import { describe, expect, it } from 'vitest';
import { findClientCopy } from '../../../src/sql/index.js';

describe('COPY from or to the client', () => {
  it.each<[sql: string, direction: 'FROM' | 'TO', target: 'STDIN' | 'STDOUT']>([
    ['COPY t FROM STDIN', 'FROM', 'STDIN'],
    ['COPY t FROM STDIN;', 'FROM', 'STDIN'],
    ['copy t from stdin;', 'FROM', 'STDIN'],
    ['CoPy t FrOm StDiN;', 'FROM', 'STDIN'],
    ['COPY (SELECT 1) TO STDOUT;', 'TO', 'STDOUT'],
    ['copy (select a from t where b in (select c from u)) to stdout with (format csv);', 'TO', 'STDOUT'],
    ['COPY t TO STDOUT;', 'TO', 'STDOUT'],
    ['COPY t (a, b) FROM STDIN WITH (FORMAT csv, HEADER true);', 'FROM', 'STDIN'],
    ['COPY t(a,b) FROM STDIN;', 'FROM', 'STDIN'],
    ['COPY public.t FROM STDIN;', 'FROM', 'STDIN'],
    ['COPY "Odd Table"."from" (a) FROM STDIN;', 'FROM', 'STDIN'],
    ['COPY BINARY t FROM STDIN;', 'FROM', 'STDIN'],
    ["COPY t FROM STDIN DELIMITER ',' CSV;", 'FROM', 'STDIN'],
    ['COPY t FROM STDIN WHERE a > 1;', 'FROM', 'STDIN'],
    // the server takes STDIN and STDOUT alike in either direction
    ['COPY t TO STDIN;', 'TO', 'STDIN'],
    ['COPY t FROM STDOUT;', 'FROM', 'STDOUT'],
    // a table may be named stdin (an unreserved word)
    ['COPY stdin FROM stdin;', 'FROM', 'STDIN'],
    ['COPY\n  t\n  FROM\n  STDIN\n;', 'FROM', 'STDIN'],
    ['COPY/* a */t/* b */FROM/**/STDIN;', 'FROM', 'STDIN'],
    ['COPY -- the table\n t -- from where?\n FROM -- here:\n STDIN;', 'FROM', 'STDIN'],
    ['COPY /* nested /* comment */ still */ t FROM\tSTDIN;', 'FROM', 'STDIN'],
  ])('%j is %s %s', (sql, direction, target) => {
    expect(findClientCopy(sql)).toMatchObject({ direction, target });
  });

  it.each([
    ["COPY t FROM '/var/lib/postgresql/t.csv';"],
    ["COPY t TO '/tmp/t.csv';"],
    ["COPY (SELECT 1) TO '/tmp/one.csv' WITH (FORMAT csv);"],
    ["COPY t (a, b) FROM '/srv/t.csv' WITH (FORMAT csv, HEADER true);"],
    ["COPY t FROM PROGRAM 'cat /srv/t.csv';"],
    ["COPY t FROM E'/srv/stdin';"],
    ["COPY stdin FROM '/srv/t.csv';"],
    ["COPY stdout TO '/srv/t.csv';"],
    ["COPY t FROM '/srv/t.csv' WHERE a = 'FROM STDIN';"],
    ['COPY t FROM stdin_file;'],
    ['COPY t FROM "STDIN";'],
    ['COPY t FROM "stdin";'],
    // looks like COPY but is not a COPY statement
    ["SELECT 'COPY t FROM STDIN';"],
    ["INSERT INTO notes (body) VALUES ('COPY t FROM STDIN;');"],
    ['-- COPY t FROM STDIN;\nSELECT 1;'],
    ['/* COPY t FROM STDIN; */ SELECT 1;'],
    ['SELECT 1 AS "COPY t FROM STDIN";'],
    ['CREATE TABLE "copy" (stdin int, stdout int);'],
    ['SELECT stdin FROM copy;'],
    ['ALTER TABLE t RENAME COLUMN stdin TO stdout;'],
    ['SELECT copy FROM stdin;'],
    ['"COPY" t FROM STDIN;'],
    // a function's body is not run by the migration
    ['CREATE FUNCTION load() RETURNS void LANGUAGE plpgsql AS $$ BEGIN COPY t FROM STDIN; END $$;'],
    ['CREATE FUNCTION dump() RETURNS void LANGUAGE plpgsql AS $body$\nBEGIN\n  COPY (SELECT 1) TO STDOUT;\nEND\n$body$;'],
    ['DO $$ BEGIN EXECUTE $q$COPY t FROM STDIN$q$; END $$;'],
    ["CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'COPY t FROM STDIN';"],
    ["COMMENT ON TABLE t IS 'load with COPY t FROM STDIN';"],
    // non-ASCII letters that upper-case to ASCII are not ASCII to PostgreSQL
    ['COPY t FROM ſtdin;'],
  ])('%j is not', (sql) => {
    expect(findClientCopy(sql)).toBeUndefined();
  });

  it('names the line and column of STDIN or STDOUT, in code points, after $$ bodies and CRLF line ends', () => {
    const sql = [
      "CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$ SELECT 'COPY t FROM STDIN' $$;",
      "INSERT INTO t (name) VALUES ('héllo 🙂');",
      '  COPY t (name)',
      '    FROM STDIN;',
    ].join('\r\n');
    expect(findClientCopy(sql)).toMatchObject({ line: 4, column: 10, direction: 'FROM', target: 'STDIN' });
    expect(findClientCopy("SELECT '🙂🙂'; COPY (SELECT 1) TO STDOUT;")).toMatchObject({ line: 1, column: 33 });
  });

  it('finds it among other statements, in a file that runs statement by statement too', () => {
    const sql = 'CREATE INDEX CONCURRENTLY i ON t (a);\nCOPY t FROM STDIN;\nVACUUM t;\n';
    expect(findClientCopy(sql)).toMatchObject({ line: 2, column: 13 });
    // the first one is named
    expect(findClientCopy('COPY a TO STDOUT;\nCOPY b FROM STDIN;')).toMatchObject({ line: 1, column: 11, direction: 'TO' });
  });

  it('follows psql-style data after it only to the COPY itself', () => {
    expect(findClientCopy('CREATE TABLE t (a int);\nCOPY t FROM STDIN;\n1\n2\n\\.\n')).toMatchObject({ line: 2, column: 13 });
  });

  it('looks at the statements before an unterminated quote, and no further', () => {
    expect(findClientCopy("COPY t FROM STDIN;\nSELECT 'oops")).toMatchObject({ line: 1 });
    expect(findClientCopy("SELECT 'oops\nCOPY t FROM STDIN;")).toBeUndefined();
  });

  it('does not lex a file without the words', () => {
    expect(findClientCopy("COPY t FROM '/srv/t.csv';\n".repeat(1000))).toBeUndefined();
  });
});
