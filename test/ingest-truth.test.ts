// Issue #11, "ingest tells the truth": each class of fault on a small hand-made file, with hand-computed outcomes.
import { afterAll, describe, expect, it } from "vitest";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { ingestFiles, type FileReport } from "../loaders/ingest.ts";
import { KINDS } from "../loaders/kinds/index.ts";
import { population } from "../loaders/kinds/population.ts";
import type { KindDefinition } from "../loaders/kinds/kind.ts";
import { canonicalNames, organisationKey } from "../loaders/organisations.ts";
import { unicodeWithoutBom } from "../loaders/read/encoding.ts";
import { formatFileReport } from "../cli/report.ts";
import type { Warehouse } from "../warehouse/db.ts";
import { rows, seedAreas, tempDir, testConfig, withMemory } from "./helpers/warehouse.ts";

const tmp = tempDir("ingest-truth-");
afterAll(() => tmp.cleanup());
const config = testConfig();
let n = 0;
/** a file in its own folder (so that two tests never share a name by accident) */
function file(name: string, content: string | Buffer): string {
  const dir = join(tmp.dir, `f${++n}`);
  mkdirSync(dir, { recursive: true });
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}
const csv = (lines: string[]) => lines.join("\n") + "\n";
async function ingest(w: Warehouse, paths: string[], over: Parameters<typeof ingestFiles>[2] extends infer O ? Partial<O> : never = {}): Promise<FileReport[]> {
  const { files } = await ingestFiles(w.conn, paths, { config, ...over });
  for (const f of files) if (f.status !== "failed") expect(f.rowsAccepted + f.rowsRejected + f.rowsSkipped, f.file).toBe(f.rowsRead);
  return files;
}
const issues = (w: Warehouse, where = "TRUE") => rows(w.conn, `SELECT row_number, column_name, raw_value, severity, rule, reason FROM ingest_issues WHERE ${where} ORDER BY row_number NULLS FIRST, rule`);

async function xlsxWith(build: (wb: ExcelJS.Workbook) => void, name = "book.xlsx"): Promise<string> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return file(name, Buffer.from(await wb.xlsx.writeBuffer()));
}
/** An XLSX whose sheet XML is edited by hand (row numbers Excel would never write). */
async function xlsxEdited(build: (wb: ExcelJS.Workbook) => void, edit: (xml: string) => string, name = "edited.xlsx"): Promise<string> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  const files = unzipSync(new Uint8Array(await wb.xlsx.writeBuffer()));
  files["xl/worksheets/sheet1.xml"] = strToU8(edit(strFromU8(files["xl/worksheets/sheet1.xml"]!)));
  return file(name, Buffer.from(zipSync(files)));
}

describe("accepted means stored", () => {
  it("reads 'Population group' as the group and 'Population' as the count: 7 rows read, 6 stored, 1 rejected for having no figure", async () => {
    await withMemory(async (w) => {
      await seedAreas(w);
      const p = file("xdm_population_groups.csv", csv([
        "Admin2 Pcode,Admin2 name,Population group,Population",
        "XD0101,Kéra-Nord,IDP,1200",
        "XD0101,Kéra-Nord,Host,3400",
        "XD0102,Tessit,IDP,500",
        "XD0102,Tessit,Host,700",
        "XD0201,Séno,IDP,80",
        "XD0201,Séno,Host,99870",
        "XD0202,Tessit,IDP,"
      ]));
      const [r] = await ingest(w, [p]);
      expect(r).toMatchObject({ kind: "population", status: "loaded", rowsRead: 7, rowsAccepted: 6, rowsRejected: 1, rowsSkipped: 0 });
      const pop = await rows(w.conn, `SELECT count(*)::INT n, sum(population)::INT total, list(DISTINCT population_group ORDER BY population_group) g FROM population WHERE file_hash <> 'seed'`);
      // 1200 + 3400 + 500 + 700 + 80 + 99870
      expect(pop[0]).toMatchObject({ n: 6, total: 105750 });
      expect(JSON.stringify(pop[0]!.g)).toContain("host");
      const bad = await issues(w, "severity = 'error'");
      expect(bad.map((i) => [i.row_number, i.rule, i.reason])).toEqual([[8, "population-missing", "no population figure in this row"]]);
    });
  });

  it("fails the whole file and rolls back when a kind stores fewer rows than it accepted", async () => {
    await withMemory(async (w) => {
      const liar: KindDefinition = {
        ...population,
        async insert(ctx) {
          const accepted = await population.insert!(ctx);
          await ctx.conn.run(`DELETE FROM population WHERE file_hash = '${ctx.fileHash}' AND row_number = 3`);
          return accepted;
        }
      };
      const i = KINDS.indexOf(population);
      KINDS[i] = liar;
      try {
        const p = file("pop.csv", csv(["Admin2 Pcode,Admin2 name,Population", "XD0101,Kéra-Nord,10", "XD0102,Tessit,20", "XD0201,Séno,30"]));
        const [r] = await ingest(w, [p]);
        expect(r!.status).toBe("failed");
        expect(r!.error).toBe(`${p}: 3 rows passed the checks but 2 were stored in population; nothing of this file was loaded (a loader fault: please report it with the file)`);
        expect(await rows(w.conn, `SELECT (SELECT count(*) FROM population)::INT p, (SELECT count(*) FROM ingest_files)::INT f, (SELECT count(*) FROM ingest_issues)::INT i`)).toEqual([{ p: 0, f: 0, i: 0 }]);
      } finally {
        KINDS[i] = population;
      }
    });
  });
});

