import type { RunResult } from '../engine/index.js';
import { formatDuration } from './console.js';
import { escapeHtml, escapeInline, escapePre } from './escape.js';
import { failureLine } from './failure-line.js';

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
    const rows = result.pending.map((m) => `<tr><td>${m.version}</td><td>${escapeInline(m.name)}</td><td><code>${escapeInline(m.file ?? '')}</code></td></tr>`);
    parts.push(`<table><tr><th>Pending</th><th>Name</th><th>File</th></tr>${rows.join('')}</table>`);
  }
  const proof = result.proof;
  if (proof && proof.tried.length > 0) {
    const rows = proof.tried.map((m) => `<tr><td>${m.version}</td><td>${escapeInline(m.name)}</td><td>${escapeInline(formatDuration(m.durationMs))}</td></tr>`);
    parts.push(`<table><tr><th>Applies</th><th>Name</th><th>Duration (rolled back)</th></tr>${rows.join('')}</table>`);
  }
  if (proof && proof.notTried.length > 0) {
    const rows = proof.notTried.map((m) => `<tr><td>${m.version}</td><td>${escapeInline(m.name)}</td><td>${escapeInline(m.because)}</td></tr>`);
    parts.push(`<table><tr><th>Not tried</th><th>Name</th><th>Why</th></tr>${rows.join('')}</table>`);
  }
  if (proof?.steps) parts.push(`<p>Ran ${escapeInline(proof.steps)} on ${escapeInline(proof.scratch ?? 'a scratch database')}; each down gave back the schema before its up, and the second pass the same schema as the first.</p>`);
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
    if (error.code === 'verify' && error.data.detail) parts.push(`<pre>${escapePre(error.data.detail)}</pre>`);
    const notes = [
      error.code !== 'verify' && error.data.detail && `Detail: ${error.data.detail}`,
      error.data.where && `Where: ${error.data.where}`,
      error.data.hint && `Hint: ${error.data.hint}`,
      error.data.sqlState && `SQLSTATE ${error.data.sqlState}`,
    ].filter(Boolean) as string[];
    if (notes.length > 0) parts.push(`<p>${notes.map(escapeInline).join('<br>')}</p>`);
  }
  return `${parts.join('\n')}\n`;
}
