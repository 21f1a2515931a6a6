import type { RunResult } from '../engine/index.js';
import { describeVersions } from '../history/compare.js';
import { displayFile, formatDuration, plural, shortChecksum, trustedRunUrl, type ReportContext } from './context.js';
import { escapeHtml, escapeInline } from './escape.js';
import { instantText } from './instant.js';
import { rowsWithin, TABLE_BYTES } from './summary-budget.js';
import { STATE_WORDS } from './console.js';

/**
 * The summary's tables. Each command shows what it adds, so that a check → plan → up pipeline
 * lists the same migrations once per step at most: check the pending ones, plan what applies
 * (not the pending list again), up what it applied (and, in the history, only earlier runs).
 */
export function migrationTables(result: RunResult, context: ReportContext): string[] {
  const parts: string[] = [];
  if (result.applied.length > 0) {
    const rows = result.applied.map(
      (m) =>
        `<tr><td>${version(m.version)}</td><td><code>${escapeInline(m.name)}</code></td><td>${escapeInline(formatDuration(m.durationMs))}</td><td>${m.mode === 'transaction' ? 'one transaction' : 'statement by statement'}${m.retries > 0 ? ` · ${plural(m.retries, 'retry', 'retries')} after a lock timeout or deadlock` : ''}</td></tr>`,
    );
    parts.push(table(['Applied', 'Name', 'Duration', 'Ran as'], rows));
  }
  if (result.reverted.length > 0) {
    const rows = result.reverted.map(
      (m) =>
        `<tr><td>${version(m.version)}</td><td><code>${escapeInline(m.name)}</code></td><td>${escapeInline(formatDuration(m.durationMs))}</td><td>${m.mode === 'transaction' ? 'one transaction' : 'statement by statement'}</td></tr>`,
    );
    parts.push(table(['Reverted', 'Name', 'Duration', 'Ran as'], rows));
  }
  if (result.migrations) {
    const rows = result.migrations.map((m) => {
      const url = trustedRunUrl(m.runUrl, context.env);
      const who =
        m.appliedBy === null ? '' : url ? `<a href="${escapeHtml(url)}">${escapeInline(m.appliedBy)}</a>` : escapeInline(m.appliedBy);
      const when = m.appliedAt ? `${m.reverted ? 'reverted ' : ''}${instantText(m.appliedAt)}` : '';
      return `<tr><td>${version(m.version)}</td><td><code>${escapeInline(m.name)}</code></td><td>${escapeInline(STATE_WORDS[m.state])}</td><td>${escapeInline(when)}</td><td>${who}</td></tr>`;
    });
    parts.push(table(['Version', 'Name', 'State', 'When', 'By'], rows));
  }
  const proof = result.proof;
  if (proof && proof.tried.length > 0) {
    const rows = proof.tried.map(
      (m) =>
        `<tr><td>${version(m.version)}</td><td><code>${escapeInline(m.name)}</code></td><td>${escapeInline(formatDuration(m.durationMs))}</td></tr>`,
    );
    parts.push(table(['Applies', 'Name', 'Duration (rolled back)'], rows));
  }
  if (proof && proof.notTried.length > 0) {
    const rows = proof.notTried.map(
      (m) => `<tr><td>${version(m.version)}</td><td><code>${escapeInline(m.name)}</code></td><td>${escapeInline(m.because)}</td></tr>`,
    );
    parts.push(table(['Not tried', 'Name', 'Why'], rows));
  }
  // plan accounts for every pending migration in its two tables above
  const shown = new Set([...(proof?.tried ?? []), ...(proof?.notTried ?? [])].map((m) => String(m.version)));
  const pending = result.pending.filter((m) => !shown.has(String(m.version)));
  if (pending.length > 0) {
    // the embedded files have no path the user could open
    const withFile = !context.embedded;
    const rows = pending.map(
      (m) =>
        `<tr><td>${version(m.version)}</td><td><code>${escapeInline(m.name)}</code></td>${withFile ? `<td><code>${escapeInline(m.file ? displayFile(m.file, context) : '')}</code></td>` : ''}</tr>`,
    );
    parts.push(table(['Pending', 'Name', ...(withFile ? ['File'] : [])], rows));
  }
  if (result.beyondTarget.length > 0) {
    const rows = result.beyondTarget.map((m) => `<tr><td>${version(m.version)}</td><td><code>${escapeInline(m.name)}</code></td></tr>`);
    parts.push(table([`Beyond target-version ${version(result.target ?? 0n)}: left pending`, 'Name'], rows));
  }
  if (proof?.steps)
    parts.push(
      `<p>Ran ${escapeInline(proof.steps)} on ${escapeInline(proof.scratch ?? 'a scratch database')}; each down gave back the schema before its up, and the second pass the same schema as the first.</p>`,
    );
  if (result.edited.length > 0) {
    const rows = result.edited.map(
      (edit) =>
        `<tr><td>${version(edit.version)}</td><td><code>${escapeInline(edit.name)}</code></td><td><code>${escapeInline(shortChecksum(edit.applied))}</code></td><td><code>${escapeInline(shortChecksum(edit.current))}</code></td></tr>`,
    );
    parts.push(table(['Edited after applied', 'Name', 'Applied checksum', 'File checksum now'], rows));
  }
  return parts;
}

/** The latest migrations this tool applied in earlier runs, with when and by whom. */
export function historySection(result: RunResult, context: ReportContext): string[] {
  const parts: string[] = [];
  const appliedNow = new Set(result.applied.map((m) => String(m.version)));
  // status lists every migration with its history already
  const earlier = result.migrations ? [] : result.history.filter((row) => !appliedNow.has(String(row.version)));
  if (earlier.length > 0) {
    const rows = earlier.map((row) => {
      const url = trustedRunUrl(row.runUrl, context.env);
      const by = url ? `<a href="${escapeHtml(url)}">${escapeInline(row.appliedBy)}</a>` : escapeInline(row.appliedBy);
      const commit = row.commit ? ` <code>${escapeInline(row.commit.slice(0, 7))}</code>` : '';
      const took = row.durationMs === null ? '' : escapeInline(formatDuration(row.durationMs));
      return `<tr><td>${row.direction === 'down' ? '↓ ' : ''}${version(row.version)}</td><td><code>${escapeInline(row.name)}</code></td><td>${escapeInline(instantText(row.appliedAt))}</td><td>${by}${commit}</td><td>${took}</td></tr>`;
    });
    const title =
      result.applied.length > 0 ? 'History: earlier migrations this tool applied' : 'History: the latest migrations this tool applied';
    parts.push(`<details><summary>${title}</summary>${table(['Version', 'Name', 'Applied at', 'By', 'Took'], rows)}</details>`);
  }
  if (result.untracked.length > 0 && !result.migrations) {
    parts.push(
      `<p>Versions ${escapeInline(describeVersions(result.untracked))} have no history: they were applied outside this tool (by the oForum server or another migrator), or added below the database's version and never applied; the history cannot tell which.</p>`,
    );
  }
  return parts;
}

/** A table of at most TABLE_BYTES of rows: a run can list thousands of migrations. */
function table(headers: string[], rows: string[]): string {
  const shown = rowsWithin(rows, TABLE_BYTES, headers.length);
  return `<table><tr>${headers.map((header) => `<th>${header}</th>`).join('')}</tr>${shown.join('')}</table>`;
}

/** A version in a cell: digits only, whether a number or a bigint. */
function version(value: number | bigint): string {
  return escapeInline(String(value));
}
