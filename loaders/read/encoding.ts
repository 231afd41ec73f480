// Encoding detection for text files: BOMs, strict UTF-8, then chardet for legacy code pages.
// Non-UTF-8 files are transcoded once to a temporary UTF-8 file so DuckDB's reader can take over.
import { closeSync, createReadStream, createWriteStream, mkdtempSync, openSync, readSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import chardet from "chardet";
import iconv from "iconv-lite";
import { UserError } from "../../warehouse/errors.ts";

const PROBE = 1 << 20;

export interface TextFile {
  path: string;
  encoding: string;
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

function looksBinary(buf: Buffer): boolean {
  let control = 0;
  for (const b of buf.subarray(0, 65536)) if (b === 0 || (b < 9 && b !== 0) || (b > 13 && b < 32 && b !== 27)) control++;
  return control > Math.min(buf.length, 65536) * 0.01;
}

/** UTF-16 without a BOM shows as every other byte zero: odd bytes for little-endian, even for big-endian. */
function utf16WithoutBom(buf: Buffer): "utf-16le" | "utf-16be" | null {
  const probe = buf.subarray(0, Math.min(buf.length, 4096) & ~1);
  const zeros = [0, 0];
  const text = [0, 0];
  for (let i = 0; i < probe.length; i++) {
    const b = probe[i]!;
    if (b === 0) zeros[i % 2]!++;
    else if (b >= 0x20 || b === 9 || b === 10 || b === 13) text[i % 2]!++;
  }
  const half = probe.length / 2;
  if (zeros[1]! > half * 0.8 && text[0]! > half * 0.8) return "utf-16le";
  if (zeros[0]! > half * 0.8 && text[1]! > half * 0.8) return "utf-16be";
  return null;
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
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) encoding = "utf-8";
  else if (buf[0] === 0xff && buf[1] === 0xfe) encoding = "utf-16le";
  else if (buf[0] === 0xfe && buf[1] === 0xff) encoding = "utf-16be";
  else if (looksBinary(buf)) {
    const kind = binaryKind(buf);
    if (kind) throw new UserError(`${path}: not a text file: this is ${kind}`);
    encoding = utf16WithoutBom(buf);
    if (!encoding) throw new UserError(`${path}: not a text file (binary content); expected CSV text`);
  } else if (isUtf8(buf)) encoding = "utf-8";
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
  if (encoding === "utf-8" && !note) return { path, encoding, cleanup() {} };
  if (!iconv.encodingExists(encoding)) throw new UserError(`${path}: undecodable text encoding (${encoding})`);
  const dir = mkdtempSync(join(tmpdir(), "protection-"));
  const out = join(dir, "utf8.csv");
  try {
    await pipeline(createReadStream(path), iconv.decodeStream(encoding), iconv.encodeStream("utf-8"), createWriteStream(out));
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw new UserError(`${path}: cannot decode as ${encoding}: ${(e as Error).message}`);
  }
  return { path: out, encoding: note ? "utf-8 (invalid bytes replaced)" : encoding, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
