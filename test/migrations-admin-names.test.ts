// A warehouse built before migration 011 (adm1_/adm2_/adm3_ columns in activities) must open, migrate in
// place and keep its rows under the admin1_/admin2_/admin3_ names (issue #13).
import { DuckDBInstance } from "@duckdb/node-api";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listMigrations } from "../warehouse/migrate.ts";
import { openWarehouse, queryRows } from "../warehouse/db.ts";

const dir = join(import.meta.dirname, ".tmp", "a-migrations");

describe("migration 011: admin column names", () => {
  it("renames the activities columns of an old warehouse and keeps its rows", async () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const path = join(dir, "old.duckdb");
    const old = await DuckDBInstance.create(path);
    const c = await old.connect();
    await c.run(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)`);
    for (const m of listMigrations().filter((m) => m.version <= 10)) {
      await c.run(m.sql);
      await c.run(`INSERT INTO schema_migrations (version, name) VALUES ($v, $n)`, { v: m.version, n: m.name });
    }
    await c.run(`INSERT INTO activities (org_lead, aor, adm1_pcode, adm1_name, adm2_pcode, adm2_name, adm3_pcode, reached, file_hash)
                 VALUES ('Org A', 'GP', 'XD01', 'North', 'XD0101', 'Hills', 'XD010101', 42, 'h1')`);
    c.closeSync();
    old.closeSync();

    const w = await openWarehouse(path);
    try {
      expect(await queryRows(w.conn, `SELECT admin1_pcode, admin1_name, admin2_pcode, admin2_name, admin3_pcode, reached FROM activities`)).toEqual([
        { admin1_pcode: "XD01", admin1_name: "North", admin2_pcode: "XD0101", admin2_name: "Hills", admin3_pcode: "XD010101", reached: 42 }
      ]);
      const cols = (await queryRows(w.conn, `SELECT column_name FROM information_schema.columns WHERE table_name = 'activities'`)).map((r) => r.column_name);
      expect(cols.filter((n) => /^adm\d_/.test(String(n)))).toEqual([]);
      expect((await queryRows(w.conn, `SELECT max(version) AS v FROM schema_migrations`))[0]!.v).toBeGreaterThanOrEqual(11);
    } finally {
      w.close();
    }
  });
});
