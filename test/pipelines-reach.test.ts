// 5W models on hand-made rows: people reached without double counting, time rules, duplicates, presence.
import { describe, expect, test } from "vitest";
import type { DuckDBConnection } from "@duckdb/node-api";
import { parseOperationConfig, type OperationConfig } from "../warehouse/operation-config.ts";
import { ident, literal } from "../warehouse/sql.ts";
import { openWarehouse, queryRows } from "../warehouse/db.ts";
import { runPipelines } from "../pipelines/run.ts";

type Row = Record<string, string | number | null>;

const BASE_CONFIG = {
  country: { iso3: "XDM", iso2: "XD", name: "Dalmora" },
  currentQuarter: "2025Q3",
  period: { start: "2025-01-01", end: "2025-12-31" },
  indicatorRules: [{ match: "sessions", reporting: "new" }]
};

async function insert(conn: DuckDBConnection, table: string, rows: Row[]): Promise<void> {
  for (const row of rows) {
    const cols = Object.entries(row).map(([k, v]) => `${literal(v)} AS ${ident(k)}`);
    await conn.run(`INSERT INTO ${ident(table)} BY NAME SELECT ${cols.join(", ")}`);
  }
}

const FILES: Row[] = [
  { file_hash: "h-old", file_name: "june.xlsx", kind: "five-w", run_id: "r1", loaded_at: "2025-08-01 09:00:00", status: "loaded" },
  { file_hash: "h-new", file_name: "june-corrected.xlsx", kind: "five-w", run_id: "r2", loaded_at: "2025-08-15 09:00:00", status: "loaded" }
];

const AREAS: Row[] = [
  { pcode: "XD01", name: "North", level: 1, admin1_pcode: "XD01", file_hash: "b" },
  { pcode: "XD0101", name: "North A", level: 2, parent_pcode: "XD01", admin1_pcode: "XD01", file_hash: "b" },
  { pcode: "XD0102", name: "North B", level: 2, parent_pcode: "XD01", admin1_pcode: "XD01", file_hash: "b" },
  { pcode: "XD0103", name: "North C", level: 2, parent_pcode: "XD01", admin1_pcode: "XD01", file_hash: "b" }
];

let rowNo = 0;
/** A 5W row with the usual defaults: GP protection monitoring for IDPs in XD0101, July 2025. */
function activity(over: Row): Row {
  return {
    org_lead: "Org A",
    org_type: "INGO",
    aor: "GP",
    activity_code: "GP-01",
    activity: "Protection monitoring",
    indicator: "# of people reached",
    admin1_pcode: "XD01",
    admin2_pcode: "XD0101",
    location: "Village 1",
    population_group: "idp",
    reporting_month: "2025-07-01",
    status: "ongoing",
    file_hash: "h-new",
    sheet: "5W",
    row_number: ++rowNo,
    ...over
  };
}

async function run(activities: Row[], config: Partial<OperationConfig> = {}): Promise<DuckDBConnection> {
  const w = await openWarehouse(":memory:");
  await insert(w.conn, "ingest_files", FILES);
  await insert(w.conn, "admin_areas", AREAS);
  await insert(w.conn, "activities", activities);
  await runPipelines(w.conn, parseOperationConfig({ ...BASE_CONFIG, ...config }));
  return w.conn;
}

const rows = (conn: DuckDBConnection, sql: string) => queryRows(conn, sql);

