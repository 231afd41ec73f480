// XLSX through exceljs's streaming reader: every sheet, dates as ISO text, cached formula values.
import ExcelJS from "exceljs";
import { openSync, readSync, closeSync, statSync, readFileSync } from "node:fs";
import { unzipSync } from "fflate";
import { UserError } from "../errors.ts";
import { cellText, SAMPLE_ROWS, type Sheet, type SheetRow, type Source } from "./sheet.ts";
import type { Cell } from "../headers.ts";

const MAX_UNCOMPRESSED = 2 * 1024 ** 3;
const MAX_RATIO = 250;
const MAX_COLUMNS = 16_384;

function magic(path: string): Buffer {
  const fd = openSync(path, "r");
  try {
    const b = Buffer.alloc(8);
    readSync(fd, b, 0, 8, 0);
    return b;
  } finally {
    closeSync(fd);
  }
}

/** Refuses encrypted workbooks, legacy .xls, non-zip files and zip bombs before exceljs sees them. */
export function checkWorkbookContainer(path: string): void {
  const m = magic(path);
  if (m.readUInt32BE(0) === 0xd0cf11e0) {
    throw new UserError(`${path}: password-protected (encrypted) workbook or legacy .xls file; save it unprotected as .xlsx`);
  }
  if (m[0] !== 0x50 || m[1] !== 0x4b) throw new UserError(`${path}: not an XLSX file (no zip signature)`);
  const size = statSync(path).size;
  let total = 0;
  let entries = 0;
  try {
    unzipSync(readFileSync(path), {
      filter(file) {
        total += file.originalSize;
        entries++;
        return false;
      }
    });
  } catch (e) {
    throw new UserError(`${path}: corrupt or truncated XLSX (${(e as Error).message})`);
  }
  if (entries === 0) throw new UserError(`${path}: corrupt XLSX (empty archive)`);
  if (total > MAX_UNCOMPRESSED || (total > 100 * 1024 ** 2 && total / size > MAX_RATIO)) {
    throw new UserError(`${path}: refused: XLSX expands to ${(total / 1024 ** 2).toFixed(0)} MB from ${(size / 1024).toFixed(0)} KB (zip bomb?)`);
  }
}

function rowCells(values: unknown): Cell[] {
  // exceljs row.values is 1-based (index 0 unused)
  const arr = Array.isArray(values) ? values.slice(1) : [];
  if (arr.length > MAX_COLUMNS) throw new UserError(`sheet has ${arr.length} columns (more than Excel's ${MAX_COLUMNS})`);
  const out: Cell[] = new Array(arr.length);
  for (let i = 0; i < arr.length; i++) out[i] = cellText(arr[i]);
  return out;
}

export function readXlsx(path: string): Source {
  checkWorkbookContainer(path);
  return {
    format: "xlsx",
    async *sheets() {
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
        worksheets: "emit",
        sharedStrings: "cache",
        styles: "cache",
        hyperlinks: "ignore",
        entries: "emit"
      } as never);
      try {
        for await (const ws of reader as AsyncIterable<any>) {
          const iterator: AsyncIterator<any> = (ws as AsyncIterable<any>)[Symbol.asyncIterator]();
          const sample: Cell[][] = [];
          const buffered: SheetRow[] = [];
          let done = false;
          while (sample.length < SAMPLE_ROWS) {
            const next = await iterator.next();
            if (next.done) {
              done = true;
              break;
            }
            const r = next.value;
            const cells = rowCells(r.values);
            while (sample.length < r.number - 1 && sample.length < SAMPLE_ROWS) sample.push([]);
            if (sample.length < SAMPLE_ROWS) sample.push(cells);
            buffered.push({ row: r.number, cells });
          }
          let consumed = false;
          const sheet: Sheet = {
            name: String(ws.name ?? ws.id),
            hidden: ws.state === "hidden" || ws.state === "veryHidden",
            sample,
            async *rows(fromRow: number) {
              consumed = true;
              for (const b of buffered) if (b.row >= fromRow) yield b;
              while (!done) {
                const next = await iterator.next();
                if (next.done) break;
                const r = next.value;
                if (r.number >= fromRow) yield { row: r.number, cells: rowCells(r.values) };
              }
              done = true;
            }
          };
          yield sheet;
          if (!consumed && !done) {
            // drain the sheet so the stream can move on to the next one
            for (;;) {
              const next = await iterator.next();
              if (next.done) break;
            }
          }
        }
      } catch (e) {
        if (e instanceof UserError) throw e;
        throw new UserError(`${path}: cannot read XLSX: ${(e as Error).message}`);
      }
    }
  };
}
