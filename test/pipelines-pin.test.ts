// Severity and PiN models on hand-made rows: scoring, aggregation methods, PiN shares, overall max, splits, checks.
import { describe, expect, test } from "vitest";
import type { DuckDBConnection } from "@duckdb/node-api";
import { parseOperationConfig } from "../warehouse/operation-config.ts";
import { ident, literal } from "../warehouse/sql.ts";
import { openWarehouse, queryRows } from "../warehouse/db.ts";
import { runPipelines } from "../pipelines/run.ts";

type Row = Record<string, string | number | null>;

const BASE_CONFIG = {
  country: { iso3: "XDM", iso2: "XD", name: "Dalmora" },
  currentQuarter: "2025Q3",
  period: { start: "2025-01-01", end: "2025-12-31" }
};

async function insert(conn: DuckDBConnection, table: string, rows: Row[]): Promise<void> {
  for (const row of rows) {
    const cols = Object.entries(row).map(([k, v]) => `${literal(v)} AS ${ident(k)}`);
    await conn.run(`INSERT INTO ${ident(table)} BY NAME SELECT ${cols.join(", ")}`);
  }
}

const AREAS: Row[] = [
  { pcode: "XD01", name: "North", level: 1, admin1_pcode: "XD01", file_hash: "b" },
  { pcode: "XD0101", name: "North A", level: 2, parent_pcode: "XD01", admin1_pcode: "XD01", file_hash: "b" },
  { pcode: "XD0102", name: "North B", level: 2, parent_pcode: "XD01", admin1_pcode: "XD01", file_hash: "b" }
];

/** Population rows: a total, and optionally girls/boys/women/men as f/m × children/adults. */
function population(pcode: string, group: string, total: number, parts?: [number, number, number, number]): Row[] {
  const rows: Row[] = [{ pcode, admin_level: 2, population_group: group, sex: "t", age_band: "total", population: total, file_hash: "pop" }];
  if (parts) {
    const [girls, boys, women, men] = parts;
    rows.push(
      { pcode, admin_level: 2, population_group: group, sex: "f", age_band: "children", population: girls, file_hash: "pop" },
      { pcode, admin_level: 2, population_group: group, sex: "m", age_band: "children", population: boys, file_hash: "pop" },
      { pcode, admin_level: 2, population_group: group, sex: "f", age_band: "adults", population: women, file_hash: "pop" },
      { pcode, admin_level: 2, population_group: group, sex: "m", age_band: "adults", population: men, file_hash: "pop" }
    );
  }
  return rows;
}

let rowNo = 0;
/** An indicator row with increasing thresholds 10/20/30/40 (value 25 scores 3). */
function indicator(code: string, value: number, over: Row = {}): Row {
  return {
    period: "2025",
    admin_pcode: "XD0101",
    admin_level: 2,
    population_group: "idp",
    aor: "GP",
    indicator_code: code,
    value,
    threshold_2: 10,
    threshold_3: 20,
    threshold_4: 30,
    threshold_5: 40,
    file_hash: "sev",
    row_number: ++rowNo,
    ...over
  };
}

/** A directly rated row (HNO table): severity and, optionally, a published PiN. */
function rated(aor: string, severity: number | null, over: Row = {}): Row {
  return { period: "2025", admin_pcode: "XD0101", admin_level: 2, population_group: "idp", aor, severity, file_hash: "sev", row_number: ++rowNo, ...over };
}

interface Inputs {
  severity?: Row[];
  population?: Row[];
  activities?: Row[];
  config?: Record<string, unknown>;
}

async function run(inputs: Inputs): Promise<DuckDBConnection> {
  const w = await openWarehouse(":memory:");
  await insert(w.conn, "admin_areas", AREAS);
  await insert(w.conn, "population", inputs.population ?? []);
  await insert(w.conn, "severity", inputs.severity ?? []);
  await insert(w.conn, "activities", inputs.activities ?? []);
  await runPipelines(w.conn, parseOperationConfig({ ...BASE_CONFIG, ...inputs.config }));
  return w.conn;
}

const rows = (conn: DuckDBConnection, sql: string) => queryRows(conn, sql);

/** Four indicators scoring 2, 3, 4 and 4. */
const SCORES_2344 = [indicator("P-01", 15), indicator("P-02", 25), indicator("P-03", 35), indicator("P-04", 30)];

