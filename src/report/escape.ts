import { redact } from '../secrets.js';
import { inertLine } from './inert-text.js';

/**
 * Escaping for the job summary, which GitHub renders as Markdown (cmark-gfm) with HTML. The
 * summary is written as HTML blocks, in which Markdown is not interpreted, and a block lasts until
 * a blank line. So text from SQL files and from the server is entity-escaped (no tag, link or
 * image can come from it), and it never contributes a line break of its own to the Markdown
 * source: a blank line from it would end the block and let Markdown resume.
 *
 * Each function redacts the secrets first: escaped, a password holding `&`, a quote or a control
 * character would no longer match itself, and redacting the finished HTML could cut its markup.
 */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return redact(text).replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}

/** For text in a paragraph or a cell: line breaks become <br>, other controls visible stand-ins. */
export function escapeInline(text: string): string {
  return redact(text)
    .split(/\r?\n/)
    .map((line) => escapeHtml(inertLine(line)))
    .join('<br>');
}

/**
 * For <pre>: line breaks become the character reference &#10;, which the browser shows as a line
 * break inside <pre> while the Markdown source stays on one line.
 */
export function escapePre(text: string): string {
  return redact(text)
    .split(/\r?\n/)
    .map((line) => escapeHtml(inertLine(line)))
    .join('&#10;');
}
