// Characters that are never data in a table cell: C0/C1 control characters (tab, CR and LF aside, which the
// whitespace rules handle), terminal escape sequences (ANSI colour codes pasted from a console) and byte-order
// marks left inside the text where two exports were concatenated. Stripped from cells (and reported), and from
// anything echoed to a terminal, so that a hostile file cannot repaint or hide the ingest report.

/** The same pattern for JavaScript and for DuckDB's RE2: an escape sequence, or one stray character. */
const SOURCE = String.raw`\x1B\[[0-?]*[ -/]*[@-~]|\x1B[@-Z\\-_]|[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\uFEFF]`;
const JS = new RegExp(SOURCE, "g");

/** RE2 spells code points \x{FEFF}, not \uFEFF. */
export const CONTROL_PATTERN_SQL = SOURCE.replace(/\\u([0-9A-F]{4})/g, "\\x{$1}");

/** Text without control characters or escape sequences. */
export function cleanText(s: string): string {
  JS.lastIndex = 0;
  return s.replace(JS, "");
}

/** True when cleanText would change s. */
export function hasControl(s: string): boolean {
  JS.lastIndex = 0;
  return JS.test(s);
}
