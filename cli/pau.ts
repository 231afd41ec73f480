// `protection pau --quarter 2025Q3 --pdf out.pdf [--brief] [--audience public]`: the quarterly Protection
// Analysis Update as an A4 PDF (or the two-page PAU brief). Builds the site for the audience (or uses a built
// one), prints the PAU page through headless Chromium, and says what the PAU lacks (no ratings, no
// narrative, narrative problems) instead of failing: the PAU renders what it has.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { UserError } from "../warehouse/errors.ts";
import { loadOperationConfig } from "../warehouse/operation-config.ts";
import { withWarehouse, queryRows } from "../warehouse/db.ts";
import { readNarrative } from "../src/lib/pau-narrative.ts";
import { renderPdf } from "./briefing-pdf.ts";
import { buildSite, type Audience } from "./site.ts";

export interface PauOptions {
  quarter: string;
  pdf: string;
  brief?: boolean;
  audience?: Audience;
  db: string;
  config: string;
  /** a site already built for this warehouse and audience (skips the build) */
  site?: string;
  log?: (line: string) => void;
}

export interface PauResult {
  pdf: string;
  pages: number;
  topRisks: string[];
  warnings: string[];
}

/** Pages of a PDF written by Chromium (its page objects). */
export function pdfPageCount(path: string): number {
  return (readFileSync(path).toString("latin1").match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}

export async function pauPdf(opts: PauOptions): Promise<PauResult> {
  const log = opts.log ?? (() => undefined);
  if (!/^\d{4}Q[1-4]$/.test(opts.quarter)) throw new UserError(`invalid quarter: ${opts.quarter} (expected e.g. 2025Q3)`, 2);
  const audience = opts.audience ?? "internal";
  const config = loadOperationConfig(opts.config);
  const narrativeDir = resolve(process.env.PROTECTION_NARRATIVE_DIR || config.pau.narrativeDir);
  const warnings: string[] = [];

  const facts = await withWarehouse(
    opts.db,
    async (w) => {
      const tables = new Set((await queryRows(w.conn, `SELECT table_name FROM duckdb_tables()`)).map((r) => String(r.table_name)));
      if (!tables.has("risk_trends")) return null;
      const top = await queryRows(w.conn, `SELECT risk_short, level, trend FROM risk_trends WHERE quarter = $q AND area_level = 0 ORDER BY rank LIMIT $n`, { q: opts.quarter, n: config.pau.topRisks });
      const quarters = (await queryRows(w.conn, `SELECT DISTINCT quarter FROM risk_trends ORDER BY quarter`)).map((r) => String(r.quarter));
      return { top, quarters };
    },
    { readOnly: true }
  );
  if (!facts) warnings.push("no risk_trends table: run `protection run` after loading risk ratings (kind risks); the PAU marks the risks as missing");
  else if (!facts.top.length) warnings.push(`no risk ratings for ${opts.quarter}${facts.quarters.length ? ` (rated quarters: ${facts.quarters.join(", ")})` : ""}; the PAU marks the risks as missing`);
  const narrative = readNarrative(narrativeDir, opts.quarter);
  if (!narrative.found && !narrative.problems.length) warnings.push(`no narrative file ${join(narrativeDir, narrative.file)}: context, per-risk analysis and recommendations are marked missing`);
  for (const p of narrative.problems) warnings.push(`narrative: ${p}`);

  // the site's data loaders read the narrative from the folder this command resolved, whatever their working folder
  const previous = process.env.PROTECTION_NARRATIVE_DIR;
  process.env.PROTECTION_NARRATIVE_DIR = narrativeDir;
  const temp = opts.site ? null : mkdtempSync(join(tmpdir(), "protection-pau-"));
  try {
    let siteDir = opts.site ? resolve(opts.site) : join(temp!, "site");
    if (!opts.site) {
      log(`→ building the ${audience} site`);
      await buildSite({ db: opts.db, out: siteDir, audience, config: opts.config });
    }
    siteDir = resolve(siteDir);
    log(`→ printing the PAU${opts.brief ? " brief" : ""} for ${opts.quarter}`);
    const title = `Protection Analysis Update${opts.brief ? " brief" : ""} · ${opts.quarter}${audience === "public" ? "" : " · internal"}`;
    const rendered = await renderPdf({
      siteDir,
      pagePath: `/pau?quarter=${opts.quarter}${opts.brief ? "&brief=1" : ""}`,
      out: opts.pdf,
      title,
      operation: `Protection Cluster — ${config.country.name}`,
      readySelector: ".pau-root article"
    });
    for (const p of rendered.problems) warnings.push(`page: ${p}`);
    const pages = pdfPageCount(opts.pdf);
    if (opts.brief && pages > 2) warnings.push(`the brief has ${pages} pages, not 2: shorten the recommendations`);
    return { pdf: opts.pdf, pages, topRisks: facts?.top.map((r) => `${r.risk_short} (${r.level}${r.trend ? `, ${r.trend}` : ""})`) ?? [], warnings };
  } finally {
    if (previous === undefined) delete process.env.PROTECTION_NARRATIVE_DIR;
    else process.env.PROTECTION_NARRATIVE_DIR = previous;
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
}