describe("one bad cell rejects its row, never the file", () => {
  it("rejects the row of month 2025-13 with its column and value, and loads the rest", async () => {
    await withMemory(async (w) => {
      await seedAreas(w);
      const p = file("5w_months.csv", csv([
        "Reporting month,Organisation,AoR,Activity,District P-code,People reached",
        "2025-13,ONG A,GBV,Case management,XD0101,10",
        "13/2025,ONG A,GBV,Case management,XD0101,11",
        "2025-06,ONG A,GBV,Case management,XD0101,20"
      ]));
      const [r] = await ingest(w, [p]);
      expect(r).toMatchObject({ status: "loaded", rowsRead: 3, rowsAccepted: 1, rowsRejected: 2 });
      const bad = await issues(w, "severity = 'error'");
      expect(bad.map((i) => [i.row_number, i.column_name, i.raw_value, i.rule])).toEqual([
        [2, "Reporting month", "2025-13", "type:month"],
        [3, "Reporting month", "13/2025", "type:month"]
      ]);
      expect(String(bad[0]!.reason)).toBe("Reporting month: cannot read '2025-13'; expected a month (e.g. 2025-06, June 2025, juin 2025)");
    });
  });

  it("refuses a 16,384-column sheet, an XLSX row past Excel's last row and records with 150,000 keys, each with its own message", async () => {
    await withMemory(async (w) => {
      const wide = await xlsxWith((wb) => {
        const ws = wb.addWorksheet("Wide");
        ws.addRow(Array.from({ length: 16_384 }, (_, i) => `c${i}`));
        ws.addRow(Array.from({ length: 16_384 }, () => 1));
      }, "wide.xlsx");
      const deep = await xlsxEdited(
        (wb) => {
          const ws = wb.addWorksheet("5W");
          ws.addRow(["Organisation", "AoR", "District P-code", "People reached"]);
          ws.addRow(["ONG A", "GBV", "XD0101", 5]);
        },
        (xml) => xml.replace(/<row r="2"/, '<row r="9999999999"').replace(/r="([A-Z]+)2"/g, 'r="$19999999999"'),
        "deep.xlsx"
      );
      const keys = file("keys.json", JSON.stringify([Object.fromEntries(Array.from({ length: 150_000 }, (_, i) => [`k${i}`, i]))]));
      const [a, b, c] = await ingest(w, [wide, deep, keys]);
      expect(a!.error).toBe(`${wide}: sheet 'Wide' has 16,384 columns with content; a table this tool reads has at most 2,048 (delete the unused columns, or split the sheet)`);
      expect(b!.error).toBe(`${deep}: sheet '5W': a row numbered 9,999,999,999 after row 1, past Excel's last row 1,048,576; this workbook was not written by Excel and cannot be read`);
      expect(c!.error).toBe(`${keys}: records with 150,000 distinct keys; a table this tool reads has at most 2,048 columns`);
      for (const f of [a, b, c]) expect(f!.error).not.toMatch(/Error|TypeError|Cannot read|\n/);
    });
  });

  it("reads invalid UTF-8 two megabytes into a CSV as U+FFFD and says from which line", async () => {
    await withMemory(async (w) => {
      await seedAreas(w);
      const good = Array.from({ length: 60_000 }, (_, i) => `2025-06,ONG Numéro ${i % 50},GBV,XD0101,${i % 7}`);
      const body = Buffer.concat([Buffer.from(["Reporting month,Organisation,AoR,District P-code,People reached", ...good].join("\n") + "\n"), Buffer.from("2025-06,ONG "), Buffer.from([0xff, 0xfe]), Buffer.from(" Late,GBV,XD0101,3\n")]);
      expect(body.length).toBeGreaterThan(1 << 21);
      const p = file("late_utf8.csv", body);
      const [r] = await ingest(w, [p]);
      expect(r).toMatchObject({ status: "loaded", rowsRead: 60_001, rowsAccepted: 60_001 });
      const late = await rows(w.conn, `SELECT org_lead FROM activities WHERE row_number = 60002`);
      expect(late[0]!.org_lead).toBe("ONG \uFFFD\uFFFD Late");
      const note = await issues(w, "rule = 'encoding-repaired'");
      expect(note.map((i) => [i.severity, i.row_number])).toEqual([["warning", 60_002]]);
      expect(String(note[0]!.reason)).toContain("from line 60,002");
    });
  });

  it("rejects GeoJSON null features, repeated p-codes and TopoJSON arcs out of range row by row", async () => {
    await withMemory(async (w) => {
      const square = (x: number) => ({ type: "Polygon", coordinates: [[[x, 0], [x, 1], [x + 1, 1], [x + 1, 0], [x, 0]]] });
      const geo = file("xdm_adm1.geojson", JSON.stringify({
        type: "FeatureCollection",
        features: [
          null,
          { type: "Feature", properties: { ADM1_PCODE: "XD01", ADM1_EN: "Nord", ADM0_PCODE: "XD" }, geometry: square(0) },
          { type: "Feature", properties: { ADM1_PCODE: "XD02", ADM1_EN: "Sud", ADM0_PCODE: "XD" }, geometry: square(1) },
          { type: "Feature", properties: { ADM1_PCODE: "XD01", ADM1_EN: "Nord bis", ADM0_PCODE: "XD" }, geometry: square(2) }
        ]
      }));
      const [g] = await ingest(w, [geo]);
      expect(g).toMatchObject({ status: "loaded", rowsRead: 4, rowsAccepted: 2, rowsRejected: 2 });
      const bad = await issues(w, "severity = 'error'");
      expect(bad.map((i) => [i.row_number, i.rule, i.reason])).toEqual([
        [2, "geometry", "invalid geometry: not a GeoJSON Feature (null)"],
        [2, "pcode-missing", "no admin p-code in this feature"],
        [5, "pcode-repeated", "p-code XD01 repeats an earlier feature of this file (row 3); only the first is loaded (merge the parts into one MultiPolygon)"]
      ]);
    });
    await withMemory(async (w) => {
      const topo = file("xdm_adm1.topojson", JSON.stringify({
        type: "Topology",
        arcs: [[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]],
        objects: {
          adm1: {
            type: "GeometryCollection",
            geometries: [
              { type: "Polygon", arcs: [[0]], properties: { ADM1_PCODE: "XD01", ADM1_EN: "Nord" } },
              { type: "Polygon", arcs: [[5]], properties: { ADM1_PCODE: "XD02", ADM1_EN: "Sud" } }
            ]
          }
        }
      }));
      const [t] = await ingest(w, [topo]);
      expect(t).toMatchObject({ status: "loaded", rowsRead: 2, rowsAccepted: 1, rowsRejected: 1 });
      const bad = await issues(w, "severity = 'error'");
      expect(bad.map((i) => [i.row_number, i.reason])).toEqual([[3, "invalid geometry: arc 5 is out of range: the topology has 1 arcs"]]);
    });
  });
});

