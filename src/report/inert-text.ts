/**
 * Outside text (server messages, SQL lines, file and object names) made safe to print as part of
 * one line. The Actions runner splits what a step prints into lines at \r and \n, a terminal obeys
 * escape sequences, and bidirectional overrides make a line read differently from what it holds.
 * Each such character is shown as a visible stand-in, so a line always shows what it contains.
 */
// C0 controls but the tab, DEL and the C1 controls, the Unicode line and paragraph separators,
// and the bidirectional embeddings, overrides and isolates.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function inertLine(text: string): string {
  return text.replace(UNSAFE, (char) => {
    const code = char.charCodeAt(0);
    // Control Pictures (U+2400 block): ␍ for CR, ␊ for LF, ␛ for ESC, ␡ for DEL.
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
  });
}

/**
 * For text printed where no `::stop-commands::` block guards it (stderr): on top of
 * `inertLine`, the runner's two command forms are broken with visible spaces: `::` anywhere
 * (a command starts a line, after white space) and `##[` anywhere (the old form). Invisible
 * characters are shown first, because the runner compares with the culture's rules, which skip
 * them: `:\u200B:` would still read as `::`.
 */
export function inertStrict(text: string): string {
  return showIgnorable(inertLine(text)).replace(/::/g, ': :').replace(/##\[/g, '## [');
}

/**
 * For a log line printed where no `::stop-commands::` block guards it: the CLI outside a
 * workflow, whose output can still reach a runner (through `docker run` or `ssh` in a `run:`
 * step). On top of `inertLine`, the runner's two command forms are broken where the runner would
 * read them: `##[` anywhere, and `::` only at the line's start after white space, so that a
 * cast (`x::int`) in a line of SQL reads as written. Invisible characters are shown first, as
 * for `inertStrict`.
 */
export function inertUnguarded(line: string): string {
  return showIgnorable(inertLine(line))
    .replace(/##\[/g, '## [')
    .replace(/^(\s*)::/u, '$1: :');
}

function showIgnorable(text: string): string {
  return text.replace(
    /\p{Default_Ignorable_Code_Point}/gu,
    (char) => `<U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`,
  );
}

/** A text of several lines as lines: \n and \r\n end one; a lone \r stays inside its line. */
export function linesOf(text: string): string[] {
  return text.split(/\r?\n/);
}
