import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { ingestFiles } from "../loaders/ingest.ts";
import { rows, seedAreas, tempDir, testConfig, withMemory } from "./helpers/warehouse.ts";

const tmp = tempDir();
const config = testConfig();
const f = (name: string) => join(tmp.dir, name);

beforeAll(async () => {
  // a partner workbook: title rows, merged "People reached" over a two-row header, an HXL row,
  // a formula total with its cached value, a spacer row, a TOTAL row and an instructions sheet
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("Instructions").addRow(["Fill one row per activity and month."]);
  const ws = wb.addWorksheet("5W");
  ws.addRow(["Dalmora Protection Cluster — 5W"]);
  ws.addRow([]);
  ws.addRow(["Reporting month", "Organization", "AoR", "Activity", "District P-code", "District", "Population group", "People reached", null, null, null, null, "Beneficiary name"]);
  ws.addRow([null, null, null, null, null, null, null, "Girls", "Boys", "Women", "Men", "Total", null]);
  ws.mergeCells("H3:L3");
  ws.addRow(["#date+reported", "#org+name", "#subsector", "#activity+name", "#adm2+code", "#adm2+name", "#beneficiary", "#reached+f+children", "#reached+m+children", "#reached+f+adults", "#reached+m+adults", "#reached+ind", ""]);
  ws.addRow([new Date(Date.UTC(2025, 3, 1)), "ONG Espoir", "GBV", "GBV case management", "XD0101", "Kéra-Nord", "IDP", 10, 20, 30, 40, { formula: "SUM(H6:K6)", result: 100 }, "Amina X"]);
  ws.addRow([new Date(Date.UTC(2025, 3, 1)), "ONG Espoir", "Child Protection", "Case management", "XDM0102", "Tessit", "Host community", 5, 5, 5, 5, { formula: "SUM(H7:K7)", result: 20 }, "Jean Y"]);
  ws.addRow([]);
  ws.addRow([new Date(Date.UTC(2025, 4, 1)), "ONG Espoir", "Shelter", "NFI", "XD0101", "Kéra-Nord", "IDP", 1, 1, 1, 1, 4, "Z"]);
  ws.addRow([new Date(Date.UTC(2025, 4, 1)), "ONG Espoir", "GBV", "GBV case management", "XD9999", null, "IDP", 1, 1, 1, 1, 4, "Z"]);
  ws.addRow([new Date(Date.UTC(2025, 4, 1)), "ONG Espoir", "GBV", "GBV case management", null, "Tessit", "IDP", 1, 1, 1, 1, 4, "Z"]);
  ws.addRow([new Date(Date.UTC(2025, 4, 1)), "ONG Espoir", "GBV", "GBV case management", "XD0201", "Séno", "PDI", "about 200", 1, 1, 1, -4, "Z"]);
  ws.addRow(["TOTAL", null, null, null, null, null, null, 18, 28, 38, 48, 152, null]);
  await wb.xlsx.writeFile(f("partner_5w_2025.xlsx"));

  // a French Excel CSV export: Windows-1252, semicolons, thousands with spaces, names without p-codes
  const csv = [
    "Mois de rapportage;Organisation;Sous-secteur;Activité;Région;Département;Groupe de population;Filles;Garçons;Femmes;Hommes;Total atteint",
    "juin 2025;ONG Séno Espoir;VBG;Prise en charge;Nord;KERA NORD;Retournés;300;200;400;350;1 250",
    "juin 2025;ONG Séno Espoir;Protection de l'enfance;Espaces amis;;Tessit;Retournés;1;1;1;1;4",
    "2024-11;ONG Séno Espoir;VBG;Prise en charge;Sud;Séno;Réfugiés;1;1;1;1;4"
  ].join("\r\n");
  writeFileSync(f("rapport_5W_2025-06.csv"), iconv.encode(csv, "windows-1252"));
  writeFileSync(f("empty.csv"), "");
  writeFileSync(f("junk.csv"), Buffer.from([0, 1, 2, 3, 0, 0, 255, 254, 0, 7, 8, 0, 0, 1, 2, 3].concat(Array(2000).fill(0))));
  writeFileSync(f("locked.xlsx"), Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]));
  writeFileSync(f("truncated.xlsx"), Buffer.from(await wb.xlsx.writeBuffer()).subarray(0, 900));
  writeFileSync(f("unknown.csv"), "colour,flavour\nred,sweet\nblue,salty\n");
});
afterAll(() => tmp.cleanup());

