// What a user reads when a file fails: one line naming the file and what went wrong, in words, never an engine
// message, a JavaScript TypeError or a stack. Problems the loaders foresee are UserErrors with their own message;
// this turns the rest into a message per class of failure (set PROTECTION_DEBUG=1 for the original on stderr).
import { UserError } from "../warehouse/errors.ts";
import { InputError } from "./read/sheet.ts";
import { cleanText } from "./text-clean.ts";

const firstLine = (s: string) => cleanText(s.split("\n")[0] ?? "").slice(0, 200);

export function describeFailure(path: string, e: unknown): string {
  if (e instanceof UserError) return cleanText(e.message);
  if (e instanceof InputError) return `${path}: ${cleanText(e.message)}`;
  const err = e instanceof Error ? e : new Error(String(e));
  if (process.env.PROTECTION_DEBUG) process.stderr.write(`${err.stack ?? err.message}\n`);
  const m = err.message ?? "";
  const limit = process.env.PROTECTION_MEMORY_LIMIT ?? "1000MB";
  if (/out of memory|failed to allocate|could not allocate|allocation failed/i.test(m) || (err instanceof RangeError && /allocation|buffer|string length/i.test(m))) {
    return `${path}: too large to read within the memory this tool may use (${limit}; PROTECTION_MEMORY_LIMIT); nothing was loaded (split the file, or remove unused columns and rows)`;
  }
  if (err instanceof RangeError && /call stack/i.test(m)) return `${path}: nested too deeply to read; nothing was loaded`;
  const line = /line:?\s*(\d+)/i.exec(m)?.[1];
  if (/CSV Error|sniff|dialect/i.test(m)) {
    return `${path}: the CSV text cannot be parsed${line ? ` at line ${Number(line).toLocaleString("en-US")}` : ""} (broken quoting or bytes that are not text); nothing was loaded`;
  }
  if (/Conversion Error|out of range|Could not convert/i.test(m)) {
    const detail = firstLine(m.replace(/^[A-Za-z ]*Error:\s*/, ""));
    return `${path}: a value could not be converted (${detail}); nothing was loaded. This is a loader fault: please report it with the file`;
  }
  if (/Invalid Input Error|Invalid unicode|UTF-?8/i.test(m)) {
    return `${path}: unreadable text${line ? ` at line ${Number(line).toLocaleString("en-US")}` : ""} (bytes that are not valid text); nothing was loaded`;
  }
  // anything else is a case no reader foresaw: say so plainly, without the engine's or the runtime's words
  return `${path}: cannot be read: its structure is not what a ${/json$/i.test(path) ? "JSON" : "data"} file of this kind holds (${err.name === "Error" ? "unexpected content" : err.name}); nothing was loaded. This is a loader fault: please report it with the file`;
}
