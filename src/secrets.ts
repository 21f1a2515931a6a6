/**
 * The secrets of this run (the database password in its raw and decoded forms). Every text that
 * leaves the process passes through `redact`, so a password echoed by any layer is still hidden.
 */
const secrets = new Set<string>();

export function registerSecrets(values: readonly string[]): void {
  for (const value of values) if (value.length > 0) secrets.add(value);
}

export function registeredSecrets(): string[] {
  return [...secrets];
}

export function redact(text: string): string {
  let out = text;
  // Longest first, so that a secret containing another is replaced whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(secret).join('***');
  return out;
}