describe("people reached without double counting", () => {
  test("two organisations reaching 300 and 500 IDPs in the same admin2 and quarter count 500, not 800", async () => {
    const conn = await run([
      activity({ org_lead: "Org A", reached: 300, targeted: 400 }),
      activity({ org_lead: "Org B", reached: 500, targeted: 450 })
    ]);
    expect(await rows(conn, `SELECT aor, targeted, reached, partners FROM reach_admin2 WHERE admin2_pcode = 'XD0101' ORDER BY aor`)).toEqual([
      { aor: "ALL", targeted: 450, reached: 500, partners: 2 },
      { aor: "GP", targeted: 450, reached: 500, partners: 2 }
    ]);
  });

  test("the ALL row takes the maximum across AoRs and activities, while each AoR keeps its own maximum", async () => {
    const conn = await run([
      activity({ aor: "GP", reached: 300 }),
      activity({ aor: "GP", activity_code: "GP-02", activity: "Individual protection assistance", reached: 120 }),
      activity({ aor: "CP", activity_code: "CP-01", activity: "PSS", indicator: "# of children receiving PSS", org_lead: "Org C", reached: 450 }),
      activity({ aor: "GBV", activity_code: "GBV-02", activity: "Safe spaces", indicator: "# of women accessing safe spaces", reached: 200 })
    ]);
    expect(await rows(conn, `SELECT aor, reached, partners FROM reach_admin2 ORDER BY aor`)).toEqual([
      { aor: "ALL", reached: 450, partners: 2 },
      { aor: "CP", reached: 450, partners: 1 },
      { aor: "GBV", reached: 200, partners: 1 },
      { aor: "GP", reached: 300, partners: 1 }
    ]);
    expect(await rows(conn, `SELECT org_lead, reached, top_activity FROM reach_org_admin2 WHERE aor = 'GP'`)).toEqual([
      { org_lead: "Org A", reached: 300, top_activity: "GP-01" }
    ]);
  });

  test("admin1 and country totals are the sums of the admin2 maxima, with an 'all' group row", async () => {
    const conn = await run([
      activity({ org_lead: "Org A", admin2_pcode: "XD0101", reached: 300 }),
      activity({ org_lead: "Org B", admin2_pcode: "XD0101", reached: 500 }),
      activity({ org_lead: "Org A", admin2_pcode: "XD0102", reached: 200 }),
      activity({ org_lead: "Org A", admin2_pcode: "XD0102", population_group: "host", reached: 70 })
    ]);
    expect(await rows(conn, `SELECT population_group, reached, partners, admin2_count FROM reach_admin1 WHERE aor = 'ALL' ORDER BY population_group`)).toEqual([
      { population_group: "all", reached: 770, partners: 2, admin2_count: 2 },
      { population_group: "host", reached: 70, partners: 1, admin2_count: 1 },
      { population_group: "idp", reached: 700, partners: 2, admin2_count: 2 }
    ]);
    expect(await rows(conn, `SELECT population_group, aor, reached FROM reach_country WHERE population_group = 'all' ORDER BY aor`)).toEqual([
      { population_group: "all", aor: "ALL", reached: 770 },
      { population_group: "all", aor: "GP", reached: 770 }
    ]);
  });

  test("monthly trend applies the maximum within each month, then sums the admin2 areas", async () => {
    const conn = await run([
      activity({ org_lead: "Org A", reporting_month: "2025-07-01", reached: 300 }),
      activity({ org_lead: "Org B", reporting_month: "2025-07-01", reached: 500 }),
      activity({ org_lead: "Org A", reporting_month: "2025-07-01", admin2_pcode: "XD0102", reached: 40 }),
      activity({ org_lead: "Org A", reporting_month: "2025-08-01", reached: 350 })
    ]);
    expect(await rows(conn, `SELECT strftime(month, '%Y-%m') AS month, quarter, reached, partners FROM reach_monthly WHERE aor = 'ALL' ORDER BY month`)).toEqual([
      { month: "2025-07", quarter: "2025Q3", reached: 540, partners: 2 },
      { month: "2025-08", quarter: "2025Q3", reached: 350, partners: 1 }
    ]);
    // per month: a cumulative indicator adds its rise over the previous month (Org A 300 → 350: 50)
    expect(await rows(conn, `SELECT strftime(month, '%Y-%m') AS month, reached_in_month FROM reach_monthly WHERE aor = 'ALL' ORDER BY month`)).toEqual([
      { month: "2025-07", reached_in_month: 540 },
      { month: "2025-08", reached_in_month: 50 }
    ]);
  });
});

