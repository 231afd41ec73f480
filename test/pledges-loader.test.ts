// The pledge loaders on bad input: unknown stage labels, no country, one id twice, no export date, non-Latin
// titles in several encodings, personal data in the follow-up notes. Every row is stored or explained.
import { afterAll, describe, expect, it } from "vitest";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import iconv from "iconv-lite";
import { openWarehouse, queryRows, queryValue, type Warehouse } from "../warehouse/db.ts";
import { ingestFiles, type FileReport } from "../loaders/ingest.ts";
import { csv, pledgeConfig, xlsxFile } from "./pledges-fixtures.ts";

const DIR = "test/.tmp/pledges/loader";
rmSync(DIR, { recursive: true, force: true });
mkdirSync(DIR, { recursive: true });
const open: Warehouse[] = [];
afterAll(() => open.forEach((w) => w.close()));

const HEADER = ["Pledge ID", "Title", "Submitting entity", "Stakeholder type", "Host country", "Region", "GCR objective", "Area of focus", "Stage", "Update date"];

function write(name: string, rows: string[][]): string {
  const path = join(DIR, name);
  writeFileSync(path, csv(rows));
  return path;
}

async function load(paths: string[], options: { exportDate?: string } = {}): Promise<{ w: Warehouse; files: FileReport[] }> {
  const w = await openWarehouse(":memory:");
  open.push(w);
  const { files } = await ingestFiles(w.conn, paths, { config: pledgeConfig(), ...options });
  return { w, files };
}

const issues = (w: Warehouse, rule: string) =>
  queryRows(w.conn, `SELECT row_number, column_name, raw_value, severity, reason FROM ingest_issues WHERE rule = $r ORDER BY row_number`, { r: rule });

/** read = accepted + rejected + skipped, whatever the report calls them. */
function balanced(f: FileReport): boolean {
  const skipped = (f as FileReport & { rowsSkipped?: number }).rowsSkipped ?? 0;
  return f.rowsRead === f.rowsAccepted + f.rowsRejected + skipped || f.rowsRead === f.rowsAccepted + f.rowsRejected;
}

