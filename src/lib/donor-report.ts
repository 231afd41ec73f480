// The donor report: one donor's contributions to protection, what they funded where, the cluster's coverage,
// localisation and key 5W results, as published datasets (the audience's rules apply: a public report never
// names a GBV recipient) and as an XLSX workbook with one formatted sheet per table.
import ExcelJS from "exceljs";
import type { ReadOnlyWarehouse, Row, Value } from "../../warehouse/db.ts";
import { currentAudience, type Audience } from "./audience.ts";
import { readDataset } from "./dataset-file.ts";

export interface DonorReportOptions {
  /** donor name as in funding_by_donor; null: every donor (one workbook for all, with a Donor column) */
  donor: string | null;
  /** null: the latest year with funding */
  year: number | null;
  audience?: Audience;
}

export interface ReportTable {
  sheet: string;
  title: string;
  columns: { key: string; label: string; format?: "usd" | "share" | "pct" | "int" | "date" | "text"; width?: number }[];
  rows: Row[];
}

export interface DonorReport {
  donor: string | null;
  year: number | null;
  audience: Audience;
  notes: string[];
  tables: ReportTable[];
}

function rowsOf(file: { columns: string[]; rows: Value[][] }): Row[] {
  return file.rows.map((values) => Object.fromEntries(file.columns.map((c, i) => [c, values[i] ?? null])));
}

/** The report's tables, read from the published datasets and filtered to the donor and year. */
export async function donorReport(w: ReadOnlyWarehouse, options: DonorReportOptions): Promise<DonorReport> {
  const audience = options.audience ?? currentAudience();
  const read = async (name: string) => {
    const file = await readDataset(w, name, audience);
    return { rows: rowsOf(file), note: file.note };
  };
  const [donors, coverage, flows, localisation, reach] = await Promise.all(["funding-donors", "funding-coverage", "funding-flows", "funding-localisation", "reach-country"].map(read));
  const years = [...new Set(coverage!.rows.map((r) => Number(r.year)))].sort((a, b) => b - a);
  const year = options.year ?? years[0] ?? null;
  const mine = (r: Row) => r.year === year && (options.donor === null || r.donor === options.donor);
  const notes = [donors!.note, coverage!.note].filter((n): n is string => !!n);
  if (flows!.note) notes.push(`contributions: ${flows!.note}`);
  const byAor = donors!.rows.filter(mine);
  if (options.donor !== null && !byAor.length) notes.push(`no protection funding from ${options.donor} in ${year ?? "any year"}`);
  // key 5W results: the latest quarter of the year (the one the donor asks about), all population groups
  const quarters = [...new Set(reach!.rows.map((r) => String(r.quarter)).filter((q) => year !== null && q.startsWith(String(year))))].sort();
  const quarter = quarters[quarters.length - 1] ?? null;
  const donorCol = options.donor === null ? [{ key: "donor", label: "Donor", width: 40 }] : [];
  const tables: ReportTable[] = [
    {
      sheet: "By AoR",
      title: "What the donor funded, per AoR (paid + commitment; pledges apart)",
      columns: [...donorCol, { key: "aor", label: "AoR" }, { key: "funded_usd", label: "Funded (USD)", format: "usd" }, { key: "share", label: "Share of the AoR's funding", format: "share" }, { key: "pledged_usd", label: "Pledged (USD)", format: "usd" }, { key: "flows", label: "Flows", format: "int" }],
      rows: byAor
    },
    {
      sheet: "Contributions",
      title: "The donor's protection flows",
      columns: [
        ...donorCol,
        { key: "flow_id", label: "FTS flow" }, { key: "flow_date", label: "Date", format: "date" }, { key: "recipient", label: "Recipient", width: 40 }, { key: "recipient_type", label: "Recipient type" },
        { key: "aor", label: "AoR" }, { key: "aor_list", label: "AoRs named" }, { key: "protection_scope", label: "Attribution" }, { key: "status", label: "Status" },
        { key: "funded_usd", label: "Funded (USD)", format: "usd" }, { key: "pledged_usd", label: "Pledged (USD)", format: "usd" }, { key: "original_amount", label: "Original amount", format: "usd" },
        { key: "original_currency", label: "Currency" }, { key: "dest_locations", label: "Where", width: 24 }, { key: "in_plan", label: "In the plan" }
      ],
      rows: flows!.rows.filter(mine)
    },
    {
      sheet: "Coverage",
      title: `The cluster's funding coverage, ${year ?? "–"} (all donors)`,
      columns: [
        { key: "aor", label: "AoR" }, { key: "requirement_usd", label: "Requirement (USD)", format: "usd" }, { key: "funded_usd", label: "Funded (USD)", format: "usd" },
        { key: "coverage_pct", label: "Coverage %", format: "pct" }, { key: "unmet_usd", label: "Gap (USD)", format: "usd" }, { key: "pledged_usd", label: "Pledged (USD)", format: "usd" },
        { key: "shared_usd", label: "Shared (USD)", format: "usd" }, { key: "method", label: "Method", width: 60 }
      ],
      rows: coverage!.rows.filter((r) => r.year === year)
    },
    {
      sheet: "Localisation",
      title: "Share to national and local NGOs (all donors) against the GPC minimum of 25 % direct",
      columns: [{ key: "aor", label: "AoR" }, { key: "channel", label: "Channel" }, { key: "usd", label: "To national/local NGOs (USD)", format: "usd" }, { key: "share", label: "Share of funded", format: "share" }, { key: "target_share", label: "Target", format: "share" }, { key: "meets_target", label: "Meets target" }],
      rows: localisation!.rows.filter((r) => r.year === year)
    },
    {
      sheet: "5W results",
      title: `Key 5W results, ${quarter ?? "no quarter of the year reported"} (people reached, all population groups; AoRs never added up)`,
      columns: [{ key: "quarter", label: "Quarter" }, { key: "aor", label: "AoR" }, { key: "targeted", label: "People targeted", format: "int" }, { key: "reached", label: "People reached", format: "int" }, { key: "partners", label: "Partners", format: "int" }],
      rows: reach!.rows.filter((r) => r.quarter === quarter && r.population_group === "all")
    }
  ];
  return { donor: options.donor, year, audience, notes, tables };
}

