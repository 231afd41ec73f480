// The public build carries nothing restricted: a warehouse with planted restricted values (a GBV-only
// partner, a GBV count of 3 in one admin2, a case-management-only partner, an ingest issue's raw value,
// a partner's file name) is built for both audiences; every file of the public site is scanned for
// them (raw bytes, and JSON/Arrow decoded), and the internal site must show them (so the scan can fail).
import type { DuckDBConnection } from "@duckdb/node-api";
import { tableFromIPC } from "apache-arrow";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildSite } from "../cli/site.ts";
import { parseOperationConfig } from "../warehouse/operation-config.ts";
import { ident, literal } from "../warehouse/sql.ts";
import { openWarehouse, queryRows } from "../warehouse/db.ts";
import { runPipelines } from "../pipelines/run.ts";

const DIR = "test/.tmp/public-build";
const GBV_ONLY_ORG = "Zebra Sensitive Org 7741";
const CASE_MANAGEMENT_ORG = "Quokka Casework Org 5512";
const RAW_VALUE = "SECRET-RAW-VALUE-9931";
const FILE_NAME = "secret_partner_file.xlsx";
const PLANTED = [GBV_ONLY_ORG, CASE_MANAGEMENT_ORG, RAW_VALUE, FILE_NAME];
/** The admin2 where the GBV-only partner reached 3 people. */
const GBV_SMALL_AREA = "XD0102";
const ADMIN2 = ["XD0101", "XD0102", "XD0103", "XD0201", "XD0202"];

type Row = Record<string, string | number | null>;

async function insert(conn: DuckDBConnection, table: string, rows: Row[]): Promise<void> {
  for (const row of rows) {
    const cols = Object.entries(row).map(([k, v]) => `${literal(v)} AS ${ident(k)}`);
    await conn.run(`INSERT INTO ${ident(table)} BY NAME SELECT ${cols.join(", ")}`);
  }
}

function square(x: number, y: number): string {
  return JSON.stringify({ type: "Polygon", coordinates: [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]] });
}

/** One 5W line of November 2025 (quarter 2025Q4), from the partner's file. */
function activity(org: string, orgType: string, aor: string, name: string, adm2: string, group: string, reached: number, row: number): Row {
  return {
    reporting_month: "2025-11-01",
    org_lead: org,
    org_type: orgType,
    aor,
    activity: name,
    indicator: "# of people reached",
    admin1_pcode: adm2.slice(0, 4),
    admin2_pcode: adm2,
    population_group: group,
    reporting_type: "cumulative",
    targeted: reached + 10,
    reached,
    file_hash: "hsecret",
    sheet: "5W",
    row_number: row
  };
}

