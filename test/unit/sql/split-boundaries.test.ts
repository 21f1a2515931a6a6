import { describe, expect, it } from 'vitest';
import { splitStatements } from '../../../src/sql/index.js';

function texts(sql: string): string[] {
  const result = splitStatements(sql);
  expect(result.error).toBeUndefined();
  return result.statements.map((s) => s.text);
}

describe('splitStatements: a ; inside a quoted form does not end the statement', () => {
  it.each([
    ['plain string', "SELECT 'a;b'; SELECT 2", ["SELECT 'a;b'", 'SELECT 2']],
    ['plain string with doubled quote', "SELECT 'it''s; fine'; SELECT 2", ["SELECT 'it''s; fine'", 'SELECT 2']],
    ['plain string keeps backslash literal', "SELECT 'a\\'; SELECT 2", ["SELECT 'a\\'", 'SELECT 2']],
    ['string continued on the next line', "SELECT 'a'\n';b'; SELECT 2", ["SELECT 'a'\n';b'", 'SELECT 2']],
    ['E string with escaped quote', "SELECT E'\\';x'; SELECT 2", ["SELECT E'\\';x'", 'SELECT 2']],
    ['e string in lower case', "SELECT e'\\';x'; SELECT 2", ["SELECT e'\\';x'", 'SELECT 2']],
    ['E string with escaped backslash before the end', "SELECT E'\\\\'; SELECT 2", ["SELECT E'\\\\'", 'SELECT 2']],
    ['E string with doubled quote', "SELECT E'a'';b'; SELECT 2", ["SELECT E'a'';b'", 'SELECT 2']],
    ['U& string', "SELECT U&'d\\0061t;'; SELECT 2", ["SELECT U&'d\\0061t;'", 'SELECT 2']],
    ['U& string with UESCAPE', "SELECT U&'d!0061t;' UESCAPE '!'; SELECT 2", ["SELECT U&'d!0061t;' UESCAPE '!'", 'SELECT 2']],
    ['U& quoted identifier', 'SELECT 1 AS U&"a;b"; SELECT 2', ['SELECT 1 AS U&"a;b"', 'SELECT 2']],
    ['bit string', "SELECT B'01'; SELECT ';'", ["SELECT B'01'", "SELECT ';'"]],
    ['bit string directly followed by a plain string', "SELECT B'01'';'; SELECT 2", ["SELECT B'01'';'", 'SELECT 2']],
    ['hexadecimal string', "SELECT X'1F;'; SELECT 2", ["SELECT X'1F;'", 'SELECT 2']],
    ['national string', "SELECT N'x;'; SELECT 2", ["SELECT N'x;'", 'SELECT 2']],
    ['quoted identifier', 'SELECT 1 AS "a;b"; SELECT 2', ['SELECT 1 AS "a;b"', 'SELECT 2']],
    ['quoted identifier with doubled quote', 'SELECT 1 AS "a"";b"; SELECT 2', ['SELECT 1 AS "a"";b"', 'SELECT 2']],
    ['$$ dollar quote', 'SELECT $$a;b$$; SELECT 2', ['SELECT $$a;b$$', 'SELECT 2']],
    ['$tag$ dollar quote', 'SELECT $body$a;b$body$; SELECT 2', ['SELECT $body$a;b$body$', 'SELECT 2']],
    ['$$ inside $a$', 'SELECT $a$ $$ ; $$ $a$; SELECT 2', ['SELECT $a$ $$ ; $$ $a$', 'SELECT 2']],
    ['other tag inside a dollar quote', 'SELECT $a$ $b$;$b$ $a$; SELECT 2', ['SELECT $a$ $b$;$b$ $a$', 'SELECT 2']],
    ['dollar tag with non-ASCII letters', 'SELECT $é$;$é$; SELECT 2', ['SELECT $é$;$é$', 'SELECT 2']],
    ['dollar tag with underscore and digit', 'SELECT $_1$;$_1$; SELECT 2', ['SELECT $_1$;$_1$', 'SELECT 2']],
    ['quotes inside a dollar quote', `SELECT $q$ ' " ; $q$; SELECT 2`, [`SELECT $q$ ' " ; $q$`, 'SELECT 2']],
    ['comment openers inside a string', "SELECT '--;/*'; SELECT 2", ["SELECT '--;/*'", 'SELECT 2']],
  ])('%s', (_name, sql, expected) => {
    expect(texts(sql)).toEqual(expected);
  });
});

