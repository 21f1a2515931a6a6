// pg_dump's schema-only output as entries keyed by its table of contents (`-- Name: users; Type:
// TABLE; Schema: app`), normalised so that two databases with the same schema print the same:
// owners, session settings and the \restrict key differ by right. So do the names of NOT NULL
// constraints (PostgreSQL 18 prints `CONSTRAINT foo_x_not_null NOT NULL` for a table renamed from
// foo, and a NOT VALID one as an entry of its own): drift compares them by meaning, so does this.
// Column options named pg_… are the server's own (some builds, such as the system PostgreSQL 15
// of CI, keep a per-column pg_attver, different in every database): drift leaves them out, as
// that server's pg_dump 15 does; pg_dump 18 prints them
// (`ALTER TABLE ONLY app.t ALTER COLUMN id SET (pg_attver=2493975624);`), and this drops them.

const HEADER = /^-- Name: (.*); Type: (.*); Schema: (.*?)(?:; Owner: .*)?$/;

export function dumpEntries(dump: string): Map<string, string> {
  const entries = new Map<string, string>();
  let key: string | null = null;
  let body: string[] = [];
  const flush = (): void => {
    if (key !== null) {
      // `ALTER TABLE app.loose ADD CONSTRAINT loose_id_not_null NOT NULL id` (the name is gone by
      // now) is the entry `loose loose_id_not_null`: named by its meaning, `loose.id NOT NULL`.
      const notNull = /ADD NOT NULL (\S+)/.exec(body.join(' '));
      if (notNull) key = key.replace(/ \S+$/, `.${notNull[1]} NOT NULL`);
      entries.set(key, [...(entries.get(key) ?? '').split('\n').filter(Boolean), ...body].join('\n'));
    }
    body = [];
  };
  for (const line of dump.split('\n')) {
    const header = HEADER.exec(line);
    if (header) {
      flush();
      key = `${header[2]}; ${header[3]}; ${header[1]}`;
      continue;
    }
    if (line.trim() === '' || line.startsWith('--') || /^\\(un)?restrict /.test(line)) continue;
    if (line.startsWith('SET ') || line.startsWith('SELECT pg_catalog.set_config(')) continue;
    const kept = withoutServerOptions(line);
    if (kept !== null) body.push(kept.replace(/CONSTRAINT \S+ NOT NULL/g, 'NOT NULL'));
  }
  flush();
  return entries;
}

/** A column's `SET (…)` line without its pg_… options, or null when it had no others. */
function withoutServerOptions(line: string): string | null {
  const set = /^(ALTER TABLE (?:ONLY )?\S+ ALTER COLUMN \S+ SET \()(.*)(\);)$/.exec(line);
  if (!set) return line;
  const options = set[2]!.split(', ').filter((option) => !option.startsWith('pg_'));
  return options.length === 0 ? null : `${set[1]}${options.join(', ')}${set[3]}`;
}

/** The entries (`Type; Schema; Name`) that only one dump has or that differ, with both texts. */
export function dumpDifferences(expected: string, actual: string): Map<string, [string | undefined, string | undefined]> {
  const a = dumpEntries(expected);
  const b = dumpEntries(actual);
  const differences = new Map<string, [string | undefined, string | undefined]>();
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    if (a.get(key) !== b.get(key)) differences.set(key, [a.get(key), b.get(key)]);
  }
  return differences;
}

/**
 * The differing entries no drift line speaks of. A line speaks of an entry when it names every
 * name in the entry's own (`COLUMN users.bio` → `users.bio`; `posts posts_title_check` → both),
 * or says that an object the entry names is only on one side (`publication omt_pub: only in the
 * database` speaks of its `PUBLICATION TABLE omt_pub posts`).
 */
export function uncovered(differences: Map<string, unknown>, lines: string[]): string[] {
  const onlyOneSide = lines.filter((line) => / only (in|from) the [a-z]+$/.test(line)).map((line) => line.slice(0, line.indexOf(': ')));
  return [...differences.keys()].filter((key) => {
    const [type, , name] = key.split('; ');
    if (type === 'DEFAULT ACL') return !lines.some((line) => line.startsWith('default privileges'));
    const names = name!
      .split(/[\s,()]+/)
      .filter((word) => word !== '' && !/^[A-Z ]+$/.test(word))
      .map((word) => word.replace(/"/g, ''));
    if (names.some((word) => onlyOneSide.some((subject) => subject.endsWith(` ${word}`) || subject.endsWith(`.${word}`)))) return false;
    return !lines.some((line) => names.every((word) => line.includes(word)));
  });
}