describe("indicator scores", () => {
  test("increasing thresholds give the highest phase whose threshold the value reaches, else 1", async () => {
    const conn = await run({ severity: [indicator("A", 5), indicator("B", 20), indicator("C", 39.9), indicator("D", 40), indicator("E", 1000)] });
    expect(await rows(conn, `SELECT indicator_code, direction, score FROM severity_scores ORDER BY indicator_code`)).toEqual([
      { indicator_code: "A", direction: "increasing", score: 1 },
      { indicator_code: "B", direction: "increasing", score: 3 },
      { indicator_code: "C", direction: "increasing", score: 4 },
      { indicator_code: "D", direction: "increasing", score: 5 },
      { indicator_code: "E", direction: "increasing", score: 5 }
    ]);
  });

  test("decreasing thresholds (higher is better) give the highest phase whose threshold the value stays at or under", async () => {
    const dec = { threshold_2: 80, threshold_3: 60, threshold_4: 40, threshold_5: 20 };
    const conn = await run({ severity: [indicator("A", 95, dec), indicator("B", 60, dec), indicator("C", 50, dec), indicator("D", 10, dec)] });
    expect(await rows(conn, `SELECT indicator_code, direction, score FROM severity_scores ORDER BY indicator_code`)).toEqual([
      { indicator_code: "A", direction: "decreasing", score: 1 },
      { indicator_code: "B", direction: "decreasing", score: 3 },
      { indicator_code: "C", direction: "decreasing", score: 3 },
      { indicator_code: "D", direction: "decreasing", score: 5 }
    ]);
  });
});

describe("area severity methods", () => {
  test.each([
    ["max", {}, 4, "max"],
    ["mean", {}, 3, "mean"],
    ["mean_top_half", {}, 4, "mean_top_half"],
    ["threshold", { threshold: 0.25 }, 4, "threshold 0.25 on the share of indicators (area-level fallback: no population shares)"],
    ["threshold", { threshold: 0.6 }, 3, "threshold 0.6 on the share of indicators (area-level fallback: no population shares)"]
  ])("scores 2, 3, 4, 4 combined by %s %j give severity %i", async (method, extra, expected, label) => {
    const conn = await run({ severity: SCORES_2344, config: { severity: { method, ...extra } } });
    expect(await rows(conn, `SELECT severity, method, n_indicators, top_indicators FROM severity_admin2`)).toEqual([
      { severity: expected, method: label, n_indicators: 4, top_indicators: ["P-03", "P-04"] }
    ]);
  });

  test("means round half up: 2 and 3 give 3, and the top half of 1, 2, 3 is 3 and 2, giving 3", async () => {
    const conn = await run({
      severity: [indicator("A", 15), indicator("B", 25), indicator("C", 5, { aor: "CP" }), indicator("D", 15, { aor: "CP" }), indicator("E", 25, { aor: "CP" })],
      config: { severity: { method: "mean_top_half" } }
    });
    expect(await rows(conn, `SELECT aor, severity FROM severity_admin2 ORDER BY aor`)).toEqual([
      { aor: "CP", severity: 3 },
      { aor: "GP", severity: 3 }
    ]);
    const mean = await run({ severity: [indicator("A", 15), indicator("B", 25)], config: { severity: { method: "mean" } } });
    expect(await rows(mean, `SELECT severity FROM severity_admin2`)).toEqual([{ severity: 3 }]);
  });

  test("a directly rated severity for the same cell takes precedence over the indicator scores", async () => {
    const conn = await run({ severity: [...SCORES_2344, rated("GP", 2)] });
    expect(await rows(conn, `SELECT severity, method, indicator_severity, rated_severity, n_indicators FROM severity_admin2`)).toEqual([
      { severity: 2, method: "rated", indicator_severity: 4, rated_severity: 2, n_indicators: 4 }
    ]);
  });

  test("rows for group 'all' apply to every population group of the area, and a group's own row wins", async () => {
    const conn = await run({
      severity: [rated("GP", 3, { population_group: "all" }), rated("GP", 5, { population_group: "host" }), rated("CP", 4, { population_group: "all", admin_pcode: "XD0102" })],
      population: [...population("XD0101", "idp", 1000), ...population("XD0101", "host", 2000), ...population("XD0101", "all", 3000)]
    });
    expect(await rows(conn, `SELECT admin2_pcode, population_group, aor, severity FROM severity_admin2 ORDER BY admin2_pcode, population_group`)).toEqual([
      { admin2_pcode: "XD0101", population_group: "host", aor: "GP", severity: 5 },
      { admin2_pcode: "XD0101", population_group: "idp", aor: "GP", severity: 3 },
      { admin2_pcode: "XD0102", population_group: "all", aor: "CP", severity: 4 }
    ]);
  });
});

