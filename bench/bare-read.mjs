// The reference: DuckDB's own CSV reader on the same file, nothing else.
//   node bench/bare-read.mjs <file.csv> <fresh.duckdb>
// Plain JavaScript, run by Node alone: the ingest it is compared with starts from its bundle, without the
// TypeScript loader, so neither side pays for tsx.
// Prints one JSON line: rows loaded, the statement's time, and open → close time (close checkpoints).
import { DuckDBInstance } from "@duckdb/node-api";

const [csv, db] = process.argv.slice(2);
if (!csv || !db) {
  process.stderr.write("usage: bare-read.mjs <file.csv> <fresh.duckdb>\n");
  process.exit(2);
}
const literal = (s) => `'${s.replace(/'/g, "''")}'`;
const t0 = performance.now();
const instance = await DuckDBInstance.create(db);
const conn = await instance.connect();
const t1 = performance.now();
await conn.run(`CREATE TABLE t AS SELECT * FROM read_csv(${literal(csv)})`);
const t2 = performance.now();
const rows = Number((await conn.runAndReadAll("SELECT count(*) FROM t")).getRows()[0][0]);
const version = String((await conn.runAndReadAll("SELECT version()")).getRows()[0][0]);
conn.closeSync();
instance.closeSync();
const t3 = performance.now();
process.stdout.write(JSON.stringify({ rows, statementS: (t2 - t1) / 1000, openToCloseS: (t3 - t0) / 1000, duckdb: version }) + "\n");
