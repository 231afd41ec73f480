// FTS's plan-cluster rule on the real Afghanistan 2020 files (../shared/data/real/funding; skipped with a
// message when absent): every cluster's funding, to the dollar, as FTS published it for plan 929.
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ingestFiles } from "../loaders/ingest.ts";
import { runPipelines } from "../pipelines/run.ts";
import { fundingConfig } from "./helpers/funding.ts";
import { rows, withMemory } from "./helpers/warehouse.ts";

const REAL = resolve(process.env.PROTECTION_REAL_DATA ?? "../shared/data/real", "funding");
const PAGES = [1, 2, 3].map((p) => join(REAL, `fts_flows_afg_2020_page${p}.json`));
const GROUPED = join(REAL, "fts_plan929_afg2020_groupby_cluster.json");
const present = [...PAGES, GROUPED].every(existsSync);
if (!present) console.warn(`real funding tests skipped: the Afghanistan 2020 FTS files are not in ${REAL} (set PROTECTION_REAL_DATA to their parent folder)`);

interface Grouped {
  data: { report3: { fundingTotals: { objects: { singleFundingObjects: { id?: number; name: string; totalFunding: number }[] }[] } } };
}

describe.skipIf(!present)("real FTS files: Afghanistan 2020", () => {
  it("reproduces FTS's published funding of all 17 plan clusters of plan 929 to the dollar", async () => {
    const published = (JSON.parse(readFileSync(GROUPED, "utf8")) as Grouped).data.report3.fundingTotals.objects[0]!.singleFundingObjects.filter((o) => o.id !== undefined);
    expect(published.length).toBe(17);
    await withMemory(async (w) => {
      const { files } = await ingestFiles(w.conn, [...PAGES, GROUPED, join(REAL, "fts_requirements_funding_cluster_afg.csv")], { config: fundingConfig });
      expect(files.map((f) => f.rowsAccepted)).toEqual([200, 200, 84, 16, 20]);
      await runPipelines(w.conn, fundingConfig);
      const ours = new Map((await rows(w.conn, `SELECT cluster_id, funded_usd FROM funding_plan_clusters WHERE plan_id = '929'`)).map((r) => [String(r.cluster_id), Number(r.funded_usd)]));
      for (const o of published) expect(ours.get(String(o.id)), o.name).toBe(o.totalFunding);
      // Protection (5251) and Protection COVID-19 (5406) make up the GP requirement and its funding
      const gp = await rows(w.conn, `SELECT requirement_usd, funded_usd, coverage_pct, pledged_usd FROM funding_coverage WHERE year = 2020 AND aor = 'GP'`);
      expect(gp[0]).toEqual({ requirement_usd: 62_341_224 + 29_534_365, funded_usd: 43_064_770 + 9_011_199, coverage_pct: 56.7, pledged_usd: 0 });
      // the two exports of the same requirements (CSV and grouped JSON) count once
      const req = await rows(w.conn, `SELECT count(*)::INT n FROM funding_requirements_current WHERE plan_id = '929' AND aor = 'GP'`);
      expect(req[0]!.n).toBe(2);
    });
  });

  it("says which page is missing when page 2 of the three is not loaded", async () => {
    await withMemory(async (w) => {
      await ingestFiles(w.conn, [PAGES[0]!, PAGES[2]!], { config: fundingConfig });
      const i = await rows(w.conn, `SELECT file_name, reason FROM ingest_issues WHERE rule = 'page-missing'`);
      expect(i).toEqual([{ file_name: "fts_flows_afg_2020_page3.json", reason: "incomplete FTS response: its envelope counts 484 flows (328 incoming, 156 internal), the 2 pages loaded hold 284: page 2 missing; load the missing page or the funding figures will be short" }]);
    });
  });

  it("loads the HDX CSV exports of the same flows as one flow each, and keeps the API copy's plan clusters", async () => {
    const csvs = ["fts_incoming_funding_afg.csv", "fts_internal_funding_afg.csv"].map((f) => join(REAL, f));
    if (!csvs.every(existsSync)) return;
    await withMemory(async (w) => {
      const { files } = await ingestFiles(w.conn, [...csvs, ...PAGES], { config: fundingConfig });
      expect(files.map((f) => f.rowsAccepted)).toEqual([328, 156, 200, 200, 84]);
      await runPipelines(w.conn, fundingConfig);
      const r = await rows(w.conn, `SELECT count(*)::INT n, count(plan_clusters)::INT with_clusters FROM funding_flows_current WHERE source = 'fts'`);
      expect(r[0]).toEqual({ n: 484, with_clusters: expect.any(Number) });
      const ours = await rows(w.conn, `SELECT funded_usd FROM funding_plan_clusters WHERE plan_id = '929' AND cluster_id = '5251'`);
      expect(ours[0]!.funded_usd).toBe(43_064_770);
    });
  });
});
