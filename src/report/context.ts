/** What the reporters know of a run beyond its result. */
export interface ReportContext {
  /** where the migrations came from, as the log names it (`embedded` or the directory); null before they were loaded */
  origin: string | null;
  /**
   * the migrations are the ones carried inside the bundle: their files are not in the user's
   * repository, so they are named `embedded NAME` and no annotation points at them
   */
  embedded: boolean;
  /**
   * the command that was asked, when the run failed before its settings could be read (the
   * result then holds a placeholder); null when no known command was asked
   */
  asked?: string | null;
  /** the environment, for the links a summary may show (see trustedRunUrl) */
  env: NodeJS.ProcessEnv;
}

export type Version = number | bigint;

/** A version for people: `none` when there is none. Works for numbers and bigints alike. */
export function formatVersion(version: Version | null | undefined): string {
  return version === null || version === undefined ? 'none' : String(version);
}

/**
 * A migration file as the user can find it: a path in their repository, or `embedded NAME` for
 * the files carried inside the bundle (the action's own repository's `migrations/` is not theirs).
 */
export function displayFile(file: string, context: ReportContext): string {
  if (!context.embedded) return file;
  return `embedded ${file.slice(file.lastIndexOf('/') + 1)}`;
}

/** The file an annotation may point at: none for the embedded files, which the user's repository does not have. */
export function annotationFile(file: string, context: ReportContext): string | null {
  return context.embedded ? null : file;
}

/** `sha256:` and 12 hex digits, as the log shows checksums: enough to tell two apart. */
export function shortChecksum(checksum: string): string {
  return checksum.slice(0, 19);
}

export function formatDuration(ms: number): string {
  // a migration known to have committed only from the state read again after a lost session
  if (!Number.isFinite(ms)) return 'unknown (its answer was lost)';
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 10_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * A history row's run URL is shown as a link only when it is a run of this very repository on
 * this server: the table is data, and anyone who can write to it could otherwise plant a link.
 */
export function trustedRunUrl(url: string | null, env: NodeJS.ProcessEnv): string | null {
  if (!url || !env.GITHUB_REPOSITORY) return null;
  const prefix = `${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/`;
  if (!url.startsWith(prefix) || !/^https?:\/\//.test(prefix)) return null;
  return /^\d+(\/attempts\/\d+)?$/.test(url.slice(prefix.length)) ? url : null;
}