describe("pledge export loader", () => {
  it("detects the kind from the headers, maps aliases, keeps unknown columns and takes the date from the file name", async () => {
    const path = write("pledges_export_2025-06-30.csv", [
      [...HEADER, "Pledge URL"],
      ["GRF-01", "Education", "Gov", "State", "Dalmora", "", "1", "Education", "In progress", "2025-05-01", "https://example.org/1"]
    ]);
    const { w, files } = await load([path]);
    expect(files[0]).toMatchObject({ kind: "pledges", status: "loaded", rowsRead: 1, rowsAccepted: 1 });
    const r = await queryRows(w.conn, `SELECT pledge_id, strftime(export_date, '%Y-%m-%d') AS d, countries, extra->>'Pledge URL' AS url FROM pledges`);
    expect(r).toEqual([{ pledge_id: "GRF-01", d: "2025-06-30", countries: ["Dalmora"], url: "https://example.org/1" }]);
  });

  it("rejects an unknown stage label with the known labels; a blank stage or 'Not reported' is No update", async () => {
    const path = write("pledges_export_2025-07-31.csv", [
      HEADER,
      ["A", "t", "e", "State", "Dalmora", "", "1", "Education", "Partially fulfilled", "2025-05-01"],
      ["B", "t", "e", "State", "Dalmora", "", "1", "Education", "", ""],
      ["C", "t", "e", "State", "Dalmora", "", "1", "Education", "Not reported", ""],
      ["D", "t", "e", "State", "Dalmora", "", "1", "Education", "IN PROGRESS", "2025-05-01"]
    ]);
    const { w, files } = await load([path]);
    expect(files[0]).toMatchObject({ rowsRead: 4, rowsAccepted: 3, rowsRejected: 1 });
    expect(balanced(files[0]!)).toBe(true);
    const rejected = await issues(w, "pledge-stage-unknown");
    expect(rejected).toEqual([
      {
        row_number: 2,
        column_name: "Stage",
        raw_value: "Partially fulfilled",
        severity: "error",
        reason: "unknown stage 'Partially fulfilled'; expected one of Planning stage, In progress, Fulfilled, No update (a blank stage is No update)"
      }
    ]);
    expect((await issues(w, "pledge-stage-labels")).map((i) => i.reason)).toEqual([
      "unknown stage labels, rows rejected: 'Partially fulfilled' (1 row); the known labels are Planning stage, In progress, Fulfilled, No update. Only a label saying the entity did not report is read as No update"
    ]);
    const stages = await queryRows(w.conn, `SELECT pledge_id, stage, stage_raw FROM pledges ORDER BY 1`);
    expect(stages).toEqual([
      { pledge_id: "B", stage: "No update", stage_raw: null },
      { pledge_id: "C", stage: "No update", stage_raw: "Not reported" },
      { pledge_id: "D", stage: "In progress", stage_raw: "IN PROGRESS" }
    ]);
  });

  it("keeps a pledge without country or region, with a warning", async () => {
    const path = write("pledges_export_2025-08-31.csv", [HEADER, ["A", "t", "e", "NGO", "", "", "2", "Education", "Fulfilled", "2025-05-01"]]);
    const { w, files } = await load([path]);
    expect(files[0]).toMatchObject({ rowsAccepted: 1, rowsFlagged: 1 });
    expect((await issues(w, "pledge-no-country")).map((i) => i.severity)).toEqual(["warning"]);
    expect(await queryValue(w.conn, `SELECT len(countries) FROM pledges`)).toBe(0);
  });

  it("merges one pledge listed once per country, and keeps the latest of two rows that disagree", async () => {
    const path = write("pledges_export_2025-09-30.csv", [
      HEADER,
      ["P1", "Jobs", "Gov", "State", "Dalmora", "", "1", "Education", "In progress", "2025-05-01"],
      ["P1", "Jobs", "Gov", "State", "Chad", "", "2", "Jobs and livelihoods", "In progress", "2025-05-01"],
      ["P2", "Old", "NGO", "NGO", "Dalmora", "", "1", "Education", "Planning stage", "2025-01-01"],
      ["p2 ", "New", "NGO", "NGO", "Dalmora", "", "1", "Education", "In progress", "2025-06-01"]
    ]);
    const { w, files } = await load([path]);
    expect(files[0]).toMatchObject({ rowsRead: 4, rowsAccepted: 2 });
    expect(balanced(files[0]!)).toBe(true);
    const stored = await queryRows(w.conn, `SELECT pledge_id, row_number, countries, gcr_objectives, areas, stage FROM pledges ORDER BY 1`);
    expect(stored).toEqual([
      { pledge_id: "P1", row_number: 2, countries: ["Chad", "Dalmora"], gcr_objectives: [1, 2], areas: ["Education", "Jobs and livelihoods"], stage: "In progress" },
      { pledge_id: "P2", row_number: 5, countries: ["Dalmora"], gcr_objectives: [1], areas: ["Education"], stage: "In progress" }
    ]);
    expect((await issues(w, "pledge-repeated")).map((i) => [i.row_number, i.severity])).toEqual([[3, "skipped"]]);
    const clash = await issues(w, "pledge-duplicate-id");
    expect(clash.map((i) => [i.row_number, i.severity])).toEqual([[4, "error"]]);
    expect(String(clash[0]!.reason)).toBe("pledge id P2 appears 2 times in this export (rows 4, 5) with different stage, title, update date; row 5 (the most recent update) is kept");
    // the link views hold one row per value, still one pledge
    expect(await queryValue(w.conn, `SELECT count(*)::INTEGER FROM pledge_countries WHERE pledge_id = 'P1'`)).toBe(2);
    expect(await queryValue(w.conn, `SELECT count(DISTINCT pledge_id)::INTEGER FROM pledge_countries`)).toBe(2);
  });

  it("fails a file without an export date and leaves the warehouse as it was; --export-date supplies one", async () => {
    const path = write("pledges_export.csv", [HEADER, ["A", "t", "e", "State", "Dalmora", "", "1", "Education", "Fulfilled", "2025-05-01"]]);
    const { w, files } = await load([path]);
    expect(files[0]!.status).toBe("failed");
    expect(files[0]!.error).toContain("no export date: name the file like pledges_export_2025-12-31.csv or pass --export-date 2025-12-31");
    expect(await queryValue(w.conn, `SELECT count(*)::INTEGER FROM pledges`)).toBe(0);
    const given = await load([path], { exportDate: "2025-03-31" });
    expect(given.files[0]!.status).toBe("loaded");
    expect(await queryValue(given.w.conn, `SELECT strftime(export_date, '%Y-%m-%d') FROM pledges`)).toBe("2025-03-31");
    const bad = await load([path], { exportDate: "2025-02-30" });
    expect(bad.files[0]!.error).toContain("invalid --export-date: 2025-02-30");
  });

  it("lets a later file of the same export date replace the earlier one: one row per pledge and export", async () => {
    const csvPath = write("pledges_export_2025-05-31.csv", [HEADER, ["R1", "t", "e", "State", "Dalmora", "", "1", "Education", "Planning stage", "2025-05-01"]]);
    const xlsxPath = join(DIR, "pledges_2025-05-31_download.xlsx");
    await xlsxFile(xlsxPath, [HEADER, ["R1", "t", "e", "State", "Dalmora", "", "1", "Education", "In progress", "2025-05-20"], ["R2", "t", "e", "State", "Dalmora", "", "1", "Education", "", ""]]);
    const { w, files } = await load([csvPath, xlsxPath]);
    expect(files.map((f) => f.status)).toEqual(["loaded", "loaded"]);
    const r = await queryRows(w.conn, `SELECT pledge_id, stage FROM pledges ORDER BY 1`);
    expect(r).toEqual([
      { pledge_id: "R1", stage: "In progress" },
      { pledge_id: "R2", stage: "No update" }
    ]);
    expect(await queryValue(w.conn, `SELECT status FROM ingest_files WHERE file_name = 'pledges_export_2025-05-31.csv'`)).toBe("replaced");
    expect((await issues(w, "pledge-export-replaced")).map((i) => i.reason)).toEqual(["same export date (2025-05-31) as pledges_export_2025-05-31.csv: this file replaces it"]);
  });

  it("reads Arabic, French and Spanish titles from UTF-16, UTF-8 with BOM, XLSX and Windows-1256 unchanged", async () => {
    const titles = ["التعليم للجميع", "Accès à l'état civil", "Educación para niñas"];
    const rows = [HEADER, ...titles.map((t, i) => [`T${i}`, t, "e", "NGO", "Dalmora", "", "1", "Education", "Fulfilled", "2025-05-01"])];
    const utf16 = join(DIR, "pledges_export_2025-10-31.csv");
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(csv(rows), "utf-16le")]));
    const bom = join(DIR, "pledges_export_2025-11-30.csv");
    writeFileSync(bom, "\ufeff" + csv(rows));
    const xlsx = join(DIR, "pledges_export_2025-12-31.xlsx");
    await xlsxFile(xlsx, rows);
    // Arabic Windows (code page 1256), as an Excel "CSV" saved on an Arabic-locale machine
    const cp1256 = join(DIR, "pledges_export_2025-12-30.csv");
    const arabicFrench = [HEADER, ...["التعليم للجميع في المخيمات", "حماية الأطفال اللاجئين من العنف", "Accès à l'état civil"].map((t, i) => [`T${i}`, t, "e", "NGO", "Dalmora", "", "1", "Education", "Fulfilled", "2025-05-01"])];
    writeFileSync(cp1256, iconv.encode(csv(arabicFrench), "windows-1256"));
    const { w, files } = await load([utf16, bom, xlsx]);
    expect(files.map((f) => [f.status, f.rowsAccepted, f.rowsFlagged])).toEqual([
      ["loaded", 3, 0],
      ["loaded", 3, 0],
      ["loaded", 3, 0]
    ]);
    const stored = await queryRows(w.conn, `SELECT DISTINCT title FROM pledges ORDER BY title`);
    expect(stored.map((r) => r.title).sort()).toEqual([...titles].sort());
    // a short Windows-1256 file can be taken for Windows-1252 by the encoding guess: its Arabic titles are then
    // kept as read, flagged, with the Windows-1256 reading as the suggestion
    const legacy = await load([cp1256]);
    expect(legacy.files[0]).toMatchObject({ status: "loaded", rowsAccepted: 3 });
    const titles1256 = (await queryRows(legacy.w.conn, `SELECT title FROM pledges ORDER BY pledge_id`)).map((r) => r.title);
    const flagged = await queryRows(legacy.w.conn, `SELECT row_number, suggestion FROM ingest_issues WHERE rule = 'pledge-text-encoding' ORDER BY row_number`);
    if (titles1256[0] === "التعليم للجميع في المخيمات") expect(flagged).toEqual([]);
    else expect(flagged).toEqual([{ row_number: 2, suggestion: "التعليم للجميع في المخيمات" }, { row_number: 3, suggestion: "حماية الأطفال اللاجئين من العنف" }]);
  });

  it("flags titles an export damaged (U+FFFD, ???, UTF-8 read as Windows-1252) and keeps them", async () => {
    const path = write("pledges_export_2026-01-31.csv", [
      HEADER,
      ["M1", "Ø§Ù„ØªØ¹Ù„ÙŠÙ…", "e", "NGO", "Dalmora", "", "1", "Education", "Fulfilled", "2025-05-01"],
      ["M2", "????? ??????", "e", "NGO", "Dalmora", "", "1", "Education", "Fulfilled", "2025-05-01"],
      ["M3", "Acc\ufffds", "e", "NGO", "Dalmora", "", "1", "Education", "Fulfilled", "2025-05-01"],
      ["M4", "Accès à l'état civil, où ça ?", "e", "NGO", "Dalmora", "", "1", "Education", "Fulfilled", "2025-05-01"],
      // Windows-1256 Arabic read as Windows-1252
      ["M5", "ÇáÊÚáíã ááÌãíÚ", "e", "NGO", "Dalmora", "", "1", "Education", "Fulfilled", "2025-05-01"]
    ]);
    const { w, files } = await load([path]);
    expect(files[0]).toMatchObject({ rowsAccepted: 5, rowsFlagged: 4 });
    expect((await issues(w, "pledge-text-encoding")).map((i) => i.row_number)).toEqual([2, 3, 4, 6]);
  });

  it("splits multi-valued cells without breaking country names that hold a comma", async () => {
    const path = write("pledges_export_2026-02-28.csv", [
      [...HEADER, "Joint pledge with", "Type of pledge"],
      ["S1", "t", "e", "State", "Congo, Democratic Republic of the; Korea, Republic of", "", "Ease pressures on host countries, 3", "Education\nSolutions", "Fulfilled", "2025-05-01", "NGO A | NGO B", "Financial, material or technical assistance"]
    ]);
    const { w } = await load([path]);
    const r = await queryRows(w.conn, `SELECT countries, gcr_objectives, areas, joint_with, pledge_type FROM pledges`);
    expect(r).toEqual([
      {
        countries: ["Congo, Democratic Republic of the", "Korea, Republic of"],
        gcr_objectives: [1, 3],
        areas: ["Education", "Solutions"],
        joint_with: ["NGO A", "NGO B"],
        pledge_type: "financial; material; technical"
      }
    ]);
  });
});

