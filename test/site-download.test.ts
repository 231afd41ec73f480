// Table downloads: CSV, HXL-tagged CSV and XLSX, with formula injection neutralised in text cells.
import ExcelJS from "exceljs";
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { buildDownload, columnLetter, neutralise, safeFileName, toCsv, toHxlCsv, toXlsx } from "../src/components/download.js";

const rows = [
  { admin2_pcode: "XD0101", admin2_name: "Séno", org_lead: "=HYPERLINK(\"http://x\",\"y\")", reached: 1250, note: "a, \"quoted\"\nline" },
  { admin2_pcode: "XD0102", admin2_name: "+cmd|' /C calc'!A0", org_lead: "@SUM(A1)", reached: -5, note: "-5" },
  { admin2_pcode: "XD0103", admin2_name: "\tTab", org_lead: "\rCR", reached: null, note: "-1+2" }
];
const columns = [
  { key: "admin2_pcode", label: "P-code" },
  { key: "admin2_name", label: "Admin2" },
  { key: "org_lead", label: "Organisation" },
  { key: "reached", label: "Reached" },
  { key: "note", label: "Note", hxl: null }
];

describe("neutralise", () => {
  it("prefixes text that starts with = + - @ tab or carriage return", () => {
    for (const s of ["=1+2", "+1+2", "-1+2", "@A1", "\tx", "\rx"]) expect(neutralise(s)).toBe(`'${s}`);
  });

  it("leaves numbers, plain numbers written as text, and ordinary text alone", () => {
    expect(neutralise(-5)).toBe(-5);
    expect(neutralise("-5")).toBe("-5");
    expect(neutralise("+3.5")).toBe("+3.5");
    expect(neutralise("Séno")).toBe("Séno");
    expect(neutralise("a=b")).toBe("a=b");
    expect(neutralise(null)).toBeNull();
  });
});

describe("toCsv", () => {
  const csv = toCsv(rows, columns);
  const lines = csv.replace(/^\ufeff/, "").split("\r\n");

  it("starts with a byte-order mark and the labels, CRLF line ends", () => {
    expect(csv.startsWith("\ufeffP-code,Admin2,Organisation,Reached,Note\r\n")).toBe(true);
  });

  it("neutralises formulas in text cells but writes numbers as numbers", () => {
    expect(lines[1]).toBe(`XD0101,Séno,"'=HYPERLINK(""http://x"",""y"")",1250,"a, ""quoted""\nline"`);
    expect(lines[2]).toBe(`XD0102,'+cmd|' /C calc'!A0,'@SUM(A1),-5,-5`);
    expect(csv).toContain(`,'\tTab,`);
    expect(csv).toContain(`"'\rCR"`);
    expect(csv).toContain(`,'-1+2\r\n`);
  });

  it("writes an empty field for a missing value", () => {
    expect(csv).toContain(`,,'-1+2`);
  });
});

describe("toHxlCsv", () => {
  it("puts the hashtag row directly under the header, untagged columns blank", () => {
    const [header, tags, first] = toHxlCsv(rows, columns).split("\r\n");
    expect(header).toBe("P-code,Admin2,Organisation,Reached,Note");
    expect(tags).toBe("#adm2+code,#adm2+name,#org+name,#reached+ind,");
    expect(first).toMatch(/^XD0101,Séno,/);
  });

  it("uses the column's own hashtag when given", () => {
    const [, tags] = toHxlCsv([{ coverage: 0.5 }], [{ key: "coverage", hxl: "#indicator+reached_pin+pct" }]).split("\r\n");
    expect(tags).toBe("#indicator+reached_pin+pct");
  });
});

describe("toXlsx", () => {
  const bytes = toXlsx(rows, columns, { sheet: "5W / admin2 [2025Q4]" });

  it("zips the minimal OOXML parts", () => {
    const files = unzipSync(bytes);
    expect(Object.keys(files).sort()).toEqual(
      ["[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"].sort()
    );
    const sheet = strFromU8(files["xl/worksheets/sheet1.xml"]!);
    expect(sheet).toContain(`<c r="B2" t="inlineStr"><is><t xml:space="preserve">Séno</t></is></c>`);
    expect(sheet).toContain(`<c r="D2"><v>1250</v></c>`);
    expect(sheet).toContain(`<t xml:space="preserve">&apos;=HYPERLINK`.replace("&apos;", "'"));
    expect(sheet).not.toContain("<f>");
    expect(strFromU8(files["xl/workbook.xml"]!)).toContain(`name="5W   admin2  2025Q4"`);
  });

  it("opens in a spreadsheet library with the right cell text and numbers", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getCell("A1").value).toBe("P-code");
    expect(sheet.getCell("B2").value).toBe("Séno");
    expect(sheet.getCell("C2").value).toBe(`'=HYPERLINK("http://x","y")`);
    expect(sheet.getCell("D2").value).toBe(1250);
    expect(sheet.getCell("D3").value).toBe(-5);
    expect(sheet.getCell("E2").value).toBe('a, "quoted"\nline');
    expect(sheet.getCell("C3").value).toBe("'@SUM(A1)");
    expect(sheet.getCell("D4").value).toBeNull();
    expect(sheet.rowCount).toBe(4);
  });

  it("drops characters XML cannot hold instead of writing a broken file", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(toXlsx([{ a: "bell\u0007 <tag> & more" }])) as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]!.getCell("A2").value).toBe("bell <tag> & more");
  });
});

describe("file names and formats", () => {
  it("names columns like a spreadsheet", () => {
    expect([0, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(["A", "Z", "AA", "AB", "ZZ", "AAA"]);
  });

  it("makes safe file names and picks the extension per format", () => {
    expect(safeFileName("5w-admin2-2025Q4 · all protection / <x>")).toBe("5w-admin2-2025Q4-all-protection-x");
    expect(buildDownload("hxl", rows, columns, "gaps").filename).toBe("gaps.hxl.csv");
    expect(buildDownload("xlsx", rows, columns, "gaps").content).toBeInstanceOf(Uint8Array);
    expect(() => buildDownload("pdf" as never, rows, columns, "x")).toThrow("unknown download format: pdf");
  });

  it("exports a share shown as a percentage as that percentage, and dates as ISO dates", async () => {
    const rows = [{ area: "A", coverage: 0.5876, month: new Date(Date.UTC(2025, 2, 1)) }, { area: "B", coverage: null, month: null }];
    const columns = [{ key: "area" }, { key: "coverage", label: "% of target", percent: true }, { key: "month" }];
    expect(toCsv(rows, columns)).toBe("\ufeffarea,% of target,month\r\nA,58.8,2025-03-01\r\nB,,\r\n");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(toXlsx(rows, columns)) as never);
    expect(wb.worksheets[0]!.getCell("B2").value).toBe(58.8);
  });
});
