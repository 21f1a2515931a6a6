/**
 * The secrets of this run (the database password in its raw and decoded forms). Every text that
 * leaves the process passes through `redact` before it is escaped for where it goes, so a
 * password echoed by any layer is still hidden, whatever characters it holds.
 */
const secrets = new Set<string>();
// What `redact` replaces, longest first; rebuilt when a secret is registered.
let hidden: string[] = [];

export function registerSecrets(values: readonly string[]): void {
  for (const value of values) if (value.length > 0) secrets.add(value);
  hidden = maskValues().sort((a, b) => b.length - a.length);
}

export function registeredSecrets(): string[] {
  return [...secrets];
}

/**
 * Each secret, and each line of a multi-line one: a server message is often cut to its first
 * line, which would otherwise keep the first line of such a password.
 */
export function redact(text: string): string {
  // called for every string of a report, thousands for a large run
  if (hidden.length === 0) return text;
  let out = text;
  // Longest first, so that a secret containing another is replaced whole.
  for (const secret of hidden) if (out.includes(secret)) out = out.split(secret).join('***');
  return out;
}

/**
 * The values to register with the runner (`::add-mask::`): every secret, and each line of a
 * multi-line one, because the runner masks the log line by line. The report's protocol writer
 * escapes each as actions/toolkit escapes a command's data (% CR LF), so a password with a line
 * break stays one command instead of printing its second line to the log.
 */
export function maskValues(): string[] {
  const values = new Set<string>();
  for (const secret of secrets) {
    values.add(secret);
    for (const line of secret.split(/\r\n|\r|\n/)) if (line.trim() !== '') values.add(line);
  }
  return [...values];
}
