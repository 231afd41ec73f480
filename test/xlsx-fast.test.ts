// The fast XLSX reader (loaders/read/xlsx-fast.ts) against the exceljs reader (loaders/read/xlsx.ts):
// the same sheets, samples and rows on the demo and real workbooks, every difference explained by a
// known exceljs mistake read off the cell's own XML; hand-made workbooks for each kind of cell; the
// same messages for damaged files; streaming behaviour (skipped sheets, abandoned rows).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as zlib from "node:zlib";
import ExcelJS from "exceljs";
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemo } from "../demo/generate.ts";
import type { Cell } from "../loaders/headers.ts";
import type { SheetRow, Source } from "../loaders/read/sheet.ts";
import { readXlsx } from "../loaders/read/xlsx.ts";
import { readXlsxFast } from "../loaders/read/xlsx-fast.ts";
import { SheetXmlParser } from "../loaders/read/xlsx-sheet-parser.ts";
import { SharedStringsParser } from "../loaders/read/xlsx-xml.ts";

const TMP = mkdtempSync(join(tmpdir(), "xlsx-fast-"));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));
const REAL = resolve(process.env.PROTECTION_REAL_DATA ?? "../shared/data/real");
const BAD = resolve("test/fixtures/bad");
/** rows compared cell by cell per sheet (all of them are counted) */
const COMPARED_ROWS = 20_000;

// ---------------------------------------------------------------------------------------------------
// reading

interface ReadSheet {
  name: string | null;
  hidden: boolean;
  sample: Cell[][];
  rows: SheetRow[];
  count: number;
}

async function readAll(source: Source, maxRows = COMPARED_ROWS): Promise<ReadSheet[]> {
  const out: ReadSheet[] = [];
  for await (const s of source.sheets()) {
    const rows: SheetRow[] = [];
    let count = 0;
    for await (const r of s.rows(1)) if (count++ < maxRows) rows.push(r);
    out.push({ name: s.name, hidden: s.hidden, sample: s.sample, rows, count });
  }
  return out;
}

/** readXlsx, retried when exceljs's streaming reader loses xl/workbook.xml (the last entry of the
 *  workbooks exceljs itself writes): a race in exceljs on Node >= 18, exceljs/exceljs#3064, about one
 *  read in twenty here. The fast reader reads through the zip's central directory and has no such race. */
async function readExceljs(path: string, maxRows = COMPARED_ROWS): Promise<ReadSheet[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await readAll(readXlsx(path), maxRows);
    } catch (e) {
      if (attempt >= 8 || !/reading 'sheets'/.test((e as Error).message)) throw e;
    }
  }
}

