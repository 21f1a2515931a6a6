import type { RunResult } from '../engine/index.js';
import type { Finding, LintReport, ReviewedMigration } from '../lint/types.js';
import { displayFile, plural, type ReportContext } from './context.js';
import { escapeInline, escapePre } from './escape.js';
import { toJson } from './json.js';
import { escapedWithin, utf8Bytes } from './summary-budget.js';

/**
 * The lint's part of every report: summary section, annotations, the `lint` output and the
 * console lines. Text from migration files is escaped like all outside text.
 */

// GitHub accepts 1 MiB of summary per step: the SQL shown to reviewers stays well below it,
// counted in bytes of its escaped form (see summary-budget.ts).
const SQL_PER_FILE = 60_000;
const SQL_IN_TOTAL = 400_000;

export function lintSummary(result: RunResult, context: ReportContext): string[] {
  const report = result.lint;
  if (!report) return [];
  const parts: string[] = [];
  if (report.level !== 'off') parts.push(`<p><strong>${escapeInline(headline(report))}</strong></p>`);
  const reviewed = new Set(report.review.map((migration) => migration.file));
  const elsewhere = report.findings.filter((finding) => !reviewed.has(finding.file));
  if (elsewhere.length > 0) {
    const rows = elsewhere.map(
      (finding) =>
        `<tr><td><code>${escapeInline(`${displayFile(finding.file, context)}:${finding.line}:${finding.column}`)}</code></td><td><code>${escapeInline(finding.rule)}</code></td><td>${escapeInline(finding.message)}</td></tr>`,
    );
    parts.push(`<table><tr><th>Where</th><th>Rule</th><th>Finding</th></tr>${rows.join('')}</table>`);
  }
  let budget = SQL_IN_TOTAL;
  for (const migration of report.review) {
    const findings = report.findings.filter((finding) => finding.file === migration.file);
    const { html, used } = reviewBlock(migration, findings, budget, context);
    parts.push(html);
    budget = Math.max(0, budget - used);
  }
  const notJudged = unjudged(report);
  if (notJudged.length > 0) {
    const items = notJudged.map(
      (statement) =>
        `<li><code>${escapeInline(`${displayFile(statement.file, context)}:${statement.line}`)}</code> ${escapeInline(statement.message)}</li>`,
    );
    parts.push(
      `<p>Lint: ${plural(notJudged.length, 'statement', 'statements')} not judged (they run all the same):</p><ul>${items.join('')}</ul>`,
    );
  }
  if (report.suppressed.length > 0) {
    const rows = report.suppressed.map(
      (finding) =>
        `<tr><td><code>${escapeInline(`${displayFile(finding.file, context)}:${finding.line}`)}</code></td><td><code>${escapeInline(finding.rule)}</code></td><td>${escapeInline(finding.reason)}</td></tr>`,
    );
    parts.push(
      `<details><summary>Lint: ${report.suppressed.length} ignored by oforum-migrate:ignore comments, with their reasons</summary><table><tr><th>Where</th><th>Rule</th><th>Reason</th></tr>${rows.join('')}</table></details>`,
    );
  }
  return parts;
}

/** Statements the lint could not judge (too deep for its rules): said, so that silence means judged. */
function unjudged(report: LintReport): LintReport['unparsed'] {
  return report.level === 'off' ? [] : report.unparsed.filter((statement) => statement.why === 'too-deep');
}

function headline(report: LintReport): string {
  const count = report.findings.length;
  const graded = report.basis === 'database' ? ', graded by the database' : '';
  if (count === 0) return `Lint: no findings in ${plural(report.files, 'file', 'files')}${graded}`;
  return `Lint: ${plural(count, 'finding', 'findings')} in ${plural(report.files, 'file', 'files')}${graded}${report.level === 'error' ? ' (lint is error: the run fails)' : ''}`;
}

/**
 * One pending migration, collapsed: its findings, then its exact SQL, with every character that
 * could make a line read otherwise than it runs (a bidirectional override) shown. Newlines inside
 * the <pre> are written as &#10; so that the block has no blank line, which would end the HTML
 * block and let the Markdown renderer read the SQL. `used`: the bytes of SQL it shows.
 */
function reviewBlock(
  migration: ReviewedMigration,
  findings: readonly Finding[],
  budget: number,
  context: ReportContext,
): { html: string; used: number } {
  const file = displayFile(migration.file, context);
  const { html: sql, omitted: cut } = escapedWithin(migration.sql, Math.min(SQL_PER_FILE, budget), escapePre);
  const count = findings.length === 0 ? 'no findings' : plural(findings.length, 'finding', 'findings');
  const list =
    findings.length === 0
      ? ''
      : `<ul>${findings.map((finding) => `<li>line ${finding.line}: <code>${escapeInline(finding.rule)}</code> ${escapeInline(finding.message)}</li>`).join('')}</ul>`;
  const more = cut > 0 ? `<p>… ${cut} more characters: see <code>${escapeInline(file)}</code></p>` : '';
  return {
    html: `<details><summary>${findings.length > 0 ? '⚠️ ' : ''}${escapeInline(String(migration.version))} ${escapeInline(migration.name)}: the SQL that runs (<code>${escapeInline(file)}</code>, ${count})</summary>${list}<pre>${sql}</pre>${more}</details>`,
    used: utf8Bytes(sql),
  };
}

/**
 * The `lint` output: a JSON array of {version, file, line, rule, message}, written by the same
 * writer as the other outputs (exact versions, `#` escaped so that no `##[` reaches a runner that
 * prints it); `text` is applied to every string first (redaction).
 */
export function lintOutput(result: RunResult, text: (s: string) => string = (s) => s): string {
  const findings = result.lint?.findings ?? [];
  return toJson(
    findings.map(({ version, file, line, rule, message }) => ({ version, file, line, rule, message })),
    text,
  );
}

/** For `--json`: the same findings as values. */
export function lintJson(
  result: RunResult,
  context: ReportContext,
): { version: Finding['version']; file: string; line: number; rule: string; message: string }[] {
  return (result.lint?.findings ?? []).map(({ version, file, line, rule, message }) => ({
    version,
    file: displayFile(file, context),
    line,
    rule,
    message,
  }));
}

/** Console lines: each finding, and how many were ignored. */
export function lintConsoleLines(result: RunResult, context: ReportContext): string[] {
  const report = result.lint;
  if (!report || report.level === 'off') return [];
  // a quoted identifier can hold a line break: one finding stays one line
  const lines = report.findings.map((finding) =>
    `! ${displayFile(finding.file, context)}:${finding.line}:${finding.column} ${finding.rule}: ${finding.message}`.replace(
      /[\r\n]+/g,
      ' ',
    ),
  );
  if (report.suppressed.length > 0)
    lines.push(`lint: ${plural(report.suppressed.length, 'finding', 'findings')} ignored by oforum-migrate:ignore comments`);
  for (const statement of unjudged(report)) lines.push(`! ${displayFile(statement.file, context)}:${statement.line} ${statement.message}`);
  return lines;
}

/** The last line of the lint command when it did not fail. */
export function lintFinishLine(result: RunResult): string {
  const report = result.lint;
  const count = report?.findings.length ?? 0;
  const files = plural(report?.files ?? 0, 'file', 'files');
  const ignored = report && report.suppressed.length > 0 ? `, ${report.suppressed.length} ignored` : '';
  return count === 0
    ? `✓ Lint: no findings in ${files}${ignored}`
    : `✓ Lint: ${plural(count, 'warning', 'warnings')} in ${files}${ignored}`;
}
