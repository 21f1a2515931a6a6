// The W2 baseline: a Node process loading `pg` from node_modules, connecting, running one query
// and ending. A no-op `up` or `check` does the same and reads the state. Usage: node node-pg-select1.mjs URL
import pg from 'pg';

const client = new pg.Client({ connectionString: process.argv[2] });
await client.connect();
await client.query('SELECT 1');
await client.end();