async function outcome(open: () => Source): Promise<{ sheets?: ReadSheet[]; error?: string }> {
  try {
    return { sheets: await readAll(open()) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

async function exceljsOutcome(path: string): Promise<{ sheets?: ReadSheet[]; error?: string }> {
  try {
    return { sheets: await readExceljs(path) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

const byName = (sheets: ReadSheet[]) => new Map(sheets.map((s) => [s.name, s]));

// ---------------------------------------------------------------------------------------------------
// what the XML says about a cell: to tell a known exceljs mistake from a bug

interface RawCell {
  f: boolean;
  t: string | null;
  s: number;
  v: string | null;
}

const attr = (tag: string, name: string) => new RegExp(`\\s${name}\\s*=\\s*"([^"]*)"`).exec(tag)?.[1];
const xmlDecode = (t: string) =>
  t.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) =>
    e[0] === "#" ? String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" } as Record<string, string>)[e]!
  );
const letters = (col: number) => {
  let s = "";
  for (let x = col; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
};
const BUILT_IN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

class RawWorkbook {
  private readonly files: Record<string, Uint8Array>;
  private readonly parts = new Map<string, string>();
  private readonly cells = new Map<string, Map<string, RawCell>>();
  /** per cellXfs index: the custom format code, or the built-in format id */
  private readonly formats: (string | number)[] = [];
  /** sheet names in workbook order (worksheets only) */
  readonly order: string[] = [];

  constructor(path: string) {
    this.files = unzipSync(readFileSync(path));
    const rels = new Map<string, { target: string; type: string }>();
    for (const m of this.text("xl/_rels/workbook.xml.rels").matchAll(/<Relationship\b[^>]*>/g)) rels.set(attr(m[0], "Id")!, { target: attr(m[0], "Target")!, type: attr(m[0], "Type")! });
    for (const m of this.text("xl/workbook.xml").matchAll(/<sheet\b[^>]*>/g)) {
      const rel = rels.get(attr(m[0], "r:id")!);
      if (!rel || !rel.type.endsWith("/worksheet")) continue;
      const name = xmlDecode(attr(m[0], "name")!);
      this.order.push(name);
      this.parts.set(name, rel.target.startsWith("/") ? rel.target.slice(1) : `xl/${rel.target}`);
    }
    const styles = this.text("xl/styles.xml");
    const custom = new Map<number, string>();
    for (const m of (/<numFmts[\s\S]*?<\/numFmts>/.exec(styles)?.[0] ?? "").matchAll(/<numFmt\b[^>]*>/g)) custom.set(Number(attr(m[0], "numFmtId")), xmlDecode(attr(m[0], "formatCode")!));
    for (const m of (/<cellXfs[\s\S]*?<\/cellXfs>/.exec(styles)?.[0] ?? "").matchAll(/<xf\b[^>]*>/g)) {
      const id = Number(attr(m[0], "numFmtId") ?? 0);
      this.formats.push(custom.get(id) ?? id);
    }
  }

  text(name: string): string {
    const data = this.files[name];
    return data ? strFromU8(data) : "";
  }

  cell(sheet: string, row: number, col: number): RawCell | undefined {
    let cells = this.cells.get(sheet);
    if (!cells) {
      cells = new Map();
      for (const m of this.text(this.parts.get(sheet)!).matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const inner = m[2] ?? "";
        const v = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1];
        cells.set(attr(m[1]!, "r")!, { f: /<f\b/.test(inner), t: attr(m[1]!, "t") ?? null, s: Number(attr(m[1]!, "s") ?? 0), v: v === undefined ? null : xmlDecode(v) });
      }
      this.cells.set(sheet, cells);
    }
    return cells.get(`${letters(col)}${row}`);
  }

  isDateStyle(s: number): boolean {
    const f = this.formats[s];
    return typeof f === "number" ? BUILT_IN_DATES.has(f) : /[dmyhs]/i.test(f?.replace(/"[^"]*"|\[[^\]]*]|\\./g, "") ?? "");
  }

  formatCode(s: number): string {
    return String(this.formats[s] ?? "");
  }
}

const looksLikeDate = (c: Cell) => c !== null && /^[+-]?\d{4,6}-\d\d/.test(c);

/** Why exceljs reads a cell differently, when that is one of its known mistakes; null otherwise. */
function explain(exceljs: Cell, fast: Cell, raw: RawCell | undefined, wb: RawWorkbook): string | null {
  if (!raw) return null;
  const num = raw.v !== null && raw.v.trim() !== "" ? String(parseFloat(raw.v)) : null;
  const numeric = raw.t === null || raw.t === "n";
  if (raw.f) {
    if (raw.t === "e" && exceljs === null && fast === raw.v) return "a formula's cached error value (exceljs: parsed as a number, so empty)";
    if (raw.t === "b" && fast === (Number(raw.v) ? "TRUE" : "FALSE") && exceljs === (Number(raw.v) ? "1" : null)) return "a formula's cached boolean (exceljs: 1, or empty for FALSE)";
    if (numeric && num === "0" && exceljs === null && fast === "0") return "a formula whose cached value is 0 (exceljs drops falsy results: empty)";
    if (raw.t === "str" && raw.v === "" && exceljs === null && fast === "") return "a formula whose cached text is empty (exceljs drops falsy results: empty)";
    if (numeric && exceljs === num && looksLikeDate(fast) && wb.isDateStyle(raw.s)) return "a formula in a date format (exceljs: the serial number)";
  }
  if (numeric && !raw.f && fast === num && /\\[A-Za-z]/.test(wb.formatCode(raw.s))) {
    if (looksLikeDate(exceljs)) return "a number format with an escaped letter, e.g. #,##0,,\\M (exceljs: read as a date)";
    // …and a serial that large is past the last JavaScript date: an Invalid Date, so empty
    if (exceljs === null && Number.isNaN(new Date(Math.round((Number(num) - 25569) * 86_400_000)).getTime())) {
      return "a number format with an escaped letter, and a number beyond the last date (exceljs: read as an invalid date, empty)";
    }
  }
  if (exceljs !== null && fast !== null && exceljs.includes("\uFFFD") && !fast.includes("\uFFFD")) {
    const pattern = new RegExp(`^${exceljs.split(/\uFFFD+/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".")}$`, "su");
    if (pattern.test(fast)) return "a character whose UTF-8 bytes straddle two chunks of the stream (exceljs: decodes chunks apart, U+FFFD)";
  }
  if (exceljs !== null && exceljs !== fast && fast === exceljs.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))) {
    return "an _xHHHH_ escape (exceljs: left as written)";
  }
  return null;
}

/** Compares two readings of `path`; returns the explained differences by reason, fails on any other. */
function compare(path: string, exceljs: ReadSheet[], fast: ReadSheet[]): Map<string, number> {
  const wb = new RawWorkbook(path);
  const reasons = new Map<string, number>();
  const unexplained: string[] = [];
  // exceljs yields sheets in zip order; the fast reader in workbook order
  expect(fast.map((s) => s.name)).toEqual(wb.order);
  expect([...fast.map((s) => s.name)].sort()).toEqual([...exceljs.map((s) => s.name)].sort());
  const fastByName = byName(fast);
  const cellDiffs = (sheet: string, row: number, a: Cell[], b: Cell[]) => {
    if (a.length !== b.length) unexplained.push(`${sheet} row ${row}: ${a.length} cells (exceljs) vs ${b.length}`);
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const x = a[i] ?? null;
      const y = b[i] ?? null;
      if (x === y) continue;
      const why = explain(x, y, wb.cell(sheet, row, i + 1), wb);
      if (why) reasons.set(why, (reasons.get(why) ?? 0) + 1);
      else unexplained.push(`${sheet} ${letters(i + 1)}${row}: exceljs ${JSON.stringify(x)}, fast ${JSON.stringify(y)}`);
    }
  };
  for (const e of exceljs) {
    const f = fastByName.get(e.name)!;
    const sheet = e.name!;
    expect(f.hidden, sheet).toBe(e.hidden);
    expect(f.count, `${sheet}: rows`).toBe(e.count);
    expect(f.sample.length, `${sheet}: sample rows`).toBe(e.sample.length);
    e.sample.forEach((cells, i) => cellDiffs(sheet, i + 1, cells, f.sample[i]!));
    expect(f.rows.map((r) => r.row), `${sheet}: row numbers`).toEqual(e.rows.map((r) => r.row));
    e.rows.forEach((r, i) => cellDiffs(sheet, r.row, r.cells, f.rows[i]!.cells));
  }
  expect(unexplained.slice(0, 20), `${path}: ${unexplained.length} unexplained differences`).toEqual([]);
  return reasons;
}

function report(file: string, reasons: Map<string, number>) {
  if (reasons.size === 0) return;
  console.info(`${file}: differs from exceljs where exceljs is wrong:\n${[...reasons].map(([r, n]) => `  ${n} × ${r}`).join("\n")}`);
}

function xlsxFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".xlsx"))
    .map((f) => join(dir, f))
    .sort();
}

// ---------------------------------------------------------------------------------------------------

describe("parity with the exceljs reader on the demo workbooks", () => {
  let files: string[] = [];
  beforeAll(async () => {
    files = xlsxFiles("data/demo");
    if (files.length === 0) {
      // not generated in this checkout: generate them where they do not get in the way
      const dir = join(TMP, "demo");
      await generateDemo(dir);
      files = xlsxFiles(dir);
    }
  }, 120_000);

  it("reads every demo workbook with the same sheets, hidden flags, samples and rows as exceljs, any difference being an exceljs mistake", async () => {
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const exceljs = await readExceljs(file);
      const fast = await readAll(readXlsxFast(file));
      report(file, compare(file, exceljs, fast));
    }
  });
});

