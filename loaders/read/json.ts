// JSON documents: parsed once; kinds that know a structure (GeoJSON, TopoJSON, FTS, OData) flatten it
// into records, and records become one tabular sheet like any spreadsheet.
import { readFileSync, statSync } from "node:fs";
import { UserError } from "../../warehouse/errors.ts";
import type { Cell } from "../headers.ts";
import { InputError, MAX_CELL_BYTES, MAX_TABLE_COLUMNS, SAMPLE_ROWS, type Sheet, type Source } from "./sheet.ts";

const MAX_JSON_BYTES = 512 * 1024 ** 2;
/** Real GeoJSON, TopoJSON and FTS/HPC responses nest at most ~10 levels; deeper is not data, and the
 *  recursive code after JSON.parse (stringify, topojson) would overflow the stack on it. */
export const MAX_JSON_DEPTH = 64;

/** The deepest nesting of arrays and objects in a JSON text (strings skipped), without recursion. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // skip the string, escapes included
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
    } else if (c === 91 || c === 123) {
      if (++depth > max) max = depth;
    } else if (c === 93 || c === 125) depth--;
  }
  return max;
}

export function parseJsonFile(path: string): unknown {
  const size = statSync(path).size;
  if (size === 0) throw new UserError(`${path}: empty file (0 bytes)`);
  if (size > MAX_JSON_BYTES) throw new UserError(`${path}: JSON file of ${(size / 1024 ** 2).toFixed(0)} MB is larger than the 512 MB this tool reads`);
  const text = readFileSync(path, "utf8").replace(/^\uFEFF/, "");
  const start = text.trimStart().slice(0, 200);
  if (start === "") throw new UserError(`${path}: no data: the file holds only blank space`);
  if (/^<(!doctype|html|\?xml|head|body)/i.test(start)) {
    throw new UserError(`${path}: an HTML or XML page, not JSON (an error page saved instead of the download?)`);
  }
  const depth = jsonDepth(text);
  if (depth > MAX_JSON_DEPTH) {
    throw new UserError(`${path}: JSON nested ${depth.toLocaleString("en-US")} levels deep; more than ${MAX_JSON_DEPTH} is not a data file this tool reads`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    if (e instanceof RangeError) throw new UserError(`${path}: JSON nested too deeply to read`);
    throw new UserError(`${path}: invalid JSON: ${(e as Error).message}`);
  }
  if (doc === null || typeof doc !== "object") {
    throw new UserError(`${path}: the JSON holds a single ${doc === null ? "null" : typeof doc} value, not records; expected GeoJSON, TopoJSON, an FTS/HPC API response or an array of records`);
  }
  if (Array.isArray(doc) && doc.length === 0) throw new UserError(`${path}: no data: the JSON is an empty array`);
  return doc;
}

function cellOf(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** Records (objects) as a sheet: row 1 = the union of keys, then one row per record. */
export function recordsSheet(records: Record<string, unknown>[], name: string | null = null): Sheet {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const r of records) {
    for (const k of Object.keys(r)) {
      if (!seen.has(k)) {
        seen.add(k);
        keys.push(k);
      }
    }
  }
  if (keys.length > MAX_TABLE_COLUMNS) {
    // each key is a column: 150,000 of them would take gigabytes to stage before the first row is checked
    throw new InputError(`records with ${keys.length.toLocaleString("en-US")} distinct keys; a table this tool reads has at most ${MAX_TABLE_COLUMNS.toLocaleString("en-US")} columns`);
  }
  const toRow = (r: Record<string, unknown>, i: number) =>
    keys.map((k) => {
      const c = cellOf(r[k]);
      // geometries (__geometry) may be megabytes; any other value that long is not table data. A plain Error:
      // the ingest prefixes it with the file name.
      if (c !== null && c.length > MAX_CELL_BYTES && !k.startsWith("__")) {
        throw new InputError(`record ${i + 1}, '${k}': a value of ${(c.length / 1024 ** 2).toFixed(1)} M characters; values over 1 M characters are not table data`);
      }
      return c;
    });
  const sample: Cell[][] = [keys, ...records.slice(0, SAMPLE_ROWS - 1).map((r, i) => toRow(r, i))];
  return {
    name,
    hidden: false,
    sample,
    async *rows(fromRow: number) {
      for (let i = Math.max(0, fromRow - 2); i < records.length; i++) yield { row: i + 2, cells: toRow(records[i]!, i) };
    }
  };
}

/** Plain record arrays: a top-level array, or OData/API envelopes ({value: [...]}, {data: [...]}). */
export function genericRecords(doc: unknown): Record<string, unknown>[] | null {
  const isRecords = (a: unknown): a is Record<string, unknown>[] =>
    Array.isArray(a) && a.length > 0 && a.every((x) => x !== null && typeof x === "object" && !Array.isArray(x));
  if (isRecords(doc)) return doc;
  if (doc && typeof doc === "object") {
    const o = doc as Record<string, unknown>;
    for (const key of ["value", "data", "records", "rows", "results"]) if (isRecords(o[key])) return o[key] as Record<string, unknown>[];
  }
  return null;
}

export function jsonSource(doc: unknown, sheets: Sheet[], format: Source["format"] = "json"): Source {
  return {
    format,
    json: doc,
    async *sheets() {
      yield* sheets;
    }
  };
}
