// CSV through DuckDB's own reader: a small read for the header sample, then one set-based read that
// stages every data line as text with its line number.
import type { DuckDBConnection } from "@duckdb/node-api";
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UserError } from "../../warehouse/errors.ts";
import { literal } from "../../warehouse/sql.ts";
import type { Cell } from "../headers.ts";
import { asUtf8 } from "./encoding.ts";
import { MAX_CELL_BYTES, MAX_TABLE_COLUMNS, SAMPLE_ROWS, type Sheet, type Source } from "./sheet.ts";

const DELIMITERS = [",", ";", "\t", "|"];
const MAX_COLUMNS = 16_384;
const WIDTH_RECORDS = 60;

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

export interface CsvScan {
  /** 1-based line on which a quoted cell opens that is never closed (it would swallow the rest of the file) */
  unclosedQuoteLine: number | null;
  /** the longest cell, in bytes, with its 1-based line and column: exact when it is half the cell limit
   *  or more (what the limit check needs), otherwise possibly a shorter one */
  longestCell: { bytes: number; line: number; column: number };
  /** NUL bytes anywhere in the text */
  nul: boolean;
  /** bytes in the longest physical line (up to a LF), so that DuckDB's line buffer is sized for it (a 50 MB cell exists in the wild) */
  longestLine: number;
  /** fields in each of the first records */
  widths: number[];
  /** anything but blanks, delimiters and quotes */
  hasContent: boolean;
  /** line ends of each style (inside quoted cells too) */
  ends: { crlf: number; cr: number; lf: number };
}

/**
 * One pass over the whole (UTF-8) file with DuckDB's quoting rules (a quote opens a cell only at its start,
 * "" inside a quoted cell is a quote): what the sample cannot see — a quote never closed, a giant cell, NUL
 * bytes anywhere, the exact width of the first records.
 */
export function scanCsv(path: string, delim: string, options: { chunkBytes?: number; fast?: boolean; cellLimit?: number } = {}): CsvScan {
  const cellLimit = options.cellLimit ?? MAX_CELL_BYTES;
  const D = delim.charCodeAt(0);
  const QUOTE = 0x22;
  const LF = 0x0a;
  const CR = 0x0d;
  const scan: CsvScan = { unclosedQuoteLine: null, longestCell: { bytes: 0, line: 0, column: 0 }, nul: false, longestLine: 0, widths: [], hasContent: false, ends: { crlf: 0, cr: 0, lf: 0 } };
  // file offset of buf[0], and where the current physical line starts
  let base = 0;
  let lineStart = 0;
  const lineEnds = (at: number) => {
    if (at - lineStart > scan.longestLine) scan.longestLine = at - lineStart;
    lineStart = at + 1;
  };
  let line = 1;
  let inQuotes = false;
  let pendingQuote = false;
  let quoteLine = 0;
  let cell = 0;
  let cellLine = 1;
  let column = 1;
  let prevCR = false;
  let first = true;
  const endCell = () => {
    if (cell > scan.longestCell.bytes) scan.longestCell = { bytes: cell, line: cellLine, column };
    cell = 0;
  };
  const endRecord = () => {
    if (scan.widths.length < WIDTH_RECORDS) scan.widths.push(column);
    column = 1;
    cellLine = line;
  };
  /**
   * Why: the byte loop costs ~0.9 s on a 190 MB file. Once the first records' widths are known, a whole
   * line with no quote, no NUL and no CR can only end cells at delimiters and its record at its LF: it
   * needs counting, and its cells bounding by its length, with native indexOf. Such lines are skipped
   * while each is far below the giant-cell limit (the longest cell is then exact from half the limit up,
   * all the limit check needs); every other line goes through the byte loop. Returns where it stopped.
   */
  let nextQuote = -1;
  let nextCR = -1;
  let nextNul = -1;
  const fastLines = (view: Buffer, i: number): number => {
    if (options.fast === false || inQuotes || pendingQuote || prevCR || cell !== 0 || column !== 1 || !scan.hasContent || scan.widths.length < WIDTH_RECORDS) return i;
    const n = view.length;
    const next = (b: number, from: number) => {
      const k = view.indexOf(b, from);
      return k === -1 ? n : k;
    };
    for (;;) {
      const lf = view.indexOf(LF, i);
      if (lf === -1) return i;
      if (nextQuote < i) nextQuote = next(QUOTE, i);
      if (nextCR < i) nextCR = next(CR, i);
      if (nextNul < i) nextNul = next(0, i);
      if (nextQuote < lf || nextCR < lf || nextNul < lf || lf - i >= cellLimit / 2) return i;
      lineEnds(base + lf);
      scan.ends.lf++;
      line++;
      cellLine = line;
      i = lf + 1;
    }
  };
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(options.chunkBytes ?? 4 << 20);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      let i = 0;
      if (first) {
        first = false;
        if (n >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) i = 3;
      }
      const view = buf.subarray(0, n);
      nextQuote = nextCR = nextNul = -1;
      while (i < n) {
        i = fastLines(view, i);
        for (; i < n; i++) {
          const b = buf[i]!;
          if (b === 0) scan.nul = true;
          else if (b === LF) {
            lineEnds(base + i);
            if (prevCR) scan.ends.crlf++;
            else scan.ends.lf++;
          }
          if (b === CR) scan.ends.cr++;
          if (inQuotes) {
            if (pendingQuote) {
              pendingQuote = false;
              if (b === QUOTE) {
                cell++;
                continue;
              }
              inQuotes = false; // the quote closed the cell; b is read as unquoted below
            } else if (b === QUOTE) {
              pendingQuote = true;
              continue;
            } else {
              cell++;
              if (b > 0x20) scan.hasContent = true;
              if (b === LF) {
                if (!prevCR) line++;
              } else if (b === CR) line++;
              prevCR = b === CR;
              continue;
            }
          }
          if (b === LF) {
            if (prevCR) {
              prevCR = false;
              continue;
            }
            line++;
            endCell();
            endRecord();
            if (scan.widths.length >= WIDTH_RECORDS) {
              i++;
              break; // back to the fast lines
            }
            continue;
          }
          if (b === CR) {
            prevCR = true;
            line++;
            endCell();
            endRecord();
            continue;
          }
          prevCR = false;
          if (b === D) {
            endCell();
            column++;
            continue;
          }
          if (b === QUOTE && cell === 0) {
            inQuotes = true;
            quoteLine = line;
            cellLine = line;
            continue;
          }
          if (cell === 0) cellLine = line;
          cell++;
          if (b > 0x20 && b !== QUOTE) scan.hasContent = true;
        }
      }
      base += n;
    }
  } finally {
    closeSync(fd);
  }
  lineEnds(base);
  if (inQuotes && !pendingQuote) scan.unclosedQuoteLine = quoteLine;
  endCell();
  if (column > 1 || scan.widths.length === 0) endRecord();
  return scan;
}

