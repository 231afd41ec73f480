// XLSX through exceljs's streaming reader: every sheet, dates as ISO text, cached formula values.
// Before exceljs sees a file, its zip container is checked here: exceljs's streaming reader waits forever
// on a damaged entry (its inflate error never reaches the promise that awaits the entry), and trusts the
// sizes a zip declares, so corrupt files and zip bombs must be refused first.
import { openSync, readSync, closeSync, statSync, readFileSync } from "node:fs";
import * as zlib from "node:zlib";
import { UserError } from "../../warehouse/errors.ts";
import { cellText, MAX_CELL_BYTES, SAMPLE_ROWS, type Sheet, type SheetRow, type Source } from "./sheet.ts";
import type { Cell } from "../headers.ts";

/** Zip-bomb limits, shared with any other XLSX reader (xlsx-zip.ts): */
export const MAX_UNCOMPRESSED = 2 * 1024 ** 3;
export const MAX_RATIO = 250;
export const BOMB_FLOOR = 100 * 1024 ** 2;
const MAX_COLUMNS = 16_384;
const MAX_ENTRIES = 10_000;

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

export interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** The zip's central directory; throws a plain message (the caller adds the file name). */
function centralDirectory(buf: Buffer): ZipEntry[] {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error("no zip directory at the end of the file: it was cut short");
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new Error("ZIP64 archive (over 4 GB or 65,535 entries); not a workbook this tool reads");
  if (cdOffset + cdSize > eocd) throw new Error("zip directory points past the end of the file: it was cut short");
  if (count > MAX_ENTRIES) throw new Error(`${count} zip entries`);
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== 0x02014b50) throw new Error("damaged zip directory");
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    entries.push({
      name: buf.toString("utf8", p + 46, p + 46 + nameLen),
      flags: buf.readUInt16LE(p + 8),
      method: buf.readUInt16LE(p + 10),
      crc: buf.readUInt32LE(p + 16),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42)
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

let CRC_TABLE: Uint32Array | null = null;
export function crc32(data: Uint8Array, crc = 0): number {
  const native = (zlib as { crc32?: (d: Uint8Array, v?: number) => number }).crc32;
  if (native) return native(data, crc);
  if (!CRC_TABLE) {
    CRC_TABLE = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      CRC_TABLE[n] = c >>> 0;
    }
  }
  const t = CRC_TABLE;
  let c = ~crc >>> 0;
  for (let i = 0; i < data.length; i++) c = t[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

export function bombMessage(path: string, total: number, size: number, atLeast = false): string {
  return `${path}: refused: XLSX expands to ${atLeast ? "more than " : ""}${(total / 1024 ** 2).toFixed(0)} MB from ${(size / 1024).toFixed(0)} KB (zip bomb?)`;
}

export const isBomb = (total: number, size: number) => total > MAX_UNCOMPRESSED || (total > BOMB_FLOOR && total / size > MAX_RATIO);

/** A compound (OLE) file is either a password-protected .xlsx or an Excel 97-2003 workbook: its directory says which. */
function describeCompoundFile(path: string): string {
  const buf = readFileSync(path);
  const has = (name: string) => buf.indexOf(Buffer.from(name, "utf16le")) >= 0;
  if (has("EncryptedPackage") || has("EncryptionInfo")) {
    return `${path}: password-protected (encrypted) workbook; remove the password in Excel (File › Info › Protect Workbook) and save it as .xlsx`;
  }
  if (has("Workbook") || has("Book")) return `${path}: legacy Excel 97-2003 workbook (.xls) under an .xlsx name; open it in Excel and save it as .xlsx`;
  return `${path}: password-protected (encrypted) workbook or legacy .xls file; save it unprotected as .xlsx`;
}

/** Refuses encrypted workbooks, legacy .xls, non-zip files, zips that are not workbooks and zip bombs
 *  (by declared sizes) before exceljs sees them. Returns the directory for verifyWorkbookData. */
export function checkWorkbookContainer(path: string): { buf: Buffer; entries: ZipEntry[] } {
  const m = magic(path);
  if (m.readUInt32BE(0) === 0xd0cf11e0) throw new UserError(describeCompoundFile(path));
  if (m[0] !== 0x50 || m[1] !== 0x4b) throw new UserError(`${path}: not an XLSX file (no zip signature)`);
  const size = statSync(path).size;
  const buf = readFileSync(path);
  let entries: ZipEntry[];
  try {
    entries = centralDirectory(buf);
  } catch (e) {
    throw new UserError(`${path}: corrupt or truncated XLSX (${(e as Error).message})`);
  }
  if (entries.length === 0) throw new UserError(`${path}: corrupt XLSX (empty archive)`);
  const total = entries.reduce((s, e) => s + e.size, 0);
  if (isBomb(total, size)) throw new UserError(bombMessage(path, total, size));
  const names = new Set(entries.map((e) => e.name));
  if (!names.has("xl/workbook.xml")) {
    const mimetype = entries.find((e) => e.name === "mimetype");
    if (mimetype && /opendocument/.test(buf.toString("latin1", mimetype.localOffset, mimetype.localOffset + 200))) {
      throw new UserError(`${path}: an OpenDocument spreadsheet (.ods), not an .xlsx workbook; save it as .xlsx`);
    }
    if (names.has("word/document.xml")) throw new UserError(`${path}: a Word document, not an Excel workbook`);
    throw new UserError(`${path}: a zip archive but not an Excel workbook (no xl/workbook.xml inside)`);
  }
  if (entries.some((e) => e.flags & 1)) throw new UserError(`${path}: password-protected zip entries; save the workbook without a password`);
  return { buf, entries };
}

/** Inflates every entry once, counting the real bytes (a zip can lie about its sizes) and checking each
 *  CRC, so that damage shows up as a message instead of a reader that never returns. */
export async function verifyWorkbookData(path: string, buf: Buffer, entries: ZipEntry[]): Promise<void> {
  let total = 0;
  const size = buf.length;
  for (const e of entries) {
    const bad = (why: string) => new UserError(`${path}: corrupt XLSX: entry ${e.name} ${why}`);
    if (e.localOffset + 30 > size || buf.readUInt32LE(e.localOffset) !== 0x04034b50) throw bad("is missing (damaged zip)");
    const start = e.localOffset + 30 + buf.readUInt16LE(e.localOffset + 26) + buf.readUInt16LE(e.localOffset + 28);
    if (buf.toString("utf8", e.localOffset + 30, e.localOffset + 30 + buf.readUInt16LE(e.localOffset + 26)) !== e.name) throw bad("does not match the zip directory");
    if (start + e.compressedSize > size) throw bad("runs past the end of the file (truncated)");
    const data = buf.subarray(start, start + e.compressedSize);
    let crc = 0;
    let n = 0;
    let tail = "";
    const take = (chunk: Buffer) => {
      n += chunk.length;
      tail = (tail + chunk.toString("latin1", Math.max(0, chunk.length - 64))).slice(-64);
      total += chunk.length;
      if (isBomb(total, size)) throw new UserError(bombMessage(path, total, size, true));
      crc = crc32(chunk, crc);
    };
    if (e.method === 0) take(data);
    else if (e.method === 8) {
      const inflate = zlib.createInflateRaw({ chunkSize: 1 << 20 });
      inflate.end(data);
      try {
        for await (const chunk of inflate) take(chunk as Buffer);
      } catch (err) {
        if (err instanceof UserError) throw err;
        throw bad(`cannot be decompressed (${(err as Error).message})`);
      }
    } else throw bad(`uses compression method ${e.method}, which Excel does not write`);
    if (n !== e.size) throw bad(`holds ${n} bytes where the zip says ${e.size}`);
    if (crc !== e.crc) throw bad("fails its checksum (damaged in transfer?)");
    // a part cut short inside a valid zip (a writer that crashed) reads as a shorter sheet, silently
    const root = ROOT_ELEMENT.find(([re]) => re.test(e.name))?.[1];
    if (root && !new RegExp(`</(\\w+:)?${root}>\\s*$`).test(tail)) throw bad(`is cut short: its XML does not end with </${root}>`);
  }
}

/** The parts exceljs reads, and the element each must end with. */
const ROOT_ELEMENT: [RegExp, string][] = [
  [/^xl\/worksheets\/sheet\d+\.xml$/, "worksheet"],
  [/^xl\/sharedStrings\.xml$/, "sst"],
  [/^xl\/workbook\.xml$/, "workbook"],
  [/^xl\/styles\.xml$/, "styleSheet"]
];

function rowCells(values: unknown, where: () => string): Cell[] {
  // exceljs row.values is 1-based (index 0 unused)
  const arr = Array.isArray(values) ? values.slice(1) : [];
  if (arr.length > MAX_COLUMNS) throw new UserError(`${where()}: ${arr.length.toLocaleString("en-US")} columns (more than Excel's ${MAX_COLUMNS.toLocaleString("en-US")})`);
  const out: Cell[] = new Array(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const c = cellText(arr[i]);
    if (c !== null && c.length > MAX_CELL_BYTES) {
      throw new UserError(`${where()}, column ${i + 1}: a cell of ${(c.length / 1024 ** 2).toFixed(1)} M characters; cells over 1 M characters are not table data (an Excel cell holds at most 32,767)`);
    }
    out[i] = c;
  }
  return out;
}

export function readXlsx(path: string): Source {
  let container: ReturnType<typeof checkWorkbookContainer> | null = checkWorkbookContainer(path);
  return {
    format: "xlsx",
    async *sheets() {
      if (container) {
        await verifyWorkbookData(path, container.buf, container.entries);
        container = null; // the file's bytes are not needed any more: exceljs streams it again
      }
      // loaded on use: exceljs takes ~0.25 s to import, and ingest reads workbooks with xlsx-fast.ts
      const { default: ExcelJS } = await import("exceljs");
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
        worksheets: "emit",
        sharedStrings: "cache",
        styles: "cache",
        hyperlinks: "ignore",
        entries: "emit"
      } as never);
      const seen: { name: string; hidden: boolean }[] = [];
      try {
        for await (const ws of reader as AsyncIterable<any>) {
          const iterator: AsyncIterator<any> = (ws as AsyncIterable<any>)[Symbol.asyncIterator]();
          const name = String(ws.name ?? ws.id);
          const where = (row: number) => () => `${path}: sheet '${name}' row ${row}`;
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
            const cells = rowCells(r.values, where(r.number));
            while (sample.length < r.number - 1 && sample.length < SAMPLE_ROWS) sample.push([]);
            if (sample.length < SAMPLE_ROWS) sample.push(cells);
            buffered.push({ row: r.number, cells });
          }
          let consumed = false;
          const sheet: Sheet = {
            name,
            hidden: ws.state === "hidden" || ws.state === "veryHidden",
            sample,
            async *rows(fromRow: number) {
              consumed = true;
              for (const b of buffered) if (b.row >= fromRow) yield b;
              while (!done) {
                const next = await iterator.next();
                if (next.done) break;
                const r = next.value;
                if (r.number >= fromRow) yield { row: r.number, cells: rowCells(r.values, where(r.number)) };
              }
              done = true;
            }
          };
          seen.push({ name, hidden: sheet.hidden });
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
        const message = (e as Error).message;
        const column = /Invalid column letter: (\w+)/.exec(message)?.[1];
        if (column) throw new UserError(`${path}: a cell in column ${column}, beyond Excel's last column XFD; this workbook was not written by Excel and cannot be read`);
        throw new UserError(`${path}: cannot read XLSX: ${message.split("\n")[0]}`);
      }
      if (seen.length === 0) throw new UserError(`${path}: the workbook has no worksheets (only charts, or none at all)`);
      if (seen.every((s) => s.hidden)) {
        const list = seen.map((s) => `'${s.name}'`).join(", ");
        throw new UserError(`${path}: every sheet is hidden (${list}); unhide the sheet with the data in Excel (right-click a sheet tab › Unhide) and save again`);
      }
    }
  };
}
