// Risk ratings and incidents loaders: risk names (official, older, keys, numbers, French), level label
// sets, long and wide files, and every bad input of issue #14 with its message.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ingestFiles } from "../loaders/ingest.ts";
import { resolveRisk } from "../loaders/risk-names.ts";
import { parseLevel } from "../loaders/risk-levels.ts";
import { parseQuarter } from "../loaders/risk-quarter.ts";
import { RISKS } from "../warehouse/risk-list.ts";
import { queryRows } from "../warehouse/db.ts";
import { csvText } from "./helpers/bad-files.ts";
import { seedAreas, tempDir, testConfig, withMemory } from "./helpers/warehouse.ts";

const tmp = tempDir("risks-loader-");
afterAll(() => tmp.cleanup());
const config = testConfig();

function file(name: string, rows: string[][]): string {
  const path = join(tmp.dir, name);
  writeFileSync(path, csvText(rows));
  return path;
}

describe("risk names", () => {
  it("accepts the official names, the keys and the numbers 1–15", () => {
    for (const r of RISKS) {
      expect(resolveRisk(r.name)).toEqual({ key: r.key, via: "name" });
      expect(resolveRisk(r.key)).toEqual({ key: r.key, via: "key" });
      expect(resolveRisk(String(r.number))).toEqual({ key: r.key, via: "number" });
    }
  });

  it("accepts the older variant names of GPC dashboards and partner files", () => {
    expect(resolveRisk("Misinformation and denial of access to information").key).toBe("disinformation");
    expect(resolveRisk("Sexual and gender-based violence (SGBV)").key).toBe("gbv");
    expect(resolveRisk("Torture or inhuman, cruel, degrading treatment").key).toBe("torture_cidt");
    expect(resolveRisk("Impediments or restrictions to freedom of movement, siege and forced displacement").key).toBe("movement_displacement");
    expect(resolveRisk("Attacks on civilians and other unlawful killings, attacks on civilian infrastructures").key).toBe("attacks_on_civilians");
    expect(resolveRisk("8. Gender-Based Violence").key).toBe("gbv");
  });

  it("matches French names by keyword", () => {
    expect(resolveRisk("Violences basées sur le genre (VBG)").key).toBe("gbv");
    expect(resolveRisk("Enlèvement, détention arbitraire").key).toBe("abduction_detention");
    expect(resolveRisk("Mariage d'enfants, précoce ou forcé").key).toBe("child_marriage");
    expect(resolveRisk("Recrutement forcé et association d'enfants").key).toBe("child_recruitment");
    expect(resolveRisk("Présence de mines et d'engins explosifs").key).toBe("explosive_ordnance");
    expect(resolveRisk("Traite des personnes, travail forcé").key).toBe("trafficking_forced_labour");
    expect(resolveRisk("Restrictions à la liberté de mouvement, déplacement forcé").key).toBe("movement_displacement");
    expect(resolveRisk("Vol, extorsion, expulsion forcée").key).toBe("property_eviction");
  });

  it("rejects an unknown risk with the closest standard names", () => {
    const m = resolveRisk("Food insecurity");
    expect(m.key).toBeNull();
    if (m.key === null) {
      expect(m.error).toBe("unknown risk 'Food insecurity': not one of the 15 GPC standard risks");
      expect(m.suggestions).toHaveLength(3);
    }
    const typo = resolveRisk("Gender-Basd Violense");
    expect(typo.key === null && typo.suggestions[0]).toBe("8. Gender-Based Violence (gbv)");
    expect(resolveRisk("16").key).toBeNull();
  });
});

describe("risk levels and quarters", () => {
  it("reads both GPC label sets, numbers and N/A", () => {
    expect(parseLevel("Severe")).toEqual({ level: 4, labelSet: "gpc2021" });
    expect(parseLevel("Minor")).toEqual({ level: 1, labelSet: "gpc2021" });
    expect(parseLevel("Very High")).toEqual({ level: 5, labelSet: "gpc_low_high" });
    expect(parseLevel("Low")).toEqual({ level: 2, labelSet: "gpc_low_high" });
    expect(parseLevel("3")).toEqual({ level: 3, labelSet: "number" });
    expect(parseLevel("4 - High")).toEqual({ level: 4, labelSet: "gpc_low_high" });
    expect(parseLevel("Not present")).toEqual({ level: null, labelSet: "na" });
    expect(parseLevel("6")).toMatchObject({ level: null, error: "level 6 is outside the scale 1–5" });
    expect(parseLevel("0")).toMatchObject({ level: null, error: "level 0 is outside the scale 1–5" });
    expect(parseLevel("Catastrophic")).toMatchObject({ level: null, labelSet: null });
  });

  it("reads quarters as files write them", () => {
    expect(parseQuarter("2025Q3")).toBe("2025Q3");
    expect(parseQuarter("Q3 2025")).toBe("2025Q3");
    expect(parseQuarter("2025-Q1")).toBe("2025Q1");
    expect(parseQuarter("T4 2025")).toBe("2025Q4");
    expect(parseQuarter("2025-08")).toBe("2025Q3");
    expect(parseQuarter("summer")).toBeNull();
  });
});

