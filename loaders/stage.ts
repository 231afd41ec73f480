// Stages a sheet's data rows as text in DuckDB: SQL fast path for CSV, appender batches otherwise.
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Sheet } from "./read/sheet.ts";

export async function stageSheet(
  conn: DuckDBConnection,
  sheet: Sheet,
  table: string,
  fromRow: number,
  width: number,
  onRows?: (n: number) => void
): Promise<number> {
  if (sheet.stageSql) {
    await conn.run(`CREATE OR REPLACE TEMP TABLE ${table} AS ${sheet.stageSql(fromRow, width)}`);
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
  const r = await conn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM ${table}`);
  return Number(r.getRows()[0]![0]);
}
