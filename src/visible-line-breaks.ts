/**
 * Outside text (an object's name from the catalog, a role's name) put into one entry of a
 * message whose entries are lines: its own CR and LF shown as the Control Pictures ␍ and ␊, as
 * the log shows them (report/inert-text.ts), so that it stays one entry and one line wherever
 * the message is split into lines (the log, the summary).
 */
export function visibleLineBreaks(text: string): string {
  return text.replace(/[\r\n]/g, (character) => (character === '\r' ? '\u240d' : '\u240a'));
}
