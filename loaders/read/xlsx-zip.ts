// The zip layer of the fast XLSX reader: one entry at a time, inflated as a stream (bounded memory) and
// checked on the way exactly as verifyWorkbookData in xlsx.ts checks it — local header, real size, CRC,
// the running total against the zip-bomb limits, and that an XML part ends with its root element — with
// the same messages, so a damaged file fails the same way whichever reader opens it.
// Decompression is node:zlib (native, in the thread pool, so it overlaps with parsing on the main
// thread): about six times faster than a JavaScript inflater on a 60 MB sheet.
import * as zlib from "node:zlib";
import { UserError } from "../../warehouse/errors.ts";
import { bombMessage, crc32, isBomb, type ZipEntry } from "./xlsx.ts";

export type { ZipEntry };

/** Decompressed output per chunk: small enough that the bomb check trips within 124 KiB of the limit, and that
 *  the reader's latin1 text of a chunk stays a regular V8 string. V8 puts strings over 128 KiB in its
 *  large-object space: the bench sheet's 60 MB of XML took 242 ms to make into 256 KiB strings, 14 ms into 64 KiB
 *  ones. */
const CHUNK = 124 * 1024;

/** Real bytes inflated so far across the whole workbook (a zip can lie about its sizes), against the
 *  zip-bomb limits of xlsx.ts. */
export interface InflateBudget {
  total: number;
  /** size of the file on disk */
  size: number;
}

/** The parts whose XML must end with their root element (as in xlsx.ts). */
const ROOT_ELEMENT: [RegExp, RegExp, string][] = [
  [/^xl\/worksheets\/sheet\d+\.xml$/, /<\/(\w+:)?worksheet>\s*$/, "worksheet"],
  [/^xl\/sharedStrings\.xml$/, /<\/(\w+:)?sst>\s*$/, "sst"],
  [/^xl\/workbook\.xml$/, /<\/(\w+:)?workbook>\s*$/, "workbook"],
  [/^xl\/styles\.xml$/, /<\/(\w+:)?styleSheet>\s*$/, "styleSheet"]
];


/** An entry's decompressed bytes, chunk by chunk. Throws UserError (naming the file and the entry) on a
 *  damaged entry; the size, CRC and end-of-XML checks run when the last chunk has been taken, so a
 *  consumer that stops early (return()) skips them — call `drain` to verify the rest without using it. */
export async function* entryChunks(path: string, buf: Buffer, e: ZipEntry, budget: InflateBudget): AsyncGenerator<Buffer, void, undefined> {
  const bad = (why: string) => new UserError(`${path}: corrupt XLSX: entry ${e.name} ${why}`);
  const size = buf.length;
  if (e.localOffset + 30 > size || buf.readUInt32LE(e.localOffset) !== 0x04034b50) throw bad("is missing (damaged zip)");
  const nameLen = buf.readUInt16LE(e.localOffset + 26);
  const start = e.localOffset + 30 + nameLen + buf.readUInt16LE(e.localOffset + 28);
  if (buf.toString("utf8", e.localOffset + 30, e.localOffset + 30 + nameLen) !== e.name) throw bad("does not match the zip directory");
  if (start + e.compressedSize > size) throw bad("runs past the end of the file (truncated)");
  const data = buf.subarray(start, start + e.compressedSize);
  const root = ROOT_ELEMENT.find(([re]) => re.test(e.name));
  let crc = 0;
  let n = 0;
  let tail = "";
  const take = (chunk: Buffer) => {
    n += chunk.length;
    budget.total += chunk.length;
    if (isBomb(budget.total, budget.size)) throw new UserError(bombMessage(path, budget.total, budget.size, true));
    crc = crc32(chunk, crc);
    if (root) tail = (tail + chunk.toString("latin1", Math.max(0, chunk.length - 64))).slice(-64);
  };
  if (e.method === 0) {
    for (let i = 0; i < data.length; i += CHUNK) {
      const chunk = data.subarray(i, Math.min(data.length, i + CHUNK));
      take(chunk);
      yield chunk;
    }
  } else if (e.method === 8) {
    // readableHighWaterMark: zlib inflates up to ~4 chunks ahead while the caller parses
    const inflate = zlib.createInflateRaw({ chunkSize: CHUNK, readableHighWaterMark: 4 * CHUNK } as zlib.ZlibOptions);
    inflate.end(data);
    try {
      for await (const chunk of inflate) {
        try {
          take(chunk as Buffer);
        } catch (err) {
          throw new Wrapped(err);
        }
        yield chunk as Buffer;
      }
    } catch (err) {
      if (err instanceof Wrapped) throw err.inner;
      if (err instanceof UserError) throw err;
      throw bad(`cannot be decompressed (${(err as Error).message})`);
    } finally {
      inflate.destroy();
    }
  } else throw bad(`uses compression method ${e.method}, which Excel does not write`);
  if (n !== e.size) throw bad(`holds ${n} bytes where the zip says ${e.size}`);
  if (crc !== e.crc) throw bad("fails its checksum (damaged in transfer?)");
  if (root && !root[1].test(tail)) throw bad(`is cut short: its XML does not end with </${root[2]}>`);
}

/** Keeps errors of our own checks apart from zlib's while both pass through one catch. */
class Wrapped {
  constructor(readonly inner: unknown) {}
}

/** Reads an iterator of entryChunks to its end without using the data: the entry's checks still run. */
export async function drain(chunks: AsyncGenerator<Buffer, void, undefined>): Promise<void> {
  for (;;) {
    const next = await chunks.next();
    if (next.done) return;
  }
}

/** A whole (small) entry as text. */
export async function entryText(path: string, buf: Buffer, e: ZipEntry, budget: InflateBudget): Promise<string> {
  const decoder = new TextDecoder("utf-8");
  let text = "";
  for await (const chunk of entryChunks(path, buf, e, budget)) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}