async function buildWarehouse(): Promise<{ db: string; config: string }> {
  mkdirSync(DIR, { recursive: true });
  const db = join(DIR, "warehouse.duckdb");
  for (const f of [db, `${db}.wal`]) rmSync(f, { force: true });
  const operation = JSON.parse(readFileSync("data/operation.json", "utf8"));
  const settings = { ...operation, currentQuarter: "2025Q4", asOf: "2026-01-15" };
  const config = join(DIR, "operation.json");
  writeFileSync(config, JSON.stringify(settings, null, 2));

  const w = await openWarehouse(db);
  try {
    const c = w.conn;
    await c.run(`INSERT INTO ingest_runs VALUES ('run1', TIMESTAMP '2026-01-15 08:00:00', TIMESTAMP '2026-01-15 08:01:00', 'ingest', 3, 0, 40, 39, 1)`);
    await insert(c, "ingest_files", [
      { file_hash: "hsecret", file_name: FILE_NAME, file_path: `/partners/${FILE_NAME}`, kind: "5w", format: "xlsx", run_id: "run1", loaded_at: "2026-01-15 08:00:10", rows_read: 12, rows_accepted: 11, rows_rejected: 1, rows_flagged: 0, status: "loaded" },
      { file_hash: "hcod", file_name: "cod_ab.geojson", kind: "boundaries", format: "json", run_id: "run1", loaded_at: "2026-01-15 08:00:00", rows_read: 7, rows_accepted: 7, rows_rejected: 0, rows_flagged: 0, status: "loaded" },
      { file_hash: "hhno", file_name: "hno_2025.csv", kind: "severity", format: "csv", run_id: "run1", loaded_at: "2026-01-15 08:00:05", rows_read: 20, rows_accepted: 20, rows_rejected: 0, rows_flagged: 0, status: "loaded" }
    ]);
    await insert(c, "ingest_issues", [
      { run_id: "run1", file_hash: "hsecret", file_name: FILE_NAME, sheet: "5W", row_number: 14, column_name: "Reached", raw_value: RAW_VALUE, severity: "error", rule: "count", reason: "not a number" }
    ]);

    await insert(c, "admin_areas", [
      { pcode: "XD01", name: "Bandiagoura", level: 1, parent_pcode: "XD", admin1_pcode: "XD01", geometry: JSON.stringify({ type: "Polygon", coordinates: [[[10, 10], [13, 10], [13, 11], [10, 11], [10, 10]]] }), file_hash: "hcod" },
      { pcode: "XD02", name: "Maréna", level: 1, parent_pcode: "XD", admin1_pcode: "XD02", geometry: JSON.stringify({ type: "Polygon", coordinates: [[[10, 11], [12, 11], [12, 12], [10, 12], [10, 11]]] }), file_hash: "hcod" },
      ...ADMIN2.map((pcode, i) => ({
        pcode,
        name: ["Séno", "Kéra-Nord", "Tessit", "Ouadi", "Nafadji"][i]!,
        level: 2,
        parent_pcode: pcode.slice(0, 4),
        admin1_pcode: pcode.slice(0, 4),
        geometry: square(10 + (i < 3 ? i : i - 3), i < 3 ? 10 : 11),
        file_hash: "hcod"
      }))
    ]);
    await insert(
      c,
      "population",
      ADMIN2.flatMap((pcode, i) => [
        { pcode, admin_level: 2, population_group: "idp", sex: "t", age_band: "total", population: 4000 + 500 * i, file_hash: "hhno" },
        { pcode, admin_level: 2, population_group: "host", sex: "t", age_band: "total", population: 9000 + 700 * i, file_hash: "hhno" }
      ])
    );
    // HNO table: rated severity with a published PiN, for GP and GBV in every admin2 and group
    let row = 0;
    await insert(
      c,
      "severity",
      ADMIN2.flatMap((pcode, i) =>
        ["idp", "host"].flatMap((group) =>
          ["GP", "GBV"].map((aor) => ({
            period: "2025",
            admin_pcode: pcode,
            admin_level: 2,
            population_group: group,
            aor,
            severity: 3 + ((i + (aor === "GBV" ? 1 : 0)) % 3),
            pin: (aor === "GBV" ? 600 : 1500) + 100 * i + (group === "host" ? 250 : 0),
            file_hash: "hhno",
            row_number: ++row
          }))
        )
      )
    );
    await insert(c, "activities", [
      // a named partner in GP everywhere in XD01, and in GBV in XD0202 (2 people: a small number)
      activity("Alpha Relief", "INGO", "GP", "Legal assistance", "XD0101", "idp", 120, 1),
      activity("Alpha Relief", "INGO", "GP", "Legal assistance", "XD0102", "idp", 80, 2),
      activity("Alpha Relief", "INGO", "GP", "Legal assistance", "XD0103", "host", 60, 3),
      activity("Alpha Relief", "INGO", "GP", "Legal assistance", "XD0201", "idp", 75, 4),
      activity("Alpha Relief", "INGO", "GBV", "Dignity kits distribution", "XD0202", "host", 2, 5),
      activity("Beta Aide Locale", "NNGO", "CP", "Psychosocial support for children", "XD0101", "idp", 40, 6),
      activity("Beta Aide Locale", "NNGO", "CP", "Psychosocial support for children", "XD0103", "idp", 70, 7),
      activity("Beta Aide Locale", "NNGO", "CP", "Psychosocial support for children", "XD0202", "idp", 90, 8),
      // the GBV-only partner: 3 people in one admin2, more in two others
      activity(GBV_ONLY_ORG, "NNGO", "GBV", "Safe spaces for women and girls", GBV_SMALL_AREA, "idp", 3, 9),
      activity(GBV_ONLY_ORG, "NNGO", "GBV", "Safe spaces for women and girls", "XD0103", "idp", 45, 10),
      activity(GBV_ONLY_ORG, "NNGO", "GBV", "Safe spaces for women and girls", "XD0201", "host", 30, 11),
      // a partner doing nothing but case management (a sensitive activity) in a non-sensitive AoR
      activity(CASE_MANAGEMENT_ORG, "NNGO", "CP", "Child protection case management", "XD0201", "idp", 25, 12)
    ]);
    await runPipelines(c, parseOperationConfig(settings));
    const [check] = await queryRows(c, `SELECT count(*) AS n FROM reach_admin2 WHERE aor = 'GBV' AND admin2_pcode = '${GBV_SMALL_AREA}' AND reached = 3`);
    if (Number(check?.n) !== 1) throw new Error("fixture: no GBV count of 3 in reach_admin2");
  } finally {
    w.close();
  }
  return { db, config };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Every string of a decoded value (JSON, Arrow rows), keys included. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      strings(v, out);
    }
  }
  return out;
}