describe("headers, AoRs and presence lists", () => {
  it("takes the Total under 'Personnes atteintes' as people reached, and sums the parts where a group has no Total", async () => {
    await withMemory(async (w) => {
      await seedAreas(w);
      const p = await xlsxWith((wb) => {
        const ws = wb.addWorksheet("Données");
        ws.addRow(["Organisation", "Sous-secteur", "Code district", "Mois", "Personnes ciblées", null, null, null, "Personnes atteintes", null, null, null, null]);
        ws.addRow([null, null, null, null, "Filles", "Garçons", "Femmes", "Hommes", "Filles", "Garçons", "Femmes", "Hommes", "Total"]);
        ws.mergeCells("E1:H1");
        ws.mergeCells("I1:M1");
        ws.addRow(["ONG Espoir", "PE", "XD0101", "2025-06", 10, 20, 30, 40, 10, 20, 30, 40, 100]);
        ws.addRow(["ONG Espoir", "LTP", "XD0102", "2025-06", 5, 5, 5, 5, 1, 2, 3, 4, 10]);
      }, "rapport_5W_2025-06.xlsx");
      const [r] = await ingest(w, [p]);
      expect(r).toMatchObject({ kind: "5w", rowsRead: 2, rowsAccepted: 2, rowsRejected: 0, rowsFlagged: 0 });
      const a = await rows(w.conn, `SELECT aor, targeted, targeted_boys, targeted_method, reached, reached_girls, reached_boys, reached_men, reached_method FROM activities ORDER BY row_number`);
      expect(a).toEqual([
        { aor: "CP", targeted: 100, targeted_boys: 20, targeted_method: "sum of parts", reached: 100, reached_girls: 10, reached_boys: 20, reached_men: 40, reached_method: "reported" },
        { aor: "HLP", targeted: 20, targeted_boys: 5, targeted_method: "sum of parts", reached: 10, reached_girls: 1, reached_boys: 2, reached_men: 4, reached_method: "reported" }
      ]);
      expect((await issues(w, "rule = 'disaggregation-sum'")).length).toBe(0);
      expect((await issues(w, "rule = 'total-from-parts'")).map((i) => i.reason)).toEqual(["no people targeted total column: the total is the sum of girls + boys + women + men (activities.targeted_method = 'sum of parts')"]);
    });
  });

  it("takes the Total under 'People targeted' as people targeted, in English too", async () => {
    await withMemory(async (w) => {
      await seedAreas(w);
      const p = await xlsxWith((wb) => {
        const ws = wb.addWorksheet("5W");
        ws.addRow(["Organization", "AoR", "District P-code", "Month", "People targeted", null, null, null, null, "People reached", null, null, null]);
        ws.addRow([null, null, null, null, "Girls", "Boys", "Women", "Men", "Total", "Girls", "Boys", "Women", "Men"]);
        ws.mergeCells("E1:I1");
        ws.mergeCells("J1:M1");
        ws.addRow(["NGO A", "GP", "XD0101", "2025-06", 1, 2, 3, 4, 12, 1, 1, 1, 1]);
      }, "5w_en_2025-06.xlsx");
      const [r] = await ingest(w, [p]);
      expect(r).toMatchObject({ rowsRead: 1, rowsAccepted: 1, rowsFlagged: 1 });
      // the reported total (12) is the total, though its parts add up to 10 (flagged, not replaced)
      expect(await rows(w.conn, `SELECT targeted, targeted_men, targeted_method, reached, reached_method FROM activities`)).toEqual([
        { targeted: 12, targeted_men: 4, targeted_method: "reported", reached: 4, reached_method: "sum of parts" }
      ]);
      expect((await issues(w, "severity = 'warning'")).map((i) => i.reason)).toEqual(["targeted girls + boys + women + men (10) does not add up to people targeted (12)"]);
    });
  });

  it("checks a total against the parts the sheet has, and names only those", async () => {
    await withMemory(async (w) => {
      await seedAreas(w);
      const p = await xlsxWith((wb) => {
        const ws = wb.addWorksheet("5W");
        ws.addRow(["Organization", "AoR", "District P-code", "Month", "Women reached", "Men reached", "Total reached"]);
        ws.addRow(["NGO A", "GP", "XD0101", "2025-06", 30, 20, 50]);
        ws.addRow(["NGO A", "CP", "XD0101", "2025-06", 30, 25, 50]);
      }, "5w_parts_2025-06.xlsx");
      const [r] = await ingest(w, [p]);
      expect(r).toMatchObject({ rowsRead: 2, rowsAccepted: 2, rowsFlagged: 1 });
      // 30 + 25 = 55 ≠ 50; no targeted column, so nothing is said of people targeted
      expect((await issues(w, "severity = 'warning'")).map((i) => i.reason)).toEqual(["women + men (55) does not add up to people reached (50)"]);
    });
  });

  it("knows every AoR by its English and French names and abbreviations", async () => {
    await withMemory(async (w) => {
      await seedAreas(w);
      const names = ["LTP", "PG", "PE", "VBG", "LAM", "\"Logement, terre et propriété\"", "Protection de l'enfance", "Violences basées sur le genre", "Lutte antimines", "GP", "CP", "GBV", "MA", "HLP", "\"Housing, Land and Property\"", "Protection générale", "Gender-Based Violence", "Mine Action"];
      const p = file("5w_aor_2025-06.csv", csv(["Organisation,AoR,District P-code,People reached", ...names.map((a) => `ONG A,${a},XD0101,1`)]));
      const [r] = await ingest(w, [p]);
      expect(r).toMatchObject({ rowsRead: 18, rowsAccepted: 18, rowsRejected: 0 });
      const a = await rows(w.conn, `SELECT aor FROM activities ORDER BY row_number`);
      expect(a.map((x) => x.aor)).toEqual(["HLP", "GP", "CP", "GBV", "MA", "HLP", "CP", "GBV", "MA", "GP", "CP", "GBV", "MA", "HLP", "HLP", "GP", "GBV", "MA"]);
    });
  });

  it("loads an HXL presence list with admin1 names only: names matched per row, other sectors skipped, sub-sectors to AoRs", async () => {
    await withMemory(async (w) => {
      await seedAreas(w);
      const p = file("presence_2025q2.csv", csv([
        "Country,Admin 1,Latitude,Longitude,Sector,Organisation",
        "#country,#adm1,#lat_deg,#lon_deg,#sector,#org",
        "Test,Nord,12.1234,1.2345,Protection,ONG A",
        "Test,Sud,12.2,1.3,WASH,ONG B",
        "Test,nord,12.1,1.2,Protection - Child Protection,ONG C",
        "Test,Sud,11.9,1.1,Protection de l'enfance,ONG D",
        "Test,Atlantis,0,0,Protection,ONG E"
      ]));
      const [r] = await ingest(w, [p], { kind: "5w" });
      expect(r).toMatchObject({ kind: "5w", status: "loaded", rowsRead: 5, rowsAccepted: 3, rowsRejected: 1, rowsSkipped: 1 });
      const a = await rows(w.conn, `SELECT row_number, org_lead, admin1_pcode, aor, pcode_match, extra FROM activities ORDER BY row_number`);
      expect(a.map((x) => [x.row_number, x.org_lead, x.admin1_pcode, x.aor, x.pcode_match])).toEqual([
        [3, "ONG A", "XD01", "GP", "name"],
        [5, "ONG C", "XD01", "CP", "name"],
        [6, "ONG D", "XD02", "CP", "name"]
      ]);
      // exact coordinates are never stored
      expect(JSON.stringify(a)).not.toContain("12.1234");
      const out = await issues(w, "severity IN ('error', 'skipped')");
      expect(out.map((i) => [i.row_number, i.severity, i.rule])).toEqual([
        [4, "skipped", "other-sector"],
        [7, "error", "pcode"]
      ]);
    });
  });

  it("tells a user who said --kind which columns are missing and which were seen, and lists each kind once otherwise", async () => {
    await withMemory(async (w) => {
      const p = file("colours.csv", csv(["colour,flavour", "red,sweet", "blue,salty"]));
      const [withKind] = await ingest(w, [p], { kind: "5w" });
      expect(withKind!.error).toBe(`${p}: not a 5W activity file: missing organisation (#org), admin2 pcode (#adm2); columns seen: 'colour', 'flavour'`);
      const [without] = await ingest(w, [p]);
      const list = /\(([^)]*)\); use --kind/.exec(without!.error!)![1]!.split(", ");
      expect(list.filter((k) => k === "boundaries")).toEqual(["boundaries"]);
      expect(new Set(list).size).toBe(list.length);
    });
  });
});

