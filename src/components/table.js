// A sortable table (Inputs.table: values render as text, never HTML) with CSV / XLSX / HXL downloads.
import * as Inputs from "@observablehq/inputs";
import {el} from "./dom.js";
import {buildDownload, downloadColumns, FORMATS, saveFile} from "./download.js";

/**
 * rows: objects; options.columns: [{key, label, hxl?, format?, width?, show?}] (show: false = download
 * only); options.name: file name;
 * options.sort / reverse: initial order; options.height: visible rows.
 */
export function dataTable(rows, {columns, name = "data", sort, reverse = false, height = 12, width} = {}) {
  const cols = downloadColumns(rows, columns);
  const shown = cols.filter((c) => c.show !== false); // show: false = in the downloads only
  const format = Object.fromEntries(shown.filter((c) => c.format).map((c) => [c.key, c.format]));
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
        layout: "auto",
        maxWidth: width
      })
    : el("p", {class: "source-note"}, "No rows.");
  return el("div", {class: "data-table", "data-rows": rows.length}, downloadBar(rows, cols, name), table);
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
