/** Serialises the 5W files (cluster workbook layout, French workbooks, CSVs). */
import type ExcelJS from "exceljs";
import { ACTIVITIES } from "./activities.ts";
import { AOR_NAMES, AORS, POP_GROUPS } from "./config.ts";
import type { FiveWFile } from "./five-w-files.ts";
import type { Geography } from "./geography.ts";
import { PARTNERS } from "./partners.ts";
import { columnLetter, numericValue, type SheetRow } from "./sheet-model.ts";
import { csvBytes } from "./write-csv.ts";
import { addTableSheet, newWorkbook, workbookBytes, writeCells } from "./write-xlsx.ts";

export const CLUSTER_TITLE = "Dalmora Protection Cluster — 5W";

const INSTRUCTIONS = [
  CLUSTER_TITLE,
  "",
  "How to fill in the 5W (one row per organization × activity × district × location × population group × month):",
  "1. Reporting month: first day of the month reported.",
  "2. Use the p-codes of the COD-AB (Region P-code = admin1, District P-code = admin2).",
  "3. Choose AoR, activity, status, population group and modality from the lists (sheet 'Lists').",
  "4. Indicators counting people are CUMULATIVE since 1 January (year to date).",
  "5. Indicators counting sessions or kits are NEW (this month only).",
  "6. People targeted: annual target for cumulative indicators, monthly target for new ones.",
  "7. Do not type over the Total column: it is a formula.",
  "8. Do not enter names, phone numbers or any personal data of beneficiaries.",
  "",
  "Submit to the Protection Cluster IMO by the 5th of the following month.",
];

function fill(argb: string): ExcelJS.Fill {
  return { type: "pattern", pattern: "solid", fgColor: { argb } };
}

export async function clusterWorkbook(file: FiveWFile, geo: Geography): Promise<Uint8Array> {
  const wb = newWorkbook();
  const ins = wb.addWorksheet("Instructions");
  ins.getColumn(1).width = 110;
  INSTRUCTIONS.forEach((line, i) => (ins.getCell(i + 1, 1).value = line || null));
  ins.getCell(1, 1).font = { bold: true, size: 14 };

  const cols = file.columns;
  const ws = wb.addWorksheet("5W", { views: [{ state: "frozen", ySplit: 6, xSplit: 3 }] });
  ws.columns = cols.map((c) => ({ key: c.key, width: c.width ?? 12, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
  ws.getCell("A1").value = CLUSTER_TITLE;
  ws.getCell("A1").font = { bold: true, size: 14 };
  ws.getCell("A3").value =
    "Fill one row per activity, location, population group and month. Person counts are cumulative since January; sessions and kits are new each month. Do not edit rows 4–6.";
  ws.getCell("A3").font = { italic: true };

  // two header rows: groups (merged) on row 4, headers on row 5, HXL on row 6
  const groups = [...new Set(cols.filter((c) => c.group).map((c) => c.group!))];
  for (const g of groups) {
    const idx = cols.map((c, i) => (c.group === g ? i + 1 : 0)).filter((i) => i > 0);
    const first = idx[0]!;
    const last = idx[idx.length - 1]!;
    ws.mergeCells(4, first, 4, last);
    const cell = ws.getCell(4, first);
    cell.value = g;
    cell.alignment = { horizontal: "center" };
    cell.font = { bold: true };
    cell.fill = fill(g.includes("targeted") ? "FFFCE4D6" : "FFE2EFDA");
  }
  const header = ws.getRow(5);
  cols.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = fill("FFD9E1F2");
    cell.alignment = { wrapText: true, vertical: "top" };
  });
  const hxl = ws.getRow(6);
  cols.forEach((c, i) => (hxl.getCell(i + 1).value = c.hxl ?? null));
  hxl.font = { italic: true, color: { argb: "FF7F7F7F" } };

  const data = file.rows.filter((r) => r.kind === "data");
  const firstData = data[0]?.rowNumber ?? 7;
  const lastData = data[data.length - 1]?.rowNumber ?? firstData;
  for (const r of file.rows) {
    if (r.kind === "data") writeCells(ws, r.rowNumber!, cols, r);
    else if (r.kind === "total") writeTotalRow(ws, r, data, firstData, lastData, file);
  }

  addListsSheet(wb, geo);
  return workbookBytes(wb);
}

function writeTotalRow(ws: ExcelJS.Worksheet, r: SheetRow, data: SheetRow[], first: number, last: number, file: FiveWFile): void {
  const row = ws.getRow(r.rowNumber!);
  row.getCell(1).value = "TOTAL";
  file.columns.forEach((c, i) => {
    if (!c.group) return;
    const L = columnLetter(i + 1);
    row.getCell(i + 1).value = { formula: `SUM(${L}${first}:${L}${last})`, result: data.reduce((s, d) => s + numericValue(d, c.key), 0) };
  });
  row.font = { bold: true };
}

function addListsSheet(wb: ExcelJS.Workbook, geo: Geography): void {
  const ws = wb.addWorksheet("Lists");
  const lists: [string, string[]][] = [
    ["Organization", PARTNERS.map((p) => p.name)],
    ["Acronym", PARTNERS.map((p) => p.acronym)],
    ["Organization type", ["UN", "INGO", "NNGO", "Government", "Red Cross/Red Crescent", "Other"]],
    ["AoR", AORS.map((a) => AOR_NAMES[a].en)],
    ["Activity code", ACTIVITIES.map((a) => a.code)],
    ["Activity", ACTIVITIES.map((a) => a.name)],
    ["Indicator", ACTIVITIES.map((a) => a.indicator)],
    ["New/Cumulative", ACTIVITIES.map((a) => (a.reporting === "new" ? "New" : "Cumulative"))],
    ["Status", ["Planned", "Ongoing", "Completed"]],
    ["Population group", [...POP_GROUPS]],
    ["Modality", ["In-person", "Mobile team", "Remote"]],
    ["Region", geo.admin1.map((a) => a.name)],
    ["Region P-code", geo.admin1.map((a) => a.pcode)],
    ["District", geo.admin2.map((a) => a.name)],
    ["District P-code", geo.admin2.map((a) => a.pcode)],
    ["District Region P-code", geo.admin2.map((a) => a.admin1.pcode)],
  ];
  lists.forEach(([title, values], i) => {
    ws.getColumn(i + 1).width = Math.min(45, Math.max(12, ...values.map((v) => v.length * 0.9)));
    ws.getCell(1, i + 1).value = title;
    ws.getCell(1, i + 1).font = { bold: true };
    values.forEach((v, k) => (ws.getCell(k + 2, i + 1).value = v));
  });
}

export async function frenchWorkbook(file: FiveWFile): Promise<Uint8Array> {
  const wb = newWorkbook();
  addTableSheet(wb, file.sheet ?? "Données", file.columns, file.rows, { hxl: false, freeze: true });
  return workbookBytes(wb);
}

export async function fiveWBytes(file: FiveWFile, geo: Geography): Promise<Uint8Array> {
  switch (file.kind) {
    case "cluster":
      return clusterWorkbook(file, geo);
    case "french-xlsx":
      return frenchWorkbook(file);
    case "french-csv":
      return csvBytes(file.columns, file.rows, { delimiter: ";", eol: "\r\n", encoding: "windows-1252" });
    case "ma-csv":
      return csvBytes(file.columns, file.rows, { delimiter: ",", eol: "\r\n", encoding: "utf-8-bom" });
  }
}