describe("text reads as written", () => {
  it("keeps the first byte of a row after a lone CR in a CRLF file, strips a second BOM and terminal escapes, and says so", async () => {
    await withMemory(async (w) => {
      await seedAreas(w);
      const p = file("5w_eol_2025-06.csv", "Organisation,AoR,District P-code,People reached\r\nONG Alpha,GBV,XD0101,5\rONG Beta,GBV,XD0102,6\r\n\uFEFFONG Gamma,GBV,XD0101,7\r\nONG \x1b[31mRouge\x1b[0m,GBV,XD0101,8\r\n");
      const [r] = await ingest(w, [p]);
      expect(r).toMatchObject({ rowsRead: 4, rowsAccepted: 4 });
      const a = await rows(w.conn, `SELECT org_lead FROM activities ORDER BY row_number`);
      expect(a.map((x) => x.org_lead)).toEqual(["ONG Alpha", "ONG Beta", "ONG Gamma", "ONG Rouge"]);
      const notes = await issues(w, "rule IN ('line-ends-mixed', 'control-characters')");
      expect(notes.map((i) => [i.rule, i.reason])).toEqual([
        ["control-characters", "control characters, terminal escape codes or stray byte-order marks removed from 2 distinct value(s) of this column"],
        ["line-ends-mixed", "mixed line ends (4 CRLF, 1 CR alone, 0 LF alone, e.g. two exports pasted together): each read as one line end"]
      ]);
      // and the report printed for the terminal carries no escape code, whatever a file holds
      expect(formatFileReport({ ...r!, error: undefined, reasons: [{ severity: "error", rule: "x", column: null, reason: "unknown AoR '\x1b[2J'", rows: 1, firstRow: 2, sheet: null }] })).not.toContain("\x1b");
    });
  });

  it("detects UTF-16 and UTF-32 without a BOM by their content (Arabic names)", async () => {
    await withMemory(async (w) => {
      await seedAreas(w);
      const text = "Organisation,AoR,District P-code,People reached\nمنظمة الأمل,GBV,XD0101,5\nجمعية النور,CP,XD0102,6\n";
      expect(unicodeWithoutBom(iconv.encode(text, "utf-16le"))).toBe("utf-16le");
      expect(unicodeWithoutBom(iconv.encode(text, "utf-16be"))).toBe("utf-16be");
      expect(unicodeWithoutBom(iconv.encode(text, "utf-32le", { addBOM: false }))).toBe("utf-32le");
      const files = [file("ar16_2025-06.csv", iconv.encode(text, "utf-16le")), file("ar32_2025-06.csv", iconv.encode(text, "utf-32le", { addBOM: false }))];
      const rs = await ingest(w, files);
      for (const r of rs) expect(r).toMatchObject({ status: "loaded", rowsRead: 2, rowsAccepted: 2 });
      const a = await rows(w.conn, `SELECT DISTINCT org_lead FROM activities ORDER BY 1`);
      expect(a.map((x) => x.org_lead)).toEqual(["جمعية النور", "منظمة الأمل"]);
    });
  });

  it("keeps every row of a sheet whose XML repeats a row number, each under its own number", async () => {
    await withMemory(async (w) => {
      await seedAreas(w);
      const p = await xlsxEdited(
        (wb) => {
          const ws = wb.addWorksheet("5W");
          ws.addRow(["Organisation", "AoR", "District P-code", "Reporting month", "People reached"]);
          for (const [o, k] of [["ONG A", 1], ["ONG B", 2], ["ONG C", 3], ["ONG D", 4]] as const) ws.addRow([o, "GBV", "XD0101", "2025-06", k]);
        },
        // rows 2 3 4 5 become 2 3 3 4: a repeated 3, then 4 again
        (xml) => xml.replace(/<row r="4"/, '<row r="3"').replace(/r="([A-Z]+)4"/g, 'r="$13"').replace(/<row r="5"/, '<row r="4"').replace(/r="([A-Z]+)5"/g, 'r="$14"'),
        "dup_rows_2025-06.xlsx"
      );
      const [r] = await ingest(w, [p]);
      expect(r).toMatchObject({ rowsRead: 4, rowsAccepted: 4 });
      const a = await rows(w.conn, `SELECT row_number, org_lead FROM activities ORDER BY row_number`);
      expect(a.map((x) => [x.row_number, x.org_lead])).toEqual([[2, "ONG A"], [3, "ONG B"], [4, "ONG C"], [5, "ONG D"]]);
      const note = await issues(w, "rule = 'row-renumbered'");
      expect(note.map((i) => [i.severity, i.row_number])).toEqual([["warning", 4]]);
      expect(String(note[0]!.reason)).toContain("2 rows of the sheet's XML repeat or go back in row numbers");
    });
  });
});

