// The W2 floor's connection part measured inside one Node process, and what loading the driver
// costs: prints {loadMs, connectQueryMs} as JSON. Usage: node connect-probe.mjs URL
const loadStart = performance.now();
const { default: pg } = await import('pg');
const loaded = performance.now();
const client = new pg.Client({ connectionString: process.argv[2] });
await client.connect();
await client.query('SELECT 1');
const done = performance.now();
await client.end();
process.stdout.write(`${JSON.stringify({ loadMs: loaded - loadStart, connectQueryMs: done - loaded })}\n`);
