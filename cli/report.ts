// Prints ingest reports for people (one block per file) and for machines (--json).
import type { FileReport, RunReport } from "../loaders/ingest.ts";
import { cleanText } from "../loaders/text-clean.ts";

const fmt = (n: number) => n.toLocaleString("en-US");
/** what a file put in its cells never reaches the terminal as escape codes or control characters */
const safe = (s: string) => cleanText(s);

export function formatFileReport(f: FileReport, maxReasons = 5): string {
  if (f.status === "failed") return `✗ ${safe(f.error ?? `${f.file}: failed`)}`;
  const skipped = f.rowsSkipped ?? 0;
  const lines = [
    `${f.status === "unchanged" ? "=" : "✓"} ${safe(f.file)}  [${f.kind}${f.format ? `, ${f.format}` : ""}] ${f.status}: ${fmt(f.rowsRead)} rows read, ${fmt(f.rowsAccepted)} accepted, ${fmt(f.rowsRejected)} rejected, ${fmt(skipped)} skipped, ${fmt(f.rowsFlagged)} flagged`
  ];
  for (const s of f.sheets.filter((s) => s.note)) lines.push(`    sheet ${safe(String(s.name))}: ${safe(s.note!)}`);
  for (const r of f.reasons.slice(0, maxReasons)) {
    const where = r.firstRow !== null ? ` (first at ${r.sheet ? `${safe(r.sheet)}!` : ""}row ${r.firstRow})` : "";
    // type reasons already start with the column's label ("People reached: cannot read 'ten'…")
    const column = r.column && !r.reason.startsWith(`${r.column}: `) ? `${safe(r.column)}: ` : "";
    lines.push(`    ${r.severity.padEnd(7)} ${fmt(r.rows).padStart(7)} × ${column}${safe(r.reason)}${where}`);
  }
  if (f.reasons.length > maxReasons) lines.push(`    … ${f.reasons.length - maxReasons} more kinds of issue: protection query "SELECT * FROM ingest_issues WHERE file_name = '${safe(f.file.split("/").pop() ?? "")}'"`);
  return lines.join("\n");
}

export function formatRun(run: RunReport): string {
  const files = run.files;
  const failed = files.filter((f) => f.status === "failed").length;
  const total = (k: "rowsRead" | "rowsAccepted" | "rowsRejected" | "rowsSkipped") => fmt(files.reduce((s, f) => s + (f[k] ?? 0), 0));
  return [
    ...files.map((f) => formatFileReport(f)),
    `${files.length} file(s), ${failed} failed; ${total("rowsRead")} rows read, ${total("rowsAccepted")} accepted, ${total("rowsRejected")} rejected, ${total("rowsSkipped")} skipped (run ${run.runId})`
  ].join("\n");
}