describe("ingesting a messy partner workbook", () => {
  it("loads the good rows with provenance, and explains every rejected row", async () => {
    await withMemory(async (w) => {
      await seedAreas(w);
      const { files } = await ingestFiles(w.conn, [f("partner_5w_2025.xlsx")], { config });
      const r = files[0]!;
      expect(r.status).toBe("loaded");
      expect(r.kind).toBe("5w");
      // 6 data rows + the TOTAL row (the spacer row is not data)
      expect(r.rowsRead).toBe(7);
      expect(r.rowsAccepted).toBe(2);
      // four rows with an error, and the TOTAL row skipped: read = accepted + rejected + skipped
      expect(r.rowsRejected).toBe(4);
      expect(r.rowsSkipped).toBe(1);
      const acts = await rows(w.conn, `SELECT admin2_pcode, aor, population_group, reached, reached_girls, pcode_match, sheet, row_number, extra FROM activities ORDER BY row_number`);
      expect(acts.map((a) => [a.admin2_pcode, a.aor, a.population_group, a.reached, a.pcode_match, a.sheet, a.row_number])).toEqual([
        ["XD0101", "GBV", "idp", 100, "exact", "5W", 6],
        ["XD0102", "CP", "host", 20, "repaired", "5W", 7]
      ]);
      // the personal-data column is never stored, not even in extra
      expect(JSON.stringify(acts)).not.toContain("Amina");
      // no region column: the region comes from the boundaries; no organisation-type column: NULL (the insert
      // leaves columns that are empty in the sheet out, derived ones in)
      const places = await rows(w.conn, `SELECT admin1_pcode, admin1_name, admin2_name, org_type, location FROM activities ORDER BY row_number`);
      expect(places.map((a) => [a.admin1_pcode, a.admin1_name, a.admin2_name, a.org_type, a.location])).toEqual([
        ["XD01", "Nord", "Kéra-Nord", null, null],
        ["XD01", "Nord", "Tessit", null, null]
      ]);
      const issues = await rows(w.conn, `SELECT row_number, severity, rule, reason FROM ingest_issues WHERE severity IN ('error', 'skipped') ORDER BY row_number, rule`);
      const byRow = new Map<number, string[]>();
      for (const i of issues) byRow.set(Number(i.row_number), [...(byRow.get(Number(i.row_number)) ?? []), String(i.reason)]);
      expect(byRow.get(9)!.join()).toContain("unknown AoR 'Shelter'");
      expect(byRow.get(10)!.join()).toContain("unknown admin2 p-code XD9999");
      expect(byRow.get(11)!.join()).toContain("ambiguous admin2 name 'Tessit'");
      expect(byRow.get(12)!.join()).toContain("cannot read 'about 200'");
      expect(byRow.get(12)!.join()).toContain("-4 is negative count");
      expect(byRow.get(13)!.join()).toContain("totals row");
      const info = await rows(w.conn, `SELECT reason FROM ingest_issues WHERE rule = 'personal-data'`);
      expect(info.map((i) => i.reason)).toEqual(["column looks like personal data (names of people); not stored"]);
    });
  });

  it("changes nothing when the same file is ingested again, and replaces the rows of a new version", async () => {
    await withMemory(async (w) => {
      await seedAreas(w);
      await ingestFiles(w.conn, [f("partner_5w_2025.xlsx")], { config });
      const again = await ingestFiles(w.conn, [f("partner_5w_2025.xlsx")], { config });
      expect(again.files[0]!.status).toBe("unchanged");
      expect(await rows(w.conn, `SELECT count(*)::INT AS n FROM activities`)).toEqual([{ n: 2 }]);
      // a corrected version under the same name: only its rows remain
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet("5W");
      ws.addRow(["Reporting month", "Organization", "AoR", "District P-code", "Population group", "People reached"]);
      ws.addRow(["2025-04", "ONG Espoir", "GBV", "XD0101", "IDP", 120]);
      const dir2 = tempDir();
      await wb.xlsx.writeFile(join(dir2.dir, "partner_5w_2025.xlsx"));
      const v2 = await ingestFiles(w.conn, [join(dir2.dir, "partner_5w_2025.xlsx")], { config });
      dir2.cleanup();
      expect(v2.files[0]!.status).toBe("replaced");
      expect(await rows(w.conn, `SELECT reached FROM activities`)).toEqual([{ reached: 120 }]);
      expect(await rows(w.conn, `SELECT status, count(*)::INT AS n FROM ingest_files WHERE kind = '5w' GROUP BY status ORDER BY status`)).toEqual([
        { status: "loaded", n: 1 },
        { status: "replaced", n: 1 }
      ]);
    });
  });

  it("reads a Windows-1252 French CSV: names matched to p-codes, text numbers, months in French", async () => {
    await withMemory(async (w) => {
      await seedAreas(w);
      const { files } = await ingestFiles(w.conn, [f("rapport_5W_2025-06.csv")], { config });
      expect(files[0]!.status).toBe("loaded");
      const acts = await rows(w.conn, `SELECT org_lead, aor, admin1_pcode, admin2_pcode, population_group, reached, strftime(reporting_month, '%Y-%m') AS m, pcode_match FROM activities ORDER BY row_number`);
      expect(acts[0]).toEqual({ org_lead: "ONG Séno Espoir", aor: "GBV", admin1_pcode: "XD01", admin2_pcode: "XD0101", population_group: "returnee", reached: 1250, m: "2025-06", pcode_match: "name" });
      // the 2024 row is kept but flagged as outside the reporting period
      expect(acts[1]).toMatchObject({ admin2_pcode: "XD0201", population_group: "refugee", m: "2024-11" });
      const reasons = (await rows(w.conn, `SELECT reason FROM ingest_issues WHERE severity IN ('error','warning') ORDER BY row_number`)).map((r) => r.reason);
      expect(reasons).toEqual([
        "ambiguous admin2 name 'Tessit': Tessit (XD0102, in Nord) or Tessit (XD0202, in Sud); give the admin1 or the p-code",
        "reporting month 2024-11 is outside the reporting period 2025-01-01 to 2025-12-31"
      ]);
    });
  });
});