const realFiles = xlsxFiles(REAL);
if (realFiles.length === 0) console.warn(`xlsx-fast real-file parity skipped: no .xlsx under ${REAL} (set PROTECTION_REAL_DATA to the folder of real files)`);

describe.skipIf(realFiles.length === 0)("parity with the exceljs reader on the real workbooks", () => {
  for (const file of realFiles) {
    it(`reads ${file.slice(REAL.length + 1)} with the same sheets, hidden flags, samples and rows as exceljs, any difference being an exceljs mistake`, async () => {
      const exceljs = await readExceljs(file);
      const fast = await readAll(readXlsxFast(file));
      report(file, compare(file, exceljs, fast));
    });
  }
});

// ---------------------------------------------------------------------------------------------------

describe("cells of a workbook written with exceljs", () => {
  const path = join(TMP, "cells.xlsx");
  let fast: ReadSheet[] = [];
  let exceljs: ReadSheet[] = [];
  const value = (row: number, col = 2) => byName(fast).get("Cells")!.rows.find((r) => r.row === row)!.cells[col - 1];
  const exceljsValue = (row: number, col = 2) => byName(exceljs).get("Cells")!.rows.find((r) => r.row === row)!.cells[col - 1];

  beforeAll(async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Cells");
    ws.addRow(["case", "value"]);
    ws.getCell("A2").value = "date";
    ws.getCell("B2").value = new Date(Date.UTC(2025, 2, 1));
    ws.getCell("A3").value = "date and time";
    ws.getCell("B3").value = new Date(Date.UTC(2025, 2, 1, 14, 30, 15));
    ws.getCell("B3").numFmt = "yyyy-mm-dd hh:mm:ss";
    ws.getCell("A4").value = "custom date format";
    ws.getCell("B4").value = new Date(Date.UTC(2025, 11, 31));
    ws.getCell("B4").numFmt = "dd/mm/yyyy";
    ws.getCell("A5").value = "percentage";
    ws.getCell("B5").value = 0.255;
    ws.getCell("B5").numFmt = "0.0%";
    ws.getCell("A6").value = "formula";
    ws.getCell("B6").value = { formula: "2+3", result: 5 };
    ws.getCell("A7").value = "formula without a cached value";
    ws.getCell("B7").value = { formula: "B6*2" } as ExcelJS.CellFormulaValue;
    ws.getCell("A8").value = "booleans";
    ws.getCell("B8").value = true;
    ws.getCell("C8").value = false;
    ws.getCell("A9").value = "error";
    ws.getCell("B9").value = { error: "#N/A" };
    ws.getCell("A10").value = "rich text";
    ws.getCell("B10").value = { richText: [{ font: { bold: true }, text: "Protection " }, { text: "Cluster" }] };
    ws.getCell("A11").value = "escapes";
    ws.getCell("B11").value = "Tom & Jerry <3 \"quoted\" 'single'_x000D_\nnext";
    ws.getCell("A12").value = "French";
    ws.getCell("B12").value = "Réfugiés à Mopti — « déplacés »";
    ws.getCell("A13").value = "formula in a date format";
    ws.getCell("B13").value = { formula: "DATE(2025,6,30)", result: new Date(Date.UTC(2025, 5, 30)) };
    ws.getCell("B13").numFmt = "yyyy-mm-dd";
    ws.getCell("A14").value = "formula with 0 as its value";
    ws.getCell("B14").value = { formula: "1-1", result: 0 };
    ws.getCell("A15").value = "numbers";
    ws.getRow(15).getCell(2).value = 1234.5678;
    ws.getRow(15).getCell(3).value = -0.001;
    ws.getRow(15).getCell(4).value = 1e21;
    ws.getRow(15).getCell(5).value = 0.1 + 0.2;
    ws.getRow(15).getCell(6).value = 123456789012345680000;
    ws.getCell("A16").value = "last column";
    ws.getCell("XFD16").value = "far right";
    ws.getCell("A17").value = "millions format";
    ws.getCell("B17").value = 490701.1;
    ws.getCell("B17").numFmt = '#,##0.0,,\\M';

    const gaps = wb.addWorksheet("Gaps");
    gaps.getCell("A1").value = "header";
    gaps.getCell("D1").value = "fourth";
    gaps.getCell("A2").value = "row 2";
    gaps.getCell("A4").value = "row 4, after an empty row";
    gaps.getCell("B30").value = "row 30, after the sample";
    wb.addWorksheet("Lists", { state: "hidden" }).addRow(["GBV", "CP"]);
    wb.addWorksheet("Secret", { state: "veryHidden" }).addRow(["x"]);
    await wb.xlsx.writeFile(path);
    exceljs = await readExceljs(path);
    fast = await readAll(readXlsxFast(path));
  });

  it("reads a date cell as YYYY-MM-DD and a date-time cell as YYYY-MM-DD HH:MM:SS, as exceljs does", () => {
    expect(value(2)).toBe("2025-03-01");
    expect(value(3)).toBe("2025-03-01 14:30:15");
    expect([value(2), value(3)]).toEqual([exceljsValue(2), exceljsValue(3)]);
  });

  it("reads a date in a custom format as a date and a percentage as its number", () => {
    expect(value(4)).toBe("2025-12-31");
    expect(value(5)).toBe("0.255");
    expect([value(4), value(5)]).toEqual([exceljsValue(4), exceljsValue(5)]);
  });

  it("reads a formula as its cached value, and as an existing empty cell when it has none", () => {
    expect(value(6)).toBe("5");
    const row7 = byName(fast).get("Cells")!.rows.find((r) => r.row === 7)!.cells;
    expect(row7).toEqual(["formula without a cached value", null]);
    expect(row7).toEqual(byName(exceljs).get("Cells")!.rows.find((r) => r.row === 7)!.cells);
  });

  it("types a formula's cached value like any other cell where exceljs reads every result as a number", () => {
    // a date formula is a date (exceljs: the serial 45838); 0 is 0 (exceljs drops falsy results)
    expect(value(13)).toBe("2025-06-30");
    expect(exceljsValue(13)).toBe("45838");
    expect(value(14)).toBe("0");
    expect(exceljsValue(14)).toBeNull();
  });

  it("reads booleans as TRUE and FALSE and an error cell as its code", () => {
    expect([value(8, 2), value(8, 3), value(9)]).toEqual(["TRUE", "FALSE", "#N/A"]);
    expect([value(8, 2), value(8, 3), value(9)]).toEqual([exceljsValue(8, 2), exceljsValue(8, 3), exceljsValue(9)]);
  });

  it("joins rich-text runs and decodes XML entities, _xHHHH_ escapes and French text", () => {
    expect(value(10)).toBe("Protection Cluster");
    expect(value(11)).toBe("Tom & Jerry <3 \"quoted\" 'single'\r\nnext");
    expect(exceljsValue(11)).toBe("Tom & Jerry <3 \"quoted\" 'single'_x000D_\nnext"); // exceljs leaves the escape
    expect(value(12)).toBe("Réfugiés à Mopti — « déplacés »");
    expect([value(10), value(12)]).toEqual([exceljsValue(10), exceljsValue(12)]);
  });

  it("reads numbers as JavaScript writes them, whatever the number of digits", () => {
    expect(byName(fast).get("Cells")!.rows.find((r) => r.row === 15)!.cells.slice(1)).toEqual(["1234.5678", "-0.001", "1e+21", "0.30000000000000004", "123456789012345680000"]);
    expect(byName(fast).get("Cells")!.rows.find((r) => r.row === 15)!.cells).toEqual(byName(exceljs).get("Cells")!.rows.find((r) => r.row === 15)!.cells);
  });

  it("reads a number in a format with an escaped letter (#,##0.0,,\\M for millions) as a number, not a date", () => {
    expect(value(17)).toBe("490701.1");
    expect(exceljsValue(17)).toMatch(/^\d{4}-\d\d-\d\d/); // exceljs drops the backslash and sees M for month
  });

  it("reads a cell in column XFD as the 16,384th cell of its row, the gap before it as nulls", () => {
    const row = byName(fast).get("Cells")!.rows.find((r) => r.row === 16)!.cells;
    expect(row.length).toBe(16_384);
    expect(row[16_383]).toBe("far right");
    expect(row.slice(1, 16_383).every((c) => c === null)).toBe(true);
    expect(row).toEqual(byName(exceljs).get("Cells")!.rows.find((r) => r.row === 16)!.cells);
  });

  it("keeps an empty row between two rows as an empty sample row and does not yield it from rows()", () => {
    const gaps = byName(fast).get("Gaps")!;
    expect(gaps.sample.slice(0, 5)).toEqual([["header", null, null, "fourth"], ["row 2"], [], ["row 4, after an empty row"], []]);
    expect(gaps.sample.length).toBe(25);
    expect(gaps.rows.map((r) => r.row)).toEqual([1, 2, 4, 30]);
    expect(gaps.rows[3]!.cells).toEqual([null, "row 30, after the sample"]);
    expect(gaps).toEqual(byName(exceljs).get("Gaps"));
  });

  it("flags hidden and very hidden sheets as hidden and yields the sheets in workbook order", () => {
    expect(fast.map((s) => [s.name, s.hidden])).toEqual([
      ["Cells", false],
      ["Gaps", false],
      ["Lists", true],
      ["Secret", true]
    ]);
    expect(fast.map((s) => [s.name, s.hidden])).toEqual(exceljs.map((s) => [s.name, s.hidden]));
  });

  it("differs from exceljs on this workbook only where exceljs is wrong", () => {
    const reasons = compare(path, exceljs, fast);
    expect([...reasons.keys()].sort()).toEqual([
      "a formula in a date format (exceljs: the serial number)",
      "a formula whose cached value is 0 (exceljs drops falsy results: empty)",
      "a number format with an escaped letter, e.g. #,##0,,\\M (exceljs: read as a date)",
      "an _xHHHH_ escape (exceljs: left as written)"
    ]);
  });

  it("reads dates of a workbook in the 1904 date system as the same dates", async () => {
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    const ws = wb.addWorksheet("Dates");
    ws.addRow(["when"]);
    ws.addRow([new Date(Date.UTC(2025, 2, 1))]);
    ws.addRow([new Date(Date.UTC(1999, 11, 31, 23, 59, 59))]);
    const p = join(TMP, "1904.xlsx");
    await wb.xlsx.writeFile(p);
    expect(unzipSync(readFileSync(p))["xl/workbook.xml"]).toBeDefined();
    expect(strFromU8(unzipSync(readFileSync(p))["xl/workbook.xml"]!)).toMatch(/date1904="1"/);
    const rows = (await readAll(readXlsxFast(p)))[0]!.rows.map((r) => r.cells[0]);
    expect(rows).toEqual(["when", "2025-03-01", "1999-12-31 23:59:59"]);
    expect(rows).toEqual((await readExceljs(p))[0]!.rows.map((r) => r.cells[0]));
  });
});