/** The text forms of a built file: its bytes as UTF-8 and UTF-16, and its decoded strings for JSON and Arrow. */
function readable(file: string): string[] {
  const bytes = readFileSync(file);
  const texts = [bytes.toString("utf8"), bytes.toString("utf16le"), bytes.toString("latin1")];
  if (file.endsWith(".json")) texts.push(...strings(JSON.parse(bytes.toString("utf8"))));
  if (file.endsWith(".arrow")) texts.push(...strings(tableFromIPC(bytes).toArray().map((r) => r.toJSON())));
  return texts.map((t) => t.toLowerCase());
}

/** Planted values found in a built site: "file: value". */
function hits(dist: string, values: string[]): string[] {
  const found: string[] = [];
  for (const file of filesUnder(dist)) {
    const texts = readable(file);
    for (const v of values) if (texts.some((t) => t.includes(v.toLowerCase()))) found.push(`${file}: ${v}`);
  }
  return found;
}

interface DataFile {
  dataset: string;
  note: string | null;
  spec: { counts: string[]; aorColumn?: string; adminColumn?: string };
  columns: string[];
  rows: unknown[][];
}

function dataFiles(dist: string): DataFile[] {
  return filesUnder(join(dist, "_file", "data"))
    .filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(readFileSync(f, "utf8")))
    .filter((d) => Array.isArray(d.columns) && Array.isArray(d.rows));
}

function objects(file: DataFile): Record<string, unknown>[] {
  return file.rows.map((r) => Object.fromEntries(file.columns.map((c, i) => [c, r[i]])));
}

function dataset(dist: string, name: string): Record<string, unknown>[] {
  const file = dataFiles(dist).find((d) => d.dataset === name);
  if (!file) throw new Error(`no data file ${name} in ${dist}`);
  return objects(file);
}

const dists = { public: join(DIR, "dist-public"), internal: join(DIR, "dist-internal") };

