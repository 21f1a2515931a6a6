// Runs Squawk (the squawk-cli development dependency) and this tool's lint on the lint corpus
// (test/fixtures/lint-corpus) and on the embedded migrations, and writes the comparison to
// bench/lint-vs-squawk.md. This tool runs as users run it: the built bundle, `lint --json`,
// once without a database and once against the corpus's live forum (database.sql), which the
// script creates on the server of BENCH_ADMIN_URL (default: postgres://postgres@127.0.0.1:5432/postgres)
// and drops afterwards.
//
//   npm run bundle && node bench/lint-vs-squawk.mjs
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadModule, parseSync } from 'libpg-query';
import pg from 'pg';

const run = promisify(execFile);
const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const CORPUS = path.join(ROOT, 'test/fixtures/lint-corpus');
const BUNDLE = path.join(ROOT, 'dist/index.js');
const SQUAWK = path.join(ROOT, 'node_modules/.bin/squawk');
const OUT = path.join(ROOT, 'bench/lint-vs-squawk.md');

// Squawk's rules and the hazard of this tool's that each names, to tell agreement from noise.
const SAME_HAZARD = {
  'require-concurrent-index-creation': ['create-index-blocks-writes'],
  'require-concurrent-reindex': ['reindex-blocks-writes'],
  'ban-concurrent-index-creation-in-transaction': ['concurrently-not-alone'],
  'adding-not-nullable-field': ['set-not-null-scans', 'add-column-not-null'],
  'adding-required-field': ['add-column-not-null'],
  'adding-field-with-default': ['volatile-default-rewrites'],
  'adding-serial-primary-key-field': ['unique-without-index', 'volatile-default-rewrites'],
  'changing-column-type': ['column-type-rewrites'],
  'prefer-text-field': ['column-type-rewrites'],
  'constraint-missing-not-valid': ['constraint-not-valid'],
  'adding-foreign-key-constraint': ['constraint-not-valid'],
  'disallowed-unique-constraint': ['unique-without-index'],
  'adding-primary-key-constraint': ['unique-without-index'],
  'ban-drop-column': ['drop-breaks-previous-release', 'down-drops-data'],
  'ban-drop-table': ['drop-breaks-previous-release', 'down-drops-data'],
  'ban-truncate-cascade': ['down-drops-data'],
  'renaming-column': ['rename-breaks-previous-release'],
  'renaming-table': ['rename-breaks-previous-release'],
  'prefer-bigint-over-int': ['integer-primary-key'],
  'prefer-bigint-over-smallint': ['integer-primary-key'],
  'prefer-identity': ['integer-primary-key'],
  'syntax-error': ['syntax-error'],
};

