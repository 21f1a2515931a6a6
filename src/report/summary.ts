import type { RunResult } from '../engine/index.js';
import { displayFile, formatVersion, plural, shortChecksum, type ReportContext } from './context.js';
import { excerptLines } from './excerpt.js';
import { escapeInline, escapePre } from './escape.js';
import { failureLine, messageRest, stateKnown } from './failure-line.js';
import { inertLine, linesOf } from './inert-text.js';
import { lintSummary } from './lint-section.js';
import { headline, reportedDrift } from './outcome.js';
import { repairLines } from './repair.js';
import { escapedWithin, partsWithin, TEXT_BYTES } from './summary-budget.js';
import { historySection, migrationTables } from './summary-tables.js';

/**
 * The job summary, built once and written once. Everything is HTML whose text is escaped (see
 * escape.ts), so the text of SQL files and server messages can never become Markdown. The
 * failure comes first, right under the headline: the error, where, the SQL around it; then what
 * the run found; then the tables.
 */
export function renderSummary(result: RunResult, context: ReportContext): string {
  const asked = context.asked === undefined ? result.command : context.asked;
  const parts: string[] = [`<h3>${escapeInline(`oForum migrations${asked ? ` (${asked})` : ''}: ${headline(result)}`)}</h3>`];
  const facts = factsLine(result, context);
  if (facts) parts.push(`<p>${facts}</p>`);
  parts.push(...failureSection(result, context));
  parts.push(...findingsSection(result));
  parts.push(...lintSummary(result, context));
  parts.push(...migrationTables(result, context));
  parts.push(...historySection(result, context));
  // The blank line at the end closes the last HTML block: Markdown that a later command of the
  // same step appends is then read as Markdown, not swallowed into the block.
  return `${partsWithin(parts).join('\n')}\n\n`;
}

/** A <pre> of outside text, cut to TEXT_BYTES, saying how much was left out. */
function preWithin(text: string): string {
  const { html, omitted } = escapedWithin(text, TEXT_BYTES, escapePre);
  const more = omitted > 0 ? `&#10;… ${omitted} more characters, left out to keep the summary within GitHub's limit of 1 MiB` : '';
  return `<pre>${html}${more}</pre>`;
}

// Failures before the state was read: the version is not known, so none is shown.
const VERSION_NOT_READ = new Set(['config', 'source', 'connect', 'lock-timeout', 'state']);

/** Database, version before → after, and the migration set, each only when there is one. */
function factsLine(result: RunResult, context: ReportContext): string {
  const facts: string[] = [];
  if (result.database) facts.push(`Database <code>${escapeInline(result.database)}</code>`);
  const error = result.error;
  const versionRead =
    result.versionUnlocked === true ||
    !(error && (VERSION_NOT_READ.has(error.code) || (error.code === 'cancelled' && !stateKnown(error, result))));
  if (versionRead && result.command !== 'verify' && result.versionUnlocked) {
    // nothing ran: one version, read after the lock could not be had
    const version = formatVersion(result.version) + (result.dirty ? ' (dirty)' : '');
    facts.push(`version <code>${escapeInline(version)}</code> (read without the migration lock)`);
  } else if (versionRead && result.command !== 'verify') {
    const from = formatVersion(result.previousVersion) + (result.previousDirty ? ' (dirty)' : '');
    const to = formatVersion(result.version) + (result.dirty ? ' (dirty)' : '');
    // check and plan change nothing: one version; up and force: before → after
    const changes = ['up', 'force', 'down', 'goto'].includes(result.command);
    // after a lost session: the version read again, or only the last one seen
    const to2 =
      result.versionReread === 'failed'
        ? `unknown</code> (the connection was lost; the last seen was <code>${escapeInline(to)}</code>)`
        : `${escapeInline(to)}</code>${result.versionReread ? ' (read again after the connection was lost)' : ''}`;
    facts.push(changes ? `version <code>${escapeInline(from)}</code> → <code>${to2}` : `version <code>${to2}`);
  }
  if (context.origin) {
    const digest = result.digest ? ` <code>${escapeInline(shortChecksum(result.digest))}</code>` : '';
    facts.push(`migrations <code>${escapeInline(context.origin)}</code>${digest}`);
  }
  return facts.join(' · ');
}

/** The error, where it happened with the SQL around it, the server's detail, the way out. */
function failureSection(result: RunResult, context: ReportContext): string[] {
  const error = result.error;
  if (!error) return [];
  const lines = [failureLine(error, result), ...messageRest(error)];
  const location = error.data.location;
  if (location) {
    lines.push(`at ${displayFile(location.file, context)}:${location.line}:${location.column}`);
    if (location.excerpt && location.excerpt.length > 0) lines.push('', ...excerptLines(location));
  }
  const notes = [
    error.code !== 'drift' && error.data.detail && (error.code === 'verify' ? error.data.detail : `detail: ${error.data.detail}`),
    error.data.where && `where: ${error.data.where}`,
    !repairLines(result) && error.data.hint && `hint: ${error.data.hint}`,
    error.data.sqlState && `SQLSTATE ${error.data.sqlState}`,
  ].filter((note): note is string => typeof note === 'string' && note !== '');
  if (notes.length > 0) lines.push('', ...notes.flatMap(linesOf));
  const parts = [preWithin(lines.join('\n'))];
  const repair = repairLines(result);
  if (repair) parts.push(`<p><strong>To repair</strong></p>${preWithin(repair.join('\n'))}`);
  return parts;
}

/** What the run found beside its outcome: drift (listed once) and warnings. */
function findingsSection(result: RunResult): string[] {
  const parts: string[] = [];
  const failedOnDrift = result.error?.code === 'drift';
  const drift = failedOnDrift ? (result.drift ?? []) : reportedDrift(result);
  if (drift.length > 0) {
    parts.push(
      `<p>${failedOnDrift ? '❌' : '⚠️'} <strong>Drift:</strong> the schema differs from its migrations in ${plural(drift.length, 'way', 'ways')}:</p>`,
      // one difference, one line: a line break inside an object's name is shown, not followed
      preWithin(drift.map(inertLine).join('\n')),
    );
  } else if (result.drift) {
    parts.push('<p>No drift: the schema is what its migrations make.</p>');
  }
  const warnings = result.warnings.map((warning) => `<p>⚠️ ${escapeInline(warning)}</p>`);
  parts.push(...partsWithin(warnings, TEXT_BYTES));
  return parts;
}
