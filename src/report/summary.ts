import type { RunResult } from '../engine/index.js';
import { formatDuration } from './console.js';
import { escapeHtml, escapeInline, escapePre } from './escape.js';
import { failureLine } from './failure-line.js';
import { describeVersions } from '../history/compare.js';

const HEADLINES: Record<RunResult['status'], string> = {
  applied: '✅ Migrations applied',
  'up-to-date': '✅ Already up to date',
  pending: '🟡 Migrations pending',
  dirty: '❌ Database is dirty',
  ahead: '❌ Database is ahead of the migrations',
  failed: '❌ Migration failed',
  planned: '✅ Pending migrations apply to this database (rolled back)',
  verified: '✅ Migration set verified',
  forced: '✅ Version forced',
};

/**
 * The job summary, built once and written once. Everything is HTML so that the text of SQL files
 * and server messages, escaped, can never become Markdown.
 */
export function renderSummary(result: RunResult, origin: string): string {
  const parts: string[] = [];
  parts.push(`<h3>oForum migrations (${escapeHtml(result.command)}): ${escapeHtml(HEADLINES[result.status])}</h3>`);
  const from = result.previousVersion === null ? 'none' : String(result.previousVersion) + (result.previousDirty ? ' (dirty)' : '');
  const to = result.version === null ? 'none' : String(result.version) + (result.dirty ? ' (dirty)' : '');
  parts.push(
    `<p>Database <code>${escapeInline(result.database)}</code> · version <code>${escapeInline(from)}</code> → <code>${escapeInline(to)}</code> · migrations <code>${escapeInline(origin)}</code> <code>${escapeInline(result.digest.slice(0, 19))}</code></p>`,
  );
  if (result.applied.length > 0) {
    const rows = result.applied.map(
      (m) =>
        `<tr><td>${m.version}</td><td>${escapeInline(m.name)}</td><td>${escapeInline(formatDuration(m.durationMs))}</td><td>${m.mode === 'transaction' ? 'one transaction' : 'statement by statement'}${m.retries > 0 ? ` · ${m.retries} ${m.retries === 1 ? 'retry' : 'retries'} after a lock timeout or deadlock` : ''}</td></tr>`,
    );
    parts.push(`<table><tr><th>Applied</th><th>Name</th><th>Duration</th><th>Ran as</th></tr>${rows.join('')}</table>`);
  }
  if (result.pending.length > 0) {
    const rows = result.pending.map(
      (m) => `<tr><td>${m.version}</td><td>${escapeInline(m.name)}</td><td><code>${escapeInline(m.file ?? '')}</code></td></tr>`,
    );
    parts.push(`<table><tr><th>Pending</th><th>Name</th><th>File</th></tr>${rows.join('')}</table>`);
  }
  const proof = result.proof;
  if (proof && proof.tried.length > 0) {
    const rows = proof.tried.map(
      (m) => `<tr><td>${m.version}</td><td>${escapeInline(m.name)}</td><td>${escapeInline(formatDuration(m.durationMs))}</td></tr>`,
    );
    parts.push(`<table><tr><th>Applies</th><th>Name</th><th>Duration (rolled back)</th></tr>${rows.join('')}</table>`);
  }
  if (proof && proof.notTried.length > 0) {
    const rows = proof.notTried.map(
      (m) => `<tr><td>${m.version}</td><td>${escapeInline(m.name)}</td><td>${escapeInline(m.because)}</td></tr>`,
    );
    parts.push(`<table><tr><th>Not tried</th><th>Name</th><th>Why</th></tr>${rows.join('')}</table>`);
  }
  if (proof?.steps)
    parts.push(
      `<p>Ran ${escapeInline(proof.steps)} on ${escapeInline(proof.scratch ?? 'a scratch database')}; each down gave back the schema before its up, and the second pass the same schema as the first.</p>`,
    );
  parts.push(...historySection(result));
  const error = result.error;
  if (error) {
    const location = error.data.location;
    parts.push(`<p><strong>${escapeInline(failureLine(error))}</strong></p>`);
    if (location) {
      parts.push(`<p>at <code>${escapeInline(`${location.file}:${location.line}:${location.column}`)}</code></p>`);
      const width = String(location.excerpt?.at(-1)?.number ?? location.line).length;
      const lines = (location.excerpt ?? []).flatMap((row) => {
        const text = `${row.number === location.line ? '>' : ' '} ${String(row.number).padStart(width)} | ${row.text}`;
        return row.number === location.line ? [text, `  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, location.column - 1))}^`] : [text];
      });
      parts.push(`<pre>${escapePre(lines.join('\n'))}</pre>`);
    }
    if ((error.code === 'verify' || error.code === 'drift') && error.data.detail) parts.push(`<pre>${escapePre(error.data.detail)}</pre>`);
    const notes = [
      error.code !== 'verify' && error.code !== 'drift' && error.data.detail && `Detail: ${error.data.detail}`,
      error.data.where && `Where: ${error.data.where}`,
      error.data.hint && `Hint: ${error.data.hint}`,
      error.data.sqlState && `SQLSTATE ${error.data.sqlState}`,
    ].filter(Boolean) as string[];
    if (notes.length > 0) parts.push(`<p>${notes.map(escapeInline).join('<br>')}</p>`);
  }
  return `${parts.join('\n')}\n`;
}

