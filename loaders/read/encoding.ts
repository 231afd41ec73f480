// Encoding detection for text files: BOMs, strict UTF-8, then chardet for legacy code pages.
// Non-UTF-8 files are transcoded once to a temporary UTF-8 file so DuckDB's reader can take over.
import { closeSync, createReadStream, createWriteStream, mkdtempSync, openSync, readSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import chardet from "chardet";
import iconv from "iconv-lite";
import { UserError } from "../../warehouse/errors.ts";
import { isUtf8 as isUtf8Native } from "node:buffer";
import type { ReaderNote } from "./sheet.ts";

const PROBE = 1 << 20;

export interface TextFile {
  path: string;
  encoding: string;
  /** what the decoding decided, for the report */
  notes: ReaderNote[];
  cleanup(): void;
}

function head(path: string): Buffer {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(PROBE);
    const n = readSync(fd, buf, 0, PROBE, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

function isUtf8(buf: Buffer): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(buf, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Well-formed multi-byte UTF-8 sequences and stray bytes that cannot be UTF-8, in a probe. */
function utf8Census(buf: Buffer): { multibyte: number; invalid: number } {
  let multibyte = 0;
  let invalid = 0;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i]!;
    if (b < 0x80) continue;
    const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0) {
      invalid++;
      continue;
    }
    if (i + len > buf.length) break; // a sequence cut by the end of the probe
    let ok = true;
    for (let k = 1; k < len; k++) if ((buf[i + k]! & 0xc0) !== 0x80) ok = false;
    if (ok) {
      multibyte++;
      i += len - 1;
    } else invalid++;
  }
  return { multibyte, invalid };
}

/** The first byte of the whole file that breaks UTF-8, with its 1-based line; null when all of it is UTF-8. */
export function firstInvalidUtf8(path: string): { offset: number; line: number } | null {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(4 << 20);
    let base = 0; // file offset of buf[0]
    let carry = 0; // bytes of a sequence cut by the previous read, moved to buf's start
    let lines = 1;
    for (;;) {
      const n = readSync(fd, buf, carry, buf.length - carry, null);
      const end = carry + n;
      if (end === 0) return null;
      // hold back a sequence the read cut in two (at most 3 bytes), unless the file has ended
      let cut = end;
      if (n > 0) {
        let k = end - 1;
        while (k > end - 4 && k >= 0 && (buf[k]! & 0xc0) === 0x80) k--;
        if (k >= 0 && buf[k]! >= 0xc0) cut = k;
      }
      const part = buf.subarray(0, cut);
      if (!isUtf8Native(part)) {
        const at = invalidAt(part);
        for (let i = 0; i < at; i++) if (part[i] === 10) lines++;
        return { offset: base + at, line: lines };
      }
      for (let i = part.indexOf(10); i !== -1; i = part.indexOf(10, i + 1)) lines++;
      if (n === 0) return null;
      buf.copy(buf, 0, cut, end);
      carry = end - cut;
      base += cut;
    }
  } finally {
    closeSync(fd);
  }
}

/** Offset of the first byte that breaks UTF-8 in buf (buf.length when none). */
function invalidAt(buf: Buffer): number {
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i]!;
    if (b < 0x80) continue;
    const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0 || i + len > buf.length) return i;
    for (let k = 1; k < len; k++) if ((buf[i + k]! & 0xc0) !== 0x80) return i;
    if (!isUtf8Native(buf.subarray(i, i + len))) return i; // overlong forms, surrogates
    i += len - 1;
  }
  return buf.length;
}

function looksBinary(buf: Buffer): boolean {
  let control = 0;
  for (const b of buf.subarray(0, 65536)) if (b === 0 || (b < 9 && b !== 0) || (b > 13 && b < 32 && b !== 27)) control++;
  return control > Math.min(buf.length, 65536) * 0.01;
}

