// The hot loop of the fast XLSX reader: a worksheet's XML, fed as latin1 text chunks (one char per
// byte; string values are decoded from UTF-8 one by one), scanned with indexOf/charCodeAt (no DOM,
// no SAX events, no regex per cell) into rows of text cells.
// A row split across chunks is parsed again from its start once the rest has arrived; a row longer
// than a chunk waits until the buffered text has doubled (linear time however long the row).
import { UserError } from "../../warehouse/errors.ts";
import type { Cell } from "../headers.ts";
import { MAX_CELL_BYTES, type ReaderNote, type SheetRow } from "./sheet.ts";
import { decodeEntities, decodeText, readText, richText, rootPrefix } from "./xlsx-xml.ts";

const MAX_COLUMNS = 16_384;
/** One unfinished row holding more XML than this is not table data (and would not fit a JS string for long). */
const MAX_ROW_CHARS = 64 * 1024 ** 2;

export interface SheetParserContext {
  path: string;
  sheetName: string;
  /** the shared strings table (null: an empty item) */
  strings: readonly (string | null)[];
  /** per cellXfs index: 1 when the number format is a date */
  dateStyles: Uint8Array;
  date1904: boolean;
  /** where the parser says what it did about rows out of order (filled as rows are parsed) */
  notes?: ReaderNote[];
}

/** Excel's last row: an r past it is no row Excel wrote (and past 2^31 no row number the warehouse can hold). */
export const MAX_ROWS = 1_048_576;

// cell types (the t attribute)
const T_N = 0;
const T_S = 1;
const T_STR = 2;
const T_INLINE = 3;
const T_B = 4;
const T_E = 5;
const T_D = 6;

const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;
const isDelim = (c: number) => c === 32 || c === 62 || c === 47 || c === 10 || c === 13 || c === 9;

export class SheetXmlParser {
  private rest = "";
  private pending: string[] = [];
  private pendingLength = 0;
  /** do not parse again before this much text is buffered (a long row) */
  private waitFor = 0;
  /** 0: before <sheetData>, 1: in it, 2: after it */
  private phase = 0;
  private rootSeen = false;
  private pfx = "";
  private P = 0;
  private endC = "</c>";
  /** without its ">": `</row >` is an end tag too */
  private endRow = "</row";
  private prevRow = 0;
  private renumberedRows = 0;
  private renumberNote: ReaderNote | null = null;
  private readonly dates = new Map<string, Cell>();

  constructor(private readonly ctx: SheetParserContext) {}

  private renumbered(given: number, now: number): void {
    this.renumberedRows++;
    if (!this.ctx.notes) return;
    if (!this.renumberNote) {
      this.renumberNote = { severity: "warning", rule: "row-renumbered", row: now, reason: "" };
      this.ctx.notes.push(this.renumberNote);
    }
    const first = this.renumberNote.row!;
    this.renumberNote.reason = this.renumberedRows === 1
      ? `the sheet's XML numbers a row ${given} after row ${now - 1} (a repeated or backward row number); it is read as row ${now}`
      : `${this.renumberedRows.toLocaleString("en-US")} rows of the sheet's XML repeat or go back in row numbers (first: a row ${given === now - 1 ? "numbered again" : "out of order"} at row ${first}); each is read under the next free row number`;
  }

  /** true once </sheetData> has been read: the rest of the part holds no rows */
  get finished(): boolean {
    return this.phase === 2;
  }

