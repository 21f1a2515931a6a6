import type { Node } from 'libpg-query';
import { splitStatements, transactionMode, type LexError, type Statement } from '../sql/index.js';
import { createLineLocator } from '../sql/line-locator.js';
import { calledFunctions, namedRelations, regclassInput, relationFromList } from './ast.js';
import type { RuleContext } from './context.js';
import { judge } from './judge.js';
import type { Knowledge } from './knowledge.js';
import { byteToUtf16Offset, type Parser } from './parser.js';
import { RULES, type RuleName } from './rules.js';
import { findSuppressions, type FileSuppressions } from './suppressions.js';
import { TransactionTracker } from './transaction.js';
import type { Finding, SuppressedFinding } from './types.js';

/** One migration file to lint. */
export interface LintTarget {
  version: Finding['version'];
  direction: 'up' | 'down';
  /** the file as people and annotations name it */
  file: string;
  /** read once each time the file is prepared: a directory's file may be a getter reading it again */
  readonly sql: string;
}

/** A file split by the lexer and parsed by PostgreSQL's parser, statement by statement. */
export interface PreparedFile {
  target: LintTarget;
  /** the text the statements were split from */
  sql: string;
  statements: Statement[];
  nodes: (Node | { error: { message: string; offset: number } })[];
  lexError: LexError | undefined;
  runsInTransaction: boolean;
}

export function prepareFile(target: LintTarget, parser: Parser): PreparedFile {
  const sql = target.sql;
  const split = splitStatements(sql);
  return {
    target,
    sql,
    statements: split.statements,
    nodes: split.statements.map((statement) => {
      const parsed = parser.parse(statement.text);
      return 'node' in parsed ? parsed.node : parsed;
    }),
    lexError: split.error,
    runsInTransaction: transactionMode(split.statements).mode === 'single-transaction',
  };
}

/**
 * The relations and functions the file names, for the one catalog query; `created` collects the
 * tables the files create, which the database cannot know yet. Functions matter only in the
 * defaults of ALTER TABLE.
 */
export function namesIn(file: PreparedFile, relations: Set<string>, functions: Set<string>, created: Set<string>): void {
  for (const node of file.nodes) {
    if ('error' in node) continue;
    try {
      namesOf(node, relations, functions, created);
    } catch (error) {
      // as in lintFile: a statement too deep to read is left unjudged, not a failure of the run
      if (!(error instanceof RangeError)) throw error;
    }
  }
}

function namesOf(node: Node, relations: Set<string>, functions: Set<string>, created: Set<string>): void {
  const made =
    'CreateStmt' in node && !node.CreateStmt.if_not_exists
      ? node.CreateStmt.relation
      : 'CreateTableAsStmt' in node && !node.CreateTableAsStmt.if_not_exists
        ? node.CreateTableAsStmt.into?.rel
        : undefined;
  const madeKey = made?.relname ? regclassInput({ schema: made.schemaname ?? null, name: made.relname }) : undefined;
  // created before anything named it (a table dropped first and made again is still asked about);
  // CREATE … IF NOT EXISTS makes nothing when the table is there: the database is asked
  if (madeKey && !relations.has(madeKey)) created.add(madeKey);
  for (const relation of namedRelations(node)) {
    const key = regclassInput(relation);
    if (!created.has(key)) relations.add(key);
  }
  // DROP TABLE names its tables as lists of strings, not as relations
  if ('DropStmt' in node && node.DropStmt.removeType === 'OBJECT_TABLE') {
    for (const object of node.DropStmt.objects ?? []) {
      const relation = relationFromList(object);
      if (relation && !created.has(regclassInput(relation))) relations.add(regclassInput(relation));
    }
  }
  if ('AlterTableStmt' in node) {
    calledFunctions(node, functions);
    // ADD … USING INDEX names an index (in the table's schema) as a string
    const schema = node.AlterTableStmt.relation?.schemaname ?? null;
    for (const command of node.AlterTableStmt.cmds ?? []) {
      const def = 'AlterTableCmd' in command ? command.AlterTableCmd.def : undefined;
      const index = def && 'Constraint' in def ? def.Constraint.indexname : undefined;
      if (index && !created.has(regclassInput({ schema, name: index }))) relations.add(regclassInput({ schema, name: index }));
    }
  }
}

export interface FileResult {
  findings: Finding[];
  suppressed: SuppressedFinding[];
  /** statements the lint could not read (a syntax error left to the server) or judge (too deep) */
  unparsed: { file: string; line: number; message: string; why: 'syntax' | 'too-deep' }[];
}

