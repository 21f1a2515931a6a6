import type { DatabaseFacts } from '../database/table-facts.js';
import { Knowledge } from './knowledge.js';
import { lintFile, namesIn, prepareFile, type FileResult, type LintTarget } from './lint-file.js';
import { loadParser } from './parser.js';

export type { LintTarget } from './lint-file.js';

export interface LintSetOptions {
  /** reads the catalog facts of the named relations and functions: one query; absent without a database */
  readFacts?: (relations: string[], functions: string[]) => Promise<DatabaseFacts | null>;
  /** the ups run together (the pending migrations of one deploy), so a table one creates is new to the next */
  together: boolean;
  /** report statements PostgreSQL's parser rejects as `syntax-error` findings */
  syntaxFindings: boolean;
}

/**
 * Lints migration files: the ups in order, each seeing the tables the ones before it created,
 * then each down on its own (a down runs against the schema its up left). All files are parsed
 * first, so that the database is asked once about everything they touch.
 */
export async function lintTargets(targets: readonly LintTarget[], options: LintSetOptions): Promise<FileResult> {
  const parser = await loadParser();
  const files = targets.map((target) => prepareFile(target, parser));
  let facts: DatabaseFacts | null = null;
  if (options.readFacts) {
    const relations = new Set<string>();
    const functions = new Set<string>();
    const created = new Set<string>();
    for (const file of files) namesIn(file, relations, functions, created);
    const ask = [...relations].sort();
    // Migrations that only touch what they create themselves need nothing from the catalog.
    facts =
      ask.length === 0 && functions.size === 0
        ? { relations: new Map(), volatileFunctions: new Set(), serverVersion: 0 }
        : await options.readFacts(ask, [...functions].sort());
  }
  const ups = new Knowledge(facts, options.together);
  const total: FileResult = { findings: [], suppressed: [], unparsed: [] };
  for (const file of files) {
    const knowledge = file.target.direction === 'up' ? ups : new Knowledge(facts, false);
    const result = lintFile(file, knowledge, options.syntaxFindings);
    total.findings.push(...result.findings);
    total.suppressed.push(...result.suppressed);
    total.unparsed.push(...result.unparsed);
  }
  return total;
}