  /** Parses `chunk` (after what was left over); complete rows are appended to `out`. `final`: the
   *  part has ended (chunk may be ""). */
  feed(chunk: string, out: SheetRow[], final: boolean): void {
    if (this.phase === 2) return;
    if (!final && this.waitFor > 0 && this.rest.length + this.pendingLength + chunk.length < this.waitFor) {
      this.pending.push(chunk);
      this.pendingLength += chunk.length;
      return;
    }
    let fresh = chunk;
    if (this.pending.length > 0) {
      fresh = this.pending.join("") + chunk;
      this.pending = [];
      this.pendingLength = 0;
    }
    const seen = this.rest.length;
    const s = this.rest + fresh;
    this.rest = "";
    this.waitFor = 0;
    let pos = 0;
    if (this.phase === 0) {
      pos = this.head(s, final);
      if (pos < 0) return;
    }
    if (this.phase !== 1) return;
    // A row with cells cut by the end of the text waits for more. Parsing it would read past the end of s
    // (charCodeAt gives NaN, which row() takes as "incomplete"), and each such read makes V8 throw away the
    // optimised code of row() ("out of bounds" deopt): 26 times on the bench's sheet, each followed by ~35 ms of
    // recompiling while the row loop ran unoptimised. So rows after the last row end tag are not parsed yet;
    // that tag is looked for in the new text only (the text left over holds no end of its first row), so a long
    // row fed in small pieces is not searched again and again. (A tag split between the two waits one feed.)
    const lastEnd = final ? 0 : fresh.lastIndexOf(this.endRow);
    const complete = final ? s.length : lastEnd < 0 ? -1 : seen + lastEnd;
    pos = this.rows(s, pos, out, final, complete);
    if (this.phase !== 1) return;
    if (final) throw this.corrupt(`its rows end without </sheetData>, after row ${this.prevRow}`);
    if (pos < s.length) {
      this.rest = s.slice(pos);
      if (this.rest.length > 65536) this.waitFor = this.rest.length * 2;
      if (this.rest.length > MAX_ROW_CHARS) {
        throw new UserError(
          `${this.where(this.prevRow + 1)}: a row of more than ${(MAX_ROW_CHARS / 1024 ** 2).toFixed(0)} M characters of XML; cells over 1 M characters are not table data (an Excel cell holds at most 32,767)`
        );
      }
    }
  }

  /** Finds <sheetData>; returns the position after its start tag, or -1 (more text needed, or none). */
  private head(s: string, final: boolean): number {
    if (!this.rootSeen) {
      const root = rootPrefix(s);
      if (!root) {
        if (!final) this.rest = s;
        return -1;
      }
      this.rootSeen = true;
      this.pfx = root.prefix;
      this.P = root.prefix.length;
      this.endC = `</${root.prefix}c>`;
      this.endRow = `</${root.prefix}row`;
    }
    const open = `<${this.pfx}sheetData`;
    let p = s.indexOf(open);
    while (p >= 0) {
      const c = s.charCodeAt(p + open.length);
      if (c !== c) {
        p = -1; // cut at the end of the chunk: wait for more
        break;
      }
      if (isDelim(c)) break;
      p = s.indexOf(open, p + 1);
    }
    if (p < 0) {
      if (!final) {
        const last = s.lastIndexOf("<");
        this.rest = last >= 0 ? s.slice(last) : "";
      }
      return -1;
    }
    const gt = s.indexOf(">", p);
    if (gt < 0) {
      if (!final) this.rest = s.slice(p);
      return -1;
    }
    this.phase = s.charCodeAt(gt - 1) === 47 ? 2 : 1; // <sheetData/>: no rows
    return gt + 1;
  }

  /** Rows from `pos`; returns where to resume (the start of an unfinished row). `complete`: a row that starts
   *  before this position is whole in s. */
  private rows(s: string, pos: number, out: SheetRow[], final: boolean, complete: number): number {
    const P = this.P;
    const len = s.length;
    for (;;) {
      const lt = pos < len && s.charCodeAt(pos) === 60 ? pos : s.indexOf("<", pos);
      if (lt < 0) return len; // whitespace between rows
      if (!final && lt + 16 + P > len) return lt; // too little to tell which tag this is
      const c1 = s.charCodeAt(lt + 1);
      if (c1 === 47 /* / */) {
        const gt = s.indexOf(">", lt);
        if (gt < 0) return final ? this.fail(lt) : lt;
        if (s.startsWith("sheetData", lt + 2 + P)) {
          this.phase = 2;
          return gt + 1;
        }
        pos = gt + 1;
        continue;
      }
      if (s.charCodeAt(lt + 1 + P) === 114 && s.charCodeAt(lt + 2 + P) === 111 && s.charCodeAt(lt + 3 + P) === 119 && isDelim(s.charCodeAt(lt + 4 + P))) {
        if (lt > complete) {
          // no end tag after it: whole only as an empty row, <row …/> (Excel writes runs of them)
          const gt = s.indexOf(">", lt);
          if (gt < 0 || s.charCodeAt(gt - 1) !== 47) return lt;
        }
        const end = this.row(s, lt, out);
        if (end < 0) return final ? this.fail(lt) : lt;
        pos = end;
        continue;
      }
      const end = skipElement(s, lt);
      if (end < 0) return final ? this.fail(lt) : lt;
      pos = end;
    }
  }