describe("pledge follow-up sheet", () => {
  it("is recognised by its headers and stores no e-mail address or phone number", async () => {
    const path = write("pledges_followup.csv", [
      ["Pledge ID", "RRP sector", "Focal point's organisation", "Last contact", "Next step", "Notes"],
      ["grf-01", "Protection", "UNHCR", "2025-11-15", "Call +41 22 739 81 11", "wrote to jane.doe@example.org"]
    ]);
    const { w, files } = await load([path]);
    expect(files[0]).toMatchObject({ kind: "pledge-followup", status: "loaded", rowsAccepted: 1 });
    const r = await queryRows(w.conn, `SELECT pledge_id, rrp_sector, focal_organisation, strftime(last_contact, '%Y-%m-%d') AS c, next_step, notes FROM pledge_followup`);
    expect(r).toMatchObject([{ pledge_id: "GRF-01", rrp_sector: "Protection", focal_organisation: "UNHCR", c: "2025-11-15" }]);
    // the common personal-data rules and the kind's own both apply: whichever removes them, they are gone
    const stored = JSON.stringify(r);
    expect(stored).not.toContain("@");
    expect(stored).not.toMatch(/739|\+41/);
    expect(String(r[0]!.notes)).toContain("wrote to");
    expect((await issues(w, "personal-data")).length).toBeGreaterThanOrEqual(2);
  });
});