/** Edits, drift, warnings and the latest applied migrations with when and by whom. */
function historySection(result: RunResult): string[] {
  const parts: string[] = [];
  if (result.edited.length > 0) {
    const rows = result.edited.map(
      (edit) =>
        `<tr><td>${edit.version}</td><td>${escapeInline(edit.name)}</td><td><code>${escapeInline(edit.applied)}</code></td><td><code>${escapeInline(edit.current)}</code></td></tr>`,
    );
    parts.push(
      `<table><tr><th>Edited after applied</th><th>Name</th><th>Applied checksum</th><th>File checksum now</th></tr>${rows.join('')}</table>`,
    );
  }
  if (result.drift && result.drift.length > 0 && result.error?.code !== 'drift') {
    parts.push(`<p><strong>Drift:</strong> the schema differs from its migrations:</p><pre>${escapePre(result.drift.join('\n'))}</pre>`);
  } else if (result.drift) {
    if (result.drift.length === 0) parts.push('<p>No drift: the schema is what its migrations make.</p>');
  }
  for (const warning of result.warnings) parts.push(`<p>⚠️ ${escapeInline(warning)}</p>`);
  if (result.history.length > 0) {
    const rows = result.history.map((row) => {
      const by =
        row.runUrl && /^https?:\/\//.test(row.runUrl)
          ? `<a href="${escapeHtml(row.runUrl)}">${escapeInline(row.appliedBy)}</a>`
          : escapeInline(row.appliedBy);
      const commit = row.commit ? ` <code>${escapeInline(row.commit.slice(0, 7))}</code>` : '';
      const took = row.durationMs === null ? '' : escapeInline(formatDuration(row.durationMs));
      return `<tr><td>${row.version}</td><td>${escapeInline(row.name)}</td><td>${escapeInline(row.appliedAt.toISOString().replace(/\.\d+Z$/, 'Z'))}</td><td>${by}${commit}</td><td>${took}</td></tr>`;
    });
    parts.push(
      `<details><summary>History: the latest migrations this tool applied</summary><table><tr><th>Version</th><th>Name</th><th>Applied at</th><th>By</th><th>Took</th></tr>${rows.join('')}</table></details>`,
    );
  }
  if (result.untracked.length > 0) {
    parts.push(
      `<p>Versions ${escapeInline(describeVersions(result.untracked))} were applied outside this tool (by the oForum server or another migrator): they have no history.</p>`,
    );
  }
  return parts;
}
