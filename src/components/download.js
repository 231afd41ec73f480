// Table downloads built in the browser, offline: CSV, HXL-tagged CSV and XLSX (minimal OOXML zipped
// with fflate, inline strings). Text cells that a spreadsheet could run as a formula are neutralised.
import {strToU8, zipSync} from "fflate";

/**
 * HXL hashtags for the column names the site publishes (HXL 1.1 dictionary; `#meta` for bookkeeping).
 * A column not listed here stays untagged (blank cell in the hashtag row), as HXL allows.
 */
export const HXL_TAGS = {
  quarter: "#date+quarter",
  period: "#date+period",
  month: "#date+month",
  last_month: "#date+reported",
  country: "#country+name",
  admin1_pcode: "#adm1+code",
  admin1_name: "#adm1+name",
  admin2_pcode: "#adm2+code",
  admin2_name: "#adm2+name",
  population_group: "#beneficiary+type",
  aor: "#sector+subsector",
  aors: "#sector+subsector+list",
  org_lead: "#org+name",
  org_type: "#org+type",
  activities: "#activity+num",
  targeted: "#targeted+ind",
  reached: "#reached+ind",
  partners: "#org+num",
  admin2_count: "#adm2+num",
  months_reported: "#date+months+num",
  population: "#population+ind",
  severity: "#severity",
  pin: "#inneed+ind",
  pin_girls: "#inneed+ind+f+children",
  pin_boys: "#inneed+ind+m+children",
  pin_women: "#inneed+ind+f+adults",
  pin_men: "#inneed+ind+m+adults",
  coverage: "#indicator+coverage+pct",
  flag: "#meta+flag",
  method: "#meta+method",
  n_indicators: "#indicator+num",
  top_indicators: "#indicator+name",
  reason: "#description",
  file_name: "#meta+file",
  kind: "#meta+kind",
  format: "#meta+format",
  status: "#status",
  loaded_at: "#date+loaded",
  rows_read: "#meta+rows+read",
  rows_accepted: "#meta+rows+accepted",
  rows_rejected: "#meta+rows+rejected",
  rows_flagged: "#meta+rows+flagged",
  sheet: "#meta+sheet",
  row_number: "#meta+row",
  column_name: "#meta+column",
  raw_value: "#meta+value",
  rule: "#meta+rule",
  suggestion: "#meta+suggestion",
  issues: "#meta+issues+num"
};

/** @typedef {{key: string, label?: string, hxl?: string | null}} DownloadColumn */

/** Columns as objects; default: the keys of the first row. */
export function downloadColumns(rows, columns) {
  const list = columns ?? (rows.length ? Object.keys(rows[0]) : []);
  return list.map((c) => (typeof c === "string" ? {key: c} : c));
}

function hxlFor(column) {
  if (column.hxl !== undefined) return column.hxl ?? "";
  return HXL_TAGS[column.key] ?? "";
}

// A plain number written as text ("-5", "+3.5", "1e3") cannot run as a formula; everything else that
// starts with = + - @ tab or CR can (CSV injection) and gets a leading apostrophe.
const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** The text a spreadsheet will show for a cell, with formula triggers neutralised. Numbers pass unchanged. */
export function neutralise(value) {
  if (value === null || value === undefined) return value;
  if (typeof value !== "string") return value;
  return FORMULA_START.test(value) && !NUMBER_TEXT.test(value) ? `'${value}` : value;
}

function cellValue(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "boolean") return value;
  // a date as an ISO date; with a time of day (a load time) as ISO date and time
  if (value instanceof Date) return /T00:00:00(\.000)?Z$/.test(value.toISOString()) ? value.toISOString().slice(0, 10) : value.toISOString().replace(/\.\d+Z$/, "Z");
  if (Array.isArray(value)) return value.join(", ");
  return String(value);
}

