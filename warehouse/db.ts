// The one door into DuckDB: opens the warehouse read-write (loaders, pipelines: migrations applied) or
// read-only (the site, queries), with bounded memory, the SQL macros registered, and DuckDB's lock and
// open errors turned into messages a user can act on.
import { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { tmpdir } from "node:os";
import { UserError } from "./errors.ts";
import { literal } from "./sql.ts";
import { migrate } from "./migrate.ts";
import { registerMacros } from "./macros.ts";

export const DEFAULT_DB = "data/warehouse.duckdb";

/** The warehouse a process works on when no path is given: PROTECTION_DB, else the default. */
export function warehousePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.PROTECTION_DB || DEFAULT_DB;
}

export interface Warehouse {
  instance: DuckDBInstance;
  conn: DuckDBConnection;
  path: string;
  close(): void;
}

export interface OpenOptions {
  readOnly?: boolean;
  /** Seconds to wait for another process holding the warehouse before giving up. */
  waitSeconds?: number;
}

/**
 * Rows per row group of what a read-write process writes. A bulk insert goes straight to the file
 * (optimistically, while it runs) once it has filled a row group, and otherwise at commit, through the WAL and
 * a checkpoint. At DuckDB's default of 122,880 a 100,000-row sheet took the slow path (insert 0.18–0.23 s +
 * commit 0.33–0.44 s); at 61,440 it is 0.35–0.42 s + 6 ms, and the bench's XLSX ingest went from a median of
 * 4.57 s to 4.19 s (6 interleaved runs each). A million-row CSV is unchanged. The size is an option of ATTACH
 * only, hence the in-memory instance with the warehouse attached to it as the default catalog.
 */
const ROW_GROUP_SIZE = 61_440;

function isLockError(e: unknown): boolean {
  return /Could not set lock|Conflicting lock|lock on file/i.test(String((e as Error)?.message ?? e));
}

export async function openWarehouse(path = warehousePath(), options: OpenOptions = {}): Promise<Warehouse> {
  const { readOnly = false, waitSeconds = 30 } = options;
  if (path !== ":memory:" && !readOnly) mkdirSync(dirname(path), { recursive: true });
  // read-only never creates a file: a missing warehouse is said as such, not as DuckDB's open error
  if (readOnly && path !== ":memory:" && !existsSync(path)) throw new UserError(`warehouse not found: ${path} (run \`protection ingest\` first)`);
  const deadline = Date.now() + waitSeconds * 1000;
  const attach = !readOnly && path !== ":memory:";
  let instance: DuckDBInstance | undefined = attach ? await DuckDBInstance.create(":memory:") : undefined;
  let conn: DuckDBConnection | undefined = attach ? await instance!.connect() : undefined;
  for (;;) {
    try {
      if (attach) {
        await conn!.run(`ATTACH ${literal(path)} AS warehouse (ROW_GROUP_SIZE ${ROW_GROUP_SIZE})`);
        await conn!.run("USE warehouse");
      } else instance = await DuckDBInstance.create(path, readOnly ? { access_mode: "READ_ONLY" } : {});
      break;
    } catch (e) {
      const message = String((e as Error)?.message ?? e);
      if (isLockError(e)) {
        if (Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 250));
          continue;
        }
        closeQuietly(conn, instance);
        throw new UserError(`warehouse is in use by another process: ${path} (waited ${waitSeconds} s; try again when it has finished)`);
      }
      closeQuietly(conn, instance);
      if (readOnly && /does not exist|No such file|Cannot open database/i.test(message)) {
        throw new UserError(`warehouse not found: ${path} (run \`protection ingest\` first)`);
      }
      throw new UserError(`cannot open warehouse ${path}: ${message.split("\n")[0]}`);
    }
  }
  conn ??= await instance!.connect();
  // bounded memory: big files spill to disk instead of growing the process (override for big machines).
  // 1000MB keeps a million-row ingest's whole process under 1.5 GB (1.24–1.32 GB measured; with 1200MB
  // 1.36–1.59 GB, at the same speed): DuckDB's limit covers its buffers, not Node or the allocator's slack
  await conn.run(`SET memory_limit = '${(process.env.PROTECTION_MEMORY_LIMIT ?? "1000MB").replace(/[^0-9A-Za-z. ]/g, "")}'`);
  // spill files beside the warehouse, as DuckDB does for a database it opens itself (an in-memory instance,
  // which the attached warehouse lives in, would spill into ./.tmp of wherever the process started)
  if (path === ":memory:") await conn.run(`SET temp_directory = '${tmpdir().replace(/'/g, "''")}/protection-duckdb-spill'`);
  else if (attach) await conn.run(`SET temp_directory = ${literal(`${path}.tmp`)}`);
  await registerMacros(conn);
  if (!readOnly) await migrate(conn);
  const opened = conn;
  return {
    instance: instance!,
    conn: opened,
    path,
    close() {
      opened.closeSync();
      instance!.closeSync();
    }
  };
}

function closeQuietly(conn: DuckDBConnection | undefined, instance: DuckDBInstance | undefined): void {
  try {
    conn?.closeSync();
    instance?.closeSync();
  } catch {
    // closing what never opened: nothing to keep
  }
}

export async function withWarehouse<T>(path: string, fn: (w: Warehouse) => Promise<T>, options: OpenOptions = {}): Promise<T> {
  const w = await openWarehouse(path, options);
  try {
    return await fn(w);
  } finally {
    w.close();
  }
}

/** Rows as plain objects; BIGINTs become numbers when safe, so callers need not care. */
export async function queryRows(conn: DuckDBConnection, sql: string, params?: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  const reader = params ? await conn.runAndReadAll(sql, params as never) : await conn.runAndReadAll(sql);
  const rows = reader.getRowObjectsJS() as Record<string, unknown>[];
  for (const row of rows) {
    for (const [k, v] of Object.entries(row)) {
      if (typeof v === "bigint") row[k] = Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
    }
  }
  return rows;
}

export async function queryValue<T = unknown>(conn: DuckDBConnection, sql: string, params?: Record<string, unknown>): Promise<T> {
  const rows = await queryRows(conn, sql, params);
  const first = rows[0];
  return (first ? Object.values(first)[0] : undefined) as T;
}

/** A JSON-safe cell: what every site data loader hands on to publish(). */
export type Value = string | number | boolean | null | Value[];
export type Row = Record<string, Value>;

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

/** The site's view of the warehouse: read-only, rows as JSON values. */
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

export async function openReadOnly(path = warehousePath(), waitSeconds = 30): Promise<ReadOnlyWarehouse> {
  const w = await openWarehouse(path, { readOnly: true, waitSeconds });
  const { conn } = w;
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
    close: () => w.close()
  };
}