// Why a Squawk finding that this tool does not share is noise for migrations run by this tool.
const NOISE_BY_RULE = {
  'require-lock-timeout': 'lock_timeout: this tool sets it around every migration (statement-lock-timeout, 10 s by default)',
  'require-statement-timeout':
    'statement_timeout: a migration is meant to finish; lock_timeout is what keeps DDL from queueing the traffic, and this tool sets it',
  'prefer-robust-stmts':
    'IF NOT EXISTS: each migration runs in one transaction with its version row, so a failed one leaves nothing half-done to re-run over',
  'require-concurrent-index-deletion':
    'DROP INDEX: its ACCESS EXCLUSIVE lock is held for a moment, and lock_timeout stops it from queueing behind long transactions',
};
// The Squawk findings that remain, one by one: what is harmless about them here.
const NOISE_BY_CASE = {
  '000103_index_on_new_table.up.sql:require-concurrent-index-creation':
    'a table created in the same file: no one else can see it before COMMIT',
  '000119_add_column_not_null_to_new_table.up.sql:adding-required-field':
    'a table created in the same file: no rows, and no release that uses it',
  '000122_add_column_bigserial.up.sql:prefer-identity': 'not a key: a bigserial column (this tool flags what hurts: the table rewrite)',
  '000153_serial_primary_key.up.sql:prefer-identity': 'the same statement as prefer-bigint-over-int: one hazard, counted once',
  '000201_create_labels.up.sql:prefer-text-field': 'a varchar in a new table: widening it later needs no rewrite (000203 shows it)',
  '000203_widen_label_name.up.sql:prefer-text-field': 'widening a varchar needs no rewrite',
  '000126_widen_varchar.up.sql:prefer-text-field': 'widening a varchar needs no rewrite',
  '000203_widen_label_name.up.sql:changing-column-type': 'widening a varchar needs no rewrite',
  '000133_add_unique_constraint.up.sql:constraint-missing-not-valid':
    'NOT VALID does not exist for UNIQUE or PRIMARY KEY: the hazard is the index build (unique-without-index here)',
  '000135_add_primary_key.up.sql:constraint-missing-not-valid':
    'NOT VALID does not exist for UNIQUE or PRIMARY KEY: the hazard is the index build (unique-without-index here)',
  '000138_drop_column_added_in_same_file.up.sql:ban-drop-column': 'a column added in the same file: the previous release never used it',
  '000139_drop_table_created_in_same_file.up.sql:ban-drop-table': 'a table created in the same file: the previous release never used it',
  '000142_rename_new_table.up.sql:renaming-table': 'a table created in the same file: the previous release never used it',
  '000142_rename_new_table.up.sql:renaming-column': 'a table created in the same file: the previous release never used it',
  '000155_integer_code_key.up.sql:prefer-bigint-over-int': 'a key the application chooses (a code), not a counter: it does not grow',
  '000161_ignored_with_reason.up.sql:require-concurrent-index-creation': 'ignored in the migration, with a reason (oforum-migrate:ignore)',
  '000163_ignore_file.up.sql:require-concurrent-index-creation': 'ignored in the migration, with a reason (oforum-migrate:ignore)',
  '000164_add_column_stable_function_default.up.sql:adding-field-with-default':
    'the database says forum_locale() is STABLE: one value for every row, no rewrite',
};
// What this tool finds that Squawk has no rule for.
const ONLY_HERE = {
  'backfill-in-transaction': 'an UPDATE or DELETE of every row, holding each row (and here the whole table) until COMMIT',
  'lock-table': 'an explicit LOCK TABLE',
  'table-rewrite-command': 'VACUUM FULL and CLUSTER',
  'concurrently-not-alone':
    'a statement that cannot run in a transaction block, in a file golang-migrate (and the oForum server) sends as one',
  'add-column-not-null': 'a new column left NOT NULL without a default (DROP DEFAULT, SET NOT NULL): the previous release’s INSERTs fail',
  'constraint-not-valid': 'VALIDATE CONSTRAINT in the transaction whose ADD still holds the lock',
  'down-drops-data': 'a down that destroys data',
  'invalid-ignore': 'an ignore comment without a reason',
  'volatile-default-rewrites': 'a column filled per row (bigserial, identity, a volatile default) rewrites the table',
  'create-index-blocks-writes': 'an index build after an ALTER that holds ACCESS EXCLUSIVE',
  'reindex-blocks-writes': 'REINDEX',
  'set-not-null-scans': 'SET NOT NULL',
};

await loadModule();

/** 1-based line ranges of a file's statements, from PostgreSQL's parser (UTF-8 byte offsets). */
function statementLines(sql) {
  const bytes = Buffer.from(sql, 'utf8');
  const lineOf = (offset) => bytes.subarray(0, offset).toString('utf8').split('\n').length;
  try {
    return parseSync(sql).stmts.map((s) => {
      let from = s.stmt_location ?? 0;
      while (from < bytes.length && /\s/.test(String.fromCharCode(bytes[from]))) from++;
      // skip the comments before the statement, which PostgreSQL counts as part of it
      let text = bytes.subarray(from).toString('utf8');
      while (/^--[^\n]*\n\s*/.test(text)) {
        const skipped = /^--[^\n]*\n\s*/.exec(text)[0];
        from += Buffer.byteLength(skipped);
        text = text.slice(skipped.length);
      }
      return { first: lineOf(from), last: lineOf((s.stmt_location ?? 0) + (s.stmt_len || bytes.length - (s.stmt_location ?? 0))) };
    });
  } catch {
    return [];
  }
}