describe("implausible counts are rejected with the comparison", () => {
  it("rejects a count above the area's population, a phone number's digits and an outlier of the file's own distribution", async () => {
    await withMemory(async (w) => {
      await seedAreas(w);
      await w.conn.run(`INSERT INTO population VALUES ('XD0101', 2, 'all', 't', 'total', 99870, 2025, 'seed', NULL, 8)`);
      const lines = ["Reporting month,Organisation,AoR,District P-code,People reached"];
      for (let i = 0; i < 40; i++) lines.push(`2025-06,ONG A,GBV,XD0201,100`);
      lines.push("2025-06,ONG A,GBV,XD0101,40000000", "2025-06,ONG A,GBV,XD0201,995550911", "2025-06,ONG A,GBV,XD0201,20000", "2025-06,ONG A,GBV,XD0101,9000");
      const [r] = await ingest(w, [file("5w_big.csv", csv(lines))]);
      expect(r).toMatchObject({ rowsRead: 44, rowsAccepted: 41, rowsRejected: 3 });
      const bad = await issues(w, "severity = 'error'");
      expect(bad.map((i) => [i.row_number, i.rule, i.reason])).toEqual([
        [42, "implausible-population", "people reached: 40,000,000 is more than the whole population of XD0101 (99,870)"],
        [43, "implausible-phone", "people reached: 995,550,911 has the digits of a phone or ID number, not a count: no activity row reaches 100,000,000 people"],
        [44, "implausible-outlier", "people reached: 20,000 is more than 100× this file's usual largest values (90th percentile 100, thresholds.outlierMultiple)"]
      ]);
    });
  });
});

