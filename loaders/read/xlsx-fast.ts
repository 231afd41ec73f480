// A fast streaming XLSX reader with the contract of readXlsx (xlsx.ts): the same container checks, the
// same sheets, samples and rows, the same messages for damaged files; 5 to 9 times faster
// (npx tsx bench/xlsx-reader.ts), with less memory.
//
// How: the zip's central directory gives random access to every part, so the workbook, its
// relationships, the shared strings and the styles are read first wherever they sit in the zip; each
// worksheet is then inflated as a stream (node:zlib, in the thread pool: it overlaps with parsing),
// taken as latin1 text (one char per byte, no decoding pass; the few strings taken from the sheet XML
// itself are decoded from UTF-8 one by one) and scanned with indexOf/charCodeAt into rows
// (xlsx-sheet-parser.ts). Memory stays bounded by a few chunks, whatever the size of a sheet. A sheet
// whose rows are not read is parsed for its sample only; the rest of its part is inflated and checked.
//
// Every part is checked as verifyWorkbookData checks it (local header, real size, CRC, zip-bomb limits
// on the real bytes, XML that ends with its root element), with the same messages, but as it is read:
// a damaged second sheet fails the file when the reader gets to it rather than before the first sheet.
//
// Where it knowingly differs from exceljs, exceljs being wrong (test/xlsx-fast.test.ts tells each case
// apart on the real files): sheets in workbook order (exceljs: zip order); names and hidden flags found
// through any relationship target (exceljs: only "worksheets/sheetN.xml"); a formula's cached value
// typed like any other cell (exceljs parses every non-text result as a number and drops falsy ones: a
// date formula gave its serial, 0 and FALSE gave an empty cell, TRUE "1", #N/A an empty cell); number
// formats with an escaped letter (#,##0,,\M for millions) are not dates (exceljs: a date, or an empty
// cell past year 275760); _xHHHH_ escapes decoded (_x000D_ is a CR); a character whose UTF-8 bytes
// straddle two chunks (exceljs: two U+FFFD); phonetic guides left out of Japanese text; built-in East
// Asian date formats (ids 27–36, 50–58) and upper-case date codes (YYYY) are dates; t="d" ISO dates;
// rows and cells without r attributes; namespace-prefixed XML (x:row, x:c). And no race: exceljs's
// streaming reader intermittently loses xl/workbook.xml when it is the zip's last entry, as exceljs's
// own writer puts it (exceljs/exceljs#3064: "Cannot read properties of undefined (reading 'sheets')").
import { UserError } from "../../warehouse/errors.ts";
import type { Cell } from "../headers.ts";
import { SAMPLE_ROWS, type ReaderNote, type Sheet, type SheetRow, type Source } from "./sheet.ts";
import { checkWorkbookContainer } from "./xlsx.ts";
import { SheetXmlParser } from "./xlsx-sheet-parser.ts";
import { parseDateStyles, parseRels, parseWorkbook, SharedStringsParser } from "./xlsx-xml.ts";
import { drain, entryChunks, entryText, type InflateBudget, type ZipEntry } from "./xlsx-zip.ts";

type Container = ReturnType<typeof checkWorkbookContainer>;

export function readXlsxFast(path: string): Source {
  let container: Container | null = checkWorkbookContainer(path);
  return {
    format: "xlsx",
    async *sheets() {
      const { buf, entries } = container ?? checkWorkbookContainer(path);
      container = null; // held by this iteration only, released when it ends
      try {
        yield* readWorkbook(path, buf, entries);
      } catch (e) {
        throw asUserError(path, e);
      }
    },
    cleanup() {
      container = null;
    }
  };
}

function asUserError(path: string, e: unknown): UserError {
  if (e instanceof UserError) return e;
  return new UserError(`${path}: corrupt or truncated XLSX (${((e as Error)?.message ?? String(e)).split("\n")[0]})`);
}

interface SheetPart {
  name: string;
  hidden: boolean;
  entry: ZipEntry;
}

