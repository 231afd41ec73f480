// Encoding detection for text files: BOMs, strict UTF-8, then chardet for legacy code pages.
// Non-UTF-8 files are transcoded once to a temporary UTF-8 file so DuckDB's reader can take over.
import { closeSync, createReadStream, createWriteStream, mkdtempSync, openSync, readSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import chardet from "chardet";
import iconv from "iconv-lite";
import { UserError } from "../errors.ts";

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

function looksBinary(buf: Buffer): boolean {
  let control = 0;
  for (const b of buf.subarray(0, 65536)) if (b === 0 || (b < 9 && b !== 0) || (b > 13 && b < 32 && b !== 27)) control++;
  return control > Math.min(buf.length, 65536) * 0.01;
}

export async function asUtf8(path: string): Promise<TextFile> {
  const buf = head(path);
  if (buf.length === 0) throw new UserError(`${path}: empty file (0 bytes)`);
  let encoding: string | null = null;
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) encoding = "utf-8";
  else if (buf[0] === 0xff && buf[1] === 0xfe) encoding = "utf-16le";
  else if (buf[0] === 0xfe && buf[1] === 0xff) encoding = "utf-16be";
  else if (looksBinary(buf)) {
    // UTF-16 without BOM shows as every other byte zero
    const probe = [...buf.subarray(0, 4096)];
    const oddZeros = probe.filter((b, i) => b === 0 && i % 2 === 1).length;
    const evenText = probe.filter((b, i) => i % 2 === 0 && (b >= 0x20 || b === 9 || b === 10 || b === 13)).length;
    if (oddZeros > probe.length * 0.4 && evenText > probe.length * 0.4) encoding = "utf-16le";
    else throw new UserError(`${path}: not a text file (binary content); expected CSV text`);
  } else if (isUtf8(buf)) encoding = "utf-8";
  else {
    const guess = chardet.detect(buf);
    encoding = guess && iconv.encodingExists(guess) && !/^UTF-8$/i.test(guess) ? guess : "windows-1252";
    // ISO-8859-1 guesses are almost always Windows-1252 exports from Excel (curly quotes, €)
    if (/^ISO-8859-1$/i.test(encoding)) encoding = "windows-1252";
  }
  if (encoding === "utf-8") return { path, encoding, cleanup() {} };
  if (!iconv.encodingExists(encoding)) throw new UserError(`${path}: undecodable text encoding (${encoding})`);
  const dir = mkdtempSync(join(tmpdir(), "protection-"));
  const out = join(dir, "utf8.csv");
  try {
    await pipeline(createReadStream(path), iconv.decodeStream(encoding), iconv.encodeStream("utf-8"), createWriteStream(out));
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw new UserError(`${path}: cannot decode as ${encoding}: ${(e as Error).message}`);
  }
  return { path: out, encoding, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
