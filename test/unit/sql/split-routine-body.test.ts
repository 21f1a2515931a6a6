import { describe, expect, it } from 'vitest';
import { splitStatements } from '../../../src/sql/index.js';

function texts(sql: string): string[] {
  return splitStatements(sql).statements.map((s) => s.text);
}

const atomicFunction = `CREATE FUNCTION add(a int, b int) RETURNS int LANGUAGE sql
BEGIN ATOMIC
  SELECT 1;
  SELECT a + b;
END`;

describe('splitStatements: SQL-standard routine bodies', () => {
  it.each([
    ['CREATE FUNCTION ... BEGIN ATOMIC ... END', atomicFunction],
    ['CREATE OR REPLACE FUNCTION', atomicFunction.replace('CREATE', 'CREATE OR REPLACE')],
    ['CREATE PROCEDURE', 'CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); DELETE FROM t; END'],
    ['CREATE OR REPLACE PROCEDURE', 'CREATE OR REPLACE PROCEDURE p() BEGIN ATOMIC SELECT 1; END'],
    ['mixed-case keywords', 'create Or Replace function f() returns int Begin Atomic select 1; End'],
    [
      'CASE ... END inside the body',
      'CREATE FUNCTION f(x int) RETURNS int BEGIN ATOMIC SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END; SELECT 2; END',
    ],
    [
      'nested CASE inside the body',
      'CREATE FUNCTION f(x int) RETURNS int BEGIN ATOMIC SELECT CASE WHEN x > 0 THEN CASE x WHEN 1 THEN 1 END END; END',
    ],
    [
      'CASE ... END in parentheses inside the body',
      'CREATE FUNCTION f(x int) RETURNS int BEGIN ATOMIC SELECT (CASE WHEN x > 0 THEN 1 END); SELECT 2; END',
    ],
    ['comments and strings inside the body', "CREATE FUNCTION f() RETURNS text BEGIN ATOMIC SELECT 'end;'; -- end;\n END"],
  ])('keeps %s as one statement', (_name, body) => {
    expect(texts(`${body};\nSELECT 3;`)).toEqual([body, 'SELECT 3']);
  });

  it('ends at the ; after the body END', () => {
    expect(texts(`${atomicFunction}; SELECT 3`)).toHaveLength(2);
  });

  it('does not track BEGIN outside CREATE FUNCTION/PROCEDURE', () => {
    expect(texts('BEGIN; SELECT 1; END;')).toEqual(['BEGIN', 'SELECT 1', 'END']);
  });

  it('does not count CASE ... END at depth 0 of a RETURN body', () => {
    expect(texts('CREATE FUNCTION f(x int) RETURNS int RETURN CASE WHEN x > 0 THEN 1 END; SELECT 2')).toEqual([
      'CREATE FUNCTION f(x int) RETURNS int RETURN CASE WHEN x > 0 THEN 1 END',
      'SELECT 2',
    ]);
  });

  it('does not count a quoted "begin"', () => {
    expect(texts('CREATE FUNCTION "begin"() RETURNS int RETURN 1; SELECT 2')).toHaveLength(2);
  });

  // BEGIN is an unreserved keyword: only BEGIN ATOMIC opens a body.
  it.each([
    ['a function named begin', 'CREATE FUNCTION begin() RETURNS int LANGUAGE sql RETURN 1'],
    ['a schema named begin', 'CREATE OR REPLACE FUNCTION begin.f() RETURNS int RETURN 1'],
    ['a return type named begin', 'CREATE FUNCTION f() RETURNS SETOF begin LANGUAGE sql BEGIN ATOMIC SELECT 1; END'],
    ['a setting value begin', 'CREATE FUNCTION f() RETURNS int LANGUAGE sql SET search_path = begin RETURN 1'],
    ['a column begin in the body', 'CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT begin FROM periods; END'],
    ['a column begin in a CASE in the body', 'CREATE PROCEDURE p() BEGIN ATOMIC SELECT CASE WHEN begin > 0 THEN 1 END FROM t; END'],
  ])('does not open a body at %s', (_name, routine) => {
    expect(texts(`${routine};\nSELECT 2;`)).toEqual([routine, 'SELECT 2']);
  });

  it('opens a body at BEGIN and ATOMIC separated by a comment', () => {
    const routine = 'CREATE FUNCTION f() RETURNS int BEGIN /* body */ ATOMIC SELECT 1; END';
    expect(texts(`${routine}; SELECT 2`)).toEqual([routine, 'SELECT 2']);
  });

  it('keeps a routine defined inside a body with the outer routine', () => {
    const routine = 'CREATE PROCEDURE p() BEGIN ATOMIC CREATE FUNCTION g() RETURNS int BEGIN ATOMIC SELECT 1; END; END';
    expect(texts(`${routine}; SELECT 2`)).toEqual([routine, 'SELECT 2']);
  });
});

describe('splitStatements: CREATE RULE action lists', () => {
  it.each([
    ['two actions', 'CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO l VALUES (1); NOTIFY c)'],
    ['a trailing ; and an empty action', 'CREATE OR REPLACE RULE r AS ON UPDATE TO t DO INSTEAD (UPDATE l SET n = n + 1;; NOTIFY c;)'],
    ['a ; inside a string in an action', "create rule r as on delete to t do (insert into l values ('a;b'); select 1)"],
  ])('keeps %s in one statement', (_name, rule) => {
    expect(texts(`${rule};\nSELECT 2;`)).toEqual([rule, 'SELECT 2']);
  });

  it('ends a rule with a single action at its ;', () => {
    expect(texts('CREATE RULE r AS ON DELETE TO t DO INSTEAD NOTHING; SELECT 2')).toHaveLength(2);
  });

  it('still splits at a ; in parentheses of other statements', () => {
    expect(texts('CREATE TABLE rule (a int; SELECT 2')).toEqual(['CREATE TABLE rule (a int', 'SELECT 2']);
  });
});

describe('splitStatements: plpgsql bodies are strings', () => {
  const plpgsql = `CREATE OR REPLACE FUNCTION touch() RETURNS trigger AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$$ LANGUAGE plpgsql`;

  it('keeps a $$ ... BEGIN ... END; $$ function as one transactional statement', () => {
    const { statements } = splitStatements(`${plpgsql};\nSELECT 1;`);
    expect(statements.map((s) => s.text)).toEqual([plpgsql, 'SELECT 1']);
    expect(statements[0]).toMatchObject({ kind: 'transactional', keywords: 'CREATE OR REPLACE FUNCTION' });
  });

  it('keeps a DO block as one transactional statement', () => {
    const block = 'DO $do$ BEGIN PERFORM 1; COMMIT; END $do$';
    const { statements } = splitStatements(`${block};`);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({ text: block, kind: 'transactional', keywords: 'DO' });
  });
});
