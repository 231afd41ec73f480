// risk_trends, risk_response(_gaps) and pau_key_figures on hand-made ratings: ranking, the national
// roll-up (country rating, else max over admin1), every trend case, areas_high, N/A, response gaps.
import { describe, expect, it } from "vitest";
import type { DuckDBConnection } from "@duckdb/node-api";
import { ident, literal } from "../warehouse/sql.ts";
import { queryRows } from "../warehouse/db.ts";
import { runPipelines } from "../pipelines/run.ts";
import { RISKS } from "../warehouse/risk-list.ts";
import { seedAreas, testConfig, withMemory } from "./helpers/warehouse.ts";

type Row = Record<string, string | number | null>;

async function insert(conn: DuckDBConnection, table: string, rows: Row[]): Promise<void> {
  for (const row of rows) {
    const cols = Object.entries(row).map(([k, v]) => `${literal(v)} AS ${ident(k)}`);
    await conn.run(`INSERT INTO ${ident(table)} BY NAME SELECT ${cols.join(", ")}`);
  }
}

let n = 0;
const admin1Of = (p: string) => (p.length >= 4 ? p.slice(0, 4) : null);
const level = (p: string) => (p.length === 2 ? 0 : p.length === 4 ? 1 : 2);
/** One rating row as the loader stores it (file f1 unless said). */
const rating = (quarter: string, area: string, risk: string, lvl: number | null, file = "f1"): Row => ({
  quarter,
  area_pcode: area,
  area_level: level(area),
  admin1_pcode: admin1Of(area),
  risk_key: risk,
  level: lvl,
  label_set: lvl === null ? "na" : "number",
  file_hash: file,
  row_number: ++n
});

async function loadFiles(conn: DuckDBConnection, files: [string, string][]): Promise<void> {
  for (const [hash, at] of files) {
    await conn.run(`INSERT INTO ingest_files VALUES ($h, $h || '.csv', NULL, 'risks', 'csv', 'r', TIMESTAMP '${at}', 1, 1, 0, 0, '[]', 'loaded')`, { h: hash });
  }
}

const trends = (conn: DuckDBConnection, where = "TRUE") =>
  queryRows(conn, `SELECT quarter, area_pcode, risk_key, level, previous_level, trend, rank, areas_high, method FROM risk_trends WHERE ${where} ORDER BY quarter, area_level, area_pcode, rank`);

