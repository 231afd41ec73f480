// Forward-only, versioned migrations: each file in migrations/ runs once, in order, in its own transaction.
import type { DuckDBConnection } from "@duckdb/node-api";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "./project-root.ts";

const MIGRATIONS_DIR = join(PROJECT_ROOT, "warehouse", "migrations");

export function listMigrations(): { version: number; name: string; sql: string }[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}_.+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(join(MIGRATIONS_DIR, f), "utf8") }));
}

export async function migrate(conn: DuckDBConnection): Promise<number[]> {
  await conn.run(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)`);
  const done = new Set(
    (await conn.runAndReadAll(`SELECT version FROM schema_migrations`)).getRowObjectsJS().map((r) => Number(r.version))
  );
  const applied: number[] = [];
  for (const m of listMigrations()) {
    if (done.has(m.version)) continue;
    await conn.run("BEGIN TRANSACTION");
    try {
      await conn.run(m.sql);
      await conn.run(`INSERT INTO schema_migrations (version, name) VALUES ($v, $n)`, { v: m.version, n: m.name });
      await conn.run("COMMIT");
    } catch (e) {
      await conn.run("ROLLBACK");
      throw new Error(`migration ${m.name} failed: ${(e as Error).message}`);
    }
    applied.push(m.version);
  }
  return applied;
}
