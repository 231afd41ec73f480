// A small operation planted directly in a warehouse (boundaries, population, an HNO table, 5W lines),
// then run through the pipelines: the public-build and attacker tests plant restricted values in it
// (a GBV-only partner, small counts, case management) and look for them in what a public build writes.
import type { DuckDBConnection } from "@duckdb/node-api";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runPipelines } from "../../pipelines/run.ts";
import { openWarehouse } from "../../warehouse/db.ts";
import { parseOperationConfig } from "../../warehouse/operation-config.ts";
import { ident, literal } from "../../warehouse/sql.ts";

export type PlantedRow = Record<string, string | number | null>;

export const GROUPS = ["idp", "host"] as const;
export const RATED_AORS = ["GP", "GBV"] as const;

export interface PlantedOperation {
  dir: string;
  /** Merged over data/operation.json; currentQuarter 2025Q4 and asOf 2026-01-15 unless given. */
  settings?: Record<string, unknown>;
  /** Admin1 p-code → name; its admin2 are the `admin2` entries starting with it. */
  admin1: Record<string, string>;
  /** Admin2 p-code → name, in map order (a row of unit squares per admin1). */
  admin2: Record<string, string>;
  /** The HNO figures of one admin2 (its index in `admin2`) × group × AoR. */
  rate: (pcode: string, index: number, group: (typeof GROUPS)[number], aor: (typeof RATED_AORS)[number]) => { severity: number; pin: number };
  /** The 5W file's ingest_files row (file_hash, file_name, counts…); its lines are `activities`. */
  fiveWFile: PlantedRow;
  activities: PlantedRow[];
  issues?: PlantedRow[];
}

async function insertRows(conn: DuckDBConnection, table: string, rows: PlantedRow[]): Promise<void> {
  for (const row of rows) {
    const cols = Object.entries(row).map(([k, v]) => `${literal(v)} AS ${ident(k)}`);
    await conn.run(`INSERT INTO ${ident(table)} BY NAME SELECT ${cols.join(", ")}`);
  }
}

const rectangle = (x: number, y: number, width: number) =>
  JSON.stringify({ type: "Polygon", coordinates: [[[x, y], [x + width, y], [x + width, y + 1], [x, y + 1], [x, y]]] });

/**
 * 5W lines of November 2025 (quarter 2025Q4) from one file, numbered as they come: an NNGO's cumulative
 * "# of people reached", targeted = reached + 10; `extra` overrides any column (org_type, activity_code…).
 */
export function fiveWLines(fileHash: string) {
  let row = 0;
  return (org: string, aor: string, activity: string | null, admin2: string, group: string, reached: number, extra: PlantedRow = {}): PlantedRow => ({
    reporting_month: "2025-11-01",
    org_lead: org,
    org_type: "NNGO",
    aor,
    activity,
    indicator: "# of people reached",
    admin1_pcode: admin2.slice(0, 4),
    admin2_pcode: admin2,
    population_group: group,
    reporting_type: "cumulative",
    targeted: reached + 10,
    reached,
    file_hash: fileHash,
    sheet: "5W",
    row_number: ++row,
    ...extra
  });
}

/** Writes the operation's config and a fresh warehouse under `dir`, runs the pipelines. */
export async function plantWarehouse(op: PlantedOperation): Promise<{ db: string; config: string }> {
  mkdirSync(op.dir, { recursive: true });
  const db = join(op.dir, "warehouse.duckdb");
  for (const f of [db, `${db}.wal`]) rmSync(f, { force: true });
  const operation = JSON.parse(readFileSync("data/operation.json", "utf8"));
  const settings = { ...operation, currentQuarter: "2025Q4", asOf: "2026-01-15", ...op.settings };
  const config = join(op.dir, "operation.json");
  writeFileSync(config, JSON.stringify(settings, null, 2));
  const admin1 = Object.keys(op.admin1);
  const admin2 = Object.keys(op.admin2);
  const under = (a1: string) => admin2.filter((a2) => a2.startsWith(a1));
  const severityRows = admin2.length * GROUPS.length * RATED_AORS.length;

  const w = await openWarehouse(db);
  try {
    const c = w.conn;
    await c.run(`INSERT INTO ingest_runs VALUES ('run1', TIMESTAMP '2026-01-15 08:00:00', TIMESTAMP '2026-01-15 08:01:00', 'ingest', 3, 0, 40, 39, 1)`);
    const loaded = { run_id: "run1", rows_rejected: 0, rows_flagged: 0, status: "loaded" };
    await insertRows(c, "ingest_files", [
      { ...loaded, kind: "5w", format: "xlsx", loaded_at: "2026-01-15 08:00:10", ...op.fiveWFile },
      { ...loaded, file_hash: "hcod", file_name: "cod_ab.geojson", kind: "boundaries", format: "json", loaded_at: "2026-01-15 08:00:00", rows_read: admin1.length + admin2.length, rows_accepted: admin1.length + admin2.length },
      { ...loaded, file_hash: "hhno", file_name: "hno_2025.csv", kind: "severity", format: "csv", loaded_at: "2026-01-15 08:00:05", rows_read: severityRows, rows_accepted: severityRows }
    ]);
    if (op.issues?.length) await insertRows(c, "ingest_issues", op.issues);
    // each admin1 a band of unit squares, one per admin2, the admin1 the rectangle around them
    await insertRows(c, "admin_areas", [
      ...admin1.map((pcode, y) => ({ pcode, name: op.admin1[pcode]!, level: 1, parent_pcode: "XD", admin1_pcode: pcode, geometry: rectangle(10, 10 + y, under(pcode).length), file_hash: "hcod" })),
      ...admin1.flatMap((a1, y) =>
        under(a1).map((pcode, x) => ({ pcode, name: op.admin2[pcode]!, level: 2, parent_pcode: a1, admin1_pcode: a1, geometry: rectangle(10 + x, 10 + y, 1), file_hash: "hcod" }))
      )
    ]);
    await insertRows(
      c,
      "population",
      admin2.flatMap((pcode, i) => [
        { pcode, admin_level: 2, population_group: "idp", sex: "t", age_band: "total", population: 4000 + 500 * i, file_hash: "hhno" },
        { pcode, admin_level: 2, population_group: "host", sex: "t", age_band: "total", population: 9000 + 700 * i, file_hash: "hhno" }
      ])
    );
    let row = 0;
    await insertRows(
      c,
      "severity",
      admin2.flatMap((pcode, i) =>
        GROUPS.flatMap((group) =>
          RATED_AORS.map((aor) => ({ period: "2025", admin_pcode: pcode, admin_level: 2, population_group: group, aor, ...op.rate(pcode, i, group, aor), file_hash: "hhno", row_number: ++row }))
        )
      )
    );
    await insertRows(c, "activities", op.activities);
    await runPipelines(c, parseOperationConfig(settings));
  } finally {
    w.close();
  }
  return { db, config };
}

/** Every file under a folder (a built site), recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}