describe("file identity is content and source", () => {
  it("keeps two partners' files of the same name, replaces a partner's own new version, and replaces by --replaces", async () => {
    await withMemory(async (w) => {
      await seedAreas(w);
      const head = "Reporting month,Organisation,AoR,District P-code,People reached";
      const a1 = file("5W.csv", csv([head, "2025-06,ONG A,GBV,XD0101,10"]));
      const b = file("5W.csv", csv([head, "2025-06,ONG B,GBV,XD0101,20"]));
      const a2 = file("5W.csv", csv([head, "2025-06,ONG A,GBV,XD0101,15"]));
      const c = file("5W_B_corrected.csv", csv([head, "2025-06,ONG B,GBV,XD0101,25"]));
      const [ra1, rb] = await ingest(w, [a1, b]);
      expect([ra1!.status, rb!.status]).toEqual(["loaded", "loaded"]);
      expect(await rows(w.conn, `SELECT org_lead, reached FROM activities ORDER BY org_lead`)).toEqual([{ org_lead: "ONG A", reached: 10 }, { org_lead: "ONG B", reached: 20 }]);
      const [ra2] = await ingest(w, [a2]);
      expect(ra2!.status).toBe("replaced");
      expect(await rows(w.conn, `SELECT org_lead, reached FROM activities ORDER BY org_lead`)).toEqual([{ org_lead: "ONG A", reached: 15 }, { org_lead: "ONG B", reached: 20 }]);
      const bHash = String((await rows(w.conn, `SELECT file_hash FROM ingest_files WHERE file_path = '${b}'`))[0]!.file_hash);
      const [rc] = await ingest(w, [c], { replaces: [bHash.slice(0, 12)] });
      expect(rc!.status).toBe("replaced");
      expect(await rows(w.conn, `SELECT org_lead, reached FROM activities ORDER BY org_lead`)).toEqual([{ org_lead: "ONG A", reached: 15 }, { org_lead: "ONG B", reached: 25 }]);
      expect(await rows(w.conn, `SELECT status, count(*)::INT n FROM ingest_files WHERE file_hash <> 'seed' GROUP BY 1 ORDER BY 1`)).toEqual([{ status: "loaded", n: 2 }, { status: "replaced", n: 2 }]);
    });
  });
});

