/**
 * A moment from the history as the reports show it, to the second. A history row is written by
 * anyone with INSERT on the table: a timestamp JavaScript cannot hold (`infinity`) is "unknown".
 */
export function instantText(moment: Date): string {
  return Number.isNaN(moment.getTime()) ? 'unknown' : moment.toISOString().replace(/\.\d+Z$/, 'Z');
}
