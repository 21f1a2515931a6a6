/**
 * The table locks a file's statements hold at each point. Inside a transaction a lock is held
 * until COMMIT, so a cheap ALTER that takes ACCESS EXCLUSIVE makes every later slow statement
 * on that table block reads too. Modes by strength, as in the table-level lock table of
 * https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES.
 */
export const LOCK_MODES = [
  'ACCESS SHARE',
  'ROW SHARE',
  'ROW EXCLUSIVE',
  'SHARE UPDATE EXCLUSIVE',
  'SHARE',
  'SHARE ROW EXCLUSIVE',
  'EXCLUSIVE',
  'ACCESS EXCLUSIVE',
] as const;

export type LockMode = (typeof LOCK_MODES)[number];

/** The strength of a mode: LockStmt's `mode` field uses the same numbers (1 = ACCESS SHARE). */
export function lockStrength(mode: LockMode): number {
  return LOCK_MODES.indexOf(mode) + 1;
}

/** SHARE and stronger conflict with ROW EXCLUSIVE: writes wait. */
export function blocksWrites(mode: LockMode): boolean {
  return lockStrength(mode) >= lockStrength('SHARE');
}

export interface HeldLock {
  mode: LockMode;
  /** the line of the statement that took it */
  line: number;
}

export class TransactionTracker {
  private readonly held = new Map<string, HeldLock>();
  private open: boolean;

  /** @param wholeFile the file runs as one transaction (this tool's and golang-migrate's default) */
  constructor(private readonly wholeFile: boolean) {
    this.open = wholeFile;
  }

  /** Whether the statement being linted runs inside a transaction that holds its locks on. */
  get inTransaction(): boolean {
    return this.open;
  }

  /** A file that manages its own transactions: BEGIN opens one, COMMIT or ROLLBACK ends it. */
  control(keywords: string): void {
    if (this.wholeFile) return;
    if (/^(BEGIN|START TRANSACTION)$/.test(keywords)) this.open = true;
    else if (/^(COMMIT|END|ABORT|ROLLBACK)$/.test(keywords)) {
      this.open = false;
      this.held.clear();
    }
  }

  /** The strongest lock held on `table` since an earlier statement of this transaction. */
  heldOn(table: string): HeldLock | undefined {
    return this.open ? this.held.get(table) : undefined;
  }

  took(table: string, mode: LockMode, line: number): void {
    if (!this.open) return;
    const current = this.held.get(table);
    if (!current || lockStrength(mode) > lockStrength(current.mode)) this.held.set(table, { mode, line });
  }
}
