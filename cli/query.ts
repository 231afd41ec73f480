// Read-only SQL for analysts: the warehouse is opened read-only, so a query cannot change it.
import { withWarehouse } from "../warehouse/db.ts";
import { UserError } from "../warehouse/errors.ts";

/** A DATE (midnight UTC) as 2025-03-01, a TIMESTAMP as 2025-03-01T08:12:52Z: ISO, never a quoted JSON string. */
export function isoText(d: Date): string {
  const iso = d.toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.replace(/\.000Z$/, "Z");
}

/** A cell as text: dates ISO, lists and structs as JSON (with their dates ISO), the rest as it is. */
function cellText(v: unknown): string {
  if (v instanceof Date) return isoText(v);
  if (typeof v === "object" && v !== null)
    return JSON.stringify(v, function (this: Record<string, unknown>, k, x) {
      const raw = this[k]; // before Date.toJSON
      return raw instanceof Date ? isoText(raw) : typeof x === "bigint" ? x.toString() : x;
    });
  return String(v);
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  let s = cellText(v);
  // a text cell that a spreadsheet would run as a formula is shown as text
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s) && !/^[+-]?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function formatRows(rows: Record<string, unknown>[], columns: string[], format: "csv" | "json" | "table"): string {
  // BIGINT counts become JSON numbers while exact; beyond 2^53 they stay strings rather than lose digits
  if (format === "json")
    return (
      JSON.stringify(rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Date ? isoText(v) : v]))), (_k, v) =>
        typeof v === "bigint" ? (Number.isSafeInteger(Number(v)) ? Number(v) : v.toString()) : v
      ) + "\n"
    );
  if (format === "csv") return [columns.join(","), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(","))].join("\n") + "\n";
  const cells = rows.map((r) => columns.map((c) => (r[c] === null || r[c] === undefined ? "" : cellText(r[c]))));
  const widths = columns.map((c, i) => Math.min(60, Math.max(c.length, ...cells.map((row) => row[i]!.length))));
  const line = (vals: string[]) => vals.map((v, i) => v.slice(0, 60).padEnd(widths[i]!)).join(" │ ");
  return [line(columns), widths.map((w) => "─".repeat(w)).join("─┼─"), ...cells.map(line), `(${rows.length} row${rows.length === 1 ? "" : "s"})`].join("\n") + "\n";
}

export async function runQuery(db: string, sql: string, format: "csv" | "json" | "table"): Promise<string> {
  return withWarehouse(
    db,
    async (w) => {
      let rows: Record<string, unknown>[];
      let columns: string[];
      try {
        const reader = await w.conn.runAndReadAll(sql);
        columns = reader.columnNames();
        rows = reader.getRowObjectsJS() as Record<string, unknown>[];
      } catch (e) {
        throw new UserError(`query failed: ${(e as Error).message.split("\n")[0]}`);
      }
      return formatRows(rows, columns, format);
    },
    { readOnly: true, waitSeconds: 5 }
  );
}
