// The donor report XLSX: written by `protection donor-report`, opened again with exceljs, holding the
// figures computed by hand for the fixture (and a public build never names a GBV recipient).
import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { join } from "node:path";
import { ingestFiles } from "../loaders/ingest.ts";
import { runPipelines } from "../pipelines/run.ts";
import { DONORS } from "../demo/funding.ts";
import { withWarehouse } from "../warehouse/db.ts";
import { matchDonor, writeDonorReport } from "../cli/donor-report.ts";
import { main } from "../cli/main.ts";
import { flow, fundingConfig, ORGS, REQ_HEADER, writeFlows, writeText } from "./helpers/funding.ts";
import { tempDir } from "./helpers/warehouse.ts";

const GP = "Protection";
const GBV = "Protection - Gender-Based Violence";
const requirements = [
  REQ_HEADER,
  "XDM,9901,Dalmora 2025,HXDM25,2025-01-01,2025-12-31,2025,7101,Protection,1000000,,",
  "XDM,9901,Dalmora 2025,HXDM25,2025-01-01,2025-12-31,2025,7103,Protection - Gender-Based Violence,500000,,"
].join("\n");
// USA: 300,000 GP (UN) + 100,000 GBV (a national NGO) + a 40,000 pledge; Norway: 200,000 GP
const flows = [
  flow(300_000, [GP], { date: "2025-02-01" }),
  flow(100_000, [GBV], { to: { name: "Women's Shelter Network", types: ["NGO"], subTypes: ["Local"] }, date: "2025-03-01" }),
  flow(40_000, [GP], { status: "pledge", date: "2025-04-01" }),
  flow(200_000, [GP], { from: DONORS.norway, to: ORGS.ingo, date: "2025-05-01" })
];

async function fixture(dir: string): Promise<string> {
  const db = join(dir, "warehouse.duckdb");
  const files = [...writeFlows(dir, "fts", flows), writeText(dir, "fts_requirements_funding_cluster_xdm.csv", requirements)];
  await withWarehouse(db, async (w) => {
    await ingestFiles(w.conn, files, { config: fundingConfig });
    await runPipelines(w.conn, fundingConfig);
  });
  return db;
}

/** A sheet's rows as objects keyed by the header row (row 2; row 1 is the title). */
function table(ws: ExcelJS.Worksheet): Record<string, unknown>[] {
  const header = (ws.getRow(2).values as unknown[]).slice(1).map(String);
  const out: Record<string, unknown>[] = [];
  ws.eachRow((row, n) => {
    if (n <= 2) return;
    const values = (row.values as unknown[]).slice(1);
    out.push(Object.fromEntries(header.map((h, i) => [h, values[i] ?? null])));
  });
  return out;
}

describe("donor report", () => {
  it("writes one formatted sheet per table that exceljs reads back with the expected figures", async () => {
    const { dir, cleanup } = tempDir("donor-report-");
    try {
      const db = await fixture(dir);
      const out = join(dir, "usa.xlsx");
      const r = await writeDonorReport({ db, donor: "united states", out });
      expect(r).toMatchObject({ donor: DONORS.usa.name, year: 2025, format: "xlsx" });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(out);
      expect(wb.worksheets.map((s) => s.name)).toEqual(["Summary", "By AoR", "Contributions", "Coverage", "Localisation", "5W results"]);

      const summary = wb.getWorksheet("Summary")!;
      const value = (label: string) => summary.getColumn(1).values.indexOf(label);
      const funded = summary.getRow(value("Funded to protection (USD)")).getCell(2);
      expect(funded.value).toBe(400_000);
      expect(funded.numFmt).toBe("#,##0;[Red]-#,##0");
      expect(summary.getRow(value("Share of protection funding")).getCell(2).value).toBe(0.6667); // 400,000 of 600,000
      expect(summary.getRow(value("Pledged, not yet committed (USD)")).getCell(2).value).toBe(40_000);

      const byAor = wb.getWorksheet("By AoR")!;
      expect(byAor.views[0]).toMatchObject({ state: "frozen", ySplit: 2 });
      expect(byAor.getRow(2).getCell(1).font?.bold).toBe(true);
      expect(table(byAor)).toEqual([
        { AoR: "ALL", "Funded (USD)": 400_000, "Share of the AoR's funding": 0.6667, "Pledged (USD)": 40_000, Flows: 2 },
        { AoR: "GBV", "Funded (USD)": 100_000, "Share of the AoR's funding": 1, "Pledged (USD)": 0, Flows: 1 },
        { AoR: "GP", "Funded (USD)": 300_000, "Share of the AoR's funding": 0.6, "Pledged (USD)": 40_000, Flows: 1 }
      ]);
      expect(byAor.getRow(3).getCell(2).numFmt).toBe("#,##0;[Red]-#,##0");
      expect(byAor.getRow(3).getCell(3).numFmt).toBe("0.0%");

      const contributions = table(wb.getWorksheet("Contributions")!);
      expect(contributions.map((c) => [c.Recipient, c["Funded (USD)"], c["Pledged (USD)"]])).toEqual([
        ["UN Agency A", 300_000, 0],
        ["Women's Shelter Network", 100_000, 0],
        ["UN Agency A", 0, 40_000]
      ]);
      expect(wb.getWorksheet("Contributions")!.getRow(3).getCell(2).value).toEqual(new Date("2025-02-01T00:00:00Z"));

      const coverage = table(wb.getWorksheet("Coverage")!);
      expect(coverage.map((c) => [c.AoR, c["Requirement (USD)"], c["Funded (USD)"], c["Coverage %"]])).toEqual([
        ["ALL", 1_500_000, 600_000, 40],
        ["GP", 1_000_000, 500_000, 50],
        ["GBV", 500_000, 100_000, 20]
      ]);
      const loc = table(wb.getWorksheet("Localisation")!).find((l) => l.AoR === "ALL" && l.Channel === "direct");
      expect(loc).toMatchObject({ "To national/local NGOs (USD)": 100_000, "Share of funded": 0.1667, "Meets target": "false" });
    } finally {
      cleanup();
    }
  });

  it("withholds a GBV recipient's name in a public report", async () => {
    const { dir, cleanup } = tempDir("donor-report-public-");
    try {
      const db = await fixture(dir);
      const out = join(dir, "usa-public.xlsx");
      const code = await main(["node", "protection", "donor-report", "--donor", DONORS.usa.name, "--out", out, "--audience", "public", "--db", db]);
      expect(code).toBe(0);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(out);
      const text = wb.worksheets.flatMap((ws) => ws.getSheetValues().flat().map(String)).join(" ");
      expect(text).not.toContain("Women's Shelter Network");
      expect(table(wb.getWorksheet("By AoR")!).find((r) => r.AoR === "ALL")).toMatchObject({ "Funded (USD)": 400_000 });
    } finally {
      cleanup();
    }
  });

  it("names the donor it cannot find, or the ones a partial name could mean", () => {
    const names = ["Germany, Government of", "Norway, Government of"];
    expect(matchDonor(names, "norway")).toBe("Norway, Government of");
    expect(() => matchDonor(names, "Government")).toThrow("donor 'Government' is ambiguous: 'Germany, Government of', 'Norway, Government of'");
    expect(() => matchDonor(names, "ECHO")).toThrow("no donor 'ECHO' in the funding loaded (donors: 'Germany, Government of', 'Norway, Government of')");
  });
});
