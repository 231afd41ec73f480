// Stages a sheet's data rows as text in DuckDB: a view over read_csv for CSV, appender batches otherwise.
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
    // a view: the CSV is read once, straight into the typed table, instead of being copied first
    await conn.run(`CREATE OR REPLACE TEMP VIEW ${table}_view AS ${sheet.stageSql(fromRow, width)}`);
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