describe("repeated warnings are kept per distinct value", () => {
  it("stores one issue line per value with its row count and ranges, and every row in ingest_issue_detail", async () => {
    await withMemory(async (w) => {
      await seedAreas(w);
      const cfg = testConfig({ activityList: [{ code: "GBV-1", name: "Case management" }] });
      const lines = ["Reporting month,Organisation,AoR,Activity,District P-code,People reached"];
      // rows 2–61 and 82–121 an activity not on the list, rows 62–81 a listed one
      for (let i = 0; i < 120; i++) lines.push(`2025-06,ONG A,GBV,${i >= 60 && i < 80 ? "Case management" : "Tea parties"},XD0101,${i}`);
      const [r] = await ingest(w, [file("5w_flags.csv", csv(lines))], { config: cfg });
      expect(r).toMatchObject({ rowsRead: 120, rowsAccepted: 120, rowsFlagged: 100 });
      expect(r!.reasons.find((x) => x.rule === "activity-unknown")).toMatchObject({ rows: 100, firstRow: 2, reason: "activity 'Tea parties' is not on the cluster activity list" });
      const lines1 = await issues(w, "rule = 'activity-unknown'");
      expect(lines1.map((i) => [i.row_number, i.raw_value, i.reason])).toEqual([[2, "Tea parties", "activity 'Tea parties' is not on the cluster activity list (100 rows: 2–61, 82–121)"]]);
      expect(await rows(w.conn, `SELECT "rows"::INT AS n, first_row, last_row FROM ingest_issue_groups`)).toEqual([{ n: 100, first_row: 2, last_row: 121 }]);
      expect(await rows(w.conn, `SELECT row_from, row_to FROM ingest_issue_ranges ORDER BY 1`)).toEqual([{ row_from: 2, row_to: 61 }, { row_from: 82, row_to: 121 }]);
      expect(await rows(w.conn, `SELECT count(*)::INT n, min(row_number) lo, max(row_number) hi FROM ingest_issue_detail`)).toEqual([{ n: 100, lo: 2, hi: 121 }]);
    });
  });
});

