// Prints ingest reports for people (one block per file) and for machines (--json).
import type { FileReport, RunReport } from "../loaders/ingest.ts";

const fmt = (n: number) => n.toLocaleString("en-US");

export function formatFileReport(f: FileReport, maxReasons = 5): string {
  if (f.status === "failed") return `✗ ${f.error}`;
  const lines = [
    `${f.status === "unchanged" ? "=" : "✓"} ${f.file}  [${f.kind}${f.format ? `, ${f.format}` : ""}] ${f.status}: ${fmt(f.rowsRead)} rows read, ${fmt(f.rowsAccepted)} accepted, ${fmt(f.rowsRejected)} rejected, ${fmt(f.rowsFlagged)} flagged`
  ];
  for (const s of f.sheets.filter((s) => s.note)) lines.push(`    sheet ${s.name}: ${s.note}`);
  for (const r of f.reasons.slice(0, maxReasons)) {
    const where = r.firstRow !== null ? ` (first at ${r.sheet ? `${r.sheet}!` : ""}row ${r.firstRow})` : "";
    // type reasons already start with the column's label ("People reached: cannot read 'ten'…")
    const column = r.column && !r.reason.startsWith(`${r.column}: `) ? `${r.column}: ` : "";
    lines.push(`    ${r.severity.padEnd(7)} ${fmt(r.rows).padStart(7)} × ${column}${r.reason}${where}`);
  }
  if (f.reasons.length > maxReasons) lines.push(`    … ${f.reasons.length - maxReasons} more kinds of issue: protection query "SELECT * FROM ingest_issues WHERE file_name = '${f.file.split("/").pop()}'"`);
  return lines.join("\n");
}

export function formatRun(run: RunReport): string {
  const files = run.files;
  const failed = files.filter((f) => f.status === "failed").length;
  const total = (k: "rowsRead" | "rowsAccepted" | "rowsRejected") => fmt(files.reduce((s, f) => s + f[k], 0));
  return [
    ...files.map((f) => formatFileReport(f)),
    `${files.length} file(s), ${failed} failed; ${total("rowsRead")} rows read, ${total("rowsAccepted")} accepted, ${total("rowsRejected")} rejected (run ${run.runId})`
  ].join("\n");
}