// ---------------------------------------------------------------------------------------------------
// workbooks exceljs cannot write: hand-made XML

const CT = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`;
const NS = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`;
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** A zip in the given entry order (a sheet before the shared strings, as exceljs's streaming writer does). */
function workbookZip(path: string, entries: [string, string][], level = 6): void {
  const files: Zippable = {};
  for (const [name, text] of entries) files[name] = [strToU8(text), { level: level as 6 }];
  writeFileSync(path, zipSync(files));
}

describe("cells of a hand-written workbook", () => {
  const path = join(TMP, "hand.xlsx");
  let sheets: ReadSheet[] = [];
  const rowsOf = (name: string) => new Map(byName(sheets).get(name)!.rows.map((r) => [r.row, r.cells]));

  beforeAll(async () => {
    const data = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet ${NS}><dimension ref="A1:R1048576"/><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><r><t>Inline </t></r><r><rPr><b/></rPr><t xml:space="preserve">rich</t></r><rPh sb="0" eb="1"><t>PHONETIC</t></rPh></is></c><c r="B2" t="str"><v>caf&#233; &#x41;&amp;B</v></c><c r="C2" t="d"><v>2025-04-30T00:00:00</v></c><c r="D2" t="d"><v>2025-04-30T08:15:00</v></c><c r="E2"><v><![CDATA[42]]></v></c></row>
<row r="3"><c r="A3" s="1"><v>45000</v></c><c r="B3" s="2"><v>45000</v></c><c r="C3" s="3"><v>45000.5</v></c><c r="D3" s="4"><v>1.5</v></c><c r="E3" s="5"><v>0.25</v></c><c r="F3" s="6"><v>45000</v></c></row>
<row><c t="s"><v>5</v></c><c><v>7</v></c><c r="E4"><v>9</v></c></row>
<row r="6" spans="1:3" customFormat="1" s="1"/>
<row r="7"><c r="A7" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="B7" t="b"><f>1=1</f><v>1</v></c><c r="C7" t="str"><f>"a"&amp;"b"</f><v>ab</v></c><c r="D7" s="1"><f>TODAY()</f><v>45000</v></c><c r="E7" t="s"><v>6</v></c><c r="F7" t="s"><v>99</v></c></row>
</sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>`;
    const prefixed = `<?xml version="1.0" encoding="UTF-8"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>prefixed</x:t></x:is></x:c><x:c r="B1"><x:v>3.5</x:v></x:c></x:row><x:row r="2"><x:c r="B2" t="s"><x:v>0</x:v></x:c></x:row></x:sheetData></x:worksheet>`;
    const sst = `<?xml version="1.0" encoding="UTF-8"?>
<sst ${NS} count="7" uniqueCount="7"><si><t>Région</t></si><si><r><t>Rich </t></r><r><rPr><i/></rPr><t>header</t></r></si><si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si><si><t xml:space="preserve"> spaced _x005F_x0041_ </t></si><si><t>line1_x000D_
line2</t></si><si><t>no ref</t></si><si><t/></si></sst>`;
    const styles = `<?xml version="1.0" encoding="UTF-8"?>
<styleSheet ${NS}><numFmts count="4"><numFmt numFmtId="164" formatCode="#,##0.0,,\\M"/><numFmt numFmtId="165" formatCode="YYYY-MM-DD"/><numFmt numFmtId="166" formatCode="[h]:mm"/><numFmt numFmtId="167" formatCode="0.0 &quot;days&quot;"/></numFmts>
<cellXfs count="7"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"/><xf numFmtId="165"><alignment horizontal="left"/></xf><xf numFmtId="166"/><xf numFmtId="10"/><xf numFmtId="31"/></cellXfs>
<dxfs count="1"><dxf><numFmt numFmtId="164" formatCode="yyyy"/></dxf></dxfs></styleSheet>`;
    const workbook = `<?xml version="1.0" encoding="UTF-8"?>
<workbook ${NS}><workbookPr/><sheets><sheet name="Data &amp; more" sheetId="1" r:id="rId1"/><sheet name="Chart" sheetId="2" r:id="rId2"/><sheet name="Prefixed" sheetId="3" r:id="rId3"/></sheets></workbook>`;
    const rels = `<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId1" Type="${REL}/worksheet" Target="/xl/worksheets/data.xml"/><Relationship Id="rId2" Type="${REL}/chartsheet" Target="chartsheets/sheet1.xml"/><Relationship Id="rId4" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId5" Type="${REL}/styles" Target="styles.xml"/></Relationships>`;
    workbookZip(path, [
      ["[Content_Types].xml", CT],
      ["xl/worksheets/sheet1.xml", prefixed],
      ["xl/worksheets/data.xml", data],
      ["xl/chartsheets/sheet1.xml", `<chartsheet ${NS}/>`],
      ["xl/workbook.xml", workbook],
      ["xl/_rels/workbook.xml.rels", rels],
      ["xl/styles.xml", styles],
      ["xl/sharedStrings.xml", sst]
    ]);
    sheets = await readAll(readXlsxFast(path));
  });

  it("finds sheets through their relationships (absolute targets, any part name), in workbook order, without chart sheets", () => {
    expect(sheets.map((s) => s.name)).toEqual(["Data & more", "Prefixed"]);
  });

  it("reads shared strings with rich text joined, phonetic guides left out, escapes decoded and an empty item as null", () => {
    expect(rowsOf("Data & more").get(1)).toEqual(["Région", "Rich header", "東京", " spaced _x0041_ ", "line1\r\nline2"]);
    expect(rowsOf("Data & more").get(7)!.length).toBe(4); // E7 points at the empty <si>: no cell, as exceljs has it
  });

  it("reads inline strings, t=\"str\" text with character references, t=\"d\" ISO dates and CDATA values", () => {
    expect(rowsOf("Data & more").get(2)).toEqual(["Inline rich", "café A&B", "2025-04-30", "2025-04-30 08:15:00", "42"]);
  });

  it("decides dates by number format: built-in and custom date codes in any case are dates, escaped letters and quoted text are not", () => {
    // s=1: id 14; s=2: #,##0.0,,\M; s=3: YYYY-MM-DD; s=4: [h]:mm; s=5: 0.00%; s=6: id 31 (East Asian date)
    expect(rowsOf("Data & more").get(3)).toEqual(["2023-03-15", "45000", "2023-03-15 12:00:00", "1899-12-31 12:00:00", "0.25", "2023-03-15"]);
  });

  it("places rows and cells without an r attribute after the previous ones", () => {
    expect(rowsOf("Data & more").get(4)).toEqual(["no ref", "7", null, null, "9"]);
  });

  it("yields a formatted row without cells as an empty row, as exceljs does", () => {
    expect(rowsOf("Data & more").get(6)).toEqual([]);
  });

  it("reads cached formula values by their type: errors, booleans, text and dates; an unknown shared string is no cell", () => {
    expect(rowsOf("Data & more").get(7)).toEqual(["#DIV/0!", "TRUE", "ab", "2023-03-15"]);
  });

  it("does not trust the dimension tag (it claims 1,048,576 rows)", () => {
    const s = byName(sheets).get("Data & more")!;
    expect(s.count).toBe(6);
    expect(s.sample.length).toBe(7);
  });

  it("reads a sheet whose XML elements carry a namespace prefix", () => {
    expect(byName(sheets).get("Prefixed")!.rows).toEqual([
      { row: 1, cells: ["prefixed", "3.5"] },
      { row: 2, cells: [null, "Région"] }
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------

describe("damaged and hostile files", () => {
  const fixtures = existsSync(BAD) ? readdirSync(BAD).filter((f) => f.endsWith(".xlsx")) : [];

  it.skipIf(fixtures.length === 0)("fails on every damaged fixture under test/fixtures/bad with the message of the exceljs reader, or reads it the same", async () => {
    for (const f of fixtures) {
      const p = join(BAD, f);
      const [e, x] = [await exceljsOutcome(p), await outcome(() => readXlsxFast(p))];
      if (e.error !== undefined || x.error !== undefined) expect(x.error, f).toBe(e.error);
      else report(p, compare(p, e.sheets!, x.sheets!));
    }
  });

  async function fiveW(rows: number, edit?: (sheetXml: string) => string): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("5W");
    ws.addRow(["Reporting month", "Organization", "AoR", "District P-code", "Population group", "People reached"]);
    for (let i = 0; i < rows; i++) ws.addRow(["2025-06", `ONG ${i % 7}`, "GBV", "XD0101", "IDP", i]);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    if (!edit) return buf;
    const files = unzipSync(buf);
    files["xl/worksheets/sheet1.xml"] = strToU8(edit(strFromU8(files["xl/worksheets/sheet1.xml"]!)));
    return Buffer.from(zipSync(files));
  }

  const bothFail = async (p: string): Promise<string> => {
    const e = await exceljsOutcome(p);
    const x = await outcome(() => readXlsxFast(p));
    expect(e.error, "the exceljs reader fails").toBeDefined();
    expect(x.error).toBe(e.error);
    return x.error!;
  };

  it("refuses a cell beyond column XFD with the message of the exceljs reader", async () => {
    const p = join(TMP, "beyond.xlsx");
    writeFileSync(p, await fiveW(3, (x) => x.replace(/(<row r="2"[^>]*>.*?)(<\/row>)/s, '$1<c r="XFE2" t="inlineStr"><is><t>far</t></is></c>$2')));
    expect(await bothFail(p)).toMatch(/: a cell in column XFE, beyond Excel's last column XFD; this workbook was not written by Excel and cannot be read$/);
  });

  it("refuses a cell of 2 million characters with the message of the exceljs reader", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("5W");
    ws.addRow(["a", "b"]);
    ws.addRow(["x", "y".repeat(2 * 1024 ** 2)]);
    const p = join(TMP, "long-cell.xlsx");
    await wb.xlsx.writeFile(p);
    expect(await bothFail(p)).toMatch(/: sheet '5W' row 2, column 2: a cell of 2\.0 M characters; cells over 1 M characters are not table data/);
  });

  it("fails a sheet whose XML stops half-way past its sample with the message of the exceljs reader, through rows()", async () => {
    const p = join(TMP, "cut.xlsx");
    writeFileSync(p, await fiveW(5000, (x) => x.slice(0, Math.floor(x.length / 2))));
    expect(await bothFail(p)).toMatch(/: corrupt XLSX: entry xl\/worksheets\/sheet1\.xml is cut short: its XML does not end with <\/worksheet>$/);
  });

  it("fails damaged compressed data with the message of the exceljs reader", async () => {
    const buf = await fiveW(2000);
    const at = buf.indexOf("xl/worksheets/sheet1.xml");
    for (let i = at + 200; i < at + 400; i++) buf[i] = buf[i]! ^ 0x5a;
    const p = join(TMP, "damaged.xlsx");
    writeFileSync(p, buf);
    expect(await bothFail(p)).toMatch(/: corrupt XLSX: entry xl\/worksheets\/sheet1\.xml (cannot be decompressed \(.+\)|fails its checksum.*)$/);
  });

  it("refuses a zip bomb, by its declared sizes and, when they lie, by the bytes it really expands to", async () => {
    // 110 MB of sheet XML compresses to about 100 KB
    const head = `<?xml version="1.0"?><worksheet ${NS}><sheetData><row r="1"><c r="A1"><v>1</v></c></row>`;
    const xml = Buffer.concat([Buffer.from(head), Buffer.alloc(110 * 1024 ** 2, 32), Buffer.from("</sheetData></worksheet>")]);
    const deflated = zlib.deflateRawSync(xml, { level: 9 });
    const files: Zippable = {
      "[Content_Types].xml": strToU8(CT),
      "xl/workbook.xml": strToU8(`<workbook ${NS}><sheets><sheet name="5W" sheetId="1" r:id="rId1"/></sheets></workbook>`),
      "xl/_rels/workbook.xml.rels": strToU8(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`),
      "xl/worksheets/sheet1.xml": [strToU8("placeholder"), { level: 0 }]
    };
    // the placeholder entry is replaced by the real deflated data, its headers patched
    const zip = Buffer.from(zipSync(files));
    const name = Buffer.from("xl/worksheets/sheet1.xml");
    const local = zip.indexOf(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04])]), zip.indexOf(name) - 30);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const before = zip.subarray(0, dataStart);
    const after = zip.subarray(dataStart + "placeholder".length);
    const out = Buffer.concat([before, deflated, after]);
    const crc = (zlib as unknown as { crc32: (d: Uint8Array) => number }).crc32(xml);
    const patch = (at: number, lie: boolean) => {
      out.writeUInt16LE(8, at);
      out.writeUInt32LE(crc, at + 6);
      out.writeUInt32LE(deflated.length, at + 10);
      out.writeUInt32LE(lie ? 4096 : xml.length, at + 14);
    };
    const write = (lie: boolean) => {
      patch(local + 8, lie);
      const central = out.indexOf(Buffer.concat([Buffer.from([0x50, 0x4b, 0x01, 0x02])]), dataStart + deflated.length);
      let c = central;
      while (out.readUInt32LE(c) === 0x02014b50) {
        const n = out.readUInt16LE(c + 28);
        if (out.toString("utf8", c + 46, c + 46 + n) === name.toString()) patch(c + 10, lie);
        c += 46 + n + out.readUInt16LE(c + 30) + out.readUInt16LE(c + 32);
      }
      // the end-of-directory record points at the directory, which moved with the data
      const eocd = out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
      out.writeUInt32LE(central, eocd + 16);
      const p = join(TMP, lie ? "lying-bomb.xlsx" : "bomb.xlsx");
      writeFileSync(p, out);
      return p;
    };
    const honest = write(false);
    expect(statSync(honest).size).toBeLessThan(1024 ** 2);
    expect(() => readXlsxFast(honest)).toThrow(/: refused: XLSX expands to 110 MB from \d+ KB \(zip bomb\?\)$/);
    const lying = write(true);
    const e = await outcome(() => readXlsx(lying));
    const x = await outcome(() => readXlsxFast(lying));
    expect(e.error).toMatch(/: refused: XLSX expands to more than 10\d MB from \d+ KB \(zip bomb\?\)$/);
    expect(x.error).toMatch(/: refused: XLSX expands to more than 10\d MB from \d+ KB \(zip bomb\?\)$/);
  });
});