describe("one month at a time (the 5W page's month filter)", () => {
  test("a month takes its own figures: max across organisations and AoRs, locations added, never the quarter's", async () => {
    const conn = await run([
      // July: Org A 300 in two villages (200 + 100), Org B 250; CP 280 from Org C
      activity({ org_lead: "Org A", location: "Village 1", reporting_month: "2025-07-01", reached: 200, targeted: 220 }),
      activity({ org_lead: "Org A", location: "Village 2", reporting_month: "2025-07-01", reached: 100, targeted: 100 }),
      activity({ org_lead: "Org B", reporting_month: "2025-07-01", reached: 250, targeted: 400 }),
      activity({ org_lead: "Org C", aor: "CP", activity_code: "CP-01", activity: "PSS", indicator: "# of children receiving PSS", reporting_month: "2025-07-01", reached: 280 }),
      // August: a cumulative figure (Org A's July 300 becomes 450) and a new-indicator count
      activity({ org_lead: "Org A", location: "Village 1", reporting_month: "2025-08-01", reached: 450, reporting_type: "cumulative" }),
      activity({ org_lead: "Org B", indicator: "# of awareness sessions", reporting_month: "2025-08-01", reached: 30 }),
      // a planned activity is not presence
      activity({ org_lead: "Org D", reporting_month: "2025-08-01", reached: 0, status: "planned" })
    ]);
    expect(await rows(conn, `SELECT strftime(month, '%Y-%m') AS month, quarter, aor, targeted, reached, partners FROM reach_admin2_month WHERE admin2_pcode = 'XD0101' ORDER BY month, aor`)).toEqual([
      { month: "2025-07", quarter: "2025Q3", aor: "ALL", targeted: 400, reached: 300, partners: 3 },
      { month: "2025-07", quarter: "2025Q3", aor: "CP", targeted: null, reached: 280, partners: 1 },
      { month: "2025-07", quarter: "2025Q3", aor: "GP", targeted: 400, reached: 300, partners: 2 },
      { month: "2025-08", quarter: "2025Q3", aor: "ALL", targeted: null, reached: 450, partners: 3 },
      { month: "2025-08", quarter: "2025Q3", aor: "GP", targeted: null, reached: 450, partners: 3 }
    ]);
    expect(await rows(conn, `SELECT org_lead, reached, indicators FROM reach_org_admin2_month WHERE month = DATE '2025-07-01' AND aor = 'GP' ORDER BY org_lead`)).toEqual([
      { org_lead: "Org A", reached: 300, indicators: 1 },
      { org_lead: "Org B", reached: 250, indicators: 1 }
    ]);
    expect(await rows(conn, `SELECT strftime(month, '%Y-%m') AS month, org_lead FROM presence_admin2_month ORDER BY month, org_lead`)).toEqual([
      { month: "2025-07", org_lead: "Org A" },
      { month: "2025-07", org_lead: "Org B" },
      { month: "2025-07", org_lead: "Org C" },
      { month: "2025-08", org_lead: "Org A" },
      { month: "2025-08", org_lead: "Org B" }
    ]);
  });
});

describe("cumulative and new indicators", () => {
  test("a cumulative indicator reported 100, 250 and 400 over three months counts 400 for the quarter", async () => {
    const conn = await run([
      activity({ reporting_month: "2025-07-01", reached: 100, reporting_type: "cumulative" }),
      activity({ reporting_month: "2025-08-01", reached: 250, reporting_type: "cumulative" }),
      activity({ reporting_month: "2025-09-01", reached: 400, reporting_type: "cumulative" })
    ]);
    expect(await rows(conn, `SELECT quarter, reached, rule, rule_source, months FROM reach_indicator`)).toEqual([
      { quarter: "2025Q3", reached: 400, rule: "cumulative", rule_source: "file", months: 3 }
    ]);
  });

  test("a new indicator reported 10, 20 and 30 over three months counts 60 for the quarter", async () => {
    const conn = await run(
      [10, 20, 30].map((n, i) => activity({ indicator: "# of awareness sessions", reporting_month: `2025-0${7 + i}-01`, reached: n, targeted: 15 }))
    );
    expect(await rows(conn, `SELECT reached, targeted, rule, rule_source FROM reach_indicator`)).toEqual([
      { reached: 60, targeted: 45, rule: "new", rule_source: "config" }
    ]);
  });

  test("a cumulative figure is taken per location and the locations are added", async () => {
    const conn = await run([
      activity({ location: "Village 1", reporting_month: "2025-07-01", reached: 100 }),
      activity({ location: "Village 1", reporting_month: "2025-08-01", reached: 180 }),
      activity({ location: "Village 2", reporting_month: "2025-07-01", reached: 50 })
    ]);
    expect(await rows(conn, `SELECT reached, locations, rule_source FROM reach_indicator`)).toEqual([{ reached: 230, locations: 2, rule_source: "default" }]);
  });

  test("the time rule comes from the file, then the first matching config rule on the indicator, then on the activity, then the default", async () => {
    const conn = await run(
      [
        activity({ indicator: "# of kits", reporting_type: "cumulative" }),
        activity({ indicator: "# of kits distributed", activity_code: "GBV-03", activity: "Dignity kits" }),
        activity({ indicator: "# of people", activity_code: "GP-03", activity: "Awareness sessions" }),
        activity({ indicator: "# of people", activity_code: "GP-04", activity: "Civil documentation" })
      ],
      { indicatorRules: [{ match: "KITS", reporting: "new" }, { match: "kits distributed", reporting: "cumulative" }, { match: "sessions", reporting: "new" }], defaultReporting: "cumulative" }
    );
    expect(await rows(conn, `SELECT indicator, activity, reporting_rule, rule_source FROM activities_current ORDER BY row_number`)).toEqual([
      { indicator: "# of kits", activity: "Protection monitoring", reporting_rule: "cumulative", rule_source: "file" },
      { indicator: "# of kits distributed", activity: "Dignity kits", reporting_rule: "new", rule_source: "config" },
      { indicator: "# of people", activity: "Awareness sessions", reporting_rule: "new", rule_source: "config" },
      { indicator: "# of people", activity: "Civil documentation", reporting_rule: "cumulative", rule_source: "default" }
    ]);
  });
});

