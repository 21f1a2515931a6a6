import { createRequire } from 'node:module';

/**
 * One of Node's own modules, loaded when this is called rather than when the bundle loads: an
 * `import` of it would be evaluated with the bundle, whether the run needs it or not.
 */
export function loadBuiltin<T>(name: `node:${string}`): T {
  // process.getBuiltinModule: Node.js 20.16 and later
  return (typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule(name) : createRequire(import.meta.url)(name)) as T;
}