describe("risk_trends", () => {
  it("rolls the country up: its own rating where given, else the max over admin1, and says which", async () => {
    await withMemory(async (w) => {
      await seedAreas(w);
      await loadFiles(w.conn, [["f1", "2025-07-01"]]);
      await insert(w.conn, "risk_ratings", [
        rating("2025Q2", "XD", "gbv", 3), // the country's own rating wins over higher admin1 ratings
        rating("2025Q2", "XD01", "gbv", 5),
        rating("2025Q2", "XD02", "gbv", 4),
        rating("2025Q2", "XD01", "explosive_ordnance", 2),
        rating("2025Q2", "XD02", "explosive_ordnance", 4),
        rating("2025Q2", "XD0101", "torture_cidt", 3), // admin2 only: no admin1, no country rating
        rating("2025Q2", "XD0201", "torture_cidt", 2),
        rating("2025Q2", "XD02", "disinformation", null) // N/A: no row, never 0
      ]);
      await runPipelines(w.conn, testConfig());
      const country = await trends(w.conn, "area_level = 0");
      expect(country.map((r) => [r.risk_key, r.level, r.method])).toEqual([
        ["explosive_ordnance", 4, "max over admin1 ratings"],
        ["gbv", 3, "country rating"],
        ["torture_cidt", 3, "max over admin2 ratings (no country or admin1 rating)"]
      ]);
      expect(country.every((r) => r.area_pcode === "XD")).toBe(true);
      const na = await queryRows(w.conn, `SELECT count(*)::INTEGER AS n FROM risk_trends WHERE risk_key = 'disinformation' OR level = 0`);
      expect(na[0]!.n).toBe(0);
    });
  });

  it("ranks by level, then areas rated 4–5 one level below, then the official order", async () => {
    await withMemory(async (w) => {
      await seedAreas(w);
      await loadFiles(w.conn, [["f1", "2025-07-01"]]);
      await insert(w.conn, "risk_ratings", [
        // country: four risks at 4 — areas_high decides between them, then the official order
        rating("2025Q2", "XD", "movement_displacement", 4),
        rating("2025Q2", "XD", "attacks_on_civilians", 4),
        rating("2025Q2", "XD", "gbv", 4),
        rating("2025Q2", "XD", "child_marriage", 4),
        rating("2025Q2", "XD", "trafficking_forced_labour", 5),
        rating("2025Q2", "XD", "abduction_detention", 2),
        rating("2025Q2", "XD01", "gbv", 5),
        rating("2025Q2", "XD02", "gbv", 4),
        rating("2025Q2", "XD01", "movement_displacement", 4),
        rating("2025Q2", "XD02", "movement_displacement", 3),
        rating("2025Q2", "XD0101", "gbv", 4),
        rating("2025Q2", "XD0102", "gbv", 5),
        rating("2025Q2", "XD0101", "explosive_ordnance", 5)
      ]);
      await runPipelines(w.conn, testConfig());
      const country = await trends(w.conn, "area_level = 0");
      expect(country.map((r) => [r.rank, r.risk_key, r.level, r.areas_high])).toEqual([
        // explosive ordnance: rated in an admin2 only (roll-up over admin2); ties trafficking at 5, first by official order
        [1, "explosive_ordnance", 5, 0],
        [2, "trafficking_forced_labour", 5, 0],
        [3, "gbv", 4, 2],
        [4, "movement_displacement", 4, 1],
        [5, "attacks_on_civilians", 4, 0],
        [6, "child_marriage", 4, 0],
        [7, "abduction_detention", 2, 0]
      ]);
      const north = await trends(w.conn, "area_pcode = 'XD01'");
      expect(north.map((r) => [r.rank, r.risk_key, r.level, r.areas_high])).toEqual([
        [1, "gbv", 5, 2],
        [2, "movement_displacement", 4, 0]
      ]);
      const admin2 = await trends(w.conn, "area_pcode = 'XD0101'");
      expect(admin2.map((r) => [r.rank, r.risk_key, r.areas_high])).toEqual([
        [1, "explosive_ordnance", null],
        [2, "gbv", null]
      ]);
    });
  });

  it("gives every trend: new, worsening, improving, stable, and NULL without a preceding quarter", async () => {
    await withMemory(async (w) => {
      await seedAreas(w);
      await loadFiles(w.conn, [["f1", "2025-07-01"], ["f2", "2025-08-01"]]);
      await insert(w.conn, "risk_ratings", [
        // 2024Q4 rated, 2025Q1 nothing at all, 2025Q2 and 2025Q3 rated
        rating("2024Q4", "XD01", "gbv", 3),
        rating("2025Q2", "XD01", "gbv", 3),
        rating("2025Q2", "XD01", "explosive_ordnance", 4),
        rating("2025Q2", "XD01", "torture_cidt", 2),
        rating("2025Q2", "XD01", "child_recruitment", null),
        rating("2025Q3", "XD01", "gbv", 4), // worsening
        rating("2025Q3", "XD01", "explosive_ordnance", 3), // improving
        rating("2025Q3", "XD01", "torture_cidt", 2), // stable
        rating("2025Q3", "XD01", "child_recruitment", 3), // was N/A: new
        rating("2025Q3", "XD01", "family_separation", 1), // not rated before: new
        // a later file re-rates 2025Q3 torture: the most recently loaded file wins
        rating("2025Q3", "XD01", "torture_cidt", 3, "f2")
      ]);
      await runPipelines(w.conn, testConfig());
      const rows = await trends(w.conn, "area_pcode = 'XD01'");
      const of = (q: string, k: string) => rows.find((r) => r.quarter === q && r.risk_key === k);
      expect(of("2024Q4", "gbv")).toMatchObject({ level: 3, previous_level: null, trend: null }); // 2024Q3: no ratings
      expect(of("2025Q2", "gbv")).toMatchObject({ level: 3, previous_level: null, trend: null }); // 2025Q1: no ratings at all
      expect(of("2025Q3", "gbv")).toMatchObject({ level: 4, previous_level: 3, trend: "worsening" });
      expect(of("2025Q3", "explosive_ordnance")).toMatchObject({ level: 3, previous_level: 4, trend: "improving" });
      expect(of("2025Q3", "torture_cidt")).toMatchObject({ level: 3, previous_level: 2, trend: "worsening" });
      expect(of("2025Q3", "child_recruitment")).toMatchObject({ level: 3, previous_level: null, trend: "new" });
      expect(of("2025Q3", "family_separation")).toMatchObject({ level: 1, previous_level: null, trend: "new" });
      // the country row follows the same rule over its roll-up
      const country = await trends(w.conn, "area_level = 0 AND quarter = '2025Q3'");
      expect(country.map((r) => [r.risk_key, r.trend])).toEqual([
        ["gbv", "worsening"],
        ["child_recruitment", "new"],
        ["explosive_ordnance", "improving"],
        ["torture_cidt", "worsening"],
        ["family_separation", "new"]
      ]);
      // stable, on its own
      await insert(w.conn, "risk_ratings", [rating("2025Q4", "XD01", "gbv", 4, "f2")]);
      await runPipelines(w.conn, testConfig());
      expect((await trends(w.conn, "quarter = '2025Q4' AND area_pcode = 'XD01'"))[0]).toMatchObject({ level: 4, previous_level: 4, trend: "stable" });
    });
  });

  it("counts the quarter's incidents per area, and keeps the risk list in the official order", async () => {
    await withMemory(async (w) => {
      await seedAreas(w);
      await loadFiles(w.conn, [["f1", "2025-07-01"]]);
      await insert(w.conn, "risk_ratings", [rating("2025Q3", "XD01", "gbv", 4), rating("2025Q3", "XD0101", "gbv", 4), rating("2025Q3", "XD02", "gbv", 2)]);
      await insert(w.conn, "incidents", [
        { month: "2025-07-01", quarter: "2025Q3", area_pcode: "XD0101", area_level: 2, admin1_pcode: "XD01", admin2_pcode: "XD0101", risk_key: "gbv", incidents: 4, file_hash: "f1" },
        { month: "2025-08-01", quarter: "2025Q3", area_pcode: "XD0102", area_level: 2, admin1_pcode: "XD01", admin2_pcode: "XD0102", risk_key: "gbv", incidents: 3, file_hash: "f1" },
        { month: "2025-08-01", quarter: "2025Q3", area_pcode: "XD0102", area_level: 2, admin1_pcode: "XD01", admin2_pcode: "XD0102", risk_key: "torture_cidt", incidents: 9, file_hash: "f1" }
      ]);
      await runPipelines(w.conn, testConfig());
      const rows = await queryRows(w.conn, `SELECT area_pcode, incidents FROM risk_trends ORDER BY area_level, area_pcode`);
      expect(rows).toEqual([
        { area_pcode: "XD", incidents: 7 },
        { area_pcode: "XD01", incidents: 7 },
        { area_pcode: "XD02", incidents: 0 },
        { area_pcode: "XD0101", incidents: 4 }
      ]);
      const list = await queryRows(w.conn, `SELECT risk_number, risk_key, risk_name FROM risk_list ORDER BY risk_number`);
      expect(list).toEqual(RISKS.map((r) => ({ risk_number: r.number, risk_key: r.key, risk_name: r.name })));
    });
  });
});

