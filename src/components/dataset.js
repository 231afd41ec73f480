// Reading the data loaders' files in the page, and the notes every page prints (source, as of, gaps).
import {el, frag} from "./dom.js";

/** A dataset file ({columns, rows: [[…]]}) → array of row objects. */
export function rowsOf(file) {
  if (!file?.columns || !Array.isArray(file.rows)) return [];
  const {columns} = file;
  return file.rows.map((values) => {
    const row = {};
    columns.forEach((c, i) => (row[c] = values[i]));
    return row;
  });
}

/** The loaders' notes ("no severity data loaded yet …") as one visible callout, or nothing. */
export function dataNote(...files) {
  const notes = [...new Set(files.filter((f) => f?.note).map((f) => f.note))];
  if (!notes.length) return frag();
  return el("div", {class: "data-note", role: "note"}, notes.map((n, i) => [i ? el("br") : null, n]));
}

/** "Source: … · data as of … · internal build": under every page title. */
export function sourceNote(operation, sources) {
  const parts = [
    `Source: ${sources}`,
    operation?.asOf ? `data as of ${operation.asOf}` : "date of data unknown",
    operation?.currentQuarter ? `current quarter ${operation.currentQuarter}` : null,
    operation?.generatedAt ? `built ${operation.generatedAt.slice(0, 10)}` : null,
    operation?.audience === "public" ? "public build" : "internal build"
  ].filter(Boolean);
  return el("p", {class: "source-note"}, parts.join(" · "), operation?.note ? [" · ", el("strong", {}, operation.note)] : null);
}

/** p-code → feature properties, from an areas file. */
export function areaIndex(areas) {
  return new Map((areas?.features ?? []).map((f) => [f.properties.pcode, f.properties]));
}

/**
 * The small "source" link under a figure: what the data is, in words, linking to its entry in the data
 * dictionary page (one entry per published table, generated from the pipeline models and kinds).
 * entries: [table, words] pairs, e.g. ["reach_admin2", "people reached per area (5W)"].
 */
export function sourceLink(...entries) {
  const pairs = entries.filter(Boolean);
  return el(
    "p",
    {class: "figure-source"},
    "Source: ",
    pairs.map(([table, words], i) => [i ? "; " : null, el("a", {href: `./data-dictionary#${table}`, title: `What this is: the ${table} table in the data dictionary`}, words)])
  );
}
