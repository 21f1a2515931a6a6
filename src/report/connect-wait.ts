/** How often a wait for the database is reported again. */
const REPEAT_MS = 10_000;

/**
 * The messages of a wait for the database (a service container still starting): the engine
 * reports every failed attempt, a person needs one line when the wait starts and then one about
 * every 10 s with the time left.
 */
export class ConnectWait {
  /** connect-timeout, when known: the time left is said from it */
  timeoutMs: number | null = null;
  private started: number | null = null;
  private said = 0;

  constructor(private readonly now: () => number) {}

  /** The line to print for this failed attempt, or null for none. */
  retry(reason: string): string | null {
    const now = this.now();
    if (this.started === null) {
      this.started = now;
      this.said = now;
      const limit = this.timeoutMs === null ? '' : `; trying for up to ${seconds(this.timeoutMs)} s`;
      return `waiting for the database (${reason})${limit}`;
    }
    if (now - this.said < REPEAT_MS) return null;
    this.said = now;
    const left = this.timeoutMs === null ? '' : `, about ${seconds(Math.max(0, this.timeoutMs - (now - this.started)))} s left`;
    return `still waiting for the database (${reason})${left}`;
  }
}

function seconds(ms: number): number {
  return Math.round(ms / 1000);
}
