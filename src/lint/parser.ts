import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import type * as LibPgQuery from 'libpg-query';
import type { Node } from 'libpg-query';
import { advanceCodePoints, byteToUtf16Offset } from '../sql/code-points.js';

/**
 * PostgreSQL's own parser (libpg_query, compiled to WebAssembly), loaded only when a run lints.
 *
 * The bundler copies the .wasm file next to the bundle and replaces this expression with the
 * copy's path (a string); unbundled (tests), it stays a file URL into node_modules.
 */
const WASM_FILE: unknown = new URL('../../node_modules/libpg-query/wasm/libpg-query.wasm', import.meta.url);

export type ParsedStatement = { node: Node } | { error: { message: string; /** UTF-16 offset into the text */ offset: number } };

export interface Parser {
  /** Parses one statement of the lexer's split; a text that holds several gives the first. */
  parse(text: string): ParsedStatement;
}

let loading: Promise<Parser> | undefined;

export function loadParser(): Promise<Parser> {
  // (no `??=` in this module: the bundler's asset scan parses it with an older grammar, and
  // would leave the .wasm to a loader that corrupts it)
  if (!loading) loading = load();
  return loading;
}

async function load(): Promise<Parser> {
  const wasmPath = WASM_FILE instanceof URL ? fileURLToPath(WASM_FILE) : String(WASM_FILE);
  // A migration set needs a few hundred parses, not PostgreSQL's whole grammar at full speed:
  // compile each WebAssembly function on its first call, with the baseline compiler only. On two
  // busy cores this halves the time to the first parse, which eager compilation and background
  // optimisation of the 1.7 MB module otherwise spend. (These flags only concern WebAssembly,
  // and this is the process's only module.)
  setFlagsFromString('--wasm-lazy-compilation');
  setFlagsFromString('--liftoff-only');
  // Node 24's V8 ignores --liftoff-only set at run time and tiers the parser's largest function
  // up to TurboFan in the background: about 2 s and 550 MB, which the process waits for at exit.
  // Only both of these, set before the module loads, keep it to the baseline compiler there.
  setFlagsFromString('--no-wasm-tier-up');
  setFlagsFromString('--no-wasm-dynamic-tiering');
  // Emscripten's glue looks for the .wasm in `__dirname`, which an ES module bundle does not
  // define: lend it the directory of the copy while the module starts (the lookup happens
  // synchronously, when the module is evaluated), and take it back.
  const scope = globalThis as { __dirname?: string };
  const lent = scope.__dirname === undefined;
  if (lent) scope.__dirname = dirname(wasmPath);
  let library: typeof LibPgQuery;
  try {
    library = await import('libpg-query');
  } finally {
    if (lent) delete scope.__dirname;
  }
  await library.loadModule();
  return {
    parse(text) {
      try {
        const node = library.parseSync(text).stmts?.[0]?.stmt;
        return node ? { node } : { error: { message: 'empty statement', offset: 0 } };
      } catch (error) {
        const details = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
        return { error: { message: (error as Error).message, offset: cursorToUtf16Offset(text, details?.cursorPosition) } };
      }
    },
  };
}

/**
 * The UTF-16 offset into `text` of a syntax error's position. PostgreSQL reports an error's
 * cursor position in characters, not bytes (scanner_errposition: pg_mbstrlen_with_len, in
 * libpg_query's UTF-8, so code points); libpg-query hands it over 0-based as `cursorPosition`.
 * The syntax tree's `location`s, by contrast, are byte offsets: see byteToUtf16Offset.
 */
export function cursorToUtf16Offset(text: string, cursorPosition: number | undefined): number {
  if (cursorPosition === undefined || !(cursorPosition > 0)) return 0;
  return advanceCodePoints(text, 0, Math.floor(cursorPosition));
}

/**
 * The syntax tree's `location`s count UTF-8 bytes into the parsed text; the lexer and the
 * editors count UTF-16 units. (Not for an error's cursor position, which counts characters.)
 */
export { byteToUtf16Offset };
