export interface DelayProxy {
  port: number;
  stats(): { connections: number; roundTrips: number };
  reset(): void;
  close(): Promise<void>;
}
export function startDelayProxy(options: { upstreamHost?: string; upstreamPort?: number; roundTripMs: number }): Promise<DelayProxy>;