function csvField(value) {
  const v = neutralise(cellValue(value));
  if (v === null || v === undefined) return "";
  const s = String(v);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A cell as exported: a column marked `percent` holds fractions (0.588) shown as percentages on screen,
 * and is exported as the percentage a reader sees (58.8), to one decimal.
 */
export function exportValue(row, column) {
  const v = row[column.key];
  if (column.percent && typeof v === "number" && Number.isFinite(v)) return Math.round(v * 1000) / 10;
  return v;
}

function csvLines(rows, cols, hxl) {
  const lines = [cols.map((c) => csvField(c.label ?? c.key)).join(",")];
  if (hxl) lines.push(cols.map((c) => csvField(hxlFor(c))).join(","));
  for (const row of rows) lines.push(cols.map((c) => csvField(exportValue(row, c))).join(","));
  return lines.join("\r\n") + "\r\n";
}

/** RFC 4180 CSV with a UTF-8 byte-order mark (so Excel reads accents), CRLF line ends. */
export function toCsv(rows, columns) {
  return "\ufeff" + csvLines(rows, downloadColumns(rows, columns), false);
}

/** CSV with the HXL hashtag row directly under the header (no BOM: HXL tools read plain UTF-8). */
export function toHxlCsv(rows, columns) {
  return csvLines(rows, downloadColumns(rows, columns), true);
}

// Characters XML 1.0 forbids (control characters, lone surrogates, U+FFFE/U+FFFF) are dropped.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function xmlText(s) {
  return String(s)
    .replace(XML_INVALID, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/** Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index) {
  let s = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function xlsxCell(ref, value, style) {
  const v = cellValue(value);
  const s = style ? ` s="${style}"` : "";
  if (v === null) return "";
  if (typeof v === "number") return `<c r="${ref}"${s}><v>${v}</v></c>`;
  if (typeof v === "boolean") return `<c r="${ref}"${s} t="b"><v>${v ? 1 : 0}</v></c>`;
  const text = neutralise(v).slice(0, 32767); // Excel's limit per cell
  return `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${xmlText(text)}</t></is></c>`;
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships";

function sheetName(name) {
  const clean = String(name ?? "Data").replace(/[\[\]:*?/\\]/g, " ").replace(/^'+|'+$/g, "").trim().slice(0, 31);
  return clean || "Data";
}

/** A one-sheet XLSX workbook (header row bold and frozen) as bytes. */
export function toXlsx(rows, columns, {sheet = "Data"} = {}) {
  const cols = downloadColumns(rows, columns);
  const lines = [];
  lines.push(`<row r="1">${cols.map((c, i) => xlsxCell(`${columnLetter(i)}1`, c.label ?? c.key, 1)).join("")}</row>`);
  rows.forEach((row, r) => {
    lines.push(`<row r="${r + 2}">${cols.map((c, i) => xlsxCell(`${columnLetter(i)}${r + 2}`, exportValue(row, c))).join("")}</row>`);
  });
  const worksheet =
    `${XML}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
    `<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
    `<sheetData>${lines.join("")}</sheetData></worksheet>`;
  const files = {
    "[Content_Types].xml":
      `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
      `<Default Extension="xml" ContentType="application/xml"/>` +
      `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
      `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
      `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
      `</Types>`,
    "_rels/.rels":
      `${XML}<Relationships xmlns="${NS_PKG}">` +
      `<Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    "xl/workbook.xml":
      `${XML}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
      `<sheets><sheet name="${xmlText(sheetName(sheet))}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    "xl/_rels/workbook.xml.rels":
      `${XML}<Relationships xmlns="${NS_PKG}">` +
      `<Relationship Id="rId1" Type="${NS_REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
      `<Relationship Id="rId2" Type="${NS_REL}/styles" Target="styles.xml"/></Relationships>`,
    "xl/styles.xml":
      `${XML}<styleSheet xmlns="${NS_MAIN}">` +
      `<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>` +
      `<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
      `<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
      `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
      `<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
      `<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>` +
      `<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`,
    "xl/worksheets/sheet1.xml": worksheet
  };
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)])), {level: 6});
}

/** A file name safe on every OS. */
export function safeFileName(name) {
  return String(name).replace(/[^\p{L}\p{N}._-]+/gu, "-").replace(/^-+|-+$/g, "") || "data";
}

/** Save bytes or text through a temporary object URL (no network). */
export function saveFile(content, filename, type) {
  const blob = new Blob([content], {type});
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.rel = "noopener";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export const FORMATS = {
  csv: {label: "CSV", ext: "csv", type: "text/csv;charset=utf-8", build: toCsv},
  xlsx: {label: "XLSX", ext: "xlsx", type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", build: toXlsx},
  hxl: {label: "HXL CSV", ext: "hxl.csv", type: "text/csv;charset=utf-8", build: toHxlCsv}
};

/** Build one download: the bytes or text, the file name and the MIME type. */
export function buildDownload(format, rows, columns, name) {
  const f = FORMATS[format];
  if (!f) throw new Error(`unknown download format: ${format}`);
  return {content: f.build(rows, columns, {sheet: name}), filename: `${safeFileName(name)}.${f.ext}`, type: f.type};
}