  private fail(at: number): never {
    throw this.corrupt(`unfinished XML after row ${this.prevRow} (offset ${at} of the last chunk)`);
  }

  /** One <row> starting at `lt`; returns the position after it, or -1 when it is not complete in `s`.
   *  Short scans are charCodeAt loops: indexOf is a call into the runtime, dearer than a few compares. */
  private row(s: string, lt: number, out: SheetRow[]): number {
    const P = this.P;
    // <row r="12" spans="1:18" …>: attributes up to the end of the start tag (only r matters)
    let rowNum = 0;
    let j = lt + 4 + P;
    let selfRow = false;
    for (;;) {
      let ch = s.charCodeAt(j);
      if (ch === 62) break;
      if (ch === 47) {
        selfRow = true;
        j++;
        break;
      }
      if (isSpace(ch)) {
        j++;
        continue;
      }
      if (ch !== ch) return -1;
      const ns = j;
      while ((ch = s.charCodeAt(j)) !== 61 && ch === ch && ch !== 62) j++;
      if (ch !== 61) return ch === 62 ? this.malformed(s, lt) : -1;
      let ne = j;
      while (isSpace(s.charCodeAt(ne - 1))) ne--;
      ch = s.charCodeAt(++j);
      while (isSpace(ch)) ch = s.charCodeAt(++j);
      const vs = j + 1;
      let ve = vs;
      for (let c = s.charCodeAt(ve); c !== ch; c = s.charCodeAt(++ve)) if (c !== c) return -1;
      if (ne - ns === 1 && s.charCodeAt(ns) === 114) rowNum = parseUint(s, vs, ve);
      j = ve + 1;
    }
    // a row without r (allowed, if rare) follows the previous one
    let rowNumber = rowNum > 0 ? rowNum : this.prevRow + 1;
    if (rowNumber > MAX_ROWS) {
      throw new UserError(`${this.ctx.path}: sheet '${this.ctx.sheetName}': a row numbered ${rowNumber.toLocaleString("en-US")} after row ${this.prevRow}, past Excel's last row ${MAX_ROWS.toLocaleString("en-US")}; this workbook was not written by Excel and cannot be read`);
    }
    if (rowNumber <= this.prevRow) {
      // a row number repeated or going back (hand-made or damaged XML): the row is kept under the next free
      // number, so that every row is counted once and no two rows share a number (said in the report)
      const given = rowNumber;
      rowNumber = this.prevRow + 1;
      this.renumbered(given, rowNumber);
    }
    if (selfRow) {
      this.prevRow = rowNumber;
      out.push({ row: rowNumber, cells: [] });
      return j + 1;
    }
    const strings = this.ctx.strings;
    const dateStyles = this.ctx.dateStyles;
    const endC = this.endC;
    const cells: Cell[] = [];
    let nextCol = 1;
    let pos = j + 1;
    for (;;) {
      const a = s.charCodeAt(pos) === 60 ? pos : s.indexOf("<", pos);
      if (a < 0) return -1;
      if (s.charCodeAt(a + 1) === 47) {
        // </row>
        const g = s.indexOf(">", a + 2);
        if (g < 0) return -1;
        this.prevRow = rowNumber;
        out.push({ row: rowNumber, cells });
        return g + 1;
      }
      if (s.charCodeAt(a + 1 + P) !== 99 || !isDelim(s.charCodeAt(a + 2 + P))) {
        // not a cell (an extension list, a comment): skip it whole
        const e = skipElement(s, a);
        if (e < 0) return -1;
        pos = e;
        continue;
      }
      // <c r="AB12" s="3" t="s">: attributes up to the end of the start tag
      let col = 0;
      let style = 0;
      let type = T_N;
      j = a + 2 + P;
      let cg = -1;
      let self = false;
      for (;;) {
        let ch = s.charCodeAt(j);
        if (ch === 32) ch = s.charCodeAt(++j);
        if (ch === 62) {
          cg = j;
          break;
        }
        if (ch === 47) {
          cg = j + 1;
          self = true;
          break;
        }
        if (isSpace(ch)) {
          j++;
          continue;
        }
        if (ch !== ch) return -1; // the tag runs past the end of the text
        let an = 0;
        if (s.charCodeAt(j + 1) === 61) {
          // a one-letter name (r, s, t): the usual case
          an = ch;
          j += 2;
        } else {
          const ns = j;
          while ((ch = s.charCodeAt(j)) !== 61 && ch === ch && ch !== 62) j++;
          if (ch !== 61) return ch === 62 ? this.malformed(s, a) : -1;
          let ne = j;
          while (isSpace(s.charCodeAt(ne - 1))) ne--;
          if (ne - ns === 1) an = s.charCodeAt(ns);
          j++;
        }
        ch = s.charCodeAt(j);
        while (isSpace(ch)) ch = s.charCodeAt(++j);
        const vs = j + 1;
        let ve = vs;
        for (let c = s.charCodeAt(ve); c !== ch; c = s.charCodeAt(++ve)) if (c !== c) return -1;
        if (an === 114) col = this.column(s, vs, ve);
        else if (an === 115) style = parseUint(s, vs, ve);
        else if (an === 116) type = typeCode(s, vs, ve);
        j = ve + 1;
      }
      if (col === 0) col = nextCol; // a cell without a reference follows the previous one
      if (col > MAX_COLUMNS) throw this.beyondLastColumn(columnLetters(col));
      nextCol = col + 1;
      if (self) {
        // <c …/>: formatting only, no value
        pos = cg + 1;
        continue;
      }

      // the cell's children: <f> (formula), <v> (value), <is> (inline string)
      let vsrc = s;
      /** vsrc is decoded text already (not latin1 bytes) */
      let vDecoded = false;
      let va = -1;
      let vb = -1;
      let hasF = false;
      let inline: string | null = null;
      if (s.charCodeAt(cg + 1) === 60 && s.charCodeAt(cg + 2 + P) === 118 && s.charCodeAt(cg + 3 + P) === 62) {
        // the common case: <v>text</v></c>
        let e = cg + 4 + P;
        for (let c = s.charCodeAt(e); c !== 60; c = s.charCodeAt(++e)) if (c !== c) return -1;
        if (
          s.charCodeAt(e + 1) === 47 &&
          s.charCodeAt(e + 4 + P) === 60 &&
          s.charCodeAt(e + 5 + P) === 47 &&
          s.charCodeAt(e + 6 + P + P) === 99 &&
          s.charCodeAt(e + 7 + P + P) === 62
        ) {
          va = cg + 4 + P;
          vb = e;
          pos = e + 8 + P + P;
        }
      }
      if (va < 0) {
        const ce = s.indexOf(endC, cg + 1);
        if (ce < 0) return -1;
        pos = ce + endC.length;
        for (let k = cg + 1; k < ce; ) {
          const b = s.indexOf("<", k);
          if (b < 0 || b >= ce) break;
          if (s.charCodeAt(b + 1) === 47) {
            k = b + 2;
            continue;
          }
          const bg = s.indexOf(">", b);
          const selfClosing = s.charCodeAt(bg - 1) === 47;
          const n1 = s.charCodeAt(b + 1 + P);
          const n2 = s.charCodeAt(b + 2 + P);
          if (n1 === 118 && isDelim(n2)) {
            // <v>
            if (selfClosing) {
              va = vb = bg + 1;
              k = bg + 1;
            } else {
              const te = s.indexOf("<", bg + 1);
              if (s.charCodeAt(te + 1) === 33) {
                // CDATA: decoded, then re-escaped, so that every value below is XML text
                const ve = s.indexOf(`</${this.pfx}v>`, bg);
                const [text] = readText(utf8(s.slice(bg + 1, ve < 0 ? ce : ve)) + "<", 0, false);
                vsrc = text.replace(/&/g, "&amp;").replace(/</g, "&lt;");
                vDecoded = true;
                va = 0;
                vb = vsrc.length;
                k = ve < 0 ? ce : ve;
              } else {
                va = bg + 1;
                vb = te;
                k = te;
              }
            }
          } else if (n1 === 102 && isDelim(n2)) {
            // <f>: only its presence matters
            hasF = true;
            if (selfClosing) k = bg + 1;
            else {
              const fe = s.indexOf("<", bg + 1);
              k = fe < 0 || fe > ce ? ce : fe;
            }
          } else if (n1 === 105 && n2 === 115 && isDelim(s.charCodeAt(b + 3 + P))) {
            // <is>: inline (rich) text
            if (selfClosing) {
              inline = "";
              k = bg + 1;
            } else {
              const ie = s.indexOf(`</${this.pfx}is>`, bg);
              const end = ie < 0 || ie > ce ? ce : ie;
              const raw = utf8(s.slice(bg + 1, end));
              inline = richText(raw, 0, raw.length, P) ?? "";
              k = end + 1;
            }
          } else k = selfClosing ? bg + 1 : skipElement(s, b);
          if (k < 0) k = ce;
        }
      }

      // the value, as text (exceljs's cellText for the same cell, where exceljs gets it right)
      let v: Cell = null;
      let present = true;
      if (va >= 0) {
        switch (type) {
          case T_N:
            v = dateStyles[style] === 1 ? this.dateText(vsrc.slice(va, vb)) : numberText(vsrc, va, vb);
            break;
          case T_S: {
            const x = strings[parseUint(vsrc, va, vb)];
            if (x === undefined || x === null) present = hasF;
            else v = x;
            break;
          }
          case T_STR:
          case T_INLINE:
            v = inline ?? decodeText((vDecoded ? vsrc.slice(va, vb) : utf8(vsrc.slice(va, vb))));
            break;
          case T_B:
            v = parseInt(vsrc.slice(va, vb), 10) !== 0 ? "TRUE" : "FALSE";
            break;
          case T_E:
            v = decodeEntities((vDecoded ? vsrc.slice(va, vb) : utf8(vsrc.slice(va, vb))));
            break;
          default:
            v = isoDateText(decodeEntities((vDecoded ? vsrc.slice(va, vb) : utf8(vsrc.slice(va, vb)))));
        }
      } else if (inline !== null) v = inline;
      else present = hasF; // a formula without a cached value is an empty cell that exists

      if (!present) continue;
      if (v !== null && v.length > MAX_CELL_BYTES) {
        throw new UserError(
          `${this.where(rowNumber)}, column ${col}: a cell of ${(v.length / 1024 ** 2).toFixed(1)} M characters; cells over 1 M characters are not table data (an Excel cell holds at most 32,767)`
        );
      }
      const n = cells.length;
      if (col === n + 1) cells.push(v);
      else if (col > n) {
        for (let i = n + 1; i < col; i++) cells.push(null);
        cells.push(v);
      } else cells[col - 1] = v;
    }
  }

