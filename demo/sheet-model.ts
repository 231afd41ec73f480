/** Format-neutral rows and columns shared by the XLSX and CSV writers and the defect planter. */
import type { Rng } from "./random.ts";

/** A cell whose value is =SUM over other columns of the same row (cached result computed at write time). */
export interface SumCell {
  sum: string[];
}
/** A text value stored in a cell that carries a number format (a p-code typed into a "Number" cell). */
export interface FormattedText {
  text: string;
  numFmt: string;
}
export type CellValue = string | number | Date | null | SumCell | FormattedText;

export const isSumCell = (v: CellValue): v is SumCell => typeof v === "object" && v !== null && "sum" in v;
export const isFormattedText = (v: CellValue): v is FormattedText => typeof v === "object" && v !== null && "text" in v;

export interface Column {
  key: string;
  header: string;
  hxl?: string;
  width?: number;
  /** Excel number format for the column (dates, integers) */
  numFmt?: string;
  /** header of the group (row above the headers) for two-row headers */
  group?: string;
}

export interface DefectNote {
  /** short defect label, e.g. "unknown p-code" */
  defect: string;
  /** header of the affected column, when one column is concerned */
  column?: string;
  /** what was planted, as written */
  value?: string;
  /** what a loader should do / report */
  expected: string;
  /** id of a related row (original of a duplicate or correction) */
  refId?: string;
}

export interface SheetRow {
  kind: "data" | "blank" | "total";
  cells: Record<string, CellValue>;
  /** record id (data rows), unique within a file unless the row is a planted duplicate */
  id?: string;
  /** 5W record behind the row (month etc. for layout) */
  month?: number;
  notes: DefectNote[];
  /** kept clean on purpose (e.g. the original of a planted correction): never picked for a defect */
  locked?: boolean;
  /** assigned by layout: 1-based spreadsheet row number */
  rowNumber?: number;
}

export function dataRow(id: string, cells: Record<string, CellValue>, month?: number): SheetRow {
  return { kind: "data", id, cells, month, notes: [] };
}

/** Numeric value as Excel's SUM would see it (text and blanks are ignored). */
export function numericValue(row: SheetRow, key: string): number {
  const v = row.cells[key];
  if (typeof v === "number") return v;
  if (v !== undefined && v !== null && isSumCell(v)) return v.sum.reduce((s, k) => s + numericValue(row, k), 0);
  return 0;
}

/**
 * Picks up to n data rows satisfying `ok` that carry no defect yet (so defects do not stack),
 * in a deterministic random order.
 */
export function pickRows(rows: SheetRow[], n: number, rng: Rng, ok: (r: SheetRow) => boolean = () => true): SheetRow[] {
  const cands = rows.filter((r) => r.kind === "data" && !r.locked && r.notes.length === 0 && ok(r));
  return rng.sample(cands, n).sort((a, b) => rows.indexOf(a) - rows.indexOf(b));
}

/** Header text naming a column unambiguously (group added for two-row headers). */
export function columnLabel(columns: Column[], key: string): string {
  const c = columns.find((x) => x.key === key);
  if (!c) return key;
  return c.group ? `${c.header} ${c.group.replace(/^People /, "")}` : c.header;
}

export function cloneRow(row: SheetRow): SheetRow {
  return { ...row, cells: { ...row.cells }, notes: [] };
}

/** Column letter for a 1-based column index. */
export function columnLetter(index: number): string {
  let s = "";
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Assigns 1-based row numbers starting at firstRow. */
export function layoutRows(rows: SheetRow[], firstRow: number): void {
  rows.forEach((r, i) => (r.rowNumber = firstRow + i));
}
