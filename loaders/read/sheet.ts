// What every reader produces: sheets of text cells, a sample of the first rows for header detection,
// then the remaining rows (or a SQL fast path that stages them directly in DuckDB).
import type { Cell } from "../headers.ts";

export interface SheetRow {
  /** 1-based row number in the source (spreadsheet row, CSV line, JSON record index + 1). */
  row: number;
  cells: Cell[];
}

/** A decision a reader took that the report must show (rows renumbered, bytes replaced, line ends repaired). */
export interface ReaderNote {
  severity: "info" | "warning";
  rule: string;
  reason: string;
  row?: number | null;
}

export interface Sheet {
  /** filled while the rows are read: looked at once the sheet is staged */
  notes?: ReaderNote[];
  name: string | null;
  hidden: boolean;
  /** First rows of the sheet (up to 25), as spreadsheet rows starting at row 1. */
  sample: Cell[][];
  /** Rows from `fromRow` (1-based) to the end. Must be consumed or abandoned before the next sheet. */
  rows(fromRow: number): AsyncIterable<SheetRow>;
  /** Optional fast path: a SELECT yielding _row and columns c0..c{width-1} as VARCHAR. */
  stageSql?(fromRow: number, width: number): string;
}

export interface Source {
  /** decisions about the whole file (its encoding, its line ends) */
  notes?: ReaderNote[];
  format: "csv" | "xlsx" | "json" | "geojson" | "topojson";
  sheets(): AsyncIterable<Sheet>;
  /** Structured JSON document, when the source is JSON (for kinds that read structure). */
  json?: unknown;
  cleanup?(): void;
}

export const SAMPLE_ROWS = 25;

/** A problem with the input that a reader finds without knowing the file's path: the ingest prefixes it. */
export class InputError extends Error {
  override name = "InputError";
}

/** Wider than this is not a table a person fills (a 5W has under 100 columns, a COD-PS table a few hundred):
 *  refused before staging, which holds a vector per column per 2,048 rows (16,384 columns: gigabytes). */
export const MAX_TABLE_COLUMNS = 2_048;

/** A cell longer than this is not table data (Excel itself stops at 32,767 characters): refused with
 *  its position rather than dragged through every text macro (a 50 MB cell takes minutes). */
export const MAX_CELL_BYTES = 1024 ** 2;

export function cellText(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return v;
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : null;
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return null;
    const iso = v.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.slice(0, 19).replace("T", " ");
  }
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if ("result" in o) return cellText(o.result);
    if ("formula" in o || "sharedFormula" in o) return null; // formula without a cached value
    if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((t) => t.text).join("");
    if ("text" in o) return cellText(o.text);
    if ("error" in o) return String(o.error);
    return JSON.stringify(o);
  }
  return String(v);
}
