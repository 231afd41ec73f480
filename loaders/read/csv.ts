// CSV through DuckDB's own reader: a small read for the header sample, then one set-based read that
// stages every data line as text with its line number.
import type { DuckDBConnection } from "@duckdb/node-api";
import { closeSync, openSync, readSync } from "node:fs";
import { UserError } from "../errors.ts";
import { literal } from "../sql.ts";
import type { Cell } from "../headers.ts";
import { asUtf8 } from "./encoding.ts";
import { SAMPLE_ROWS, type Sheet, type Source } from "./sheet.ts";

const DELIMITERS = [",", ";", "\t", "|"];

function firstLines(path: string, max = 60): string[] {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(256 * 1024);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString("utf8").replace(/^\uFEFF/, "").split(/\r?\n/).slice(0, max);
  } finally {
    closeSync(fd);
  }
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === d && !quoted) n++;
  }
  return n;
}

/** The delimiter whose per-line count is most often the same non-zero number (title lines aside). */
export function detectDelimiter(lines: string[]): string {
  let best = ",";
  let bestScore = -1;
  for (const d of DELIMITERS) {
    const counts = lines.filter((l) => l.trim()).map((l) => countOutsideQuotes(l, d));
    const freq = new Map<number, number>();
    for (const c of counts) if (c > 0) freq.set(c, (freq.get(c) ?? 0) + 1);
    let score = 0;
    for (const [c, f] of freq) score = Math.max(score, f * 1000 + c);
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

export function csvOptions(delim: string, width: number, parallel = true): string {
  const cols = Array.from({ length: width }, (_, i) => `'c${i}': 'VARCHAR'`).join(", ");
  return `delim=${literal(delim)}, quote='"', escape='"', header=false, auto_detect=false, columns={${cols}}, null_padding=true, strict_mode=false, ignore_errors=false, max_line_size=67108864, all_varchar=true${parallel ? "" : ", parallel=false"}`;
}

export async function readCsv(path: string, conn: DuckDBConnection): Promise<Source> {
  const text = await asUtf8(path);
  const lines = firstLines(text.path);
  const delim = detectDelimiter(lines);
  const width = Math.max(1, ...lines.map((l) => countOutsideQuotes(l, delim) + 1));
  if (width > 16_384) throw new UserError(`${path}: ${width} columns; more than 16,384 is not a table this tool can read`);
  let sample: Cell[][] = [];
  // DuckDB's parallel scanner cannot pad short rows when quoted fields hold new lines: fall back to serial
  let parallel = true;
  for (;;) {
    try {
      const r = await conn.runAndReadAll(`SELECT * FROM read_csv(${literal(text.path)}, ${csvOptions(delim, width, parallel)}) LIMIT ${SAMPLE_ROWS}`);
      sample = r.getRows().map((row) => row.map((v) => (v === null ? null : String(v))));
      break;
    } catch (e) {
      const message = (e as Error).message;
      if (parallel && /parallel=false/.test(message)) {
        parallel = false;
        continue;
      }
      text.cleanup();
      throw new UserError(`${path}: cannot parse as CSV: ${message.split("\n").slice(0, 2).join(" ")}`);
    }
  }
  const sheet: Sheet = {
    name: null,
    hidden: false,
    sample,
    rows() {
      throw new Error("csv sheets are staged with stageSql");
    },
    stageSql(fromRow: number, w: number) {
      const cols = Array.from({ length: w }, (_, i) => `c${i}`).join(", ");
      return `SELECT CAST(row_number() OVER () + ${fromRow - 1} AS INTEGER) AS _row, ${cols}
        FROM read_csv(${literal(text.path)}, ${csvOptions(delim, Math.max(w, width), parallel)}, skip=${fromRow - 1})`;
    }
  };
  return {
    format: "csv",
    async *sheets() {
      yield sheet;
    },
    cleanup: text.cleanup
  };
}
