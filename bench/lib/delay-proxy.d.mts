export interface DelayProxy {
  port: number;
  /** roundTrips: the round trips the clients waited for (a pipelined request is not one). */
  stats(): { connections: number; roundTrips: number };
  /** messages: every Query, Sync or FunctionCall; opaque: connections that went over to TLS/GSS. */
  counts(): { connections: number; messages: number; waited: number; opaque: number };
  reset(): void;
  close(): Promise<void>;
}
export function startDelayProxy(options: { upstreamHost?: string; upstreamPort?: number; roundTripMs: number }): Promise<DelayProxy>;
