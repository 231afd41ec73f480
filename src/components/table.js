// A sortable table (Inputs.table: values render as text, never HTML) with CSV / XLSX / HXL downloads.
// On screen it scrolls inside its card (header row sticky, long text cut with the full text on hover);
// in print, where a scrolling box would show only its first rows, a plain table of the first
// `printRows` rows takes its place and says how many of how many it holds.
import * as Inputs from "@observablehq/inputs";
import {el} from "./dom.js";
import {buildDownload, downloadColumns, FORMATS, saveFile} from "./download.js";

/** Text longer than `max` characters, cut with an ellipsis; the full text on hover. */
export function clip(text, max = 40) {
  if (text === null || text === undefined || text === "") return "–";
  const s = String(text);
  return s.length > max ? el("span", {class: "clipped", title: s}, `${s.slice(0, max - 1)}…`) : s;
}

/** Text wrapped over lines about `max` characters wide (wider on wide screens): all of it shown, the column no wider. */
export function wrap(text, max = 40) {
  if (text === null || text === undefined || text === "") return "–";
  return el("span", {class: "cell-wrap", style: {maxWidth: `calc(${max}ch * var(--wrap-scale, 1))`}}, String(text));
}

// Free text longer than this is cut (full text on hover) unless the column says otherwise: one long value
// must not widen a whole column past the card.
const LONG_TEXT = 60;

/** What an empty figure means, said once under the table and on hover over each "–". */
export const BLANK_INTERNAL = "no figure: not reported";
export function blankMeaning(operation) {
  if (operation?.audience !== "public") return BLANK_INTERNAL;
  const n = operation?.suppressBelow ?? 5;
  return `no figure: not reported, or withheld in this public build so that a total cannot give a small number back (counts of 1 to ${n - 1} are shown "<${n}")`;
}

/**
 * Inputs.table leaves a null cell empty without calling its format (style.css draws an en dash there): the
 * meaning goes on the cell's title, for the rows drawn now and those it adds while scrolling.
 */
function explainBlanks(table, meanings) {
  const mark = () => {
    for (const td of table.querySelectorAll("tbody td:empty:not(:first-child)")) if (!td.title) td.title = meanings[td.cellIndex - 1] ?? "no value";
  };
  mark();
  new MutationObserver(mark).observe(table, {childList: true, subtree: true});
}

/** A figure's cell: a true 0 is 0; an empty figure is an en dash that says why on hover; "<5" says what it means. */
function figureCell(format, blank) {
  return (v, i, data) => {
    if (v === null || v === undefined || v === "") return el("span", {class: "blank", title: blank}, "–");
    if (typeof v === "string" && /^<\s*\d+$/.test(v)) return el("span", {class: "blank", title: `fewer than ${v.replace(/\D/g, "")}: withheld to protect small numbers`}, v);
    return format ? format(v, i, data) : v;
  };
}

function compare(a, b) {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  return typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b));
}

/** A plain table of the first `limit` rows, for print (cells as text, formatted as on screen). */
export function printTable(rows, columns, {limit = 200, sort, reverse = false} = {}) {
  const ordered = sort ? [...rows].sort((a, b) => (reverse ? -1 : 1) * compare(a[sort], b[sort])) : rows;
  const shown = ordered.slice(0, limit);
  const text = (c, v) => {
    const f = c.format ? c.format(v) : v;
    return f instanceof Node ? f.textContent : f === null || f === undefined || f === "" ? "–" : String(f);
  };
  const caption = rows.length > shown.length
    ? `First ${shown.length.toLocaleString("en-US")} of ${rows.length.toLocaleString("en-US")} rows (the downloads hold all of them)`
    : `All ${rows.length.toLocaleString("en-US")} ${rows.length === 1 ? "row" : "rows"}`;
  return el(
    "div",
    {class: "print-only print-table"},
    el("p", {class: "source-note"}, caption),
    el(
      "table",
      {},
      el("thead", {}, el("tr", {}, columns.map((c) => el("th", {class: c.align === "right" ? "num" : null}, c.label ?? c.key)))),
      el("tbody", {}, shown.map((r) => el("tr", {}, columns.map((c) => el("td", {class: typeof r[c.key] === "number" ? "num" : null}, text(c, r[c.key]))))))
    )
  );
}

