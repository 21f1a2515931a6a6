import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { LintTarget } from '../../src/lint/lint-set.js';
import { ROOT } from './run.js';

/**
 * The lint corpus: migration files under test/fixtures/lint-corpus, each saying in its header
 * what the lint must find, without a database and against the corpus database (database.sql):
 *
 *   -- expect: rule@line, …            (`-` for nothing)
 *   -- expect with database: rule@line, …
 *   -- quiet for: rule, …              (the rules the file shows staying quiet)
 *
 * A file at the top is linted alone; the files of a directory under sets/ are linted together.
 */
export const CORPUS = path.join(ROOT, 'test/fixtures/lint-corpus');

export interface CorpusCase {
  name: string;
  /** the corpus files, relative to CORPUS */
  files: string[];
  targets: LintTarget[];
  /** `file:rule@line`, sorted */
  offline: string[];
  database: string[];
  quiet: string[];
}

export function corpusCases(): CorpusCase[] {
  const cases: CorpusCase[] = [];
  for (const entry of readdirSync(CORPUS).sort()) {
    if (/^\d+_.*\.(up|down)\.sql$/.test(entry)) cases.push(caseOf(entry, [entry]));
  }
  const sets = path.join(CORPUS, 'sets');
  for (const set of readdirSync(sets).sort()) {
    if (!statSync(path.join(sets, set)).isDirectory()) continue;
    const files = readdirSync(path.join(sets, set))
      .filter((file) => /^\d+_.*\.(up|down)\.sql$/.test(file))
      .sort()
      .map((file) => `sets/${set}/${file}`);
    cases.push(caseOf(`sets/${set}`, files));
  }
  return cases;
}

function caseOf(name: string, files: string[]): CorpusCase {
  const found: CorpusCase = { name, files, targets: [], offline: [], database: [], quiet: [] };
  for (const file of files) {
    const sql = readFileSync(path.join(CORPUS, file), 'utf8');
    const base = path.basename(file);
    const header = (label: string): string[] | undefined => {
      const line = new RegExp(`^-- ${label}: (.*)$`, 'm').exec(sql)?.[1]?.trim();
      if (line === undefined) return undefined;
      return line === '-' ? [] : line.split(/,\s*/);
    };
    const offline = header('expect');
    if (!offline) throw new Error(`${file} has no "-- expect:" line`);
    found.offline.push(...offline.map((finding) => `${base}:${finding}`));
    found.database.push(...(header('expect with database') ?? offline).map((finding) => `${base}:${finding}`));
    found.quiet.push(...(header('quiet for') ?? []));
    found.targets.push({
      version: BigInt(/^(\d+)_/.exec(base)![1]!),
      direction: base.endsWith('.down.sql') ? 'down' : 'up',
      file: base,
      sql,
    });
  }
  found.offline.sort();
  found.database.sort();
  return found;
}

/** Findings in the corpus's notation. */
export function notation(findings: readonly { file: string; rule: string; line: number }[]): string[] {
  return findings.map((finding) => `${finding.file}:${finding.rule}@${finding.line}`).sort();
}