// ---------------------------------------------------------------------------------------------------

describe("streaming", () => {
  const path = join(TMP, "stream.xlsx");
  beforeAll(() => {
    const rows = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `<row r="${from + i}"><c r="A${from + i}"><v>${from + i}</v></c><c r="B${from + i}" t="inlineStr"><is><t>row ${from + i}</t></is></c></row>`).join("");
    // sheet 1 breaks at row 5,000 (a cell with an attribute but no value): only a parse of its rows sees it
    const broken = `<worksheet ${NS}><sheetData>${rows(4999)}<row r="5000"><c r="A5000" t></c></row>${rows(10, 5001)}</sheetData></worksheet>`;
    const good = `<worksheet ${NS}><sheetData>${rows(3000)}</sheetData></worksheet>`;
    workbookZip(path, [
      ["[Content_Types].xml", CT],
      ["xl/workbook.xml", `<workbook ${NS}><sheets><sheet name="Broken" sheetId="1" r:id="rId1"/><sheet name="Good" sheetId="2" r:id="rId2"/></sheets></workbook>`],
      ["xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/worksheet" Target="worksheets/sheet2.xml"/></Relationships>`],
      ["xl/worksheets/sheet1.xml", broken],
      ["xl/worksheets/sheet2.xml", good]
    ]);
  });

  it("does not parse a sheet beyond its sample when its rows are not read, and reads the next sheet", async () => {
    const seen: string[] = [];
    let goodRows = 0;
    for await (const s of readXlsxFast(path).sheets()) {
      seen.push(s.name!);
      expect(s.sample.length).toBe(25);
      if (s.name === "Good") for await (const r of s.rows(1)) goodRows += r.cells.length === 2 ? 1 : 0;
    }
    expect(seen).toEqual(["Broken", "Good"]);
    expect(goodRows).toBe(3000);
  });

  it("fails with a message naming the file when the rows of a malformed sheet are read", async () => {
    const read = async () => {
      for await (const s of readXlsxFast(path).sheets()) for await (const r of s.rows(1)) void r;
    };
    await expect(read()).rejects.toThrow(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: corrupt or truncated XLSX \\(sheet 'Broken': malformed XML after row 4999`));
  });

  it("reads rows from a given row, and moves on to the next sheet when the rows are abandoned half-way", async () => {
    const out: string[] = [];
    for await (const s of readXlsxFast(path).sheets()) {
      let n = 0;
      for await (const r of s.rows(s.name === "Good" ? 2990 : 30)) {
        out.push(`${s.name}:${r.row}`);
        if (++n === 3 && s.name === "Broken") break;
      }
    }
    expect(out).toEqual(["Broken:30", "Broken:31", "Broken:32", ...Array.from({ length: 11 }, (_, i) => `Good:${2990 + i}`)]);
  });

  it("lets a consumer stop after the first sheet, in the middle of its rows", async () => {
    const names: string[] = [];
    for await (const s of readXlsxFast(path).sheets()) {
      names.push(s.name!);
      for await (const r of s.rows(1)) if (r.row === 10) break;
      break;
    }
    expect(names).toEqual(["Broken"]);
  });
});

