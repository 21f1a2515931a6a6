import type { Statement } from '../sql/index.js';
import { createLineLocator } from '../sql/line-locator.js';
import { lineCommentEnd, scanBlockComment } from '../sql/scan.js';
import { tokenize } from '../sql/tokenize.js';
import { isRuleName, UNSUPPRESSIBLE, type RuleName } from './rules.js';

export interface Suppression {
  rules: RuleName[];
  reason: string;
}

export interface FileSuppressions {
  /** by index into the file's statements */
  statements: Map<number, Suppression[]>;
  /** `ignore-file`: the whole file */
  file: Suppression[];
  /** comments that look like an ignore but cannot be one */
  invalid: { line: number; column: number; message: string }[];
}

const MARKER = /^--\s*oforum-migrate:(ignore-file|ignore)\b(.*)$/s;
// what looks like one but is not read as one: another case, or a block comment that starts with it
const LOOKALIKE = /^(?:--|\/\*)\s*oforum-migrate:(ignore-file|ignore)\b/i;
const BODY = /^\s+([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*:\s*(\S.*?)\s*$/s;

/**
 * Finds `-- oforum-migrate:ignore rule-a, rule-b: reason` comments. One applies to the
 * statement it is written in, or when it stands between statements to the next one; a comment
 * that trails a statement's last line applies to that statement. `ignore-file` applies to every
 * statement of the file. Only real comments count: the scan follows the lexer's tokens, so the
 * text inside a string or a function body never suppresses anything.
 */
export function findSuppressions(sql: string, statements: readonly Statement[]): FileSuppressions {
  const found: FileSuppressions = { statements: new Map(), file: [], invalid: [] };
  const locate = createLineLocator(sql);
  let previousEnd = 0;
  const visit = (from: number, to: number): void => {
    for (const { comment, end } of comments(sql, from, to)) {
      const text = sql.slice(comment, end);
      const marker = MARKER.exec(text);
      if (!marker) {
        const lookalike = LOOKALIKE.exec(text);
        if (lookalike) found.invalid.push({ ...locate(comment), message: lookalikeMessage(text, lookalike[1]!) });
        continue;
      }
      const at = locate(comment);
      const parsed = parseBody(marker[2]!);
      if (typeof parsed === 'string') {
        found.invalid.push({ ...at, message: parsed });
        continue;
      }
      if (marker[1] === 'ignore-file') {
        found.file.push(parsed);
        continue;
      }
      const target = targetOf(statements, comment, at.line, locate);
      if (target < 0) {
        found.invalid.push({ ...at, message: 'oforum-migrate:ignore is not followed by a statement' });
        continue;
      }
      found.statements.set(target, [...(found.statements.get(target) ?? []), parsed]);
    }
  };
  for (const token of tokenize(sql)) {
    if (token.kind === 'error') return found;
    visit(previousEnd, token.start);
    previousEnd = token.end;
  }
  visit(previousEnd, sql.length);
  return found;
}

function parseBody(body: string): Suppression | string {
  const match = BODY.exec(body);
  if (!match) return 'write it as: -- oforum-migrate:ignore rule-name: the reason it is safe here (the reason is required)';
  const names = match[1]!.split(',').map((name) => name.trim());
  const unknown = names.find((name) => !isRuleName(name));
  if (unknown !== undefined) return `unknown rule "${unknown}" in oforum-migrate:ignore`;
  const fixed = names.find((name) => UNSUPPRESSIBLE.has(name as RuleName));
  if (fixed !== undefined) return `${fixed} cannot be ignored`;
  return { rules: names as RuleName[], reason: match[2]! };
}

/**
 * Only the README's form is read: a `--` comment, in lower case. Another case, or a block
 * comment that starts like one, is refused rather than silently ignored (a block comment that
 * holds a `--` ignore, one commented out, is not).
 */
function lookalikeMessage(text: string, kind: string): string {
  const form = `-- oforum-migrate:${kind.toLowerCase()} rule-name: the reason it is safe here`;
  return text.startsWith('/*')
    ? `oforum-migrate:${kind.toLowerCase()} is read only in a -- comment, not in a block comment: write it as ${form}`
    : `oforum-migrate:${kind.toLowerCase()} is read only in lower case: write it as ${form}`;
}

/** The `--` and block comments of a stretch that holds only whitespace and comments. */
function* comments(sql: string, from: number, to: number): Generator<{ comment: number; end: number }> {
  let i = from;
  while (i < to) {
    if (sql.startsWith('--', i)) {
      const end = lineCommentEnd(sql, i);
      yield { comment: i, end };
      i = end;
    } else if (sql.startsWith('/*', i)) {
      const end = scanBlockComment(sql, i);
      if (end >= 0) yield { comment: i, end };
      i = end < 0 ? to : end;
    } else {
      i++;
    }
  }
}

function targetOf(statements: readonly Statement[], offset: number, line: number, locate: (offset: number) => { line: number }): number {
  const inside = statements.findIndex((s) => s.start <= offset && offset < s.end);
  if (inside >= 0) return inside;
  const next = statements.findIndex((s) => s.start > offset);
  const previous = next < 0 ? statements.length - 1 : next - 1;
  if (previous >= 0 && locate(statements[previous]!.end).line === line) return previous;
  return next;
}