/** Code points that text in a table is made of: letters of the living scripts, digits, punctuation, line ends. */
function textLike(cp: number): boolean {
  return (
    cp === 9 || cp === 10 || cp === 13 ||
    (cp >= 0x20 && cp <= 0x7e) ||
    (cp >= 0xa0 && cp <= 0x24f) || // Latin
    (cp >= 0x370 && cp <= 0x6ff) || // Greek, Cyrillic, Armenian, Hebrew, Arabic
    (cp >= 0x750 && cp <= 0x7ff) ||
    (cp >= 0x900 && cp <= 0xeff) || // Indic scripts, Thai, Lao
    (cp >= 0x1000 && cp <= 0x137f) || // Myanmar, Georgian, Hangul Jamo, Ethiopic
    (cp >= 0x1780 && cp <= 0x17ff) || // Khmer
    (cp >= 0x2000 && cp <= 0x206f) || // general punctuation
    (cp >= 0x20a0 && cp <= 0x20cf) || // currency
    (cp >= 0x3000 && cp <= 0x9fff) || // CJK
    (cp >= 0xac00 && cp <= 0xd7af) || // Hangul
    (cp >= 0xfb50 && cp <= 0xfdff) || (cp >= 0xfe70 && cp <= 0xfeff) || // Arabic presentation forms
    (cp >= 0xff00 && cp <= 0xffef)
  );
}

/**
 * UTF-16 or UTF-32 without a BOM, told by content: the encoding under which nearly every code unit of the probe
 * decodes to a character of text (letters, digits, punctuation, line ends) and a line end or a delimiter occurs.
 * Zero bytes alone do not tell: Arabic in UTF-16LE has 0x06, not 0x00, as every other byte.
 */
export function unicodeWithoutBom(buf: Buffer): "utf-16le" | "utf-16be" | "utf-32le" | "utf-32be" | null {
  const probe = buf.subarray(0, Math.min(buf.length, 65536) & ~3);
  if (probe.length < 8) return null;
  let best: { enc: "utf-16le" | "utf-16be" | "utf-32le" | "utf-32be"; share: number } | null = null;
  for (const [enc, width, le] of [["utf-32le", 4, true], ["utf-32be", 4, false], ["utf-16le", 2, true], ["utf-16be", 2, false]] as const) {
    let text = 0;
    let units = 0;
    let structure = 0;
    for (let i = 0; i + width <= probe.length; i += width) {
      let cp = width === 4 ? (le ? probe.readUInt32LE(i) : probe.readUInt32BE(i)) : le ? probe.readUInt16LE(i) : probe.readUInt16BE(i);
      if (width === 2 && cp >= 0xd800 && cp <= 0xdbff && i + 4 <= probe.length) {
        // a surrogate pair: one character beyond the BMP (emoji, rare CJK)
        const lo = le ? probe.readUInt16LE(i + 2) : probe.readUInt16BE(i + 2);
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          i += 2;
          units++;
          text++;
          continue;
        }
      }
      units++;
      if (width === 4 && cp >= 0x10000 && cp <= 0x10ffff) cp = 0x4e00; // a supplementary-plane letter
      if (textLike(cp)) text++;
      if (cp === 10 || cp === 13 || cp === 44 || cp === 59 || cp === 9) structure++;
    }
    const share = units ? text / units : 0;
    if (structure > 0 && share >= 0.95 && (!best || share > best.share)) best = { enc, share };
  }
  return best?.enc ?? null;
}

/** What a binary file most likely is, from its first bytes, for a message that says what to do. */
export function binaryKind(buf: Buffer): string | null {
  if (buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04) return "a zip archive (an .xlsx workbook saved under another name?); give it its real extension, e.g. .xlsx";
  if (buf.length >= 4 && buf.readUInt32BE(0) === 0xd0cf11e0) return "an Excel .xls or password-protected workbook (OLE compound file); save it unprotected as .xlsx";
  if (buf.subarray(0, 5).toString("latin1") === "%PDF-") return "a PDF document; export the table as .xlsx or .csv";
  if (buf[0] === 0x1f && buf[1] === 0x8b) return "a gzip-compressed file; decompress it first";
  return null;
}

