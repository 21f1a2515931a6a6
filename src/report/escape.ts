/**
 * Escaping for the job summary, which GitHub renders as Markdown with HTML. The summary is
 * written as HTML blocks, in which Markdown is not interpreted; text from SQL files and from the
 * server is entity-escaped, so nothing in a migration can add markup, links or images.
 */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}

/**
 * For text inside a block that must not end: a blank line would end the HTML block and let
 * Markdown resume, so line breaks become <br>.
 */
export function escapeInline(text: string): string {
  return escapeHtml(text).replace(/\r?\n|\r/g, '<br>');
}

/** For <pre>: only the closing tag ends the block, and '<' is escaped, so newlines may stay. */
export function escapePre(text: string): string {
  return escapeHtml(text);
}