function statementOf(ranges, line) {
  const index = ranges.findIndex((range) => range.first <= line && line <= range.last);
  return index < 0 ? `line ${line}` : `statement at line ${ranges[index].first}`;
}

/** The corpus cases: a file alone, or a directory of sets/ together. */
function corpusCases() {
  const cases = readdirSync(CORPUS)
    .filter((name) => /^\d+_.*\.(up|down)\.sql$/.test(name))
    .sort()
    .map((name) => ({ name, files: [path.join(CORPUS, name)] }));
  for (const set of readdirSync(path.join(CORPUS, 'sets')).sort()) {
    const dir = path.join(CORPUS, 'sets', set);
    if (!statSync(dir).isDirectory()) continue;
    cases.push({
      name: `sets/${set}`,
      files: readdirSync(dir)
        .sort()
        .map((file) => path.join(dir, file)),
    });
  }
  return cases;
}

async function squawk(files) {
  const { stdout } = await run(SQUAWK, ['--reporter', 'json', ...files], { maxBuffer: 64 << 20 }).catch((error) => error);
  return JSON.parse(stdout).map((finding) => ({ file: path.basename(finding.file), line: finding.line + 1, rule: finding.rule_name }));
}

/** This tool's findings, from its --json output, for the files of one case copied alone into a directory. */
async function ours(files, databaseUrl) {
  const dir = mkdtempSync(path.join(tmpdir(), 'omt-lint-vs-squawk-'));
  try {
    for (const file of files) copyFileSync(file, path.join(dir, path.basename(file)));
    const args = [
      BUNDLE,
      'lint',
      '--migrations-path',
      dir,
      '--lint',
      'warn',
      '--json',
      ...(databaseUrl ? ['--database-url', databaseUrl] : []),
    ];
    const { stdout } = await run(process.execPath, args, { cwd: dir, env: { PATH: process.env.PATH } }).catch((error) => error);
    const json = JSON.parse(stdout);
    if (json.error) throw new Error(`${files.join(', ')}: ${json.error.message}`);
    return json.lint.map((finding) => ({ file: path.basename(finding.file), line: finding.line, rule: finding.rule }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Findings keyed by file and statement, each rule once. */
function byStatement(findings, ranges) {
  const keyed = new Map();
  for (const finding of findings) {
    const key = `${finding.file} ${statementOf(ranges.get(finding.file) ?? [], finding.line)}`;
    if (!keyed.has(key)) keyed.set(key, new Set());
    keyed.get(key).add(finding.rule);
  }
  return keyed;
}

async function withCorpusDatabase(work) {
  const admin = new URL(process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const name = `omb_lint_${process.pid}`;
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  try {
    const forum = new pg.Client({ connectionString: url.toString() });
    await forum.connect();
    await forum.query(readFileSync(path.join(CORPUS, 'database.sql'), 'utf8'));
    await forum.end();
    return await work(url.toString());
  } finally {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  }
}

const cases = corpusCases();
const rows = [];
const tally = {
  squawk: 0,
  offline: 0,
  database: 0,
  agree: 0,
  agreeOffline: 0,
  noise: new Map(),
  only: new Map(),
  found: new Map(),
  dropped: new Map(),
};
const count = (map, key, example) => {
  const entry = map.get(key) ?? { count: 0, examples: [] };
  entry.count++;
  if (entry.examples.length < 3 && !entry.examples.includes(example)) entry.examples.push(example);
  map.set(key, entry);
};

const { version: squawkVersion } = JSON.parse(readFileSync(path.join(ROOT, 'node_modules/squawk-cli/package.json'), 'utf8'));

await withCorpusDatabase(async (databaseUrl) => {
  for (const corpusCase of cases) {
    const ranges = new Map(corpusCase.files.map((file) => [path.basename(file), statementLines(readFileSync(file, 'utf8'))]));
    const downOnly = corpusCase.files.every((file) => file.endsWith('.down.sql'));
    const theirs = byStatement(await squawk(corpusCase.files), ranges);
    const offline = byStatement(await ours(corpusCase.files, null), ranges);
    // The lint command with a database lints the pending ups; downs are linted without one.
    const database = downOnly ? offline : byStatement(await ours(corpusCase.files, databaseUrl), ranges);
    const statements = new Set([...theirs.keys(), ...offline.keys(), ...database.keys()]);
    for (const statement of [...statements].sort()) {
      const s = [...(theirs.get(statement) ?? [])];
      const o = [...(offline.get(statement) ?? [])];
      const d = [...(database.get(statement) ?? [])];
      tally.squawk += s.length;
      tally.offline += o.length;
      tally.database += d.length;
      const file = statement.split(' ')[0];
      const verdicts = [];
      for (const rule of s) {
        const same = SAME_HAZARD[rule] ?? [];
        if (same.some((r) => d.includes(r))) {
          tally.agree++;
          verdicts.push(`agree: ${rule}`);
        } else if (same.some((r) => o.includes(r))) {
          tally.agreeOffline++;
          verdicts.push(`${rule}: harmless on this database`);
          count(tally.noise, 'the database shows it is harmless here (an empty table, a proven check, a wider type)', `${file} (${rule})`);
        } else {
          const reason = NOISE_BY_RULE[rule] ?? NOISE_BY_CASE[`${file}:${rule}`] ?? 'unexplained';
          verdicts.push(`Squawk only: ${rule}`);
          count(tally.noise, reason, `${file} (${rule})`);
        }
      }
      const matched = new Set(s.flatMap((rule) => SAME_HAZARD[rule] ?? []));
      for (const rule of d) {
        if (matched.has(rule)) continue;
        verdicts.push(`only here: ${rule}`);
        count(tally.only, ONLY_HERE[rule] ?? rule, file);
      }
      for (const rule of d.filter((r) => !o.includes(r))) count(tally.found, rule, file);
      for (const rule of o.filter((r) => !d.includes(r))) count(tally.dropped, rule, file);
      rows.push({ statement, squawk: s, offline: o, database: d, verdict: verdicts.join('; ') || '—' });
    }
    process.stderr.write('.');
  }
});
process.stderr.write('\n');

// The embedded migrations.
const embeddedFiles = readdirSync(path.join(ROOT, 'migrations'))
  .filter((name) => name.endsWith('.sql'))
  .sort()
  .map((name) => path.join(ROOT, 'migrations', name));
const squawkEmbedded = await squawk(embeddedFiles);
const squawkEmbeddedUps = squawkEmbedded.filter((finding) => finding.file.endsWith('.up.sql'));
const rulesOf = (findings) =>
  [...findings.reduce((map, f) => map.set(f.rule, (map.get(f.rule) ?? 0) + 1), new Map())]
    .sort((a, b) => b[1] - a[1])
    .map(([rule, n]) => `${rule} ${n}`);
const { stdout: embeddedLint } = await run(process.execPath, [BUNDLE, 'lint', '--lint', 'warn', '--no-color'], {
  env: { PATH: process.env.PATH },
});
const embeddedLast = embeddedLint.trim().split('\n').at(-1);

const list = (map) =>
  [...map]
    .sort((a, b) => b[1].count - a[1].count)
    .map(([reason, { count: n, examples }]) => `| ${n} | ${reason} | ${examples.map((e) => `\`${e}\``).join(', ')} |`)
    .join('\n');
const sum = (map) => [...map.values()].reduce((total, entry) => total + entry.count, 0);
const cell = (rules) => (rules.length ? rules.map((r) => `\`${r}\``).join(' ') : '—');

const markdown = `# Lint: this tool and Squawk on the same migrations

Generated by \`node bench/lint-vs-squawk.mjs\` (after \`npm run bundle\`): Squawk ${squawkVersion}
(\`squawk --reporter json FILE…\`, its default settings) and this tool's \`lint --json --lint warn\`,
once without a database and once against the live forum of
[\`database.sql\`](../test/fixtures/lint-corpus/database.sql) (posts with 20,000 rows, an empty
\`drafts\`, a validated NOT NULL check, a volatile function of the forum's own). The corpus is
[\`test/fixtures/lint-corpus\`](../test/fixtures/lint-corpus): ${cases.reduce((n, c) => n + c.files.length, 0)} migration files, each
saying in its header what this tool must find; \`test/integration/lint-corpus.test.ts\` holds
this tool to them. Findings are counted per statement and hazard: a rule that fires twice on
one statement counts once.

## The corpus

| | findings |
| --- | ---: |
| Squawk | ${tally.squawk} |
| this tool, without a database | ${tally.offline} |
| this tool, with the forum's database | ${tally.database} |
| **agree**: both flag the statement for the same hazard | ${tally.agree} |
| Squawk's that this tool also flags without a database, but the database shows harmless | ${tally.agreeOffline} |
| **Squawk's noise here** (below, with the reason) | ${sum(tally.noise) - tally.agreeOffline} |
| **only this tool** (with the database) | ${sum(tally.only)} |
| this tool's findings without a database that the database shows harmless | ${sum(tally.dropped)} |
| this tool's findings that only the database reveals | ${sum(tally.found)} |

### Squawk's findings that are noise for migrations run by this tool

| findings | why | e.g. |
| ---: | --- | --- |
${list(tally.noise)}

### What only this tool catches

| findings | what | e.g. |
| ---: | --- | --- |
${list(tally.only)}

### What the database changes

Without a database this tool knows what the migrations say: the tables a file or an earlier
migration created, the column types they declared, the checks they validated. With one it also
knows each table's rows and size (every message says them), whether a table is empty, the
current type of a column, the checks already validated, and which functions are volatile.

| findings | rule | where |
| ---: | --- | --- |
${[...tally.found].map(([rule, { count: n, examples }]) => `| +${n} | \`${rule}\`: only the database shows the hazard | ${examples.map((e) => `\`${e}\``).join(', ')} |`).join('\n')}
${[...tally.dropped].map(([rule, { count: n, examples }]) => `| −${n} | \`${rule}\`: harmless on this database | ${examples.map((e) => `\`${e}\``).join(', ')} |`).join('\n')}

### Statement by statement

| statement | Squawk | this tool, no database | this tool, database | verdict |
| --- | --- | --- | --- | --- |
${rows.map((row) => `| \`${row.statement}\` | ${cell(row.squawk)} | ${cell(row.offline)} | ${cell(row.database)} | ${row.verdict} |`).join('\n')}