async function* readWorkbook(path: string, buf: Buffer, entries: ZipEntry[]): AsyncGenerator<Sheet> {
  const budget: InflateBudget = { total: 0, size: buf.length };
  const byName = new Map<string, ZipEntry>();
  const byLowerName = new Map<string, ZipEntry>();
  for (const e of entries) {
    byName.set(e.name, e);
    byLowerName.set(e.name.toLowerCase(), e);
  }
  const find = (name: string) => byName.get(name) ?? byLowerName.get(name.toLowerCase());
  const read = new Set<ZipEntry>();
  const text = (e: ZipEntry) => {
    read.add(e);
    return entryText(path, buf, e, budget);
  };

  // the workbook: sheets in order, their parts, the shared strings and styles parts
  const workbook = parseWorkbook(await text(byName.get("xl/workbook.xml")!));
  const relsEntry = find("xl/_rels/workbook.xml.rels");
  const rels = relsEntry ? parseRels(await text(relsEntry), "xl/") : new Map();
  const parts: SheetPart[] = [];
  if (relsEntry) {
    for (const s of workbook.sheets) {
      const rel = s.rId === undefined ? undefined : rels.get(s.rId);
      // chart sheets, dialog sheets and macro sheets hold no table
      if (!rel || !rel.entry || !/\/worksheet$/.test(rel.type)) continue;
      const entry = find(rel.entry);
      if (entry) parts.push({ name: s.name, hidden: s.hidden, entry });
    }
  } else {
    // no relationships to say which part is which sheet: the sheet parts in zip order, named as exceljs does
    for (const e of entries) {
      const m = /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(e.name);
      if (m) parts.push({ name: `Sheet${m[1]}`, hidden: false, entry: e });
    }
  }
  const relOfType = (type: string, fallback: string) => {
    for (const rel of rels.values()) if (rel.entry && rel.type.endsWith(`/${type}`)) return find(rel.entry);
    return find(fallback);
  };

  let strings: (string | null)[] = [];
  const sstEntry = relOfType("sharedStrings", "xl/sharedStrings.xml");
  if (sstEntry) {
    read.add(sstEntry);
    const sst = new SharedStringsParser();
    const decoder = new TextDecoder("utf-8");
    for await (const chunk of entryChunks(path, buf, sstEntry, budget)) sst.feed(decoder.decode(chunk, { stream: true }));
    sst.feed(decoder.decode(), true);
    strings = sst.strings;
  }
  const stylesEntry = relOfType("styles", "xl/styles.xml");
  const dateStyles = stylesEntry ? parseDateStyles(await text(stylesEntry)) : new Uint8Array(0);

  // every other part is checked now, as verifyWorkbookData would (themes, drawings, pivot caches…)
  const sheetEntries = new Set(parts.map((p) => p.entry));
  for (const e of entries) if (!read.has(e) && !sheetEntries.has(e)) await drain(entryChunks(path, buf, e, budget));

  const seen: { name: string; hidden: boolean }[] = [];
  for (const part of parts) {
    const { name, hidden } = part;
    const chunks = entryChunks(path, buf, part.entry, budget);
    const notes: ReaderNote[] = [];
    const parser = new SheetXmlParser({ path, sheetName: name, strings, dateStyles, date1904: workbook.date1904, notes });
    /** every chunk of the part has been read (and the part checked) */
    let ended = false;
    /** the next rows: a chunk's worth; empty at the end of the part */
    const next = async (): Promise<SheetRow[]> => {
      const out: SheetRow[] = [];
      while (out.length === 0 && !ended) {
        const r = await chunks.next();
        if (r.done) {
          ended = true;
          if (!parser.finished) parser.feed("", out, true);
        } else if (!parser.finished) parser.feed(r.value.toString("latin1"), out, false); // UTF-8 is decoded per string value
      }
      return out;
    };

    try {
      // the sample: the first rows up to spreadsheet row 25, gaps as empty rows (as readXlsx)
      const sample: Cell[][] = [];
      const buffered: SheetRow[] = [];
      let done = false;
      while (sample.length < SAMPLE_ROWS) {
        const batch = await next();
        if (batch.length === 0) {
          done = true;
          break;
        }
        for (const r of batch) {
          if (sample.length < SAMPLE_ROWS) {
            while (sample.length < r.row - 1 && sample.length < SAMPLE_ROWS) sample.push([]);
            if (sample.length < SAMPLE_ROWS) sample.push(r.cells);
          }
          buffered.push(r);
        }
      }

      let current = true;
      const sheet: Sheet = {
        notes,
        name,
        hidden,
        sample,
        rows(fromRow: number): AsyncIterable<SheetRow> {
          return {
            [Symbol.asyncIterator]: () => rowIterator(fromRow)
          };
        }
      };
      /** A hand-written iterator: an async generator costs a few microtask hops per row. */
      const rowIterator = (fromRow: number): AsyncIterator<SheetRow> => {
        let batch: SheetRow[] = buffered;
        let i = 0;
        let finished = false;
        const pull = async (): Promise<IteratorResult<SheetRow>> => {
          for (;;) {
            while (i < batch.length) {
              const r = batch[i++]!;
              if (r.row >= fromRow) return { value: r, done: false };
            }
            if (done || !current || finished) {
              done = true;
              finished = true;
              return { value: undefined, done: true };
            }
            try {
              batch = await next();
            } catch (e) {
              finished = true;
              throw asUserError(path, e);
            }
            i = 0;
            if (batch.length === 0) done = true;
          }
        };
        return {
          next(): Promise<IteratorResult<SheetRow>> {
            // fast path: a row already parsed, without an async function's extra hops
            while (i < batch.length) {
              const r = batch[i++]!;
              if (r.row >= fromRow) return Promise.resolve({ value: r, done: false });
            }
            return pull();
          },
          return(): Promise<IteratorResult<SheetRow>> {
            finished = true;
            batch = [];
            return Promise.resolve({ value: undefined, done: true });
          }
        };
      };
      seen.push({ name, hidden });
      yield sheet;
      current = false;
      // the consumer has moved on: the rest of the part is checked, not parsed
      if (!ended) {
        await drain(chunks);
        ended = true;
      }
    } finally {
      // the consumer stopped, or the part failed: free its inflater now rather than at garbage collection
      if (!ended) await chunks.return(undefined);
    }
  }
  if (seen.length === 0) throw new UserError(`${path}: the workbook has no worksheets (only charts, or none at all)`);
  if (seen.every((s) => s.hidden)) {
    const list = seen.map((s) => `'${s.name}'`).join(", ");
    throw new UserError(`${path}: every sheet is hidden (${list}); unhide the sheet with the data in Excel (right-click a sheet tab › Unhide) and save again`);
  }
}
