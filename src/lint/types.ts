import type { Migration } from '../source/index.js';
import type { RuleName } from './rules.js';

export type { RuleName } from './rules.js';

/** `off`: no lint; `warn`: findings are warnings; `error`: findings fail the run. */
export type LintLevel = 'off' | 'warn' | 'error';

export interface Finding {
  /** the migration's version, the same type as everywhere else */
  version: Migration['version'];
  direction: 'up' | 'down';
  /** the file as people and annotations name it, relative to the repository */
  file: string;
  line: number;
  column: number;
  rule: RuleName;
  message: string;
}

/** A finding a migration's author silenced, with the reason they gave. */
export interface SuppressedFinding extends Finding {
  reason: string;
}

/** A pending migration as reviewers see it in the summary: its exact SQL. */
export interface ReviewedMigration {
  version: Migration['version'];
  name: string;
  file: string;
  sql: string;
}

export interface LintReport {
  level: LintLevel;
  /** what the lint knew: `database` graded the findings with the target's catalog */
  basis: 'database' | 'migrations';
  /** how many files were linted */
  files: number;
  findings: Finding[];
  suppressed: SuppressedFinding[];
  /** check and plan: the pending migrations' SQL for reviewers */
  review: ReviewedMigration[];
  /** statements PostgreSQL's parser rejected (the server reports them when they run) */
  /** statements the lint could not read (a syntax error left to the server) or judge (too deep) */
  unparsed: { file: string; line: number; message: string; why: 'syntax' | 'too-deep' }[];
}