describe("risk_response_gaps and pau_key_figures", () => {
  it("lists areas rated 4–5 without a matching partner activity, and the quarter's key figures", async () => {
    await withMemory(async (w) => {
      await seedAreas(w);
      await loadFiles(w.conn, [["f1", "2025-07-01"]]);
      await w.conn.run(`INSERT INTO ingest_files VALUES ('w1', '5w.csv', NULL, '5w', 'csv', 'r', TIMESTAMP '2025-10-05', 1, 1, 0, 0, '[]', 'loaded')`);
      await insert(w.conn, "risk_ratings", [
        rating("2025Q3", "XD0101", "gbv", 5), // GBV partner present: covered
        rating("2025Q3", "XD0102", "gbv", 4), // only a CP partner there: gap
        rating("2025Q3", "XD0201", "explosive_ordnance", 4), // MA activity, but planned: gap
        rating("2025Q3", "XD0202", "legal_identity_justice", 4), // configured: GP activity named "documentation" only
        rating("2025Q3", "XD02", "gbv", 3) // below 4: not listed
      ]);
      const act = (adm2: string, aor: string, org: string, activity: string, status = "ongoing"): Row => ({
        reporting_month: "2025-08-01", org_lead: org, aor, activity, admin1_pcode: adm2.slice(0, 4), admin2_pcode: adm2, status, population_group: "idp", reached: 10, targeted: 20, file_hash: "w1", row_number: ++n
      });
      await insert(w.conn, "activities", [
        act("XD0101", "GBV", "Org A", "GBV case management"),
        act("XD0101", "GBV", "Org B", "Women and girls safe spaces"),
        act("XD0102", "CP", "Org C", "Psychosocial support"),
        act("XD0201", "MA", "Org D", "Risk education", "planned"),
        act("XD0202", "GP", "Org E", "Protection monitoring")
      ]);
      const config = testConfig({ pau: { riskResponse: { legal_identity_justice: { aors: ["GP"], activities: ["documentation"] } } } });
      await runPipelines(w.conn, config);
      const response = await queryRows(w.conn, `SELECT area_pcode, risk_key, partners::INTEGER AS partners FROM risk_response ORDER BY area_pcode`);
      expect(response).toEqual([
        { area_pcode: "XD0101", risk_key: "gbv", partners: 2 },
        { area_pcode: "XD0102", risk_key: "gbv", partners: 0 },
        { area_pcode: "XD0201", risk_key: "explosive_ordnance", partners: 0 },
        { area_pcode: "XD0202", risk_key: "legal_identity_justice", partners: 0 }
      ]);
      const gaps = await queryRows(w.conn, `SELECT area_pcode, risk_key, reason FROM risk_response_gaps ORDER BY area_pcode`);
      expect(gaps.map((g) => g.area_pcode)).toEqual(["XD0102", "XD0201", "XD0202"]);
      expect(gaps[0]!.reason).toBe("rated 4 and no partner reports a GBV activity for it in the quarter");

      const figures = await queryRows(w.conn, `SELECT figure, value, source_table, as_of::VARCHAR AS as_of FROM pau_key_figures WHERE quarter = '2025Q3' ORDER BY ord`);
      const byName = Object.fromEntries(figures.map((f) => [f.figure, f]));
      // four admin2 areas × the maximum of 10 (two GBV partners in XD0101 counted once)
      expect(byName.reached).toMatchObject({ value: 40, source_table: "reach_country", as_of: "2025-10-05" });
      expect(byName.targeted!.value).toBe(80);
      expect(byName.partners!.value).toBe(5);
      expect(byName.pin).toMatchObject({ value: null, as_of: null }); // no severity loaded: missing, not 0
      expect(byName.incidents!.value).toBeNull();
      // country: gbv = max over admin1 (XD02: 3, admin2 ratings not used); the two others = max over admin2 (4)
      expect(byName.risks_high!.value).toBe(2);
    });
  });
});