describe("months named without a year", () => {
  it("takes the year from a Year column, row by row, and reads full dates and months as they are", async () => {
    // the month is parsed once per distinct text; a bare month name needs its row's year, so the same
    // "juin" is June 2024 on one row and June 2025 on the next
    const csv = [
      "Year,Month,Organization,AoR,District P-code,Population group,Total reached",
      "2024,juin,Org A,GBV,XD0101,IDP,10",
      "2025,juin,Org A,GBV,XD0101,IDP,20",
      "2025,July,Org A,GBV,XD0101,IDP,30",
      "2025,2025-08,Org A,GBV,XD0101,IDP,40",
      "2024,2025-09-15,Org A,GBV,XD0101,IDP,50",
      ",juin,Org A,GBV,XD0101,IDP,60"
    ].join("\n");
    writeFileSync(f("months_by_year.csv"), csv);
    await withMemory(async (w) => {
      await seedAreas(w);
      const { files } = await ingestFiles(w.conn, [f("months_by_year.csv")], { config });
      expect(files[0]).toMatchObject({ status: "loaded", rowsRead: 6, rowsAccepted: 5, rowsRejected: 1 });
      expect(await rows(w.conn, `SELECT reached, strftime(reporting_month, '%Y-%m') AS m FROM activities ORDER BY row_number`)).toEqual([
        { reached: 10, m: "2024-06" },
        { reached: 20, m: "2025-06" },
        { reached: 30, m: "2025-07" },
        { reached: 40, m: "2025-08" },
        { reached: 50, m: "2025-09" }
      ]);
      // no year on the row and none in the file name: the month cannot be read
      expect(await rows(w.conn, `SELECT row_number, rule, reason FROM ingest_issues WHERE severity = 'error'`)).toEqual([
        { row_number: 7, rule: "type:month", reason: "Month: cannot read 'juin'; expected a month (e.g. 2025-06, June 2025, juin 2025)" }
      ]);
    });
  });
});