describe("ingesting risk ratings", () => {
  it("loads a long file with the country, admin1 and admin2 rows, and explains every rejected row", async () => {
    const path = file("ratings_long.csv", [
      ["Quarter", "Area P-code", "Risk", "Risk level", "Affected groups", "Evidence"],
      ["2025Q2", "XD", "Gender-Based Violence", "Extreme", "women; girls", "GBV sub-cluster"],
      ["2025Q2", "XDM", "Attacks on civilians", "Severe", "", ""],
      ["2025Q2", "XD01", "8", "4", "", ""],
      ["2025Q2", "XD0101", "gbv", "Very High", "IDP", ""],
      ["2025Q2", "XD0102", "Violences basées sur le genre", "N/A", "", ""],
      ["2025Q2", "XD0201", "Food insecurity", "3", "", ""],
      ["2025Q2", "XD0201", "gbv", "7", "", ""],
      ["2025Q2", "XD0201", "gbv", "Catastrophic", "", ""],
      ["2025Q2", "XD0909", "gbv", "3", "", ""],
      ["2099Q1", "XD0201", "gbv", "3", "", ""],
      ["2025Q2", "XD0202", "torture", "2", "", ""],
      ["2025Q2", "XD0202", "torture", "3", "", ""]
    ]);
    await withMemory(async (w) => {
      await seedAreas(w);
      const report = await ingestFiles(w.conn, [path], { config });
      const f = report.files[0]!;
      expect(f.kind).toBe("risks");
      expect([f.rowsRead, f.rowsAccepted, f.rowsRejected, f.rowsSkipped]).toEqual([12, 6, 5, 1]);
      const stored = await queryRows(w.conn, `SELECT area_pcode, area_level, admin1_pcode, risk_key, level, label_set, risk_label FROM risk_ratings ORDER BY row_number`);
      expect(stored).toEqual([
        { area_pcode: "XD", area_level: 0, admin1_pcode: null, risk_key: "gbv", level: 5, label_set: "gpc2021", risk_label: "Gender-Based Violence" },
        { area_pcode: "XD", area_level: 0, admin1_pcode: null, risk_key: "attacks_on_civilians", level: 4, label_set: "gpc2021", risk_label: "Attacks on civilians" },
        { area_pcode: "XD01", area_level: 1, admin1_pcode: "XD01", risk_key: "gbv", level: 4, label_set: "number", risk_label: "8" },
        { area_pcode: "XD0101", area_level: 2, admin1_pcode: "XD01", risk_key: "gbv", level: 5, label_set: "gpc_low_high", risk_label: "gbv" },
        { area_pcode: "XD0102", area_level: 2, admin1_pcode: "XD01", risk_key: "gbv", level: null, label_set: "na", risk_label: "Violences basées sur le genre" },
        { area_pcode: "XD0202", area_level: 2, admin1_pcode: "XD02", risk_key: "torture_cidt", level: 3, label_set: "number", risk_label: "torture" }
      ]);
      const issues = await queryRows(w.conn, `SELECT row_number, severity, rule, reason, suggestion FROM ingest_issues WHERE severity <> 'info' ORDER BY row_number`);
      const at = (row: number) => issues.filter((i) => i.row_number === row);
      expect(at(7)[0]).toMatchObject({ rule: "risk-unknown", reason: "unknown risk 'Food insecurity': not one of the 15 GPC standard risks" });
      expect(String(at(7)[0]!.suggestion)).toMatch(/^closest standard names: /);
      expect(at(8)[0]).toMatchObject({ rule: "level", reason: "level 7 is outside the scale 1–5" });
      expect(String(at(9)[0]!.reason)).toMatch(/^level 'Catastrophic' is from neither GPC label set/);
      expect(at(10)[0]).toMatchObject({ rule: "area", reason: "area XD0909 is not in admin_areas (the loaded boundaries)" });
      expect(String(at(11)[0]!.reason)).toMatch(/^quarter 2099Q1 is in the future/);
      expect(at(12)[0]).toMatchObject({ severity: "skipped", rule: "duplicate-rating" });
      expect(String(at(12)[0]!.reason)).toBe("rated again later in this sheet: 2025Q2 × XD0202 × torture_cidt (row 13); the later row wins, this rating is not stored");
    });
  });

  it("loads a wide file (one column per risk, names in French and as older variants)", async () => {
    const path = file("ratings_wide_2025Q3.csv", [
      ["Admin1 P-code", "GBV", "Misinformation and denial of access to information", "Présence de mines et d'engins explosifs", "Evidence"],
      ["XD01", "High", "Low", "", "monitoring"],
      ["XD02", "Medium", "", "Very High", ""],
      ["XD03", "", "", "", ""]
    ]);
    await withMemory(async (w) => {
      await seedAreas(w);
      const report = await ingestFiles(w.conn, [path], { config });
      const f = report.files[0]!;
      expect(f.kind).toBe("risks");
      expect([f.rowsRead, f.rowsAccepted, f.rowsRejected, f.rowsSkipped]).toEqual([3, 2, 1, 0]);
      const stored = await queryRows(w.conn, `SELECT quarter, area_pcode, risk_key, level FROM risk_ratings ORDER BY area_pcode, risk_key`);
      expect(stored).toEqual([
        { quarter: "2025Q3", area_pcode: "XD01", risk_key: "disinformation", level: 2 },
        { quarter: "2025Q3", area_pcode: "XD01", risk_key: "gbv", level: 4 },
        { quarter: "2025Q3", area_pcode: "XD02", risk_key: "explosive_ordnance", level: 5 },
        { quarter: "2025Q3", area_pcode: "XD02", risk_key: "gbv", level: 3 }
      ]);
    });
  });
});