  /** The column of a cell reference ("AB12" → 28); 0 when it has no letters. */
  private column(s: string, a: number, b: number): number {
    let col = 0;
    let k = a;
    if (s.charCodeAt(k) === 36) k++; // $A$1
    for (; k < b; k++) {
      const c = s.charCodeAt(k);
      if (c >= 65 && c <= 90) col = col * 26 + c - 64;
      else if (c >= 97 && c <= 122) col = col * 26 + c - 96;
      else break;
    }
    if (col > MAX_COLUMNS) throw this.beyondLastColumn(s.slice(a, k).replace("$", ""));
    return col;
  }

  private dateText(raw: string): Cell {
    let d = this.dates.get(raw);
    if (d === undefined) {
      d = excelDate(parseFloat(raw), this.ctx.date1904);
      if (this.dates.size >= 20_000) this.dates.clear();
      this.dates.set(raw, d);
    }
    return d;
  }

  /** A start tag with a name but no "=": not XML. */
  private malformed(s: string, a: number): never {
    throw this.corrupt(`malformed XML after row ${this.prevRow}: ${JSON.stringify(utf8(s.slice(a, a + 60)))}`);
  }

  private where(row: number): string {
    return `${this.ctx.path}: sheet '${this.ctx.sheetName}' row ${row}`;
  }

