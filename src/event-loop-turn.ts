/** Resolves after one turn of the event loop (setImmediate): I/O callbacks due meanwhile run first. */
export function eventLoopTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