## The embedded oForum migrations

Squawk on \`migrations/*.up.sql\`: **${squawkEmbeddedUps.length} findings** (${rulesOf(squawkEmbeddedUps).join(', ')}), one fewer
than before 000004 was rewritten (its \`SET NOT NULL\`, kept in the corpus as 000152). On the downs:
${squawkEmbedded.length - squawkEmbeddedUps.length} more (${rulesOf(squawkEmbedded.filter((f) => f.file.endsWith('.down.sql'))).join(', ')}).

This tool: \`${embeddedLast}\`. Each ignored finding carries its reason in the migration
(\`-- oforum-migrate:ignore RULE: reason\`), shown in the job summary: the backfill and the unique
index of 000004, whose \`SET NOT NULL\` scan became a NOT NULL column with a constant default
(recorded in the catalog, no scan); the eight indexes of 000005, which \`CONCURRENTLY\` would
split into eight files; and the data the downs drop. Squawk's index findings on tables created in
the same file (000001–000003), its ${squawkEmbeddedUps.filter((f) => f.rule.startsWith('require-') && f.rule.endsWith('timeout')).length} timeout findings and its
${squawkEmbeddedUps.filter((f) => f.rule === 'prefer-robust-stmts').length} \`prefer-robust-stmts\` are noise here, for the reasons above.
`;
writeFileSync(OUT, markdown);
// formatted as the repository's Markdown is, so that the lint of the repository accepts it
await run(path.join(ROOT, 'node_modules/.bin/prettier'), ['--write', OUT]);
process.stdout.write(`wrote ${path.relative(ROOT, OUT)}\n`);