describe('splitStatements: comments', () => {
  it.each([
    ['line comment hides a ;', 'SELECT 1 -- ; not here\n; SELECT 2', ['SELECT 1', 'SELECT 2']],
    ['line comment ends at \\r', 'SELECT 1 -- c\r; SELECT 2', ['SELECT 1', 'SELECT 2']],
    ['block comment hides a ;', 'SELECT /* ; */ 1; SELECT 2', ['SELECT /* ; */ 1', 'SELECT 2']],
    ['block comments nest', 'SELECT /* a /* b ; */ c ; */ 1; SELECT 2', ['SELECT /* a /* b ; */ c ; */ 1', 'SELECT 2']],
    ['slash-star-slash does not close a comment', 'SELECT /*/ ; */ 1; SELECT 2', ['SELECT /*/ ; */ 1', 'SELECT 2']],
    ['comment starts inside an operator', 'SELECT 1 +-- ;\n 1; SELECT 2', ['SELECT 1 +-- ;\n 1', 'SELECT 2']],
    ['quote inside a comment is ignored', "SELECT 1 -- it's\n; SELECT 2", ['SELECT 1', 'SELECT 2']],
    ['dollar quote inside a comment is ignored', 'SELECT 1 /* $$ */; SELECT 2', ['SELECT 1', 'SELECT 2']],
  ])('%s', (_name, sql, expected) => {
    expect(texts(sql)).toEqual(expected);
  });
});

describe('splitStatements: string continued on the next line', () => {
  it.each([
    // The continued part of an E'' literal keeps backslash escapes, so \' there is a quote.
    ['E string continued after a newline', "SELECT E'a'\n'\\';'; SELECT 2", ["SELECT E'a'\n'\\';'", 'SELECT 2']],
    ['E string continued after CRLF and indentation', "SELECT E'a' \r\n\t '\\';'; SELECT 2", ["SELECT E'a' \r\n\t '\\';'", 'SELECT 2']],
    ['E string continued after a lone \\r', "SELECT E'a'\r'\\';'; SELECT 2", ["SELECT E'a'\r'\\';'", 'SELECT 2']],
    ['E string continued twice', "SELECT E'a'\n'b'\n'\\';'; SELECT 2", ["SELECT E'a'\n'b'\n'\\';'", 'SELECT 2']],
    // PostgreSQL's scan.l counts -- comments as whitespace here; libpg-query does not
    // (https://github.com/pganalyze/libpg_query/issues/365), so the fuzz tests leave this case out.
    ['E string continued across a -- comment', "SELECT E'a' -- c\n'\\';'; SELECT 2", ["SELECT E'a' -- c\n'\\';'", 'SELECT 2']],
    ['no continuation on the same line', "SELECT E'a' '\\'; SELECT ';'", ["SELECT E'a' '\\'", "SELECT ';'"]],
    ['no continuation across a block comment', "SELECT E'a'\n/* c */'\\'; SELECT ';'", ["SELECT E'a'\n/* c */'\\'", "SELECT ';'"]],
    ['plain string continued keeps backslash literal', "SELECT 'a'\n'\\'; SELECT 2", ["SELECT 'a'\n'\\'", 'SELECT 2']],
  ])('%s', (_name, sql, expected) => {
    expect(splitStatements(sql).statements.map((s) => s.text)).toEqual(expected);
  });
});

describe('splitStatements: $ outside a dollar quote', () => {
  it.each([
    ['identifier containing $ is one token', 'SELECT 1 AS foo$bar$; SELECT 2', ['SELECT 1 AS foo$bar$', 'SELECT 2']],
    ['identifier ending in $ before a string', "SELECT a$ FROM t WHERE b = ';'; SELECT 2", ["SELECT a$ FROM t WHERE b = ';'", 'SELECT 2']],
    ['$1 is a parameter, not a quote', 'PREPARE p AS SELECT $1; EXECUTE p(1)', ['PREPARE p AS SELECT $1', 'EXECUTE p(1)']],
    ['parameter followed by a dollar quote', 'SELECT $1$a$;$a$; SELECT 2', ['SELECT $1$a$;$a$', 'SELECT 2']],
    ['$ followed by a word without closing $', 'SELECT $foo ; SELECT 2', ['SELECT $foo', 'SELECT 2']],
    ['dollar quote right after a number', 'SELECT 1$a$;$a$; SELECT 2', ['SELECT 1$a$;$a$', 'SELECT 2']],
  ])('%s', (_name, sql, expected) => {
    expect(texts(sql)).toEqual(expected);
  });
});

describe('splitStatements: prefixes are only prefixes at the start of a token', () => {
  it.each([
    ['word ending in E followed by a plain string', "SELECT typE'\\'; SELECT 2", ["SELECT typE'\\'", 'SELECT 2']],
    ['U without & is an identifier', "SELECT U'a;'; SELECT 2", ["SELECT U'a;'", 'SELECT 2']],
  ])('%s', (_name, sql, expected) => {
    expect(texts(sql)).toEqual(expected);
  });
});