describe("organisation names", () => {
  it("normalises case, accents, punctuation and bracketed acronyms", () => {
    expect(organisationKey("International Rescue Committee (IRC)")).toBe("international rescue committee");
    expect(organisationKey("  Médecins   Sans-Frontières ")).toBe("medecins sans frontieres");
    const { decisions, similar } = canonicalNames(
      [{ name: "International Rescue Committee (IRC)", rows: 2 }, { name: "international rescue committee", rows: 1 }, { name: "IRC", rows: 1 }, { name: "Intl. Resc. Cttee", rows: 1 }, { name: "Save the Children", rows: 2 }, { name: "Save the Childrem", rows: 1 }],
      [],
      { "Intl Resc Cttee": "International Rescue Committee (IRC)" }
    );
    expect(decisions).toEqual([
      { from: "international rescue committee", to: "International Rescue Committee (IRC)", why: "spelling" },
      { from: "IRC", to: "International Rescue Committee (IRC)", why: "acronym" },
      { from: "Intl. Resc. Cttee", to: "International Rescue Committee (IRC)", why: "alias" }
    ]);
    expect(similar).toEqual([["Save the Children", "Save the Childrem"]]);
  });

  it("counts one partner under one name at ingest, through the alias list, and suggests near-duplicates", async () => {
    await withMemory(async (w) => {
      await seedAreas(w);
      const cfg = testConfig({ organisationAliases: { "Intl Resc Cttee": "International Rescue Committee (IRC)" } });
      const orgs = ["International Rescue Committee (IRC)", "International Rescue Committee (IRC)", "international rescue committee", "IRC", "Intl. Resc. Cttee", "Save the Children", "Save the Children", "Save the Childrem"];
      const [r] = await ingest(w, [file("5w_orgs_2025-06.csv", csv(["Organisation,AoR,District P-code,People reached", ...orgs.map((o) => `${o},GBV,XD0101,1`)]))], { config: cfg });
      expect(r).toMatchObject({ rowsRead: 8, rowsAccepted: 8 });
      expect(await rows(w.conn, `SELECT org_lead, count(*)::INT n FROM activities GROUP BY 1 ORDER BY 1`)).toEqual([
        { org_lead: "International Rescue Committee (IRC)", n: 5 },
        { org_lead: "Save the Childrem", n: 1 },
        { org_lead: "Save the Children", n: 2 }
      ]);
      const similar = await issues(w, "rule = 'organisation-similar'");
      expect(similar.map((i) => i.reason)).toEqual([`organisations 'Save the Children' and 'Save the Childrem' look alike; if they are one, add "Save the Childrem": "Save the Children" to organisationAliases in data/operation.json`]);
    });
  });
});

