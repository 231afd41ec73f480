// `protection ccpm --pdf out.pdf`: the one-page CCPM briefing for the HCT (scores by function and sub-item with
// their bands and response counts, the change since the last round, the open actions) from the CCPM page's
// brief view, printed through the shared briefing renderer.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UserError } from "../warehouse/errors.ts";
import { queryValue, withWarehouse } from "../warehouse/db.ts";
import { loadOperationConfig } from "../warehouse/operation-config.ts";
import { renderPdf, type RenderPdfResult } from "./briefing-pdf.ts";

export interface CcpmBriefingOptions {
  db: string;
  out: string;
  /** A site already built from this warehouse; built into a temporary folder when omitted. */
  site?: string;
  /** Round to brief on; default the latest scored. */
  round?: string;
  landscape?: boolean;
  log?: (line: string) => void;
}

export async function ccpmBriefing(opts: CcpmBriefingOptions): Promise<RenderPdfResult & { round: string }> {
  if (!existsSync(opts.db)) throw new UserError(`warehouse not found: ${opts.db}`);
  const rounds = await withWarehouse(opts.db, async (w) => {
    const has = await queryValue<number>(w.conn, `SELECT count(*) FROM duckdb_tables() WHERE table_name = 'ccpm_scores'`);
    if (!has) return [] as string[];
    const list = await queryValue<string | null>(w.conn, `SELECT string_agg(DISTINCT round, '|' ORDER BY round) FROM ccpm_scores`);
    return list ? list.split("|") : [];
  }, { readOnly: true });
  if (rounds.length === 0) throw new UserError(`no CCPM scores in ${opts.db}: ingest the survey exports (kind ccpm) and run \`protection run\` first`);
  const round = opts.round ?? rounds[rounds.length - 1]!;
  if (!rounds.includes(round)) throw new UserError(`no CCPM round ${round} in ${opts.db} (rounds: ${rounds.join(", ")})`);
  let operation = "Protection Cluster";
  try {
    operation = `Protection Cluster — ${loadOperationConfig().country.name}`;
  } catch {
    // the briefing still prints without the operation's name
  }
  let siteDir = opts.site;
  let temp: string | undefined;
  try {
    if (!siteDir) {
      temp = mkdtempSync(join(tmpdir(), "ccpm-briefing-"));
      siteDir = join(temp, "site");
      opts.log?.(`→ building the site from ${opts.db}`);
      const { buildSite } = await import("./site.ts");
      await buildSite({ db: opts.db, out: siteDir, audience: "internal" });
    } else if (!existsSync(join(siteDir, "ccpm.html"))) {
      throw new UserError(`no CCPM page in ${siteDir} (build the site with \`protection build\` first)`);
    }
    return {
      ...(await renderPdf({
        siteDir,
        pagePath: `/ccpm?brief=1&round=${encodeURIComponent(round)}`,
        out: opts.out,
        title: `Cluster coordination performance (CCPM) ${round}`,
        operation,
        landscape: opts.landscape ?? true,
        readySelector: "#ccpm-scores table"
      })),
      round
    };
  } finally {
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
}
