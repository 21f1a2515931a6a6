import type { MigrateError } from '../errors.js';

/**
 * The one line that tells a person what failed; the prefixes are oForum's own
 * ("✗ Failed to connect: …", "✗ Migration failed: …").
 */
export function failureLine(error: MigrateError): string {
  switch (error.code) {
    case 'config':
    case 'source':
      return `✗ ${error.message}`;
    case 'connect':
      return `✗ Failed to connect: ${error.message}`;
    case 'pending':
      return `✗ Check failed: ${error.message}`;
    case 'verify':
      return `✗ Verify failed: ${error.message}`;
    case 'drift':
      return `✗ Check failed: ${error.message}`;
    default:
      return `✗ Migration failed: ${firstLine(error.message)}`;
  }
}

export function firstLine(text: string): string {
  return text.split(/\r?\n/, 1)[0] ?? '';
}