const fmtN = (n: number) => n.toLocaleString("en-US");
const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MB`;

const DEFAULT_MAX_LINE = 2_097_152;
const SAMPLE_BUFFER = 1 << 20;

export function csvOptions(delim: string, width: number, parallel = true, maxLine = 0): string {
  const cols = Array.from({ length: width }, (_, i) => `'c${i}': 'VARCHAR'`).join(", ");
  return `delim=${literal(delim)}, quote='"', escape='"', header=false, auto_detect=false, columns={${cols}}, null_padding=true, strict_mode=false, ignore_errors=false, all_varchar=true${parallel ? "" : ", parallel=false"}${
    maxLine > DEFAULT_MAX_LINE / 2 ? `, max_line_size=${2 * maxLine}, buffer_size=${4 * maxLine}` : ""
  }`;
}

/**
 * A copy of the file with every line end as LF. DuckDB's reader settles on one line-end style from the start of
 * a file: a lone CR after CRLF lines then costs the next line its first byte ("ONG Beta" read as "NG Beta").
 */
function unifyLineEnds(path: string): { path: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), "protection-eol-"));
  const out = join(dir, "lf.csv");
  const src = openSync(path, "r");
  const dst = openSync(out, "w");
  try {
    const buf = Buffer.alloc(4 << 20);
    const res = Buffer.alloc(buf.length + 1);
    let pendingCR = false;
    for (;;) {
      const n = readSync(src, buf, 0, buf.length, null);
      if (n === 0) break;
      let k = 0;
      let i = 0;
      if (pendingCR) {
        res[k++] = 0x0a;
        if (buf[0] === 0x0a) i = 1;
        pendingCR = false;
      }
      for (; i < n; i++) {
        const b = buf[i]!;
        if (b !== 0x0d) {
          res[k++] = b;
          continue;
        }
        if (i + 1 === n) pendingCR = true; // the LF that may follow is in the next read
        else {
          res[k++] = 0x0a;
          if (buf[i + 1] === 0x0a) i++;
        }
      }
      writeSync(dst, res, 0, k);
    }
    if (pendingCR) writeSync(dst, Buffer.from([0x0a]));
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  } finally {
    closeSync(src);
    closeSync(dst);
  }
  return { path: out, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function readCsv(path: string, conn: DuckDBConnection): Promise<Source> {
  const decoded = await asUtf8(path);
  const notes = [...decoded.notes];
  const text = { path: decoded.path, cleanup: decoded.cleanup };
  let scan: CsvScan;
  let width: number;
  let delim: string;
  let maxLine = 0;
  try {
    let lines = firstLines(text.path);
    delim = detectDelimiter(lines);
    scan = scanCsv(text.path, delim);
    const loneCr = scan.ends.cr - scan.ends.crlf;
    if (loneCr > 0 && scan.ends.crlf + scan.ends.lf > 0) {
      const unified = unifyLineEnds(text.path);
      const previous = text.cleanup;
      text.path = unified.path;
      text.cleanup = () => {
        unified.cleanup();
        previous();
      };
      notes.push({ severity: "warning", rule: "line-ends-mixed", reason: `mixed line ends (${fmtN(scan.ends.crlf)} CRLF, ${fmtN(loneCr)} CR alone, ${fmtN(scan.ends.lf)} LF alone, e.g. two exports pasted together): each read as one line end` });
      lines = firstLines(text.path);
      scan = scanCsv(text.path, delim);
    }
    width = Math.max(1, ...lines.map((l) => countOutsideQuotes(l, delim) + 1));
    maxLine = scan.longestLine;
    if (!scan.hasContent) throw new UserError(`${path}: no data: the file holds only blank lines, spaces or delimiters`);
    const widest = Math.max(width, ...scan.widths);
    if (widest > MAX_COLUMNS) {
      const at = scan.widths.indexOf(widest) + 1;
      throw new UserError(`${path}: ${fmtN(widest)} columns${at > 0 ? ` on line ${at}` : ""}; more than ${fmtN(MAX_COLUMNS)} (Excel's limit) is not a table this tool can read`);
    }
    if (widest > MAX_TABLE_COLUMNS) {
      const at = scan.widths.indexOf(widest) + 1;
      throw new UserError(`${path}: ${fmtN(widest)} columns${at > 0 ? ` on line ${at}` : ""}; a table this tool reads has at most ${fmtN(MAX_TABLE_COLUMNS)} (delete the unused columns, or split the file)`);
    }
    if (scan.unclosedQuoteLine !== null) {
      throw new UserError(`${path}: unterminated quote: the quoted cell that opens on line ${scan.unclosedQuoteLine} is never closed, so it would swallow the rest of the file; fix the stray " on that line`);
    }
    const c = scan.longestCell;
    if (c.bytes > MAX_CELL_BYTES) {
      throw new UserError(`${path}: line ${c.line}, column ${c.column}: a cell of ${mb(c.bytes)}; cells over ${mb(MAX_CELL_BYTES)} are not table data (an Excel cell holds at most 32,767 characters)`);
    }
  } catch (e) {
    text.cleanup();
    throw e;
  }
  // NUL bytes (padding from some exports) are dropped: they are never data, and they break text tools downstream
  const col = (i: number) => (scan.nul ? `replace(c${i}, chr(0), '') AS c${i}` : `c${i}`);
  let sample: Cell[][] = [];
  // DuckDB's parallel scanner cannot pad short rows when quoted fields hold new lines: fall back to serial
  let parallel = true;
  // The first rows only: with DuckDB's default buffers (16 × the line limit) this read costs ~110 ms on a big
  // file, with a buffer a few times the longest line ~20 ms. A record longer than that buffer (a quoted cell
  // over many lines) makes the small read fail; the sample is then read as before.
  let small = maxLine <= DEFAULT_MAX_LINE / 2;
  for (;;) {
    try {
      const options = csvOptions(delim, width, parallel, maxLine) + (small ? `, buffer_size=${Math.max(SAMPLE_BUFFER, 4 * maxLine)}` : "");
      const r = await conn.runAndReadAll(`SELECT * FROM read_csv(${literal(text.path)}, ${options}) LIMIT ${SAMPLE_ROWS}`);
      sample = r.getRows().map((row) => row.map((v) => (v === null ? null : scan.nul ? String(v).replace(/\0/g, "") : String(v))));
      break;
    } catch (e) {
      const message = (e as Error).message;
      if (small) {
        small = false;
        continue;
      }
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
      const cols = Array.from({ length: w }, (_, i) => col(i)).join(", ");
      return `SELECT ${cols}
        FROM read_csv(${literal(text.path)}, ${csvOptions(delim, Math.max(w, width), parallel, maxLine)}, skip=${fromRow - 1})`;
    }
  };
  return {
    format: "csv",
    notes,
    async *sheets() {
      yield sheet;
    },
    cleanup: text.cleanup
  };
}
