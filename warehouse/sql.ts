import type { DuckDBConnection } from "@duckdb/node-api";

// Small SQL helpers: identifiers and literals are quoted here and nowhere else.
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function literal(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return "NULL";
    return String(value);
  }
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return `'${value.replaceAll("'", "''")}'`;
}

/** Runs `fn` with a DuckDB setting changed for it alone: set before, reset after, also when `fn` throws. */
export async function withSetting<T>(conn: { run(sql: string): Promise<unknown> }, name: string, value: string, fn: () => Promise<T>): Promise<T> {
  await conn.run(`SET ${name} = ${literal(value)}`);
  try {
    return await fn();
  } finally {
    await conn.run(`RESET ${name}`);
  }
}

/** Column names of a table (temp or main), optionally only those starting with a prefix. */
export async function columnsOf(conn: DuckDBConnection, table: string, prefix = ""): Promise<string[]> {
  const rows = (await conn.runAndReadAll(`SELECT column_name FROM duckdb_columns() WHERE table_name = $t ORDER BY column_index`, { t: table })).getRows();
  return rows.map((r) => String(r[0])).filter((c) => c.startsWith(prefix));
}
