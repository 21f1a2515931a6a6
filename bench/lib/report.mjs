// Summary statistics and the printed table.

export function median(values) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function summarize(samples) {
  if (samples.length === 0) return { n: 0, median: null, min: null, max: null };
  return { n: samples.length, median: round(median(samples)), min: round(Math.min(...samples)), max: round(Math.max(...samples)) };
}

export function round(value, digits = 1) {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** A plain-text table: the first and last columns left-aligned, the others right-aligned. */
export function table(title, header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) =>
    cells
      .map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [`\n${title}`, line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The value below which a fraction `p` of `values` lies (nearest rank). */
export function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/** A number with `digits` decimals, or a dash. */
export const fixed = (value, digits = 1) => (value === null || value === undefined ? '—' : Number(value).toFixed(digits));

/** A ratio, or a dash. */
export const times = (value) => (value === null || value === undefined ? '—' : `${Number(value).toFixed(3)}×`);

const APPLY_HEADER = [
  'runner',
  'median ms',
  'min',
  'max',
  'n',
  '× floor',
  'paired ×',
  '− floor',
  'CPU ms',
  'RSS MiB',
  'p50/migr',
  'p90/migr',
];

/** The table of an applying workload (W1, W3, W4); `labels` names the runners, `extra` adds columns. */
export function applyTable(title, runners, labels, { extra = [], note = () => '' } = {}) {
  const rows = Object.entries(runners).map(([r, s]) => [
    labels[r] ?? r,
    fixed(s.median),
    fixed(s.min),
    fixed(s.max),
    String(s.n),
    times(s.ratioToFloor),
    times(s.pairedRatioMedian),
    fixed(s.pairedGapMs, 0),
    fixed(s.cpuMsMedian, 0),
    fixed(s.maxRssKiBMedian === null ? null : s.maxRssKiBMedian / 1024),
    fixed(s.perMigrationMs?.p50, 2),
    fixed(s.perMigrationMs?.p90, 2),
    ...extra.map(([, value]) => value(r, s)),
    s.valid ? note(r, s) : `REFUSED: ${s.refused}`,
  ]);
  return table(title, [...APPLY_HEADER, ...extra.map(([name]) => name), 'note'], rows);
}