// ---------------------------------------------------------------------------------------------------

describe("chunk boundaries", () => {
  // every kind of element, non-ASCII text (one to four UTF-8 bytes), entities, a 200,000-character cell
  const long = "é".repeat(100_000);
  const sheetXml = `\ufeff<?xml version="1.0" encoding="UTF-8"?>
<worksheet ${NS}><dimension ref="A1:C9"/><cols><col min="1" max="3" width="9"/></cols><sheetData>
<row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" s="1"><v>45717</v></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>Réfugiés 東京 😀 &amp; &#233;</t></is></c><c r="B2"><f>1+1</f><v>2</v></c><c r="C2" t="e"><v>#N/A</v></c></row>
<row r="3"><c r="A3" t="b"><v>0</v></c><c r="C3" t="str"><v>a&lt;b</v></c></row>
<row r="5" customFormat="1"/>
<row r="6"><c r="A6" t="inlineStr"><is><t>${long}</t></is></c><c r="B6"><v>-0.5</v></c></row>
<row r="7"><c r="A7" s="2"/><c r="B7"><v><![CDATA[17]]></v></c><c r="C7"><f>X</f></c></row >
<row r="8" s="1" customFormat="1"/><row r="9" s="1" customFormat="1"/>
</sheetData><pageMargins left="0.7"/></worksheet>`;
  const bytes = Buffer.from(sheetXml, "utf8");
  const ctx = { path: "x.xlsx", sheetName: "S", strings: ["Région", "Total"], dateStyles: Uint8Array.from([0, 1, 0]), date1904: false };
  const parse = (sizes: () => number) => {
    const parser = new SheetXmlParser(ctx);
    const out: SheetRow[] = [];
    for (let i = 0; i < bytes.length; ) {
      const n = Math.max(1, sizes());
      parser.feed(bytes.toString("latin1", i, Math.min(bytes.length, i + n)), out, false);
      i += n;
    }
    parser.feed("", out, true);
    return out;
  };
  const expected: SheetRow[] = [
    { row: 1, cells: ["Région", "Total", "2025-03-01"] },
    { row: 2, cells: ["Réfugiés 東京 😀 & é", "2", "#N/A"] },
    { row: 3, cells: ["FALSE", null, "a<b"] },
    { row: 5, cells: [] },
    { row: 6, cells: [long, "-0.5"] },
    { row: 7, cells: [null, "17", null] },
    { row: 8, cells: [] },
    { row: 9, cells: [] }
  ];

  it("parses a sheet into the same rows whatever the chunk boundaries, down to one byte at a time", () => {
    expect(parse(() => bytes.length)).toEqual(expected);
    expect(parse(() => 1)).toEqual(expected);
    for (const n of [2, 3, 5, 7, 11, 64, 1000, 65_537]) expect(parse(() => n), `chunks of ${n}`).toEqual(expected);
    let seed = 1;
    const random = () => (seed = (seed * 48271) % 2147483647) % 300;
    for (let k = 0; k < 20; k++) expect(parse(random), `random chunks, round ${k}`).toEqual(expected);
  });

  it("parses rows as their chunks arrive, empty rows after the last row end tag included", () => {
    // a row cut by a chunk's end waits for the next chunk; a run of formatted empty rows <row …/> (Excel writes
    // them down to the last formatted row) has no end tag to wait for and is parsed at once
    const parser = new SheetXmlParser(ctx);
    const out: SheetRow[] = [];
    const cut = `<worksheet ${NS}><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2`;
    parser.feed(cut, out, false);
    expect(out).toEqual([{ row: 1, cells: ["1"] }]);
    parser.feed(`</v></c></row>`, out, false);
    expect(out).toEqual([{ row: 1, cells: ["1"] }, { row: 2, cells: ["2"] }]);
    let empty = "";
    for (let r = 3; r <= 5000; r++) empty += `<row r="${r}" s="1" customFormat="1"/>`;
    parser.feed(empty, out, false);
    expect(out.length).toBe(5000);
    parser.feed(`</sheetData></worksheet>`, out, true);
    expect(out.length).toBe(5000);
  });

  it("parses random sheets into the same rows whether fed whole or in random chunks (prefixes, empty rows, comments, CDATA, long cells)", () => {
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    for (let sheet = 0; sheet < 60; sheet++) {
      const x = rnd(3) === 0 ? "x:" : "";
      const rowsXml: string[] = [];
      let r = 0;
      for (let k = 0, n = 1 + rnd(40); k < n; k++) {
        r += 1 + (rnd(5) === 0 ? rnd(3) : 0);
        const shape = rnd(10);
        if (shape === 0) rowsXml.push(`<${x}row r="${r}" s="1" customFormat="1"/>`);
        else if (shape === 1) rowsXml.push(`<!-- </${x}row> --><${x}row r="${r}"><${x}c r="A${r}"><${x}v>${r}</${x}v></${x}c></${x}row >`);
        else {
          const cells: string[] = [];
          for (let c = 0, m = 1 + rnd(6); c < m; c++) {
            const ref = `${String.fromCharCode(65 + c)}${r}`;
            const kind = rnd(7);
            if (kind === 0) cells.push(`<${x}c r="${ref}" t="s"><${x}v>${rnd(2)}</${x}v></${x}c>`);
            else if (kind === 1) cells.push(`<${x}c r="${ref}" t="inlineStr"><${x}is><${x}t>é &lt;/${x}row&gt; ${rnd(2) === 0 && rnd(4) === 0 ? "w".repeat(70_000) : "ok"}</${x}t></${x}is></${x}c>`);
            else if (kind === 2) cells.push(`<${x}c r="${ref}" s="2"/>`);
            else if (kind === 3) cells.push(`<${x}c r="${ref}"><${x}f>SUM(A1)</${x}f><${x}v>${rnd(100)}</${x}v></${x}c>`);
            else if (kind === 4) cells.push(`<${x}c r="${ref}"><${x}v><![CDATA[${rnd(9)}]]></${x}v></${x}c>`);
            else cells.push(`<${x}c r="${ref}"><${x}v>${rnd(1000) / 8}</${x}v></${x}c>`);
          }
          rowsXml.push(`<${x}row r="${r}" spans="1:6">${cells.join("")}</${x}row>`);
        }
      }
      const root = x ? `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` : `<worksheet ${NS}>`;
      const xml = `<?xml version="1.0"?>${root}<${x}sheetData>${rowsXml.join(rnd(2) ? "\n" : "")}</${x}sheetData></${x ? "x:" : ""}worksheet>`;
      const text = Buffer.from(xml, "utf8").toString("latin1");
      const whole: SheetRow[] = [];
      new SheetXmlParser(ctx).feed(text, whole, true);
      expect(whole.length, `sheet ${sheet}`).toBe(rowsXml.length);
      for (const maxChunk of [7, 300, 5000, 127_000]) {
        const parser = new SheetXmlParser(ctx);
        const out: SheetRow[] = [];
        for (let i = 0; i < text.length; ) {
          const n = 1 + rnd(maxChunk);
          parser.feed(text.slice(i, i + n), out, false);
          i += n;
        }
        parser.feed("", out, true);
        expect(out, `sheet ${sheet}, chunks up to ${maxChunk}`).toEqual(whole);
      }
    }
  });

  it("ends on malformed cell content instead of looping: an unfinished tag inside an inline string", () => {
    const parser = new SheetXmlParser(ctx);
    const out: SheetRow[] = [];
    parser.feed(`<worksheet ${NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>ok</t><t</is></c><c r="B1"><v>1</v></c></row></sheetData></worksheet>`, out, true);
    expect(out).toEqual([{ row: 1, cells: ["ok", "1"] }]);
  });

  it("parses shared strings into the same table whatever the chunk boundaries", () => {
    const sst = `<?xml version="1.0"?><sst ${NS}><si><t>Région</t></si><si><r><t>Ri</t></r><r><t xml:space="preserve">ch 😀</t></r></si><si><t/></si><si><t>a &amp; b_x000D_</t><rPh sb="0" eb="1"><t>X</t></rPh></si><si><t>${long}</t></si></sst>`;
    const want = ["Région", "Rich 😀", null, "a & b\r", long];
    for (const n of [1, 2, 3, 7, 100, 70_000, sst.length]) {
      const p = new SharedStringsParser();
      // shared strings are decoded with a streaming TextDecoder before they reach the parser
      const decoder = new TextDecoder();
      const b = Buffer.from(sst, "utf8");
      for (let i = 0; i < b.length; i += n) p.feed(decoder.decode(b.subarray(i, i + n), { stream: true }));
      p.feed(decoder.decode(), true);
      expect(p.strings, `chunks of ${n}`).toEqual(want);
    }
  });
});