const NUM_FMT: Record<string, string> = { usd: '#,##0;[Red]-#,##0', share: "0.0%", pct: '0.0"%"', int: "#,##0", date: "yyyy-mm-dd" };

/** Text that a spreadsheet would run as a formula is kept as text (a leading ' as the downloads do). */
function safe(v: Value): ExcelJS.CellValue {
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(v)) return `'${v}`;
  if (Array.isArray(v)) return v.join(", ");
  return v as ExcelJS.CellValue;
}

/** One sheet per table: title row, bold header with a fill, number formats, frozen panes, filters. */
export function donorWorkbook(report: DonorReport, now = new Date()): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = "Protection Cluster analytics";
  wb.created = now;
  const summary = wb.addWorksheet("Summary", { views: [{ state: "frozen", ySplit: 1 }] });
  summary.columns = [{ width: 34 }, { width: 60 }];
  summary.addRow(["Protection Cluster donor report"]).font = { bold: true, size: 14 };
  const byAor = report.tables[0]!.rows;
  const all = byAor.find((r) => r.aor === "ALL");
  const lines: [string, ExcelJS.CellValue, string?][] = [
    ["Donor", report.donor ?? "all donors"],
    ["Year", report.year ?? "–"],
    ["Funded to protection (USD)", all ? (all.funded_usd as number) : 0, NUM_FMT.usd],
    ["Share of protection funding", all ? (all.share as number | null) : null, NUM_FMT.share],
    ["Pledged, not yet committed (USD)", all ? (all.pledged_usd as number) : 0, NUM_FMT.usd],
    ["Build", `${report.audience}${report.audience === "public" ? " (partners of sensitive AoRs withheld)" : " (within the cluster only)"}`],
    ["Generated", now.toISOString().slice(0, 10)],
    ["Rule", "funded = paid + commitment of flows to the plan naming Protection clusters only (FTS's plan-cluster rule); shared and pledged apart"]
  ];
  for (const [k, v, fmt] of lines) {
    const r = summary.addRow([k, v]);
    r.getCell(1).font = { bold: true };
    if (fmt) r.getCell(2).numFmt = fmt;
  }
  for (const n of report.notes) summary.addRow(["Note", n]);
  for (const t of report.tables) {
    const ws = wb.addWorksheet(t.sheet, { views: [{ state: "frozen", ySplit: 2 }] });
    ws.getCell(1, 1).value = t.title;
    ws.getCell(1, 1).font = { bold: true, size: 12 };
    ws.columns = t.columns.map((c) => ({ key: c.key, width: c.width ?? Math.max(12, Math.min(40, c.label.length + 2)) }));
    const header = ws.getRow(2);
    t.columns.forEach((c, i) => {
      const cell = header.getCell(i + 1);
      cell.value = c.label;
      cell.font = { bold: true };
      cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8EDF5" } };
      cell.border = { bottom: { style: "thin" } };
    });
    for (const row of t.rows) {
      const r = ws.addRow(t.columns.map((c) => (c.format === "date" && typeof row[c.key] === "string" ? new Date(`${row[c.key]}T00:00:00Z`) : safe(row[c.key] ?? null))));
      t.columns.forEach((c, i) => {
        if (c.format && NUM_FMT[c.format]) r.getCell(i + 1).numFmt = NUM_FMT[c.format]!;
      });
    }
    if (t.rows.length) ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2 + t.rows.length, column: t.columns.length } };
    else ws.addRow(["(no rows)"]);
  }
  return wb;
}