/**
 * rows: objects; options.columns: [{key, label, hxl?, format?, width?, show?, clip?, wrap?, percent?}]
 * (show: false = download only; clip: cut text longer than that many characters, full text on hover;
 * wrap: text wrapped at that many characters; percent: a fraction shown as a percentage, downloaded as a
 * percentage); options.name: file name; options.sort / reverse: initial order; options.height: visible
 * rows; options.printRows: rows printed; options.blank: what an empty figure means (blankMeaning()),
 * or a column's own blank.
 * A column of figures shows a true 0 as 0 and an empty figure as "–" with its meaning on hover and in a
 * note under the table; free text longer than 60 characters is cut unless clip or wrap says otherwise.
 * (options.width, passed by resize(), is not needed: the table takes its card's width.)
 */
export function dataTable(rows, {columns, name = "data", sort, reverse = false, height = 12, printRows = 200, blank = BLANK_INTERNAL} = {}) {
  const cols = downloadColumns(rows, columns);
  const shown = cols.filter((c) => c.show !== false); // show: false = in the downloads only
  const isFigure = (c) => c.percent || rows.some((r) => typeof r[c.key] === "number");
  const isLongText = (c) => !isFigure(c) && rows.some((r) => typeof r[c.key] === "string" && r[c.key].length > LONG_TEXT);
  const textFormat = (c) =>
    c.wrap ? (v) => wrap(v, c.wrap) : c.clip ? (v) => clip(v, c.clip) : isLongText(c) ? (v) => clip(v, LONG_TEXT) : null;
  const formatOf = (c) => (isFigure(c) ? figureCell(c.format, c.blank ?? blank) : c.format ? c.format : textFormat(c));
  const blanks = shown.some((c) => isFigure(c) && !c.blank && rows.some((r) => r[c.key] === null || r[c.key] === undefined || r[c.key] === "" || (typeof r[c.key] === "string" && r[c.key].startsWith("<"))));
  const format = Object.fromEntries(shown.filter((c) => formatOf(c)).map((c) => [c.key, formatOf(c)]));
  const widths = Object.fromEntries(shown.filter((c) => c.width).map((c) => [c.key, c.width]));
  const table = rows.length
    ? Inputs.table(rows, {
        columns: shown.map((c) => c.key),
        header: Object.fromEntries(shown.map((c) => [c.key, c.label ?? c.key])),
        format,
        width: widths,
        sort,
        reverse,
        rows: height,
        select: false,
        // no maxWidth: a table wider than its card scrolls sideways inside it (.table-scroll)
        layout: "auto"
      })
    : el("p", {class: "source-note"}, "No rows.");
  if (rows.length) explainBlanks(table, shown.map((c) => c.blank ?? (isFigure(c) ? blank : "no value")));
  return el(
    "div",
    {class: "data-table", "data-rows": rows.length},
    downloadBar(rows, cols, name),
    el("div", {class: "table-scroll screen-only"}, table),
    blanks ? el("p", {class: "blank-note", title: blank}, `– ${blank}.`) : null,
    rows.length ? printTable(rows, shown.map((c) => ({...c, format: formatOf(c) ?? c.format})), {limit: printRows, sort, reverse}) : null
  );
}

/** The three download buttons for a table (all rows passed in, not only those on screen). */
export function downloadBar(rows, columns, name) {
  const buttons = Object.entries(FORMATS).map(([key, f]) =>
    el(
      "button",
      {
        type: "button",
        "data-format": key,
        disabled: rows.length === 0,
        title: `Download ${rows.length} rows as ${f.label}`,
        onclick: () => {
          const {content, filename, type} = buildDownload(key, rows, columns, name);
          saveFile(content, filename, type);
        }
      },
      f.label
    )
  );
  return el("div", {class: "downloads"}, el("span", {}, `${rows.length.toLocaleString("en-US")} ${rows.length === 1 ? "row" : "rows"} · download`), buttons);
}