describe("bad input", () => {
  const cases: [string, RegExp][] = [
    ["missing.csv", /file not found/],
    ["empty.csv", /empty file \(0 bytes\)/],
    ["junk.csv", /not a text file/],
    ["locked.xlsx", /password-protected/],
    ["truncated.xlsx", /corrupt or truncated XLSX/],
    ["unknown.csv", /unknown kind/]
  ];
  for (const [name, message] of cases) {
    it(`fails ${name} with one clear line and leaves the warehouse as it was`, async () => {
      await withMemory(async (w) => {
        await seedAreas(w);
        await ingestFiles(w.conn, [f("rapport_5W_2025-06.csv")], { config });
        const before = await rows(w.conn, `SELECT (SELECT count(*) FROM activities)::INT a, (SELECT count(*) FROM ingest_issues)::INT i, (SELECT count(*) FROM ingest_files)::INT f`);
        const { files } = await ingestFiles(w.conn, [f(name)], { config });
        expect(files[0]!.status).toBe("failed");
        expect(files[0]!.error).toMatch(message);
        expect(files[0]!.error).toContain(name);
        expect(await rows(w.conn, `SELECT (SELECT count(*) FROM activities)::INT a, (SELECT count(*) FROM ingest_issues)::INT i, (SELECT count(*) FROM ingest_files)::INT f`)).toEqual(before);
      });
    });
  }
});

describe("the cluster activity list", () => {
  it("flags activities that are not on the list, by code or by name, and keeps the rows", async () => {
    const file = f("list_check_2025-05.csv");
    writeFileSync(
      file,
      [
        "Reporting month,Organization,AoR,Activity code,Activity,District P-code,Population group,People reached",
        "2025-05,ONG A,GBV,GBV-01,GBV case management,XD0101,IDP,10",
        "2025-05,ONG A,GBV,,gbv case-management,XD0101,IDP,10",
        "2025-05,ONG A,GP,,GP-02 Assistance individuelle,XD0101,IDP,10",
        "2025-05,ONG A,GP,,Distribution de bâches,XD0101,IDP,10"
      ].join("\n")
    );
    await withMemory(async (w) => {
      await seedAreas(w);
      const listed = testConfig({ activityList: [{ code: "GBV-01", name: "GBV case management" }, { code: "GP-02", name: "Individual protection assistance" }] });
      const { files } = await ingestFiles(w.conn, [file], { config: listed });
      expect(files[0]).toMatchObject({ rowsAccepted: 4, rowsRejected: 0, rowsFlagged: 1 });
      expect(await rows(w.conn, `SELECT row_number, reason FROM ingest_issues WHERE rule = 'activity-unknown'`)).toEqual([
        { row_number: 5, reason: "activity 'Distribution de bâches' is not on the cluster activity list" }
      ]);
    });
  });
});

describe("text fields only the insert reads (kept as dictionary ids in the typed table)", () => {
  it("stores their cleaned, canonical values, and rejects an unreadable category with its text", async () => {
    const file = f("ids_2025-05.csv");
    writeFileSync(
      file,
      [
        "Reporting month,Organization,Organization type,AoR,Activity,District P-code,Population group,Status,Modality,People reached",
        "2025-05,  ONG  Espoir ,ONG nationale,GBV,Case management,XD0101,PDI,en cours,Mobile team,10",
        "2025-05,ONG Espoir,Private foundation,GBV,Case management,XD0101,,Planned,,20",
        "2025-05,ONG Espoir,NNGO,GBV,Case management,XD0101,IDP,cancelled,Static,30",
        "2025-05,N/A,NNGO,GBV,Case management,XD0101,IDP,ongoing,Static,40"
      ].join("\n")
    );
    await withMemory(async (w) => {
      await seedAreas(w);
      const { files } = await ingestFiles(w.conn, [file], { config });
      expect(files[0]).toMatchObject({ rowsRead: 4, rowsAccepted: 2, rowsRejected: 2 });
      // org_type is an open category: an unknown type is kept as written
      expect(await rows(w.conn, `SELECT row_number, org_lead, org_type, population_group, status, modality, reached FROM activities ORDER BY row_number`)).toEqual([
        { row_number: 2, org_lead: "ONG Espoir", org_type: "NNGO", population_group: "idp", status: "ongoing", modality: "Mobile team", reached: 10 },
        { row_number: 3, org_lead: "ONG Espoir", org_type: "Private foundation", population_group: null, status: "planned", modality: null, reached: 20 }
      ]);
      expect(await rows(w.conn, `SELECT row_number, column_name, raw_value, reason FROM ingest_issues WHERE severity = 'error' ORDER BY row_number`)).toEqual([
        { row_number: 4, column_name: "Status", raw_value: "cancelled", reason: "Status: cannot read 'cancelled'; expected one of planned, ongoing, suspended, completed" },
        { row_number: 5, column_name: "Organization", raw_value: null, reason: "missing Organization" }
      ]);
    });
  });
});