describe("duplicate reports", () => {
  test("a row resubmitted in a later file replaces the earlier one and is listed as a duplicate", async () => {
    const conn = await run([
      activity({ file_hash: "h-old", row_number: 12, reached: 100 }),
      activity({ file_hash: "h-new", row_number: 5, reached: 120 }),
      activity({ file_hash: "h-new", row_number: 6, reporting_month: "2025-08-01", reached: 150 })
    ]);
    expect(await rows(conn, `SELECT strftime(reporting_month, '%m') AS m, reached, reports, file_name FROM activities_current ORDER BY m`)).toEqual([
      { m: "07", reached: 120, reports: 2, file_name: "june-corrected.xlsx" },
      { m: "08", reached: 150, reports: 1, file_name: "june-corrected.xlsx" }
    ]);
    expect(await rows(conn, `SELECT org_lead, activity_code, admin2_pcode, location, reports, files, "rows", kept_row FROM duplicates_5w`)).toEqual([
      {
        org_lead: "Org A",
        activity_code: "GP-01",
        admin2_pcode: "XD0101",
        location: "Village 1",
        reports: 2,
        files: ["june-corrected.xlsx", "june.xlsx"],
        rows: ["june-corrected.xlsx:5W:5", "june.xlsx:5W:12"],
        kept_row: "june-corrected.xlsx:5W:5"
      }
    ]);
  });

  test("a key reported twice in one file keeps the row with the highest row number", async () => {
    const conn = await run([
      activity({ file_hash: "h-new", row_number: 40, reached: 90, location: "VILLAGE 1" }),
      activity({ file_hash: "h-new", row_number: 41, reached: 95 })
    ]);
    expect(await rows(conn, `SELECT reached, row_number, reports FROM activities_current`)).toEqual([{ reached: 95, row_number: 41, reports: 2 }]);
    expect(await rows(conn, `SELECT "rows" FROM duplicates_5w`)).toEqual([{ rows: ["june-corrected.xlsx:5W:41", "june-corrected.xlsx:5W:40"] }]);
  });

  test("the same key in a different month or location is not a duplicate", async () => {
    const conn = await run([activity({ reached: 1 }), activity({ reached: 2, location: "Village 2" }), activity({ reached: 3, reporting_month: "2025-08-01" })]);
    expect(await rows(conn, `SELECT count(*) AS n FROM activities_current`)).toEqual([{ n: 3 }]);
    expect(await rows(conn, `SELECT count(*) AS n FROM duplicates_5w`)).toEqual([{ n: 0 }]);
  });
});

