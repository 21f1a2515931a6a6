import { eventLoopTurn } from '../event-loop-turn.js';
import type { DatabaseFacts } from '../database/table-facts.js';
import type { Migration, MigrationFile } from '../source/index.js';
import { Knowledge } from './knowledge.js';
import { lintFile, namesIn, prepareFile, type FileResult, type LintTarget } from './lint-file.js';
import { loadParser, type Parser } from './parser.js';

export type { LintTarget } from './lint-file.js';

export interface LintSetOptions {
  /** reads the catalog facts of the named relations and functions: one query; absent without a database */
  readFacts?: (relations: string[], functions: string[]) => Promise<DatabaseFacts | null>;
  /** the ups run together (the pending migrations of one deploy), so a table one creates is new to the next */
  together: boolean;
  /** report statements PostgreSQL's parser rejects as `syntax-error` findings */
  syntaxFindings: boolean;
  /**
   * readFacts answers for every name the files can touch, from a read made before the lint
   * started (lint-alongside.ts): it is asked once, without names, and each file is parsed once.
   */
  readAhead?: boolean;
}

// The lint may run beside the migrations (lint-alongside.ts): every few files it gives the event
// loop a turn, so that the pipeline's answers are read and its next messages sent meanwhile.
const FILES_PER_TURN = 16;

/**
 * Lints migration files: the ups in order, each seeing the tables the ones before it created,
 * then each down on its own (a down runs against the schema its up left).
 *
 * The database is asked once about everything the files touch, which is known only once every
 * file is parsed; the files are nonetheless held one at a time: a first pass parses each file
 * for the names it touches and drops its text and trees, then, after the one query, a second
 * pass parses each again and judges it. Parsing twice costs less than holding thousands of
 * syntax trees, which made memory grow with the number of pending files. A catalog read ahead
 * for a superset of the names (`readAhead`) needs no first pass.
 */
export async function lintTargets(targets: readonly LintTarget[], options: LintSetOptions): Promise<FileResult> {
  const parser = await loadParser();
  const facts = !options.readFacts
    ? null
    : options.readAhead
      ? await options.readFacts([], [])
      : await readFactsFor(targets, parser, options.readFacts);
  const ups = new Knowledge(facts, options.together, parser);
  const total: FileResult = { findings: [], suppressed: [], unparsed: [] };
  for (const [index, target] of targets.entries()) {
    if (index > 0 && index % FILES_PER_TURN === 0) await eventLoopTurn();
    const knowledge = target.direction === 'up' ? ups : new Knowledge(facts, false, parser);
    const result = lintFile(prepareFile(target, parser), knowledge, options.syntaxFindings);
    total.findings.push(...result.findings);
    total.suppressed.push(...result.suppressed);
    total.unparsed.push(...result.unparsed);
  }
  return total;
}

/** The first pass: the names of what the files touch, then the one catalog query. */
async function readFactsFor(
  targets: readonly LintTarget[],
  parser: Parser,
  readFacts: NonNullable<LintSetOptions['readFacts']>,
): Promise<DatabaseFacts | null> {
  const relations = new Set<string>();
  const functions = new Set<string>();
  const created = new Set<string>();
  for (const [index, target] of targets.entries()) {
    if (index > 0 && index % FILES_PER_TURN === 0) await eventLoopTurn();
    namesIn(prepareFile(target, parser), relations, functions, created);
  }
  const ask = [...relations].sort();
  // Migrations that only touch what they create themselves need nothing from the catalog.
  return ask.length === 0 && functions.size === 0
    ? { relations: new Map(), volatileFunctions: new Set(), serverVersion: 0 }
    : await readFacts(ask, [...functions].sort());
}

/**
 * A migration's file as a lint target: its text is read when the lint prepares the file (a
 * directory's file is read again each time: source/directory-file.ts), so that the lint holds one
 * text at a time however many files it judges.
 */
export function lintTargetOf(migration: Migration, direction: 'up' | 'down'): LintTarget | null {
  const file = migration[direction];
  return file ? new MigrationTarget(migration.version, direction, file) : null;
}

/**
 * A class, not an object literal with a getter: V8 keeps a literal with an accessor as a
 * dictionary (about 500 bytes with its closure), and a run that lints 10 000 pending files holds
 * one target per file; an instance of this class takes about 40.
 */
class MigrationTarget implements LintTarget {
  constructor(
    readonly version: Migration['version'],
    readonly direction: 'up' | 'down',
    private readonly source: MigrationFile,
  ) {}

  get file(): string {
    return this.source.displayPath;
  }

  get sql(): string {
    return this.source.sql;
  }
}
