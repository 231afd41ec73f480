// The quarter a rating is for, as files write it: 2025Q3, 2025-Q3, Q3 2025, T3 2025 (trimestre),
// a month (2025-08) or a date inside it.
import { normalise } from "./normalise.ts";

export function parseQuarter(text: string | null): string | null {
  if (!text) return null;
  const k = normalise(text);
  let m = /^(20\d{2}) ?[qt] ?([1-4])$/.exec(k) ?? /^(20\d{2}) (?:quarter|trimestre) ([1-4])$/.exec(k);
  if (m) return `${m[1]}Q${m[2]}`;
  m = /^[qt] ?([1-4]) (20\d{2})$/.exec(k) ?? /^([1-4])(?:st|nd|rd|th|er|e|eme)? (?:quarter|trimestre) (20\d{2})$/.exec(k);
  if (m) return `${m[2]}Q${m[1]}`;
  m = /^(20\d{2}) (0?[1-9]|1[0-2])(?: \d{1,2})?$/.exec(k);
  if (m) return `${m[1]}Q${Math.ceil(Number(m[2]) / 3)}`;
  return null;
}

export function quarterOfDate(d: Date): string {
  return `${d.getUTCFullYear()}Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
}

/** First and last day of a quarter, ISO dates. */
export function quarterBounds(quarter: string): { start: string; end: string } {
  const y = Number(quarter.slice(0, 4));
  const q = Number(quarter.slice(5));
  const start = new Date(Date.UTC(y, (q - 1) * 3, 1));
  const end = new Date(Date.UTC(y, q * 3, 0));
  return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
}
