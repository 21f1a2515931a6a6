/** Sizes for messages: `~2.1 M rows`, `1.4 GB` (units of 1024, as pg_size_pretty). */
export function formatRows(rows: number): string {
  if (rows < 1000) return `~${Math.round(rows)} ${Math.round(rows) === 1 ? 'row' : 'rows'}`;
  if (rows < 1_000_000) return `~${trim(rows / 1000)} k rows`;
  if (rows < 1_000_000_000) return `~${trim(rows / 1_000_000)} M rows`;
  return `~${trim(rows / 1_000_000_000)} G rows`;
}

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} bytes` : `${trim(value)} ${units[unit]}`;
}

/** One decimal below 10, none above: 2.1, 48, 312. */
function trim(value: number): string {
  return value < 10 ? String(Math.round(value * 10) / 10) : String(Math.round(value));
}
