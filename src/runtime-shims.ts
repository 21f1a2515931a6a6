/**
 * Evaluated before any dependency. The pg driver probes for Cloudflare Workers when it loads:
 * without `navigator` (Node.js before 21) it constructs a fetch `Response`, which loads Node's
 * whole fetch implementation and costs a no-op run a third of its start-up. Node.js 21 and later
 * define `navigator` themselves, with this userAgent.
 */
if ((globalThis as { navigator?: unknown }).navigator === undefined) {
  Object.defineProperty(globalThis, 'navigator', {
    value: { userAgent: `Node.js/${process.versions.node.split('.')[0]}` },
    configurable: true,
    writable: true,
    enumerable: false,
  });
}

export {};
