import { readFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDatabaseFacts } from '../../src/database/table-facts.js';
import { lintTargets } from '../../src/lint/lint-set.js';
import { RULE_NAMES } from '../../src/lint/rules.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { CORPUS, corpusCases, notation } from '../helpers/lint-corpus.js';

const CASES = corpusCases();

let db: TestDatabase;
let client: pg.Client;
beforeAll(async () => {
  db = await createTestDatabase();
  client = await db.client();
  await client.query(readFileSync(path.join(CORPUS, 'database.sql'), 'utf8'));
});
afterAll(async () => {
  await db.drop();
});

function lintWithDatabase(targets: (typeof CASES)[number]['targets']) {
  return lintTargets(targets, {
    together: true,
    syntaxFindings: true,
    readFacts: (relations, functions) => readDatabaseFacts(client, relations, functions),
  });
}

describe('the lint corpus', () => {
  it('holds at least 40 migration files, and for every rule files where it fires and files where it stays quiet', () => {
    expect(CASES.flatMap((c) => c.files).length).toBeGreaterThanOrEqual(40);
    for (const rule of RULE_NAMES) {
      const fires = CASES.some((c) => [...c.offline, ...c.database].some((finding) => finding.includes(`:${rule}@`)));
      const quiet = CASES.some((c) => c.quiet.includes(rule));
      expect({ rule, fires, quiet }).toEqual({ rule, fires: true, quiet: true });
    }
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s: without a database, finds what its header says', async (_, corpusCase) => {
    const result = await lintTargets(corpusCase.targets, { together: false, syntaxFindings: true });
    expect(notation(result.findings)).toEqual(corpusCase.offline);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s: against the forum database, finds what its header says', async (_, corpusCase) => {
    const result = await lintWithDatabase(corpusCase.targets);
    expect(notation(result.findings)).toEqual(corpusCase.database);
  });
});

describe('findings graded with what the database knows', () => {
  const only = (name: string) => CASES.find((c) => c.name === name)!.targets;

  it('name the table with its schema, its rows and its size', async () => {
    const [finding] = (await lintWithDatabase(only('000101_index_on_posts.up.sql'))).findings;
    expect(finding!.message).toMatch(
      /^CREATE INDEX posts_created_at_idx on public\.posts \(~\d+(\.\d)? k rows, \d+(\.\d)? MB\) blocks writes while it builds: use CREATE INDEX CONCURRENTLY in a file of its own$/,
    );
  });

  it('say so when an earlier statement of the same transaction holds the table exclusively', async () => {
    const [finding] = (await lintWithDatabase(only('000105_unique_index_after_alter.up.sql'))).findings;
    expect(finding!.message).toContain('public.posts is already locked ACCESS EXCLUSIVE by line 6 of this transaction, so reads wait too');
  });

  it('say which migration created a table, without a database', async () => {
    const result = await lintTargets(only('sets/table-then-index'), { together: false, syntaxFindings: true });
    expect(result.findings[0]!.message).toContain('labels (created by 000201_create_labels.up.sql)');
  });

  it('tell a column type from the catalog: varchar(20) to varchar(50) is no rewrite, integer to bigint is', async () => {
    expect((await lintWithDatabase(only('000126_widen_varchar.up.sql'))).findings).toEqual([]);
    const [finding] = (await lintWithDatabase(only('000127_integer_to_bigint.up.sql'))).findings;
    expect(finding!.message).toContain('ALTER COLUMN score TYPE int8 (was int4) rewrites public.posts');
  });

  it('keep ignored findings with the reason given', async () => {
    const result = await lintWithDatabase(only('000161_ignored_with_reason.up.sql'));
    expect(result.findings).toEqual([]);
    expect(result.suppressed).toMatchObject([
      { rule: 'create-index-blocks-writes', line: 7, reason: 'posts holds a few hundred rows in every forum we run' },
    ]);
  });
});