describe("ingesting incidents", () => {
  it("loads monthly counts per area and site, maps incident types to risks and refuses victim names", async () => {
    const path = file("incidents_2025.csv", [
      ["Month", "Admin2 P-code", "Site", "Incident type", "Population group", "Perpetrator", "Victim name", "Number of incidents"],
      ["2025-07", "XD0101", "Camp Espoir", "Armed presence in site", "IDP", "Non-State armed group", "A. B.", "3"],
      ["2025-07", "XD0101", "Camp Espoir", "Forced recruitment", "IDP", "Non-State armed group", "C. D.", "2"],
      ["2025-08", "XD0201", "", "Rape", "Host community", "Unknown", "", "4"],
      ["2025-08", "XD0201", "", "Crop burning", "Host community", "Unknown", "", "1"]
    ]);
    await withMemory(async (w) => {
      await seedAreas(w);
      const report = await ingestFiles(w.conn, [path], { config: testConfig({ pau: { incidentTypes: { "Armed presence in site": "attacks_on_civilians" } } }) });
      const f = report.files[0]!;
      expect(f.kind).toBe("incidents");
      expect([f.rowsRead, f.rowsAccepted, f.rowsRejected]).toEqual([4, 3, 1]);
      const stored = await queryRows(w.conn, `SELECT month::VARCHAR AS month, quarter, area_pcode, admin1_pcode, site_name, risk_key, population_group, incidents FROM incidents ORDER BY row_number`);
      expect(stored).toEqual([
        { month: "2025-07-01", quarter: "2025Q3", area_pcode: "XD0101", admin1_pcode: "XD01", site_name: "Camp Espoir", risk_key: "attacks_on_civilians", population_group: "idp", incidents: 3n },
        { month: "2025-07-01", quarter: "2025Q3", area_pcode: "XD0101", admin1_pcode: "XD01", site_name: "Camp Espoir", risk_key: "child_recruitment", population_group: "idp", incidents: 2n },
        { month: "2025-08-01", quarter: "2025Q3", area_pcode: "XD0201", admin1_pcode: "XD02", site_name: null, risk_key: "gbv", population_group: "host", incidents: 4n }
      ].map((r) => ({ ...r, incidents: Number(r.incidents) })));
      const info = await queryRows(w.conn, `SELECT rule, reason FROM ingest_issues WHERE rule = 'personal-data'`);
      expect(info).toHaveLength(1);
      expect(JSON.stringify(await queryRows(w.conn, `SELECT extra FROM incidents`))).not.toContain("A. B.");
    });
  });
});
