/** exceljs helpers: fixed metadata, table sheets, and byte-reproducible output. */
import ExcelJS from "exceljs";
import { unzipSync, zipSync, type Zippable } from "fflate";
import { FIXED_DATE_UTC } from "./config.ts";
import { columnLetter, isFormattedText, isSumCell, numericValue, type CellValue, type Column, type SheetRow } from "./sheet-model.ts";

export function newWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = "Dalmora demo generator";
  wb.lastModifiedBy = "Dalmora demo generator";
  wb.created = FIXED_DATE_UTC;
  wb.modified = FIXED_DATE_UTC;
  wb.lastPrinted = FIXED_DATE_UTC;
  return wb;
}

/**
 * exceljs zips with JSZip, which stamps every entry with the current time, so the same workbook
 * gives different bytes on every run. Re-pack the entries (same order, same content) with a fixed
 * timestamp. The date is built from local-time fields so the DOS time stamp does not depend on TZ.
 */
export async function workbookBytes(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  const raw = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  const entries = unzipSync(raw);
  const mtime = new Date(FIXED_DATE_UTC.getUTCFullYear(), FIXED_DATE_UTC.getUTCMonth(), FIXED_DATE_UTC.getUTCDate(), 0, 0, 0);
  const files: Zippable = {};
  for (const [name, data] of Object.entries(entries)) files[name] = [data, { level: 6, mtime }];
  return zipSync(files);
}

/** Writes one row's cells; SumCell becomes a formula with its cached result. */
export function writeCells(ws: ExcelJS.Worksheet, rowNumber: number, columns: Column[], row: SheetRow): void {
  const xr = ws.getRow(rowNumber);
  columns.forEach((col, i) => {
    const v: CellValue | undefined = row.cells[col.key];
    if (v === undefined || v === null) return;
    const cell = xr.getCell(i + 1);
    if (isSumCell(v)) {
      const idx = v.sum.map((k) => columns.findIndex((c) => c.key === k) + 1);
      const ref = (n: number) => `${columnLetter(n)}${rowNumber}`;
      const contiguous = idx.every((n, k) => k === 0 || n === idx[k - 1]! + 1);
      const args = contiguous && idx.length > 1 ? `${ref(idx[0]!)}:${ref(idx[idx.length - 1]!)}` : idx.map(ref).join(",");
      cell.value = { formula: `SUM(${args})`, result: numericValue(row, col.key) };
    } else if (isFormattedText(v)) {
      cell.value = v.text;
      cell.numFmt = v.numFmt;
    } else {
      cell.value = v;
    }
  });
}

export interface TableSheetOptions {
  /** add a HXL hashtag row under the header */
  hxl: boolean;
  freeze?: boolean;
}

/** Plain table: header row 1, optional HXL row 2, data below. Rows must already be laid out. */
export function addTableSheet(wb: ExcelJS.Workbook, name: string, columns: Column[], rows: SheetRow[], opts: TableSheetOptions): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, opts.freeze ? { views: [{ state: "frozen", ySplit: opts.hxl ? 2 : 1 }] } : {});
  ws.columns = columns.map((c) => ({ key: c.key, width: c.width ?? Math.max(10, Math.min(40, c.header.length + 2)), style: c.numFmt ? { numFmt: c.numFmt } : {} }));
  const header = ws.getRow(1);
  columns.forEach((c, i) => (header.getCell(i + 1).value = c.header));
  header.font = { bold: true };
  if (opts.hxl) {
    const hx = ws.getRow(2);
    columns.forEach((c, i) => (hx.getCell(i + 1).value = c.hxl ?? null));
    hx.font = { italic: true, color: { argb: "FF555555" } };
  }
  for (const r of rows) if (r.kind !== "blank") writeCells(ws, r.rowNumber!, columns, r);
  return ws;
}
