// Seeded generators of migration SQL for fuzzing src/sql against PostgreSQL's
// own parser (libpg-query), and the reference side of that comparison.

import { parseSync, scanSync } from 'libpg-query';
import type { StatementKind } from '../../src/sql/index.js';

// ---------------------------------------------------------------------------
// Random numbers

/** mulberry32: a tiny 32-bit PRNG, so a failing seed reproduces anywhere. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Rng {
  /** Integer in [0, n). */
  int(n: number): number;
  /** Integer in [min, max]. */
  between(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

export function createRng(seed: number): Rng {
  const next = mulberry32(seed);
  const int = (n: number): number => Math.floor(next() * n);
  return {
    int,
    between: (min, max) => min + int(max - min + 1),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      const item = items[int(items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
  };
}

// ---------------------------------------------------------------------------
// Valid SQL
//
// Everything generated must parse with PostgreSQL 18's grammar (the tests fail
// on a generator bug rather than skipping it) and lex the same way in PG 13-18;
// some statements (BEGIN ATOMIC, DETACH ... CONCURRENTLY, MERGE) need a newer
// server than 13, which does not move where they end. No -- comment separates
// the parts of a continued string literal: PostgreSQL allows it, libpg-query
// does not (see fuzz-robustness.test.ts).

type Part = string | ((g: Gen) => string);

class Gen {
  constructor(readonly rng: Rng) {}

  pick<T>(items: readonly T[]): T {
    return this.rng.pick(items);
  }

  chance(p: number): boolean {
    return this.rng.chance(p);
  }

  /** A keyword in random case: lexing and classification ignore case. */
  kw(word: string): string {
    switch (this.rng.int(4)) {
      case 0:
        return word.toLowerCase();
      case 1:
        return [...word].map((c) => (this.rng.chance(0.5) ? c.toLowerCase() : c.toUpperCase())).join('');
      default:
        return word;
    }
  }

  /**
   * Joins the parts of a statement, mostly with one space but sometimes with
   * newlines or comments, which must not change boundaries or kinds. Upper-case
   * words among string parts are treated as keywords.
   */
  join(parts: readonly Part[]): string {
    let out = '';
    parts.forEach((part, i) => {
      const text = typeof part === 'string' ? (/^[A-Z_]+$/.test(part) ? this.kw(part) : part) : part(this);
      if (text === '') return;
      if (i > 0 && out !== '') out += this.gap();
      out += text;
    });
    return out;
  }

  gap(): string {
    if (this.rng.chance(0.85)) return ' ';
    return this.pick(GAPS);
  }

  /** Table-like name: plain, keyword-like, non-ASCII, with '$', or quoted. */
  name(): string {
    return this.rng.chance(0.3) ? this.pick(QUOTED_NAMES) : this.pick(PLAIN_NAMES);
  }

  /** Names of functions and the like, where the routine-body heuristics look. */
  routineName(): string {
    return this.rng.chance(0.25) ? this.pick(['begin', 'atomic', '"begin"', '"end"', 'begin.f', 's."case"']) : this.name();
  }

  qualified(): string {
    return this.rng.chance(0.2) ? `${this.pick(['public', 's', '"Schema;"', 'café'])}.${this.name()}` : this.name();
  }

  string(): string {
    return this.pick(STRINGS);
  }

  literal(): string {
    return this.rng.chance(0.7) ? this.string() : this.pick(OTHER_LITERALS);
  }

  list<T>(min: number, max: number, make: () => T): T[] {
    return Array.from({ length: this.rng.between(min, max) }, make);
  }

  dollarTag(): string {
    return this.pick(['$$', '$body$', '$fn$', '$é$', '$_1$', '$BODY$']);
  }
}

const GAPS = [
  '\n',
  '\n  ',
  '  ',
  '\t',
  ' \f',
  ' -- old Mac line end;\r',
  ' /* ; */ ',
  ' /* it\'s /* nested; */ "x */\n',
  " -- note; it's\n",
  '\n-- ;\n  ',
  ' -- /* not a block\n',
  ' /* -- not a line */ ',
];

const PLAIN_NAMES = [
  'items',
  'orders',
  'order_lines',
  'users_archive',
  'foo$bar',
  'a$$b',
  'x$1',
  'café',
  'naïve_col',
  'таблица',
  '名前',
  'emoji_😀',
  'x1',
  '_tmp',
  'begin',
  'atomic',
  'commit',
  'transaction',
  'savepoint',
  'concurrently_x',
  'detach',
];

const QUOTED_NAMES = [
  '"Mixed Case"',
  '"semi;colon"',
  '"quo""ted"',
  '"it\'s"',
  '"emoji 😀"',
  '"-- not a comment"',
  '"/* nor this */"',
  '"$$"',
  '"end"',
  '"select"',
  '"begin"',
  'U&"d\\0061t"',
  'U&"d!0061t;" UESCAPE \'!\'',
  '""""',
  '"line\nbreak"',
];

const STRINGS = [
  "'plain'",
  "'it''s'",
  "'semi;colon'",
  "''",
  "'-- not a comment'",
  "'/* nor this'",
  "'back\\slash'",
  "'é😀'",
  "E'a\\'b;'",
  "E'\\\\'",
  "e'tab\\there;'",
  "E'\\x41;\\''",
  "U&'d\\0061t'",
  "U&'d!0061t;' UESCAPE '!'",
  "$$dollar;'$$",
  '$q$ $$ ; $q$',
  '$é$ ; $é$',
  "'a'\n'b;'",
  "'multi\nline; text'",
  "E'one\\n'\n  'two\\';'",
  "E'x'\r\n'\\';'",
  "E'x'\r'\\';'",
  "E'x' \n\t \n'y''\\';'",
  "u&'\\+01F600;'",
  "U&'d;0061t' UESCAPE ';'",
  "'👩‍💻 ünïcödé 名前'",
  "'\\'",
  '$a$ $b$ ; $b$ $a$',
  '$$$$',
  "'\"'",
  "'$$'",
  "'*/'",
];

const OTHER_LITERALS = [
  "N'nchar;'",
  "text'semi;colon'",
  "date'2020-01-01'",
  "ARRAY['a;', 'b']",
  "'{1,2}'::int[]",
  "B'101'",
  "X'ff'",
  "b'0'",
  "x'1F'::bit(8)",
  '1',
  '42',
  '3.14',
  '.5',
  '1e3',
  '-7',
  'NULL',
  'true',
];

// Statements the classifier has no special rule for.

const tableColumns = (g: Gen): string =>
  g
    .list(1, 4, () =>
      g.pick<(g: Gen) => string>([
        (g) => g.join([g.name(), 'text', 'NOT', 'NULL', 'DEFAULT', g.string()]),
        (g) => g.join([g.name(), 'integer', 'DEFAULT', g.pick(['0', '-1', '42']), 'CHECK', `(${g.name()} >= 0)`]),
        (g) => g.join([g.name(), 'bit(3)', 'DEFAULT', "B'101'"]),
        (g) => g.join([g.name(), 'bit varying', 'DEFAULT', "X'ff'"]),
        (g) => g.join([g.name(), 'timestamptz', 'NOT', 'NULL', 'DEFAULT', 'now()']),
        (g) => g.join([g.name(), 'bigint', 'GENERATED', 'ALWAYS', 'AS', 'IDENTITY', 'PRIMARY', 'KEY']),
      ])(g),
    )
    .join(g.pick([', ', ',\n    ', ',\r\n\t']));

const expression = (g: Gen): string =>
  g.pick<(g: Gen) => string>([
    (g) => g.literal(),
    (g) => `${g.name()} || ${g.string()}`,
    (g) => g.join(['CASE', 'WHEN', g.name(), 'IS', 'NULL', 'THEN', g.literal(), 'ELSE', g.string(), 'END']),
    (g) => `coalesce(${g.name()}, ${g.string()})`,
    (g) => `(${g.literal()})`,
    (g) => `${g.name()}::text`,
    // An operator stops where a comment starts: +-- and */* are not operators.
    () => '1 +-- plus; more\n 2',
    () => '2 */* times; */ 3',
    () => '4 <>/* ; */ 5',
  ])(g);

const ORDINARY: ((g: Gen) => string)[] = [
  (g) =>
    g.join(['CREATE', g.pick(['', 'UNLOGGED', 'TEMP']), 'TABLE', g.pick(['', 'IF NOT EXISTS']), g.qualified(), `(${tableColumns(g)})`]),
  (g) => {
    const rows = g.list(1, 3, () => `(${g.literal()}, ${expression(g)})`).join(', ');
    return g.join([
      'INSERT',
      'INTO',
      g.qualified(),
      `(${g.name()}, ${g.name()})`,
      'VALUES',
      rows,
      g.pick(['', 'ON CONFLICT DO NOTHING', 'RETURNING *']),
    ]);
  },
  (g) => g.join(['UPDATE', g.qualified(), 'SET', `${g.name()} = ${expression(g)}`, 'WHERE', `${g.name()} = ${g.literal()}`]),
  (g) => g.join(['DELETE', 'FROM', g.qualified(), 'WHERE', g.name(), 'LIKE', g.string()]),
  (g) => g.join(['SELECT', `${expression(g)} AS ${g.name()}`, ',', g.literal(), 'FROM', g.qualified()]),
  (g) => g.join(['WITH', 'x', 'AS', `(SELECT ${g.literal()} AS v)`, 'SELECT', '*', 'FROM', 'x']),
  (g) => g.join([`(SELECT ${g.literal()})`, 'UNION', 'ALL', `(SELECT ${g.literal()})`]),
  (g) => g.join(['VALUES', `(1, ${g.string()})`, ',', `(2, ${g.string()})`]),
  (g) => g.join(['COMMENT', 'ON', 'TABLE', g.qualified(), 'IS', g.string()]),
  (g) => g.join(['COMMENT', 'ON', 'COLUMN', `${g.name()}.${g.name()}`, 'IS', g.string()]),
  (g) => g.join(['ALTER', 'TABLE', g.qualified(), 'ADD', 'COLUMN', g.pick(['', 'IF NOT EXISTS']), g.name(), 'text', 'DEFAULT', g.string()]),
  (g) => g.join(['ALTER', 'TABLE', g.qualified(), 'ALTER', 'COLUMN', g.name(), 'SET', 'NOT', 'NULL']),
  (g) =>
    g.join([
      'ALTER',
      'TABLE',
      g.qualified(),
      'ATTACH',
      'PARTITION',
      g.name(),
      'FOR',
      'VALUES',
      'FROM',
      "('2020-01-01')",
      'TO',
      "('2021-01-01')",
    ]),
  (g) => g.join(['CREATE', 'TABLE', g.name(), 'PARTITION', 'OF', g.name(), 'FOR', 'VALUES', 'IN', `(${g.string()})`]),
  (g) => g.join(['CREATE', 'TABLE', g.name(), `(${g.name()} date NOT NULL)`, 'PARTITION', 'BY', 'RANGE', `(${g.name()})`]),
  (g) => g.join(['CREATE', g.pick(['', 'OR REPLACE']), 'VIEW', g.name(), 'AS', 'SELECT', expression(g), 'AS', g.name()]),
  (g) => g.join(['CREATE', 'MATERIALIZED', 'VIEW', g.name(), 'AS', 'SELECT', g.literal(), 'WITH', 'NO', 'DATA']),
  (g) => g.join(['REFRESH', 'MATERIALIZED', 'VIEW', g.pick(['', 'CONCURRENTLY']), g.qualified()]),
  (g) => g.join(['CREATE', 'TYPE', g.name(), 'AS', 'ENUM', `(${g.list(1, 3, () => g.string()).join(', ')})`]),
  (g) =>
    g.join(['ALTER', 'TYPE', g.name(), 'ADD', 'VALUE', g.pick(['', 'IF NOT EXISTS']), g.string(), g.pick(['', `BEFORE 'a'`, `AFTER 'b'`])]),
  (g) => g.join(['ALTER', 'TYPE', g.name(), 'RENAME', 'VALUE', "'old'", 'TO', g.string()]),
  (g) =>
    g.join([
      'CREATE',
      'TRIGGER',
      g.name(),
      'BEFORE',
      'UPDATE',
      'ON',
      g.qualified(),
      'FOR',
      'EACH',
      'ROW',
      'EXECUTE',
      'FUNCTION',
      `${g.name()}()`,
    ]),
  (g) => g.join(['GRANT', 'SELECT', ',', 'INSERT', 'ON', g.qualified(), 'TO', g.pick(['PUBLIC', 'app', '"app;user"'])]),
  (g) => g.join(['SET', g.pick(['', 'LOCAL', 'SESSION']), 'search_path', '=', g.pick(['public', '"$user", public', "'a;b'"])]),
  (g) => g.join(['SET', 'lock_timeout', 'TO', "'5s'"]),
  (g) => g.join(['RESET', g.pick(['ALL', 'search_path'])]),
  (g) => g.join(['LOCK', 'TABLE', g.qualified(), 'IN', 'ACCESS', 'EXCLUSIVE', 'MODE']),
  (g) => g.join(['NOTIFY', g.name(), ',', g.string()]),
  (g) => g.join(['CREATE', 'SEQUENCE', g.pick(['', 'IF NOT EXISTS']), g.name(), 'START', 'WITH', '1']),
  (g) => g.join(['CREATE', 'EXTENSION', 'IF', 'NOT', 'EXISTS', g.pick(['"uuid-ossp"', 'pgcrypto', 'citext'])]),
  (g) => g.join(['CREATE', 'SCHEMA', g.pick(['', 'IF NOT EXISTS']), g.name()]),
  (g) =>
    g.join([
      'CREATE',
      'SCHEMA',
      g.name(),
      'CREATE',
      'TABLE',
      't',
      '(a int)',
      'CREATE',
      'INDEX',
      'i',
      'ON',
      't',
      '(a)',
      'CREATE',
      'VIEW',
      'v',
      'AS',
      'SELECT',
      g.string(),
    ]),
  (g) => g.join(['EXPLAIN', 'SELECT', g.literal()]),
  (g) => g.join(['TRUNCATE', g.qualified(), g.pick(['', 'RESTART IDENTITY', 'CASCADE'])]),
  (g) => g.join(['COPY', g.qualified(), `(${g.name()})`, 'TO', 'STDOUT', 'WITH', "(FORMAT csv, DELIMITER ';')"]),
  (g) => g.join(['CREATE', 'PUBLICATION', g.name(), 'FOR', 'TABLE', g.qualified()]),
  (g) => g.join(['CHECKPOINT']),
  (g) => g.join(['CALL', `${g.name()}(${g.literal()})`]),
  (g) =>
    g.join([
      'MERGE',
      'INTO',
      g.name(),
      'AS',
      't',
      'USING',
      g.name(),
      'AS',
      's',
      'ON',
      't.id = s.id',
      'WHEN',
      'MATCHED',
      'THEN',
      'DO',
      'NOTHING',
    ]),
  (g) => g.join(['SELECT', g.name(), 'FROM', g.name(), 'WHERE', 'x', '=', g.pick(['$$a;b$$', "'a;b'", "E'\\';'"])]),
  // PREPARE with $n parameters; `transaction` as a statement name is not PREPARE TRANSACTION.
  (g) => g.join(['PREPARE', g.pick(['q1', 'transaction', 'foo$bar']), '(integer, text)', 'AS', 'SELECT', '$1 + 1,', "$2 || ';'"]),
  (g) => g.join(['PREPARE', 'transaction', 'AS', 'SELECT', g.string()]),
  (g) => g.join(['EXECUTE', 'q1', `(1, ${g.string()})`]),
  (g) => g.join(['DEALLOCATE', g.pick(['q1', 'ALL', 'PREPARE q1'])]),
  // plpgsql and other string bodies
  (g) => {
    const tag = g.dollarTag();
    const body = [
      '',
      'DECLARE',
      "  msg text := 'it''s; fine';",
      'BEGIN',
      // A name with '$' could close the dollar quote early.
      `  NEW.${g.pick(['updated_at', 'café', '"Mixed Case"', '"semi;colon"'])} := now(); -- stamp; don't forget`,
      "  IF NEW.id IS NULL THEN RAISE EXCEPTION 'null id; %', NEW.id; END IF;",
      '  /* nested /* comment; */ here */',
      '  RETURN NEW;',
      'END;',
      '',
    ].join('\n');
    return g.join([
      'CREATE',
      g.pick(['', 'OR REPLACE']),
      'FUNCTION',
      `${g.routineName()}()`,
      'RETURNS',
      'trigger',
      'LANGUAGE',
      'plpgsql',
      'AS',
      `${tag}${body}${tag}`,
    ]);
  },
  (g) => {
    const tag = g.dollarTag();
    // A dollar quote may be followed directly by a word.
    const close = g.chance(0.3) ? `${tag}LANGUAGE sql` : `${tag} LANGUAGE sql`;
    return g.join([
      'CREATE',
      'FUNCTION',
      `${g.routineName()}(a integer, b text DEFAULT ';')`,
      'RETURNS',
      'integer',
      'AS',
      `${tag} SELECT a + 1; ${close}`,
      'IMMUTABLE',
    ]);
  },
  (g) => g.join(['CREATE', 'FUNCTION', `${g.routineName()}(x integer)`, 'RETURNS', 'text', 'LANGUAGE', 'sql', 'AS', "'SELECT ''a;b'''"]),
  (g) => g.join(['DO', g.pick(["$do$ BEGIN PERFORM 1; RAISE NOTICE 'a;b'; END $do$", '$$ BEGIN PERFORM 1; END; $$'])]),
  (g) => g.join(['DO', 'LANGUAGE', 'plpgsql', '$x$ DECLARE n int; BEGIN n := 1; /* ; */ END $x$']),
  // SQL-standard bodies: ';' inside BEGIN ATOMIC ... END does not end the statement.
  (g) => atomicRoutine(g),
  (g) =>
    g.join([
      'CREATE',
      'FUNCTION',
      `${g.routineName()}(x integer)`,
      'RETURNS',
      'integer',
      'LANGUAGE',
      'sql',
      'IMMUTABLE',
      'RETURN',
      'CASE',
      'WHEN',
      'x > 0',
      'THEN',
      '1',
      'ELSE',
      '0',
      'END',
    ]),
  (g) =>
    g.join([
      'CREATE',
      'FUNCTION',
      `${g.routineName()}()`,
      'RETURNS',
      'integer',
      'LANGUAGE',
      'sql',
      'SET',
      'search_path',
      '=',
      g.pick(['begin', 'public', 'atomic']),
      'RETURN',
      '1',
    ]),
  // CREATE RULE takes several actions in parentheses, separated by ';'.
  (g) => {
    const actions = g.list(1, 3, () =>
      g.pick([
        `INSERT INTO ${g.name()} VALUES (${g.literal()})`,
        `UPDATE ${g.name()} SET n = n + 1 WHERE k = ${g.string()}`,
        `NOTIFY ${g.name()}`,
        `SELECT 1`,
        '',
      ]),
    );
    const body = g.chance(0.8)
      ? `(${actions.join(g.pick(['; ', ';\n  ', ' ; ']))}${g.pick(['', ';'])})`
      : g.pick(['NOTHING', `NOTIFY ${g.name()}`]);
    return g.join([
      'CREATE',
      g.pick(['', 'OR REPLACE']),
      'RULE',
      g.name(),
      'AS',
      'ON',
      g.pick(['INSERT', 'UPDATE', 'DELETE']),
      'TO',
      g.qualified(),
      'DO',
      g.pick(['', 'ALSO', 'INSTEAD']),
      body,
    ]);
  },
];

const ATOMIC_BODY: ((g: Gen) => string)[] = [
  (g) => g.join(['SELECT', 'CASE', 'WHEN', 'x > 0', 'THEN', "'pos;'", 'ELSE', "'end'", 'END']),
  (g) => g.join(['SELECT', '(CASE x WHEN 1 THEN 1 END)']),
  (g) => g.join(['SELECT', 'CASE', 'WHEN', 'x > 0', 'THEN', 'CASE', 'WHEN', 'x > 1', 'THEN', '2', 'ELSE', '1', 'END', 'ELSE', '0', 'END']),
  (g) => g.join(['INSERT', 'INTO', g.name(), 'VALUES', `(${g.literal()})`]),
  (g) => g.join(['UPDATE', g.name(), 'SET', 'c', '=', "'end;'", 'WHERE', 'id = x']),
  (g) => g.join(['SELECT', g.pick(['begin', 'atomic', '"end"', 'x']), 'FROM', g.name()]),
  (g) => g.join(['SELECT', g.string(), '-- end;\n']),
  () => '',
  (g) => g.join(['CREATE', 'FUNCTION', 'inner_f()', 'RETURNS', 'integer', 'LANGUAGE', 'sql', 'BEGIN', 'ATOMIC', 'SELECT', '1;', 'END']),
];

function atomicRoutine(g: Gen): string {
  const procedure = g.chance(0.3);
  const statements = g.list(0, 4, () => ATOMIC_BODY[g.rng.int(ATOMIC_BODY.length)]!(g));
  if (!procedure && g.chance(0.5)) statements.push(g.join(['RETURN', g.pick(['x + 1', 'CASE WHEN x > 0 THEN 1 END', '(SELECT 1)'])]));
  const body = statements.map((s) => `${s};`).join(g.pick(['\n  ', ' ', '\r\n  ']));
  return g.join([
    'CREATE',
    g.pick(['', 'OR REPLACE']),
    procedure ? 'PROCEDURE' : 'FUNCTION',
    `${g.routineName()}(x integer)`,
    procedure ? '' : g.pick(['RETURNS integer', 'RETURNS TABLE (begin integer, "end" text)', 'RETURNS SETOF begin']),
    'LANGUAGE',
    'sql',
    'BEGIN',
    'ATOMIC',
    body,
    'END',
  ]);
}

// Statements the classifier has rules for, decoys included.

const bool = (g: Gen): string => g.pick(['', ' true', ' false', ' on', ' off', ' 0', ' 1', " 'off'", " 'true'", ' TRUE']);

const KIND_STATEMENTS: ((g: Gen) => string)[] = [
  (g) =>
    g.join([
      'CREATE',
      g.pick(['', 'UNIQUE']),
      'INDEX',
      g.pick(['', 'CONCURRENTLY']),
      ...g.pick([['IF NOT EXISTS', g.name()], [g.name()], []]),
      'ON',
      g.pick(['', 'ONLY']),
      g.qualified(),
      g.pick(['', 'USING btree']),
      `(${g.name()})`,
      g.pick(['', `WHERE ${g.name()} <> ${g.string()}`]),
    ]),
  (g) => g.join(['CREATE', 'INDEX', g.name(), 'ON', g.name(), '("concurrently")']),
  (g) => g.join(['DROP', 'INDEX', g.pick(['', 'CONCURRENTLY']), g.pick(['', 'IF EXISTS']), g.qualified()]),
  (g) =>
    g.join([
      'REINDEX',
      g.pick(['', '(VERBOSE)', `(CONCURRENTLY${bool(g)})`, `(VERBOSE, CONCURRENTLY${bool(g)})`, '(TABLESPACE fast)']),
      g.pick(['INDEX', 'TABLE']),
      g.pick(['', 'CONCURRENTLY']),
      g.qualified(),
    ]),
  (g) => g.join(['REINDEX', g.pick(['', '(VERBOSE)']), g.pick(['SCHEMA', 'DATABASE', 'SYSTEM']), g.name()]),
  (g) =>
    g.join([
      'VACUUM',
      g.pick(['', 'FULL', 'FREEZE', 'VERBOSE', 'ANALYZE', 'FULL VERBOSE ANALYZE', '(ANALYZE)', '(VERBOSE, ANALYZE)', '(FULL false)']),
      g.pick(['', g.qualified(), `${g.qualified()} (${g.name()})`]),
    ]),
  (g) => g.join([g.pick(['ANALYZE', 'ANALYSE']), g.pick(['', 'VERBOSE', '(VERBOSE)']), g.pick(['', g.qualified()])]),
  (g) => g.join(['CLUSTER', g.pick(['', 'VERBOSE', '(VERBOSE)']), g.pick(['', g.qualified(), `${g.qualified()} USING ${g.name()}`])]),
  (g) => g.join(['BEGIN', g.pick(['', 'WORK', 'TRANSACTION', 'ISOLATION LEVEL SERIALIZABLE', 'READ ONLY'])]),
  (g) => g.join(['START', 'TRANSACTION', g.pick(['', 'READ WRITE', 'ISOLATION LEVEL REPEATABLE READ'])]),
  (g) =>
    g.join([
      g.pick(['COMMIT', 'END', 'ROLLBACK', 'ABORT']),
      g.pick(['', 'WORK', 'TRANSACTION']),
      g.pick(['', 'AND CHAIN', 'AND NO CHAIN']),
    ]),
  (g) => g.join(['SAVEPOINT', g.name()]),
  (g) => g.join(['RELEASE', g.pick(['', 'SAVEPOINT']), g.name()]),
  (g) => g.join(['ROLLBACK', g.pick(['', 'WORK', 'TRANSACTION']), 'TO', g.pick(['', 'SAVEPOINT']), g.name()]),
  (g) => g.join(['PREPARE', 'TRANSACTION', g.string()]),
  (g) => g.join([g.pick(['COMMIT', 'ROLLBACK']), 'PREPARED', g.string()]),
  (g) => g.join(['SET', 'TRANSACTION', 'ISOLATION', 'LEVEL', 'SERIALIZABLE']),
  (g) =>
    g.join([
      'ALTER',
      'SYSTEM',
      ...g.pick([
        ['SET', 'work_mem', '=', "'64MB'"],
        ['RESET', 'work_mem'],
        ['RESET', 'ALL'],
      ]),
    ]),
  (g) => g.join(['CREATE', 'DATABASE', g.name(), g.pick(['', 'WITH', 'TEMPLATE template0', "ENCODING 'UTF8'", 'OWNER app'])]),
  (g) => g.join(['DROP', 'DATABASE', g.pick(['', 'IF EXISTS']), g.name(), g.pick(['', 'WITH (FORCE)'])]),
  (g) =>
    g.join([
      'ALTER',
      'DATABASE',
      g.name(),
      ...g.pick([
        ['SET', 'TABLESPACE', 'fast'],
        ['WITH', 'TABLESPACE', 'fast'],
        ['TABLESPACE', 'fast'],
        ['WITH', 'TABLESPACE', '=', 'fast'],
        ['SET', 'search_path', '=', 'app'],
        ['RENAME', 'TO', g.name()],
        ['OWNER', 'TO', 'app'],
        ['CONNECTION', 'LIMIT', '5'],
        ['WITH', 'ALLOW_CONNECTIONS', 'false'],
        ['RESET', 'ALL'],
        ['REFRESH', 'COLLATION', 'VERSION'],
      ]),
    ]),
  (g) => g.join(['CREATE', 'TABLESPACE', g.name(), 'LOCATION', "'/srv/ssd;1'"]),
  (g) => g.join(['DROP', 'TABLESPACE', g.pick(['', 'IF EXISTS']), g.name()]),
  (g) => g.join(['ALTER', 'TABLESPACE', g.name(), 'RENAME', 'TO', g.name()]),
  (g) =>
    g.join([
      'ALTER',
      'TABLE',
      g.pick(['', 'IF EXISTS']),
      g.pick(['', 'ONLY']),
      g.qualified(),
      'DETACH',
      'PARTITION',
      g.qualified(),
      g.pick(['', 'CONCURRENTLY', 'FINALIZE']),
    ]),
  (g) => g.join(['ALTER', 'TABLE', g.name(), 'ADD', 'CONSTRAINT', g.name(), 'CHECK', "(a <> 'DETACH PARTITION x CONCURRENTLY')"]),
  (g) => g.join(['DISCARD', g.pick(['ALL', 'TEMP', 'TEMPORARY', 'PLANS', 'SEQUENCES'])]),
  (g) =>
    g.join([
      'CREATE',
      'SUBSCRIPTION',
      g.name(),
      'CONNECTION',
      "'host=db dbname=app'",
      'PUBLICATION',
      g.name(),
      g.pick(['', 'WITH (connect = false)']),
    ]),
  (g) => g.join(['ALTER', 'SUBSCRIPTION', g.name(), g.pick(['ENABLE', 'DISABLE', 'REFRESH PUBLICATION', 'SET (slot_name = NONE)'])]),
  (g) => g.join(['DROP', 'SUBSCRIPTION', g.pick(['', 'IF EXISTS']), g.name()]),
];

const SEPARATORS = [
  '\n',
  '\n\n',
  ' ',
  '\t',
  '\n-- next; statement\n',
  '\n/* block ; comment /* nested ; */ \' " */\n',
  ';',
  ' ;\n;\n',
  '\n  \n',
];

export interface GenerateOptions {
  /** Largest number of statements; the smallest is 0. */
  maxStatements?: number;
}

/** A random but valid multi-statement migration file. */
export function generateMigration(seed: number, { maxStatements = 12 }: GenerateOptions = {}): string {
  const g = new Gen(createRng(seed));
  let sql = g.pick(['', '', "-- migration header; it's fine\n", '/* header */\n', '\n\n', ';']);
  const count = g.rng.between(0, maxStatements);
  for (let i = 0; i < count; i++) {
    const pool = g.chance(0.4) ? KIND_STATEMENTS : ORDINARY;
    sql += g.pick(pool)(g);
    const last = i === count - 1;
    if (!last || g.chance(0.7)) sql += g.pick([';', ';', ';', ' ;', '\n;', ' /* before ; */;', ';;']);
    else sql += g.pick(['', '\n', ' -- no final semicolon', '\n/* trailing */']);
    if (!last) sql += g.pick(SEPARATORS);
  }
  sql += g.pick(['', '\n', '\n-- end of file', '\n\n']);
  return g.chance(0.2) ? sql.replace(/\r?\n/g, '\r\n') : sql;
}

// ---------------------------------------------------------------------------
// Noise, for robustness

/** Pieces that open a quoted form or comment, or may close one. */
const NOISE_DELIMITERS = [
  "'",
  '"',
  '$',
  '$$',
  '$a$',
  '$é$',
  '$1$',
  '/*',
  '*/',
  '/*/',
  '--',
  'E',
  "E'",
  "e'",
  "B'",
  "X'",
  "N'",
  "U&'",
  'U&"',
  '\\',
  "\\'",
  "''",
  '""',
];

/** Pieces that are complete on their own, though they may combine with neighbours. */
const NOISE_PIECES = [
  "'a;b'",
  "'it''s'",
  "E'\\';'",
  "E'a'\n'\\';'",
  "'a'\n'\\'",
  '"x;y"',
  '"a""b"',
  "B'1'",
  "X'f'",
  "U&'\\0061' UESCAPE '!'",
  '$$;$$',
  '$a$ $$ ; $a$',
  '$1',
  '/* ; /* ; */ */',
  '-- ;\n',
  '-- ;\r',
  '\n',
  '\r\n',
  ';',
  ';;',
  'SELECT',
  'x',
  'foo$',
  'foo$$',
  'é',
  '😀',
  '(',
  ')',
  ',',
  ' ',
  ' ',
  '\t',
  '\f',
  '\v',
  '1',
  '1.5',
  'begin',
  'atomic',
  'end',
  'case',
  'vacuum',
  'rollback to',
  '+',
  '-',
  '*',
  '/',
  ':',
  'UESCAPE',
];

/** Characters that PostgreSQL cannot receive in a query string, or that libpg-query cannot report. */
const RAW_NOISE = [
  '\0',
  '\u0001',
  '\uD800',
  '\uDC00',
  '\uFFFF',
  'CREATE FUNCTION f() BEGIN ATOMIC ',
  'CREATE RULE r AS ON INSERT TO t DO (',
  'END',
];

export interface Noise {
  sql: string;
  /** Whether the text only uses what PostgreSQL's scanner can be compared on. */
  comparable: boolean;
}

/**
 * Random pieces, some of them unbalanced quotes and comments. Without `raw`,
 * the text avoids NUL (it ends a C string), other control characters,
 * unpaired surrogates and CREATE FUNCTION/RULE (whose bodies only the grammar
 * delimits), so that it can be compared with PostgreSQL's scanner.
 */
export function generateNoise(seed: number): Noise {
  const rng = createRng(seed);
  const raw = rng.chance(0.25);
  const delimiters = rng.pick([0, 0.02, 0.1, 0.3]);
  const length = rng.between(1, 40);
  let sql = '';
  for (let i = 0; i < length; i++) {
    if (raw && rng.chance(0.15)) sql += rng.pick(RAW_NOISE);
    else sql += rng.pick(rng.chance(delimiters) ? NOISE_DELIMITERS : NOISE_PIECES);
  }
  return { sql, comparable: !raw };
}

// ---------------------------------------------------------------------------
// PostgreSQL's view, through libpg-query (PostgreSQL 18's parser)

export interface ReferenceStatement {
  /** UTF-16 offset of the statement's first token. */
  start: number;
  /** UTF-16 offset just past its last token (comments excluded). */
  end: number;
  text: string;
  /** Parse tree node type, e.g. SelectStmt. */
  type: string;
  node: Record<string, unknown>;
}

/**
 * libpg-query reports statement locations in UTF-8 bytes: stmt_location
 * (absent for 0) and stmt_len (0 or absent for "to the end of the input"),
 * spanning any whitespace and comments before the ';'. Statements are
 * normalised to their first and last token, as PostgreSQL's scanner sees them.
 */
export function referenceStatements(sql: string): ReferenceStatement[] {
  if (sql.trim() === '') return [];
  const { stmts = [] } = parseSync(sql);
  if (stmts.length === 0) return [];
  const tokens = scanTokens(sql);
  const toUtf16 = utf8ToUtf16(sql);
  const totalBytes = toUtf16.length - 1;
  const out: ReferenceStatement[] = [];
  let t = 0;
  for (const raw of stmts) {
    const from = raw.stmt_location ?? 0;
    const to = raw.stmt_len ? from + raw.stmt_len : totalBytes;
    while (t < tokens.length && tokens[t]!.start < from) t++;
    const first = tokens[t];
    let last = first;
    while (t < tokens.length && tokens[t]!.end <= to) last = tokens[t++];
    if (!first || !last || first.start >= to) throw new Error(`no tokens in statement at byte ${from}`);
    const start = byteToUtf16(toUtf16, first.start);
    const end = byteToUtf16(toUtf16, last.end);
    const [type, node] = Object.entries(raw.stmt ?? {})[0] ?? ['', {}];
    out.push({ start, end, text: sql.slice(start, end), type, node: node as Record<string, unknown> });
  }
  return out;
}

export type ScanOutcome = { ok: true; tokens: { start: number; end: number; semicolon: boolean }[] } | { ok: false; unterminated: boolean };

/**
 * PostgreSQL's scanner on its own: its tokens in UTF-16 offsets, comments
 * left out, or whether it failed on an unterminated quote or comment.
 */
export function referenceScan(sql: string): ScanOutcome {
  let tokens: RawToken[];
  try {
    tokens = scanTokens(sql);
  } catch (error) {
    // The failure surfaces as the scanner's message failing JSON.parse.
    return { ok: false, unterminated: /"unterminat/.test(String(error)) };
  }
  const toUtf16 = utf8ToUtf16(sql);
  return {
    ok: true,
    tokens: tokens.map((t) => ({
      start: byteToUtf16(toUtf16, t.start),
      end: byteToUtf16(toUtf16, t.end),
      semicolon: t.text === ';',
    })),
  };
}

interface RawToken {
  start: number;
  end: number;
  text: string;
}

function scanTokens(sql: string): RawToken[] {
  // libpg-query returns token text in JSON without escaping control
  // characters; \f and \v are whitespace to the scanner, as a space is.
  const { tokens = [] } = scanSync(sql.replace(/[\f\v]/g, ' '));
  return tokens.filter((t) => t.tokenName !== 'SQL_COMMENT' && t.tokenName !== 'C_COMMENT');
}

/** UTF-16 offset of each UTF-8 byte offset that starts a character (-1 inside one), and of the end. */
function utf8ToUtf16(text: string): Int32Array {
  const bytes = Buffer.byteLength(text, 'utf8');
  const map = new Int32Array(bytes + 1).fill(-1);
  let b = 0;
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i)!;
    map[b] = i;
    b += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += cp > 0xffff ? 2 : 1;
  }
  map[b] = text.length;
  return map;
}

function byteToUtf16(map: Int32Array, byte: number): number {
  const offset = map[byte];
  if (offset === undefined || offset < 0) throw new Error(`byte offset ${byte} is not on a character boundary`);
  return offset;
}

// ---------------------------------------------------------------------------
// Expected kinds, from the parse tree

type Node = Record<string, unknown>;

const NO_TRANSACTION: StatementKind = 'no-transaction';
const TRANSACTIONAL: StatementKind = 'transactional';
const CONTROL: StatementKind = 'transaction-control';

/** TransactionStmt kinds that start or end a transaction block, as opposed to savepoints within one. */
const CONTROL_TRANSACTION_KINDS = new Set([
  'TRANS_STMT_BEGIN',
  'TRANS_STMT_START',
  'TRANS_STMT_COMMIT',
  'TRANS_STMT_ROLLBACK',
  'TRANS_STMT_PREPARE',
  'TRANS_STMT_COMMIT_PREPARED',
  'TRANS_STMT_ROLLBACK_PREPARED',
]);

/** REINDEX of these objects commits table by table (PreventInTransactionBlock in ExecReindex). */
const REINDEX_MANY = new Set(['REINDEX_OBJECT_SCHEMA', 'REINDEX_OBJECT_SYSTEM', 'REINDEX_OBJECT_DATABASE']);

const always = (kind: StatementKind) => (): StatementKind => kind;
const when =
  (test: (node: Node) => boolean) =>
  (node: Node): StatementKind =>
    test(node) ? NO_TRANSACTION : TRANSACTIONAL;

/**
 * Parse tree node -> kind, after the callers of PreventInTransactionBlock in
 * PostgreSQL 13-18. Subscriptions are no-transaction in every form: only some
 * (create_slot, refresh, a slot to drop) refuse a transaction block, and the
 * classifier does not tell them apart. Nodes not listed are transactional.
 */
export const KIND_BY_NODE: Record<string, (node: Node) => StatementKind> = {
  TransactionStmt: (n) => (CONTROL_TRANSACTION_KINDS.has(String(n.kind)) ? CONTROL : TRANSACTIONAL),
  IndexStmt: when((n) => n.concurrent === true),
  DropStmt: when((n) => n.removeType === 'OBJECT_INDEX' && n.concurrent === true),
  ReindexStmt: when((n) => REINDEX_MANY.has(String(n.kind)) || optionEnabled(n.params, 'concurrently')),
  VacuumStmt: when((n) => n.is_vacuumcmd === true),
  ClusterStmt: when((n) => n.relation === undefined),
  CreatedbStmt: always(NO_TRANSACTION),
  DropdbStmt: always(NO_TRANSACTION),
  AlterDatabaseStmt: when((n) => hasOption(n.options, 'tablespace')),
  CreateTableSpaceStmt: always(NO_TRANSACTION),
  DropTableSpaceStmt: always(NO_TRANSACTION),
  AlterSystemStmt: always(NO_TRANSACTION),
  AlterTableStmt: when((n) => nodes(n.cmds).some((c) => c.subtype === 'AT_DetachPartition' && inner(c.def).concurrent === true)),
  DiscardStmt: when((n) => n.target === 'DISCARD_ALL'),
  CreateSubscriptionStmt: always(NO_TRANSACTION),
  AlterSubscriptionStmt: always(NO_TRANSACTION),
  DropSubscriptionStmt: always(NO_TRANSACTION),
};

export function expectedKind(statement: Pick<ReferenceStatement, 'type' | 'node'>): StatementKind {
  return KIND_BY_NODE[statement.type]?.(statement.node) ?? TRANSACTIONAL;
}

/** The fields of a one-key wrapper such as { DefElem: {...} }. */
function inner(value: unknown): Node {
  if (typeof value !== 'object' || value === null) return {};
  return (Object.values(value)[0] ?? {}) as Node;
}

function nodes(value: unknown): Node[] {
  return Array.isArray(value) ? value.map(inner) : [];
}

function hasOption(options: unknown, name: string): boolean {
  return nodes(options).some((d) => d.defname === name);
}

/**
 * defGetBoolean (src/backend/commands/define.c): no value, 1, true, on. The
 * last occurrence counts: REINDEX (CONCURRENTLY false) TABLE CONCURRENTLY t
 * appends the keyword's option after the list's.
 */
function optionEnabled(options: unknown, name: string): boolean {
  const option = nodes(options)
    .filter((d) => d.defname === name)
    .at(-1);
  if (!option) return false;
  if (option.arg === undefined) return true;
  const arg = option.arg as Node;
  if ('Integer' in arg) return (inner(arg).ival ?? 0) === 1;
  const value = String(inner(arg).sval ?? '').toLowerCase();
  return value === 'true' || value === 'on';
}