/**
 * Runs the rules over a prepared file in order, with the tables and locks that its earlier
 * statements (and the earlier files, through `knowledge`) left behind; then applies the file's
 * ignore comments. `syntax`: report what the parser rejects as findings (the lint command), or
 * only list it (a run that will send the SQL to the server, which reports it itself).
 */
export function lintFile(file: PreparedFile, knowledge: Knowledge, syntax: boolean): FileResult {
  const { target, statements } = file;
  const locate = createLineLocator(file.sql);
  const raw: { finding: Finding; statement: number }[] = [];
  const result: FileResult = { findings: [], suppressed: [], unparsed: [] };
  const add = (rule: RuleName, message: string, offset: number, statement: number): void => {
    raw.push({
      finding: { version: target.version, direction: target.direction, file: target.file, ...locate(offset), rule, message },
      statement,
    });
  };

  knowledge.beginFile(target.file.replace(/^.*\//, ''));
  const transaction = new TransactionTracker(file.runsInTransaction);
  statements.forEach((statement, index) => {
    if (statement.kind === 'transaction-control') transaction.control(statement.keywords);
    const node = file.nodes[index]!;
    if ('error' in node) {
      const at = statement.start + node.error.offset;
      if (syntax) add('syntax-error', `${node.error.message}`, at, index);
      else result.unparsed.push({ file: target.file, ...locate(at), message: node.error.message, why: 'syntax' });
      return;
    }
    const context: RuleContext = {
      direction: target.direction,
      statement,
      knowledge,
      transaction,
      report: (rule, message, at) =>
        add(rule, message, statement.start + (at === undefined ? 0 : byteToUtf16Offset(statement.text, at)), index),
    };
    try {
      judge(node, context);
    } catch (error) {
      // A tree too deep for the rules (the walks over expressions are iterative, but a rule may
      // not be): the statement is left unjudged, listed like one the parser rejects, and never
      // fails a valid migration. Anything else is a bug and stays one.
      if (!(error instanceof RangeError)) throw error;
      result.unparsed.push({
        file: target.file,
        ...locate(statement.start),
        message: `the lint could not judge this statement (${error.message})`,
        why: 'too-deep',
      });
    }
  });
  knowledge.endFile();
  if (file.lexError && syntax) add('syntax-error', file.lexError.message, file.lexError.offset, -1);
  notAlone(statements, add);

  const suppressions = findSuppressions(file.sql, statements);
  for (const invalid of suppressions.invalid) {
    result.findings.push({
      version: target.version,
      direction: target.direction,
      file: target.file,
      line: invalid.line,
      column: invalid.column,
      rule: 'invalid-ignore',
      message: invalid.message,
    });
  }
  for (const { finding, statement } of raw) {
    const reason = suppressionFor(suppressions, statement, finding.rule);
    if (reason === undefined) result.findings.push(finding);
    else result.suppressed.push({ ...finding, reason });
  }
  result.findings.sort((a, b) => a.line - b.line || a.column - b.column);
  return result;
}

/**
 * golang-migrate sends a file as one query string, which PostgreSQL runs as one implicit
 * transaction (protocol-flow.html#PROTOCOL-FLOW-MULTI-STATEMENT): a statement that refuses to run
 * in a transaction block fails there unless it is the file's only statement.
 */
function notAlone(
  statements: readonly Statement[],
  add: (rule: RuleName, message: string, offset: number, statement: number) => void,
): void {
  if (statements.length < 2) return;
  statements.forEach((statement, index) => {
    if (statement.kind !== 'no-transaction') return;
    const others = statements.length - 1;
    add(
      'concurrently-not-alone',
      `${statement.keywords} shares its file with ${others} other ${others === 1 ? 'statement' : 'statements'}: golang-migrate, and so the oForum server, sends the file as one query, which PostgreSQL runs as one transaction block, where ${statement.keywords} cannot run (this tool runs the file statement by statement, and the database stays dirty if one fails); ${RULES['concurrently-not-alone'].instead}`,
      statement.start,
      index,
    );
  });
}

function suppressionFor(suppressions: FileSuppressions, statement: number, rule: RuleName): string | undefined {
  if (rule === 'invalid-ignore' || rule === 'syntax-error') return undefined;
  const all = [...(suppressions.statements.get(statement) ?? []), ...suppressions.file];
  return all.find((suppression) => suppression.rules.includes(rule))?.reason;
}