describe("people in need", () => {
  test("default shares count the whole population at phases 3 to 5 and nobody at phases 1 and 2", async () => {
    const conn = await run({
      severity: [rated("GP", 3), rated("CP", 2), rated("GBV", 5)],
      population: population("XD0101", "idp", 1000)
    });
    expect(await rows(conn, `SELECT aor, severity, population, pin, method FROM pin_admin2 ORDER BY aor`)).toEqual([
      { aor: "ALL", severity: 5, population: 1000, pin: 1000, method: "max over AoRs (GBV, GP); split: default 50/50 sex, 40/60 children/adults" },
      { aor: "CP", severity: 2, population: 1000, pin: 0, method: "population × pinShares[2] (0.0); split: default 50/50 sex, 40/60 children/adults" },
      { aor: "GBV", severity: 5, population: 1000, pin: 1000, method: "population × pinShares[5] (1.0); split: default 50/50 sex, 40/60 children/adults" },
      { aor: "GP", severity: 3, population: 1000, pin: 1000, method: "population × pinShares[3] (1.0); split: default 50/50 sex, 40/60 children/adults" }
    ]);
  });

  test("custom shares per phase apply and round half up to whole people", async () => {
    const conn = await run({
      severity: [rated("GP", 3), rated("CP", 4), rated("GBV", 2)],
      population: population("XD0101", "idp", 1001),
      config: { severity: { pinShares: { "1": 0, "2": 0.1, "3": 0.5, "4": 0.75, "5": 1 } } }
    });
    expect(await rows(conn, `SELECT aor, pin FROM pin_admin2 ORDER BY aor`)).toEqual([
      { aor: "ALL", pin: 751 },
      { aor: "CP", pin: 751 },
      { aor: "GBV", pin: 100 },
      { aor: "GP", pin: 501 }
    ]);
  });

  test("overall protection PiN is the maximum of the AoR PiNs, not their sum (GP 1000, CP 400, GBV 700 give 1000)", async () => {
    const conn = await run({
      severity: [rated("GP", 3, { pin: 1000 }), rated("CP", 4, { pin: 400 }), rated("GBV", 3, { pin: 700 })],
      population: population("XD0101", "idp", 5000)
    });
    expect(await rows(conn, `SELECT aor, severity, pin FROM pin_admin2 ORDER BY aor`)).toEqual([
      { aor: "ALL", severity: 4, pin: 1000 },
      { aor: "CP", severity: 4, pin: 400 },
      { aor: "GBV", severity: 3, pin: 700 },
      { aor: "GP", severity: 3, pin: 1000 }
    ]);
  });

  test("a published overall protection (PRO) PiN enters the maximum but gets no row of its own", async () => {
    const conn = await run({
      severity: [rated("GP", 3, { pin: 1000 }), rated("PRO", 4, { pin: 1300 })],
      population: population("XD0101", "idp", 5000)
    });
    expect(await rows(conn, `SELECT aor, severity, pin, method FROM pin_admin2 ORDER BY aor`)).toEqual([
      { aor: "ALL", severity: 4, pin: 1300, method: "max over AoRs and published PRO (PRO); split: default 50/50 sex, 40/60 children/adults" },
      { aor: "GP", severity: 3, pin: 1000, method: "source PiN; split: default 50/50 sex, 40/60 children/adults" }
    ]);
  });

  test("the sex and age split of a PiN of 1001 over shares 0.333, 0.333, 0.167, 0.167 adds up exactly to 1001", async () => {
    const conn = await run({
      severity: [rated("GP", 3, { pin: 1001 })],
      population: population("XD0101", "idp", 10000, [3330, 3330, 1670, 1670])
    });
    expect(await rows(conn, `SELECT pin, pin_girls, pin_boys, pin_women, pin_men, method FROM pin_admin2 WHERE aor = 'GP'`)).toEqual([
      { pin: 1001, pin_girls: 334, pin_boys: 333, pin_women: 167, pin_men: 167, method: "source PiN; split: population structure of the group" }
    ]);
  });

  test("the split falls back to the area's structure, then to 50/50 by sex and 40/60 children/adults", async () => {
    const conn = await run({
      severity: [rated("GP", 3), rated("GP", 3, { admin_pcode: "XD0102" })],
      population: [...population("XD0101", "idp", 999), ...population("XD0101", "all", 10000, [2000, 2000, 3000, 3000]), ...population("XD0102", "idp", 999)]
    });
    expect(await rows(conn, `SELECT admin2_pcode, pin, pin_girls, pin_boys, pin_women, pin_men, method FROM pin_admin2 WHERE aor = 'GP' ORDER BY admin2_pcode`)).toEqual([
      { admin2_pcode: "XD0101", pin: 999, pin_girls: 200, pin_boys: 200, pin_women: 300, pin_men: 299, method: "population × pinShares[3] (1.0); split: population structure of the area (all groups)" },
      { admin2_pcode: "XD0102", pin: 999, pin_girls: 200, pin_boys: 200, pin_women: 300, pin_men: 299, method: "population × pinShares[3] (1.0); split: default 50/50 sex, 40/60 children/adults" }
    ]);
  });

  test("age bands of a COD-PS table are split at 18 to give children and adults", async () => {
    const bands: Row[] = [
      ["f", "00_04", 100], ["f", "05_09", 100], ["f", "10_14", 100], ["f", "15_19", 100], ["f", "20_59", 400], ["f", "60plus", 200],
      ["m", "00_17", 500], ["m", "18plus", 500]
    ].map(([sex, age_band, n]) => ({ pcode: "XD0101", admin_level: 2, population_group: "all", sex, age_band, population: n, file_hash: "pop" }));
    const conn = await run({ population: bands });
    expect(await rows(conn, `SELECT population, girls, boys, women, men FROM population_structure`)).toEqual([
      { population: 2000, girls: 360, boys: 500, women: 640, men: 500 }
    ]);
  });

  test("a source PiN given for all groups is apportioned over the groups by their population", async () => {
    const conn = await run({
      severity: [rated("GP", 4, { population_group: "all", pin: 1000 })],
      population: [...population("XD0101", "idp", 1000), ...population("XD0101", "host", 2000)]
    });
    expect(await rows(conn, `SELECT population_group, pin, method FROM pin_admin2 WHERE aor = 'GP' ORDER BY population_group`)).toEqual([
      { population_group: "host", pin: 667, method: "source PiN for all groups, apportioned by group population; split: default 50/50 sex, 40/60 children/adults" },
      { population_group: "idp", pin: 333, method: "source PiN for all groups, apportioned by group population; split: default 50/50 sex, 40/60 children/adults" }
    ]);
  });

  test("admin1 and country PiN sum the admin2 rows per AoR, with an 'all' group total", async () => {
    const conn = await run({
      severity: [rated("GP", 3), rated("CP", 3, { population_group: "host" }), rated("GP", 4, { admin_pcode: "XD0102" })],
      population: [...population("XD0101", "idp", 1000), ...population("XD0101", "host", 300), ...population("XD0102", "idp", 500)]
    });
    expect(await rows(conn, `SELECT population_group, aor, population, pin, admin2_count FROM pin_admin1 ORDER BY aor, population_group`)).toEqual([
      { population_group: "all", aor: "ALL", population: 1800, pin: 1800, admin2_count: 2 },
      { population_group: "host", aor: "ALL", population: 300, pin: 300, admin2_count: 1 },
      { population_group: "idp", aor: "ALL", population: 1500, pin: 1500, admin2_count: 2 },
      { population_group: "all", aor: "CP", population: 300, pin: 300, admin2_count: 1 },
      { population_group: "host", aor: "CP", population: 300, pin: 300, admin2_count: 1 },
      { population_group: "all", aor: "GP", population: 1500, pin: 1500, admin2_count: 2 },
      { population_group: "idp", aor: "GP", population: 1500, pin: 1500, admin2_count: 2 }
    ]);
    expect(await rows(conn, `SELECT pin, pin_girls + pin_boys + pin_women + pin_men AS parts FROM pin_country WHERE aor = 'ALL' AND population_group = 'all'`)).toEqual([
      { pin: 1800, parts: 1800 }
    ]);
  });
});

