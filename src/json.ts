/**
 * JSON.stringify, except that a bigint is written as a JSON number, digit for digit (JSON.stringify
 * throws on one, and a number would round a version above 2^53). Everything else is written
 * exactly as JSON.stringify writes it, without indentation: `toJSON` is honoured, and undefined,
 * functions and symbols are left out of objects and written as null in arrays.
 */
export function toJson(value: unknown): string {
  return write(value, '') ?? 'null';
}

function write(value: unknown, key: string): string | undefined {
  if (typeof value === 'bigint') return value.toString();
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(key: string): unknown }).toJSON(key);
    if (typeof value === 'bigint') return value.toString();
  }
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Number || value instanceof String || value instanceof Boolean) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item, index) => write(item, String(index)) ?? 'null').join(',')}]`;
  const members: string[] = [];
  for (const [name, member] of Object.entries(value)) {
    const text = write(member, name);
    if (text !== undefined) members.push(`${JSON.stringify(name)}:${text}`);
  }
  return `{${members.join(',')}}`;
}