  private beyondLastColumn(letters: string): UserError {
    return new UserError(`${this.ctx.path}: a cell in column ${letters}, beyond Excel's last column XFD; this workbook was not written by Excel and cannot be read`);
  }

  private corrupt(why: string): UserError {
    return new UserError(`${this.ctx.path}: corrupt or truncated XLSX (sheet '${this.ctx.sheetName}': ${why})`);
  }
}

/** The sheet XML is read as latin1 (one char per byte: no UTF-8 decoding of the whole part, which
 *  costs more than the parse); the few strings taken from it are decoded here. */
function utf8(latin1: string): string {
  for (let i = 0; i < latin1.length; i++) if (latin1.charCodeAt(i) > 127) return Buffer.from(latin1, "latin1").toString("utf8");
  return latin1;
}

/** Skips an element starting at `a` (start tag, content, end tag), a comment or a processing
 *  instruction; returns the position after it, or -1 when it is not complete in `s`. */
function skipElement(s: string, a: number): number {
  const c = s.charCodeAt(a + 1);
  if (c === 33 /* ! */) {
    if (s.startsWith("<!--", a)) {
      const e = s.indexOf("-->", a + 4);
      return e < 0 ? -1 : e + 3;
    }
    const e = s.indexOf(">", a);
    return e < 0 ? -1 : e + 1;
  }
  if (c === 63 /* ? */) {
    const e = s.indexOf("?>", a);
    return e < 0 ? -1 : e + 2;
  }
  const gt = s.indexOf(">", a);
  if (gt < 0) return -1;
  if (s.charCodeAt(gt - 1) === 47) return gt + 1;
  let n = a + 1;
  while (n < gt && !isDelim(s.charCodeAt(n))) n++;
  const close = `</${s.slice(a + 1, n)}>`;
  const e = s.indexOf(close, gt);
  return e < 0 ? -1 : e + close.length;
}

