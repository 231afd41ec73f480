// Stages a sheet's data rows as text in DuckDB: one read_csv into a table for CSV, appender batches otherwise.
// Returns the relation to read the staged rows from.
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Sheet } from "./read/sheet.ts";

export async function stageSheet(
  conn: DuckDBConnection,
  sheet: Sheet,
  table: string,
  fromRow: number,
  width: number,
  onRows?: (n: number) => void
): Promise<string> {
  if (sheet.stageSql) {
    // Read the CSV once into a table. DuckDB's parallel reader keeps file order, so rowids run in record
    // order; inside a transaction they start at a large base, hence "rowid - first". Numbering rows with
    // row_number() OVER () instead costs a serial pass as long as the read itself (1M rows: 1.1 s).
    await conn.run(`CREATE OR REPLACE TEMP TABLE ${table}_raw AS ${sheet.stageSql(fromRow, width)}`);
    const [first, last, n] = (await conn.runAndReadAll(`SELECT min(rowid), max(rowid), count(*) FROM ${table}_raw`)).getRows()[0]!.map((x) => BigInt((x as bigint | null) ?? 0));
    const rowNumber = n === 0n || last - first + 1n === n ? `rowid - ${first} + ${fromRow}` : `row_number() OVER () + ${fromRow - 1}`;
    await conn.run(`CREATE OR REPLACE TEMP VIEW ${table}_view AS SELECT CAST(${rowNumber} AS INTEGER) AS _row, * FROM ${table}_raw`);
    onRows?.(Number(n));
    return `${table}_view`;
  } else {
    const cols = Array.from({ length: width }, (_, i) => `c${i} VARCHAR`).join(", ");
    await conn.run(`CREATE OR REPLACE TEMP TABLE ${table} (_row INTEGER, ${cols})`);
    const appender = await conn.createAppender(table, "main", "temp");
    let n = 0;
    for await (const { row, cells } of sheet.rows(fromRow)) {
      appender.appendInteger(row);
      for (let i = 0; i < width; i++) {
        const v = cells[i];
        if (v === null || v === undefined) appender.appendNull();
        else appender.appendVarchar(v);
      }
      appender.endRow();
      if (++n % 10_000 === 0) {
        appender.flushSync();
        onRows?.(n);
      }
    }
    appender.flushSync();
    appender.closeSync();
    onRows?.(n);
  }
  return table;
}

/**
 * Every distinct value of the given staged columns with its row count, in one table (col, v, n): the personal-data
 * scan and the typing dictionaries both read it, so a million-row sheet is grouped once per column, not twice
 * (bench: 0.45 s scan + 0.42 s dictionaries → 0.24 s + a few ms over the distinct values).
 */
export async function distinctValues(conn: DuckDBConnection, relation: string, columns: number[], table: string): Promise<string> {
  const parts = columns.map((i) => `SELECT ${i}::INTEGER AS col, c${i} AS v, count(*)::BIGINT AS n FROM ${relation} GROUP BY c${i}`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${table} AS ${parts.length ? parts.join(" UNION ALL ") : "SELECT NULL::INTEGER AS col, NULL::VARCHAR AS v, 0::BIGINT AS n WHERE FALSE"}`);
  return table;
}