export async function asUtf8(path: string): Promise<TextFile> {
  const buf = head(path);
  if (buf.length === 0) throw new UserError(`${path}: empty file (0 bytes)`);
  let encoding: string | null = null;
  let note = "";
  const notes: ReaderNote[] = [];
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) encoding = "utf-8";
  else if (buf[0] === 0xff && buf[1] === 0xfe && buf[2] === 0 && buf[3] === 0) encoding = "utf-32le";
  else if (buf[0] === 0 && buf[1] === 0 && buf[2] === 0xfe && buf[3] === 0xff) encoding = "utf-32be";
  else if (buf[0] === 0xff && buf[1] === 0xfe) encoding = "utf-16le";
  else if (buf[0] === 0xfe && buf[1] === 0xff) encoding = "utf-16be";
  else if (looksBinary(buf)) {
    const kind = binaryKind(buf);
    if (kind) throw new UserError(`${path}: not a text file: this is ${kind}`);
    encoding = unicodeWithoutBom(buf);
    if (!encoding) throw new UserError(`${path}: not a text file (binary content); expected CSV text`);
  } else if (isUtf8(buf)) {
    encoding = "utf-8";
    // the probe is the first megabyte: a broken byte further down would reach DuckDB's reader as "CSV Error on
    // Line: 26330"; the whole file is checked (natively, ~0.1 s per 200 MB) and repaired the same way
    const bad = buf.length === PROBE ? firstInvalidUtf8(path) : null;
    if (bad) {
      note = "replace";
      notes.push({ severity: "warning", rule: "encoding-repaired", row: bad.line, reason: `bytes that are not UTF-8 from line ${bad.line.toLocaleString("en-US")} (byte ${bad.offset.toLocaleString("en-US")}) on; they are read as \uFFFD (�), the rest as UTF-8` });
    }
  }
  else {
    const census = utf8Census(buf);
    if (census.multibyte > 0 && census.invalid * 2 <= census.multibyte) {
      // UTF-8 with a few broken bytes (a bad copy-paste, a truncated export): decoding it as a legacy
      // code page would garble every accented letter; the broken bytes become U+FFFD instead
      encoding = "utf-8";
      note = "replace";
    } else {
      const guess = chardet.detect(buf);
      encoding = guess && iconv.encodingExists(guess) && !/^UTF-8$/i.test(guess) ? guess : "windows-1252";
      // ISO-8859-1 guesses are almost always Windows-1252 exports from Excel (curly quotes, €)
      if (/^ISO-8859-1$/i.test(encoding)) encoding = "windows-1252";
    }
  }
  if (encoding === "utf-8" && !note) return { path, encoding, notes, cleanup() {} };
  if (!iconv.encodingExists(encoding)) throw new UserError(`${path}: undecodable text encoding (${encoding})`);
  const dir = mkdtempSync(join(tmpdir(), "protection-"));
  const out = join(dir, "utf8.csv");
  try {
    await pipeline(createReadStream(path), iconv.decodeStream(encoding), iconv.encodeStream("utf-8"), createWriteStream(out));
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw new UserError(`${path}: cannot decode as ${encoding}: ${(e as Error).message}`);
  }
  if (note && !notes.length) notes.push({ severity: "warning", rule: "encoding-repaired", reason: "bytes that are not UTF-8 in the file's first megabyte; they are read as \uFFFD (�), the rest as UTF-8" });
  if (!note && encoding !== "utf-8") notes.push({ severity: "info", rule: "encoding", reason: `text encoding ${encoding} (converted to UTF-8)` });
  return { path: out, encoding: note ? "utf-8 (invalid bytes replaced)" : encoding, notes, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
