/** What the entry answers by itself, without loading the settings, the driver or the engine. */
export type QuickRequest = 'help' | 'version';

const QUICK: Readonly<Record<string, QuickRequest>> = { '--help': 'help', '-h': 'help', '--version': 'version', '-v': 'version' };

/**
 * `--help` or `--version` given alone (an action run has no arguments). Any other command line,
 * `up --help` included, goes to the full parser, which answers it the same way.
 */
export function quickRequest(argv: readonly string[]): QuickRequest | null {
  return argv.length === 1 ? (QUICK[argv[0]!] ?? null) : null;
}