describe("PiN checks", () => {
  test("an AoR PiN above population is capped and reported as a violation", async () => {
    const conn = await run({ severity: [rated("CP", 4, { pin: 1200 })], population: population("XD0101", "idp", 1000) });
    expect(await rows(conn, `SELECT aor, pin, method FROM pin_admin2 WHERE aor = 'CP'`)).toEqual([
      { aor: "CP", pin: 1000, method: "source PiN, capped at population; split: default 50/50 sex, 40/60 children/adults" }
    ]);
    expect(await rows(conn, `SELECT period, admin2_pcode, population_group, aor, "check", detail FROM pin_violations`)).toEqual([
      { period: "2025", admin2_pcode: "XD0101", population_group: "idp", aor: "CP", check: "pin above population", detail: "PiN 1200 > population 1000 (capped at population)" }
    ]);
  });

  test("an AoR PiN above the published overall PiN, a missing population and a severity outside 1–5 are reported", async () => {
    const conn = await run({
      severity: [rated("GBV", 3, { pin: 800 }), rated("PRO", 3, { pin: 600 }), rated("HLP", 4, { population_group: "host" }), rated("MA", 7)],
      population: population("XD0101", "idp", 1000)
    });
    expect(await rows(conn, `SELECT population_group, aor, "check", detail FROM pin_violations ORDER BY "check"`)).toEqual([
      { population_group: "idp", aor: "GBV", check: "aor pin above published overall pin", detail: "GBV PiN 800 > published PRO PiN 600" },
      { population_group: "host", aor: "HLP", check: "population missing", detail: "severity 4 but no population for XD0101 × host" },
      { population_group: "idp", aor: "MA", check: "severity outside 1–5", detail: `rated: severity 7 (row ${rowNo})` }
    ]);
  });
});

