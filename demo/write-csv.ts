/** CSV serialisation (RFC 4180 quoting) and encodings. */
import iconv from "iconv-lite";
import { isFormattedText, isSumCell, numericValue, type CellValue, type Column, type SheetRow } from "./sheet-model.ts";

export interface CsvOptions {
  delimiter: "," | ";";
  eol: "\n" | "\r\n";
  encoding: "utf-8-bom" | "utf-8" | "windows-1252";
}

function field(v: CellValue | undefined, row: SheetRow, key: string, delimiter: string): string {
  let s: string;
  if (v === undefined || v === null) s = "";
  else if (isSumCell(v)) s = String(numericValue(row, key));
  else if (isFormattedText(v)) s = v.text;
  else if (v instanceof Date) s = v.toISOString().slice(0, 10);
  else s = String(v);
  return s.includes(delimiter) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvText(columns: Column[], rows: SheetRow[], delimiter: string, eol: string): string {
  const lines = [columns.map((c) => field(c.header, { kind: "data", cells: {}, notes: [] }, c.key, delimiter)).join(delimiter)];
  for (const r of rows) lines.push(columns.map((c) => field(r.cells[c.key], r, c.key, delimiter)).join(delimiter));
  return lines.join(eol) + eol;
}

/** Plain rows of values (population tables etc.). */
export function csvFromValues(header: readonly string[], values: (string | number)[][], delimiter = ","): string {
  const q = (x: string | number) => {
    const s = String(x);
    return s.includes(delimiter) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header.map(q).join(delimiter), ...values.map((r) => r.map(q).join(delimiter))].join("\n") + "\n";
}

export function encodeText(text: string, encoding: CsvOptions["encoding"]): Buffer {
  if (encoding === "windows-1252") {
    const buf = iconv.encode(text, "windows-1252");
    if (iconv.decode(buf, "windows-1252") !== text) throw new Error("text not representable in Windows-1252");
    return buf;
  }
  return Buffer.from((encoding === "utf-8-bom" ? "\ufeff" : "") + text, "utf8");
}

export function csvBytes(columns: Column[], rows: SheetRow[], opts: CsvOptions): Buffer {
  return encodeText(csvText(columns, rows, opts.delimiter, opts.eol), opts.encoding);
}
