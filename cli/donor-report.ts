// `protection donor-report --donor NAME [--year Y] --out report.xlsx|report.pdf`: one donor's protection funding
// report. XLSX: one formatted sheet per table (src/lib/donor-report.ts, exceljs). PDF: the site's donor report
// page opened on that donor and year, printed through headless Chromium (briefing-pdf.ts).
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, resolve } from "node:path";
import { UserError } from "../warehouse/errors.ts";
import { openReadOnly, queryRows } from "../warehouse/db.ts";
import { donorReport, donorWorkbook } from "../src/lib/donor-report.ts";
import { renderPdf } from "./briefing-pdf.ts";
import { buildSite, type Audience } from "./site.ts";

export interface DonorReportOptions {
  db: string;
  donor: string;
  year?: number | null;
  out: string;
  format?: "xlsx" | "pdf";
  audience?: Audience;
  config?: string;
  /** a site already built from this warehouse for this audience (PDF only; built into a temporary folder otherwise) */
  site?: string;
  log?: (line: string) => void;
}

export interface DonorReportResult {
  out: string;
  format: "xlsx" | "pdf";
  donor: string;
  year: number | null;
  bytes: number;
  problems: string[];
}

/** The donor as funding_by_donor spells it: exact, else the one donor whose name contains what was typed. */
export function matchDonor(names: string[], wanted: string): string {
  const exact = names.find((n) => n === wanted) ?? names.find((n) => n.toLowerCase() === wanted.toLowerCase());
  if (exact) return exact;
  const part = names.filter((n) => n.toLowerCase().includes(wanted.toLowerCase()));
  if (part.length === 1) return part[0]!;
  if (part.length > 1) throw new UserError(`donor '${wanted}' is ambiguous: ${part.slice(0, 8).map((n) => `'${n}'`).join(", ")}${part.length > 8 ? "…" : ""}`, 2);
  throw new UserError(`no donor '${wanted}' in the funding loaded${names.length ? ` (donors: ${names.slice(0, 8).map((n) => `'${n}'`).join(", ")}${names.length > 8 ? "…" : ""})` : " (no funding flows: ingest FTS files and run `protection run`)"}`, 2);
}

function formatOf(opts: DonorReportOptions): "xlsx" | "pdf" {
  const fromName = extname(opts.out).toLowerCase().slice(1);
  const format = opts.format ?? (fromName === "pdf" ? "pdf" : fromName === "xlsx" ? "xlsx" : null);
  if (!format) throw new UserError(`donor-report: say --format xlsx or pdf (the output ${opts.out} has neither extension)`, 2);
  return format;
}

export async function writeDonorReport(opts: DonorReportOptions): Promise<DonorReportResult> {
  const log = opts.log ?? (() => undefined);
  const format = formatOf(opts);
  const audience = opts.audience ?? "internal";
  // the public rules read the operation's thresholds from the config the build would use
  if (opts.config) process.env.PROTECTION_CONFIG = resolve(opts.config);
  const w = await openReadOnly(resolve(opts.db));
  let donor: string;
  let year: number | null;
  try {
    const tables = await w.tables();
    if (!tables.has("funding_by_donor")) throw new UserError(`no funding tables in ${opts.db}: ingest FTS files and run \`protection run\` first`);
    const names = (await queryRows(w.conn, `SELECT DISTINCT donor FROM funding_by_donor ORDER BY donor`)).map((r) => String(r.donor));
    donor = matchDonor(names, opts.donor);
    const years = (await queryRows(w.conn, `SELECT DISTINCT year FROM funding_by_donor WHERE donor = $d ORDER BY year DESC`, { d: donor })).map((r) => Number(r.year));
    if (opts.year !== undefined && opts.year !== null && !years.includes(opts.year)) throw new UserError(`no protection funding from '${donor}' in ${opts.year} (years: ${years.join(", ")})`, 2);
    year = opts.year ?? years[0] ?? null;
    if (format === "xlsx") {
      const report = await donorReport(w, { donor, year, audience });
      await donorWorkbook(report).xlsx.writeFile(opts.out);
      return { out: opts.out, format, donor, year, bytes: statSync(opts.out).size, problems: report.notes };
    }
  } finally {
    w.close();
  }
  const temp = opts.site ? null : mkdtempSync(join(tmpdir(), "protection-donor-"));
  try {
    const siteDir = opts.site ? resolve(opts.site) : join(temp!, "site");
    if (!opts.site) {
      log(`→ building the ${audience} site`);
      await buildSite({ db: opts.db, out: siteDir, audience, config: opts.config });
    }
    log(`→ printing the donor report of ${donor} for ${year}`);
    const r = await renderPdf({
      siteDir,
      pagePath: `/donor-report?donor=${encodeURIComponent(donor)}&year=${year ?? ""}`,
      out: opts.out,
      title: `Donor report · ${donor} · ${year ?? ""}${audience === "public" ? "" : " · internal"}`,
      format: "A4",
      readySelector: "#donor-kpis .big"
    });
    return { out: opts.out, format, donor, year, bytes: r.bytes, problems: r.problems };
  } finally {
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
}
