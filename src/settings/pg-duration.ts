/** A `lock_timeout` the connection settings give the session (as a parameter or in `options`). */
export interface SessionLockTimeout {
  /** as written */
  text: string;
  /** in milliseconds, or null when PostgreSQL's units could not be read here */
  ms: number | null;
}

export function sessionLockTimeout(values: Map<string, string>): SessionLockTimeout | undefined {
  let text = values.get('lock_timeout');
  // `options=-c lock_timeout=5s` (or --lock_timeout=5s): the server's command-line form.
  const fromOptions = /(?:^|\s)(?:-c\s*|--)lock_timeout=(\S+)/i.exec(values.get('options') ?? '')?.[1];
  text ??= fromOptions;
  if (text === undefined) return undefined;
  return { text, ms: pgDurationMs(text) };
}

const UNITS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/** PostgreSQL's reading of a time setting whose unit is milliseconds: `5000`, `5s`, `1min`. */
export function pgDurationMs(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(us|ms|s|min|h|d)?\s*$/.exec(text);
  if (!match) return null;
  return Math.round(Number(match[1]) * UNITS[match[2] ?? 'ms']!);
}
