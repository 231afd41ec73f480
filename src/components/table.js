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
 * rows: objects; options.columns: [{key, label, hxl?, format?, width?, show?, clip?, percent?}] (show:
 * false = download only; clip: cut text longer than that many characters, full text on hover;
 * percent: a fraction shown as a percentage, downloaded as a percentage); options.name: file name;
 * options.sort / reverse: initial order; options.height: visible rows; options.printRows: rows printed.
 * (options.width, passed by resize(), is not needed: the table takes its card's width.)
 */
export function dataTable(rows, {columns, name = "data", sort, reverse = false, height = 12, printRows = 200} = {}) {
  const cols = downloadColumns(rows, columns);
  const shown = cols.filter((c) => c.show !== false); // show: false = in the downloads only
  const formatOf = (c) => (c.format ? c.format : c.clip ? (v) => clip(v, c.clip) : null);
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
  return el(
    "div",
    {class: "data-table", "data-rows": rows.length},
    downloadBar(rows, cols, name),
    el("div", {class: "table-scroll screen-only"}, table),
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