describe("presence, partners and gaps", () => {
  test("operational presence without a month counts in the current quarter and planned activities do not count", async () => {
    const conn = await run([
      activity({ org_lead: "Org P", reporting_month: null, reached: null, admin2_pcode: "XD0102" }),
      activity({ org_lead: "Org P", reporting_month: null, reached: null, admin2_pcode: "XD0102", activity_code: "GP-02", activity: "IPA" }),
      activity({ org_lead: "Org Q", status: "planned", admin2_pcode: "XD0103", reached: 0, targeted: 100 })
    ]);
    expect(await rows(conn, `SELECT quarter, admin2_pcode, org_lead, activities, rule FROM presence_admin2`)).toEqual([
      { quarter: "2025Q3", admin2_pcode: "XD0102", org_lead: "Org P", activities: 2, rule: "no month: current quarter" }
    ]);
    expect(await rows(conn, `SELECT count(*) AS n FROM reach_admin2 WHERE admin2_pcode = 'XD0102'`)).toEqual([{ n: 0 }]);
  });

  test("partners lists each organisation's AoRs, areas and months", async () => {
    const conn = await run([
      activity({ reporting_month: "2025-07-01", reached: 1 }),
      activity({ reporting_month: "2025-09-01", reached: 1, aor: "CP", activity_code: "CP-01", admin2_pcode: "XD0102" })
    ]);
    expect(await rows(conn, `SELECT org_lead, org_type, aors, admin2_count, months_reported, strftime(last_month, '%Y-%m') AS last_month FROM partners`)).toEqual([
      { org_lead: "Org A", org_type: "INGO", aors: ["CP", "GP"], admin2_count: 2, months_reported: 2, last_month: "2025-09" }
    ]);
  });

  test("without severity data, populated admin2 areas with no partner in the current quarter are gaps", async () => {
    const w = await openWarehouse(":memory:");
    await insert(w.conn, "ingest_files", FILES);
    await insert(w.conn, "admin_areas", AREAS);
    await insert(w.conn, "population", [
      { pcode: "XD0101", admin_level: 2, population_group: "all", sex: "t", age_band: "total", population: 5000, file_hash: "p" },
      { pcode: "XD0102", admin_level: 2, population_group: "all", sex: "t", age_band: "total", population: 3000, file_hash: "p" },
      { pcode: "XD0103", admin_level: 2, population_group: "all", sex: "t", age_band: "total", population: 0, file_hash: "p" }
    ]);
    await insert(w.conn, "activities", [activity({ admin2_pcode: "XD0101", reached: 10 }), activity({ admin2_pcode: "XD0102", reporting_month: "2025-04-01", reached: 10 })]);
    await runPipelines(w.conn, parseOperationConfig(BASE_CONFIG));
    expect(await queryRows(w.conn, `SELECT admin2_pcode, admin1_pcode, name, population, severity, pin, partners, reason, rule FROM gaps_admin2`)).toEqual([
      {
        admin2_pcode: "XD0102",
        admin1_pcode: "XD01",
        name: "North B",
        population: 3000,
        severity: null,
        pin: null,
        partners: 0,
        reason: "population 3000 (no severity data) and no partner present in 2025Q3",
        rule: "population > 0 (no severity data)"
      }
    ]);
  });

  test("the public gaps leave out the sensitive AoRs: an area where only a GBV partner works is a public gap", async () => {
    const w = await openWarehouse(":memory:");
    await insert(w.conn, "ingest_files", FILES);
    await insert(w.conn, "admin_areas", AREAS);
    await insert(w.conn, "population", [
      { pcode: "XD0101", admin_level: 2, population_group: "all", sex: "t", age_band: "total", population: 5000, file_hash: "p" },
      { pcode: "XD0102", admin_level: 2, population_group: "all", sex: "t", age_band: "total", population: 3000, file_hash: "p" }
    ]);
    await insert(w.conn, "activities", [
      activity({ admin2_pcode: "XD0101", reached: 10 }),
      activity({ org_lead: "Org G", aor: "GBV", activity_code: "GBV-01", activity: "PSS", admin2_pcode: "XD0102", reached: 10 })
    ]);
    await runPipelines(w.conn, parseOperationConfig(BASE_CONFIG));
    expect(await queryRows(w.conn, `SELECT admin2_pcode FROM gaps_admin2`)).toEqual([]);
    expect(await queryRows(w.conn, `SELECT admin2_pcode, population, partners, reason FROM gaps_admin2_public`)).toEqual([
      { admin2_pcode: "XD0102", population: 3000, partners: 0, reason: "population 3000 (no severity data) and no partner of a non-sensitive AoR present in 2025Q3" }
    ]);
  });
});
