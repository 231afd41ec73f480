// The site's only door into the warehouse: read-only, path from PROTECTION_DB, rows as plain JSON values.
import { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { existsSync } from "node:fs";

export const DEFAULT_DB = "data/warehouse.duckdb";

/** A JSON-safe cell: what every data loader hands on to publish(). */
export type Value = string | number | boolean | null | Value[];
export type Row = Record<string, Value>;

export interface ReadOnlyWarehouse {
  path: string;
  conn: DuckDBConnection;
  /** Names of the tables and views in the main schema (lower case). */
  tables(): Promise<Set<string>>;
  /** All rows of a table or view, or null when it does not exist. */
  readTable(table: string): Promise<{ columns: string[]; rows: Row[] } | null>;
  query(sql: string, params?: Record<string, string | number>): Promise<{ columns: string[]; rows: Row[] }>;
  close(): void;
}

export function warehousePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.PROTECTION_DB || DEFAULT_DB;
}

function isLockError(e: unknown): boolean {
  return /Could not set lock|Conflicting lock|lock on file/i.test(String((e as Error)?.message ?? e));
}

/** DuckDB values → JSON: BIGINT → number, DATE → "YYYY-MM-DD", TIMESTAMP → ISO text. */
export function toJsonValue(v: unknown): Value {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "string" || typeof v === "boolean") return v;
  if (v instanceof Date) {
    const iso = v.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.replace(/\.000Z$/, "Z");
  }
  if (Array.isArray(v)) return v.map(toJsonValue);
  return String(v);
}

export async function openReadOnly(path = warehousePath(), waitSeconds = 30): Promise<ReadOnlyWarehouse> {
  if (!existsSync(path)) throw new Error(`warehouse not found: ${path}`);
  const deadline = Date.now() + waitSeconds * 1000;
  let instance: DuckDBInstance;
  for (;;) {
    try {
      instance = await DuckDBInstance.create(path, { access_mode: "READ_ONLY" });
      break;
    } catch (e) {
      if (isLockError(e) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
        continue;
      }
      throw new Error(`cannot open warehouse read-only: ${path}: ${String((e as Error)?.message ?? e).split("\n")[0]}`);
    }
  }
  const conn = await instance.connect();
  const query = async (sql: string, params?: Record<string, string | number>) => {
    const reader = params ? await conn.runAndReadAll(sql, params) : await conn.runAndReadAll(sql);
    const columns = reader.columnNames();
    const rows = (reader.getRowObjectsJS() as Record<string, unknown>[]).map((r) => {
      const out: Row = {};
      for (const c of columns) out[c] = toJsonValue(r[c]);
      return out;
    });
    return { columns, rows };
  };
  let tableNames: Set<string> | undefined;
  const tables = async () => {
    if (!tableNames) {
      const { rows } = await query(
        `SELECT lower(table_name) AS name
         FROM information_schema.tables
         WHERE table_schema = 'main' -- pipelines and loaders write to main; temp objects do not count`
      );
      tableNames = new Set(rows.map((r) => String(r.name)));
    }
    return tableNames;
  };
  return {
    path,
    conn,
    tables,
    query,
    async readTable(table: string) {
      if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`invalid table name: ${table}`);
      if (!(await tables()).has(table)) return null;
      return query(`SELECT * FROM "${table}"`);
    },
    close() {
      conn.closeSync();
      instance.closeSync();
    }
  };
}
