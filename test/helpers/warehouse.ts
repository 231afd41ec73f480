// Test helpers: a fresh warehouse (in memory or in a temp file) and a few queries used across tests.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openWarehouse, queryRows, type Warehouse } from "../../warehouse/db.ts";
import { parseOperationConfig } from "../../warehouse/operation-config.ts";

export const testConfig = (over: Record<string, unknown> = {}) =>
  parseOperationConfig({
    country: { iso3: "XDM", iso2: "XD", name: "Test" },
    currentQuarter: "2025Q2",
    period: { start: "2025-01-01", end: "2025-12-31" },
    ...over
  });

export async function withMemory<T>(fn: (w: Warehouse) => Promise<T>): Promise<T> {
  const w = await openWarehouse(":memory:");
  try {
    return await fn(w);
  } finally {
    w.close();
  }
}

export function tempDir(prefix = "protection-test-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const rows = queryRows;

export async function seedAreas(w: Warehouse): Promise<void> {
  // as if a boundary file had been ingested, so that provenance checks hold
  await w.conn.run(`INSERT INTO ingest_files VALUES ('seed', 'seed_admin.geojson', NULL, 'boundaries', 'json', 'seed', TIMESTAMP '2025-01-01', 6, 6, 0, 0, '[]', 'loaded')`);
  await w.conn.run(`INSERT INTO admin_areas (pcode, name, level, parent_pcode, admin1_pcode, country_pcode, file_hash, row_number) VALUES
    ('XD01', 'Nord', 1, 'XD', 'XD01', 'XD', 'seed', 2),
    ('XD02', 'Sud', 1, 'XD', 'XD02', 'XD', 'seed', 3),
    ('XD0101', 'Kéra-Nord', 2, 'XD01', 'XD01', 'XD', 'seed', 4),
    ('XD0102', 'Tessit', 2, 'XD01', 'XD01', 'XD', 'seed', 5),
    ('XD0201', 'Séno', 2, 'XD02', 'XD02', 'XD', 'seed', 6),
    ('XD0202', 'Tessit', 2, 'XD02', 'XD02', 'XD', 'seed', 7)`);
}