describe("an area counted only as a whole (population total, no groups)", () => {
  test("a group's severity counts under 'all', so severity and PiN describe the same people", async () => {
    // XD0101: population 1000 in total only; rated GP 2 for all groups, an HLP indicator for hosts scoring 3
    const conn = await run({
      severity: [rated("GP", 2, { population_group: "all" }), indicator("HLP-1", 25, { aor: "HLP", population_group: "host" })],
      population: population("XD0101", "all", 1000)
    });
    expect(await rows(conn, `SELECT population_group, aor, severity, population, pin FROM pin_admin2 ORDER BY aor`)).toEqual([
      { population_group: "all", aor: "ALL", severity: 3, population: 1000, pin: 1000 },
      { population_group: "all", aor: "GP", severity: 2, population: 1000, pin: 0 },
      { population_group: "all", aor: "HLP", severity: 3, population: 1000, pin: 1000 }
    ]);
    expect(await rows(conn, `SELECT count(*) AS n FROM pin_violations WHERE "check" = 'population missing'`)).toEqual([{ n: 0 }]);
  });
});

describe("coverage and gaps", () => {
  const activity = (adm2: string, reached: number): Row => ({
    org_lead: "Org A", aor: "GP", activity_code: "GP-01", indicator: "# of people", admin1_pcode: "XD01", admin2_pcode: adm2,
    location: "L", population_group: "idp", reporting_month: "2025-08-01", reached, file_hash: "5w", row_number: 1
  });

  test("coverage compares people reached with PiN in the current quarter and flags low and missing response", async () => {
    const conn = await run({
      severity: [rated("GP", 3), rated("GP", 4, { admin_pcode: "XD0102" })],
      population: [...population("XD0101", "idp", 1000), ...population("XD0102", "idp", 2000)],
      activities: [activity("XD0101", 200)]
    });
    expect(await rows(conn, `SELECT quarter, period, admin2_pcode, severity, pin, reached, coverage, flag FROM coverage_admin2 ORDER BY admin2_pcode`)).toEqual([
      { quarter: "2025Q3", period: "2025", admin2_pcode: "XD0101", severity: 3, pin: 1000, reached: 200, coverage: 0.2, flag: "low response" },
      { quarter: "2025Q3", period: "2025", admin2_pcode: "XD0102", severity: 4, pin: 2000, reached: 0, coverage: 0, flag: "no response" }
    ]);
    expect(await rows(conn, `SELECT admin2_pcode, severity, pin, partners, reason FROM gaps_admin2`)).toEqual([
      { admin2_pcode: "XD0102", severity: 4, pin: 2000, partners: 0, reason: "severity 4 and no partner present in 2025Q3" }
    ]);
  });
});
