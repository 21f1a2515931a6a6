import { describe, expect, it } from 'vitest';
import type { DatabaseFacts, RelationFacts } from '../../../src/database/table-facts.js';
import { lintTargets, type LintTarget } from '../../../src/lint/lint-set.js';

// What the catalog says of the one table the pending files find in the database.
const POSTS: RelationFacts = {
  input: '"posts"',
  schema: 'public',
  name: 'posts',
  kind: 'r',
  rows: 2_000_000,
  heapBytes: 1_400_000_000,
  totalBytes: 1_900_000_000,
  table: null,
  columns: [
    { name: 'id', type: 'bigint', notNull: true },
    { name: 'title', type: 'text', notNull: false },
  ],
  checks: [],
};

const FILES: [string, string][] = [
  ['000001_create_labels.up.sql', 'CREATE TABLE labels (id bigint PRIMARY KEY, name varchar(20));\n'],
  // labels was made by the file before: new and empty, its index blocks no one
  [
    '000002_index_labels.up.sql',
    'CREATE INDEX labels_name_idx ON labels (name);\nALTER TABLE labels ALTER COLUMN name TYPE varchar(50);\n',
  ],
  // posts is in the database, with rows: its index blocks writes
  ['000003_index_posts.up.sql', 'SELECT 1;\nCREATE INDEX posts_title_idx ON posts (title);\n'],
];

/** The pending files as the engine hands them over: each text read when the lint asks for it. */
function pendingTargets(reads: string[]): LintTarget[] {
  return FILES.map(([file, sql]) => ({
    version: BigInt(file.slice(0, 6)),
    direction: 'up',
    file,
    get sql() {
      reads.push(file);
      return sql;
    },
  }));
}

describe('lint of the pending files', () => {
  it('asks the catalog once about the tables they find, then judges each file with what the ones before it created', async () => {
    const reads: string[] = [];
    const asked: [string[], string[]][] = [];
    const result = await lintTargets(pendingTargets(reads), {
      together: true,
      syntaxFindings: true,
      readFacts: async (relations, functions) => {
        asked.push([relations, functions]);
        reads.push('catalog');
        const facts: DatabaseFacts = { relations: new Map([['"posts"', POSTS]]), volatileFunctions: new Set(), serverVersion: 150000 };
        return facts;
      },
    });
    // labels is made by a pending file: only posts is asked about
    expect(asked).toEqual([[['"posts"'], []]]);
    expect(result.findings.map((finding) => `${finding.file}:${finding.rule}@${finding.line}`)).toEqual([
      '000003_index_posts.up.sql:create-index-blocks-writes@2',
    ]);
    expect(result.findings[0]!.message).toContain('public.posts (~2 M rows');
    // one text at a time: every file read for the names, the one query, every file read again to judge
    const names = FILES.map(([file]) => file);
    expect(reads).toEqual([...names, 'catalog', ...names]);
  });

  it('with the catalog read ahead for a superset of the names, reads each file once and finds the same', async () => {
    const reads: string[] = [];
    const asked: [string[], string[]][] = [];
    // what the lexer's candidates fetched: posts, and a table named like a column of the files
    const NAME: RelationFacts = { ...POSTS, input: '"name"', name: 'name', rows: 5_000_000 };
    const result = await lintTargets(pendingTargets(reads), {
      together: true,
      syntaxFindings: true,
      readAhead: true,
      readFacts: async (relations, functions) => {
        asked.push([relations, functions]);
        return {
          relations: new Map([
            ['"posts"', POSTS],
            ['"name"', NAME],
          ]),
          volatileFunctions: new Set(['now']),
          serverVersion: 150000,
        };
      },
    });
    expect(asked).toEqual([[[], []]]);
    expect(reads).toEqual(FILES.map(([file]) => file));
    expect(result.findings.map((finding) => `${finding.file}:${finding.rule}@${finding.line}`)).toEqual([
      '000003_index_posts.up.sql:create-index-blocks-writes@2',
    ]);
    expect(result.findings[0]!.message).toContain('public.posts (~2 M rows');
  });

  it('reads each file once without a database', async () => {
    const reads: string[] = [];
    const result = await lintTargets(pendingTargets(reads), { together: false, syntaxFindings: true });
    expect(reads).toEqual(FILES.map(([file]) => file));
    // without a database, labels may have shipped long ago and posts is unknown: both indexes are flagged
    expect(result.findings.map((finding) => `${finding.file}:${finding.rule}@${finding.line}`)).toEqual([
      '000002_index_labels.up.sql:create-index-blocks-writes@1',
      '000003_index_posts.up.sql:create-index-blocks-writes@2',
    ]);
  });
});
