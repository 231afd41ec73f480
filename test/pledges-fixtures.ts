// Two small pledge exports six months apart and a follow-up sheet, with figures computed by hand in
// test/pledges-pipeline.test.ts. P1…P7 are pledges; the operation is XDM "Dalmora".
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { copyFileSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { openWarehouse, type Warehouse } from "../warehouse/db.ts";
import { ingestFiles, type RunReport } from "../loaders/ingest.ts";
import { parseOperationConfig, type OperationConfig } from "../warehouse/operation-config.ts";
import { runPipelines } from "../pipelines/run.ts";

export const pledgeConfig = (pledges: Record<string, unknown> = {}): OperationConfig =>
  parseOperationConfig({
    country: { iso3: "XDM", iso2: "XD", name: "Dalmora (demo)" },
    currentQuarter: "2025Q4",
    period: { start: "2025-01-01", end: "2025-12-31" },
    pledges: { regions: ["East and Horn of Africa"], ...pledges }
  });

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
export const csv = (rows: string[][]) => rows.map((r) => r.map(csvCell).join(",")).join("\n") + "\n";

/** The June export: platform-like English headers, one unknown column. */
export const EXPORT_A: string[][] = [
  ["Pledge ID", "Title", "Submitting entity", "Stakeholder type", "Joint pledge with", "Host country", "Region", "GCR objective", "Area of focus", "Type of pledge", "Amount", "Stage", "Update date", "GRF", "Pledge URL"],
  ["P1", "Education for refugee children", "Government of Dalmora", "State", "NGO A; NGO B", "Dalmora; Chad", "", "1; 2", "Education", "Policy", "", "In progress", "2025-05-01", "GRF 2019", "https://example.org/p1"],
  ["P2", "Renforcement des capacités de protection", "UNHCR", "UN", "", "Global", "", "Objective 1", "Protection capacity", "Technical assistance", "USD 250,000", "planning stage", "2024-06-01", "2023", "https://example.org/p2"],
  ["P3", "Empleo para refugiados", "Empresa S.A.", "Private sector", "", "Chad, Sudan", "", "2", "Jobs and livelihoods", "Financial", "EUR 2 million", "FULFILLED", "2025-01-10", "2021", ""],
  ["P4", "التعليم للجميع", "Arab Education Fund", "NGO", "", "Dalmora", "", "3", "Education", "Material", "", "", "", "GRF 2023", ""],
  ["P5", "Global jobs initiative", "Acme Corp", "Business", "", "Global", "", "2", "Jobs and livelihoods", "Financial", "1000000", "In progress", "2025-03-01", "2023", ""],
  ["P6", "Regional asylum systems", "University of Nairobi", "Academia", "", "", "East and Horn of Africa", "2", "Asylum capacity", "Technical", "", "In progress", "2024-01-01", "2023", ""]
];

/** The December export: other header names (aliases), as XLSX. */
export const EXPORT_B: (string | number | Date | null)[][] = [
  ["ID", "Pledge title", "Pledging entity", "Entity type", "Partners", "Countries", "Region", "GCR objectives", "Theme", "Type of contribution", "Status", "Last updated", "Forum", "Platform note"],
  ["P1", "Education for refugee children", "Government of Dalmora", "State", "NGO A; NGO B", "Dalmora; Chad", null, "1; 2", "Education", "Policy", "Fulfilled", new Date(Date.UTC(2025, 10, 1)), "GRF 2019", "updated"],
  ["P2", "Renforcement des capacités de protection", "UNHCR", "UN", null, "Global", null, "Objective 1", "Protection capacity", "Technical assistance", "Planning Stage", new Date(Date.UTC(2024, 5, 1)), 2023, null],
  ["P4", "التعليم للجميع", "Arab Education Fund", "NGO", null, "Dalmora", null, "3", "Education", "Material", "in progress", new Date(Date.UTC(2025, 9, 1)), "GRF 2023", null],
  ["P6", "Regional asylum systems", "University of Nairobi", "Academia", null, null, "East and Horn of Africa", "2", "Asylum capacity", "Technical", "IN PROGRESS", new Date(Date.UTC(2024, 0, 1)), 2023, null],
  ["P7", "Nouveau programme d'état civil", "ONG Solidarité", "NGO", null, "XDM", null, null, "Legal identity", "Policy", null, null, 2023, null]
];

export const FOLLOWUP: string[][] = [
  ["Pledge ID", "RRP sector", "Focal point's organisation", "Last contact", "Next step", "Notes"],
  ["P2", "Protection", "UNHCR", "2025-11-15", "Ask UNHCR to include Dalmora in the capacity programme", "spoke to the desk; write to desk@example.org"],
  ["P7", "Protection", "ONG Solidarité", "2025-12-01", "Invite to the RRP planning workshop", ""]
];

export async function xlsxFile(path: string, rows: (string | number | Date | null)[][], sheet = "Pledges"): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  for (const r of rows) ws.addRow(r);
  writeFileSync(path, Buffer.from(await wb.xlsx.writeBuffer()));
}

/** Writes the two exports and the follow-up sheet into dir; returns their paths. */
export async function writePledgeFiles(dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const a = join(dir, "pledges_export_2025-06-30.csv");
  const b = join(dir, "pledges_export_2025-12-31.xlsx");
  const f = join(dir, "pledges_followup.csv");
  writeFileSync(a, csv(EXPORT_A));
  await xlsxFile(b, EXPORT_B);
  writeFileSync(f, csv(FOLLOWUP));
  return [a, b, f];
}

/** Only the pledge models, so that these tests do not depend on models other work is changing. */
export function pledgeModelsDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "pledge-models-"));
  for (const f of readdirSync("pipelines/models")) if (/^pledge/.test(f)) copyFileSync(join("pipelines/models", f), join(dir, f));
  return dir;
}

export async function loadPledges(paths: string[], config = pledgeConfig(), options: { exportDate?: string } = {}): Promise<{ w: Warehouse; report: RunReport }> {
  const w = await openWarehouse(":memory:");
  const report = await ingestFiles(w.conn, paths, { config, ...options });
  await runPipelines(w.conn, config, { modelsDir: pledgeModelsDir() });
  return { w, report };
}