/** An unsigned decimal attribute or index; NaN when it is not one (parseInt's reading otherwise). */
function parseUint(s: string, a: number, b: number): number {
  let n = 0;
  if (a >= b) return NaN;
  for (let k = a; k < b; k++) {
    const c = s.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return parseInt(s.slice(a, b), 10);
    n = n * 10 + c;
  }
  return n;
}

function typeCode(s: string, a: number, b: number): number {
  const c = s.charCodeAt(a);
  switch (b - a) {
    case 1:
      return c === 115 ? T_S : c === 98 ? T_B : c === 101 ? T_E : c === 100 ? T_D : T_N;
    case 3:
      return c === 115 && s.startsWith("str", a) ? T_STR : T_N;
    case 9:
      return s.startsWith("inlineStr", a) ? T_INLINE : T_N;
    default:
      return T_N;
  }
}

/** String(Number(text)), without converting when the text already is that string: an optional minus,
 *  digits without a leading zero, an optional fraction without a trailing zero, at most 15 significant
 *  digits in all (any such decimal survives the round trip through a double unchanged). */
export function numberText(s: string, a: number, b: number): Cell {
  let i = a;
  if (s.charCodeAt(i) === 45) i++;
  const intStart = i;
  let c = s.charCodeAt(i);
  if (i < b && c >= 48 && c <= 57) {
    const zero = c === 48;
    i++;
    while (i < b && (c = s.charCodeAt(i)) >= 48 && c <= 57) i++;
    const intDigits = i - intStart;
    if (!zero || intDigits === 1) {
      if (i === b) {
        if (intDigits <= 15 && !(zero && intStart > a)) return s.slice(a, b);
      } else if (c === 46 && i + 1 < b && !(zero && s.charCodeAt(i + 1) === 48)) {
        let j = i + 1;
        while (j < b && (c = s.charCodeAt(j)) >= 48 && c <= 57) j++;
        if (j === b && c !== 48 && (zero ? 0 : intDigits) + (b - i - 1) <= 15) return s.slice(a, b);
      }
    }
  }
  const n = parseFloat(s.slice(a, b));
  return Number.isFinite(n) ? String(n) : null;
}

/** An Excel date serial as cellText writes a Date (exceljs's excelToDate: days since 1899-12-30, or
 *  1904-01-01 in the 1904 date system, rounded to the millisecond). */
export function excelDate(serial: number, date1904: boolean): Cell {
  const d = new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
  const t = d.getTime();
  if (t !== t) return null;
  const iso = d.toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.slice(0, 19).replace("T", " ");
}

const ISO_DATE = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:\.\d+)?)?)?(?:Z|[+-]\d\d:?\d\d)?$/;

/** A t="d" cell (an ISO 8601 date, written by a few tools): the same text as a date serial gives. */
function isoDateText(raw: string): Cell {
  const m = ISO_DATE.exec(raw.trim());
  if (!m) return raw;
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  const time = `${m[4] ?? "00"}:${m[5] ?? "00"}:${m[6] ?? "00"}`;
  return time === "00:00:00" ? date : `${date} ${time}`;
}

function columnLetters(n: number): string {
  let s = "";
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}