describe("public build", () => {
  beforeAll(async () => {
    const { db, config } = await buildWarehouse();
    for (const audience of ["public", "internal"] as const) await buildSite({ db, out: dists[audience], audience, config });
  }, 240_000);

  it("the internal build shows every planted value (so the scan below can fail)", () => {
    expect([...new Set(hits(dists.internal, PLANTED).map((h) => h.split(": ").pop()))].sort()).toEqual([...PLANTED].sort());
    const gbv = dataset(dists.internal, "reach-admin2").filter((r) => r.aor === "GBV" && r.admin2_pcode === GBV_SMALL_AREA);
    expect(gbv.map((r) => r.reached)).toEqual([3]);
    expect(dataset(dists.internal, "reach-org").some((r) => r.org_lead === GBV_ONLY_ORG && r.reached === 3)).toBe(true);
  });

  it("carries none of the planted values in any file: HTML, JS, CSS, JSON, Arrow, anything", () => {
    expect(filesUnder(dists.public).length).toBeGreaterThan(10);
    expect(hits(dists.public, PLANTED)).toEqual([]);
    expect(filesUnder(dists.public).filter((f) => f.endsWith(".parquet"))).toEqual([]); // none to decode
  });

  it("publishes no count between 1 and 4, and no sensitive AoR below admin1", () => {
    for (const file of dataFiles(dists.public)) {
      for (const row of objects(file)) {
        for (const c of file.spec.counts) {
          const v = row[c];
          if (typeof v === "number") expect(v === 0 || v >= 5, `${file.dataset} ${c} = ${v}`).toBe(true);
          else expect(v === null || v === "<5", `${file.dataset} ${c} = ${String(v)}`).toBe(true);
        }
        if (file.spec.aorColumn && file.spec.adminColumn && row[file.spec.aorColumn] === "GBV") {
          expect(ADMIN2, `${file.dataset}: GBV row at ${String(row[file.spec.adminColumn])}`).not.toContain(row[file.spec.adminColumn]);
        }
      }
    }
    // the GBV figures are there at admin1: XD01 = 3 + 45 (sum of its admin2, GBV only), XD02 = 30 + 2
    const gbv = dataset(dists.public, "reach-admin2").filter((r) => r.aor === "GBV");
    expect(gbv.map((r) => [r.admin2_pcode, r.population_group, r.reached]).sort()).toEqual([
      ["XD01", "idp", 48],
      ["XD02", "host", 32]
    ]);
    expect(dataset(dists.public, "reach-org").filter((r) => r.aor === "GBV")).toEqual([]);
    expect(dataset(dists.public, "presence").filter((r) => r.aor === "GBV")).toEqual([]);
  });

  it("names partners only for their non-sensitive work", () => {
    const partners = dataset(dists.public, "partners");
    expect(partners.find((p) => p.org_lead === "Alpha Relief")).toMatchObject({ aors: "GP", admin2_count: null });
    expect(partners.find((p) => p.org_lead === "Beta Aide Locale")).toMatchObject({ aors: "CP", admin2_count: 3 });
    expect(partners.filter((p) => p.org_lead === "(withheld)").map((p) => p.aors).sort()).toEqual(["CP", "GBV"]);
    expect(partners.every((p) => p.activity_list === null)).toBe(true);
    // the case-management row stays (CP is not a sensitive AoR), without its partner's name
    const caseManagement = dataset(dists.public, "reach-org").filter((r) => r.admin2_pcode === "XD0201" && r.aor === "CP");
    expect(caseManagement.map((r) => r.org_lead)).toEqual(["(withheld)"]);
    expect(dataset(dists.public, "presence").filter((r) => r.admin2_pcode === "XD0201" && r.aor === "CP").map((r) => r.org_lead)).toEqual(["(withheld)"]);
    expect(dataset(dists.public, "reach-org").filter((r) => r.org_lead === "Alpha Relief").map((r) => r.aor)).toEqual(["GP", "GP", "GP", "GP"]);
  });

  it("withholds the internal-only datasets, with a note", () => {
    // the 5W month datasets are in the internal build (the month filter) and empty in the public one
    for (const name of ["reach-org-month", "reach-admin2-month", "presence-month"]) expect(dataset(dists.internal, name).length, name).toBeGreaterThan(0);
    for (const name of ["ingest-files", "ingest-issues", "ingest-reasons", "reach-org-month", "reach-admin2-month", "presence-month"]) {
      const file = dataFiles(dists.public).find((d) => d.dataset === name)!;
      expect(file.rows, name).toEqual([]);
      expect(file.note, name).toBe("not published in public builds");
    }
    expect(existsSync(join(dists.public, "ingest.html"))).toBe(true);
  });
});
