// `protection ccpm --pdf`: what it says when there is nothing to brief on (the PDF itself is rendered and
// counted as one page in test/e2e-site.test.ts, on the built demo site).
import { afterAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { ccpmBriefing } from "../cli/ccpm-briefing.ts";
import { withWarehouse } from "../warehouse/db.ts";
import { tempDir } from "./helpers/warehouse.ts";

const tmp = tempDir("ccpm-briefing-");
afterAll(() => tmp.cleanup());

describe("the CCPM briefing", () => {
  it("asks for scores first when the warehouse has none, and names the rounds it has when another is asked", async () => {
    const db = join(tmp.dir, "w.duckdb");
    await expect(ccpmBriefing({ db, out: join(tmp.dir, "x.pdf") })).rejects.toThrow(/warehouse not found/);
    await withWarehouse(db, async () => undefined);
    await expect(ccpmBriefing({ db, out: join(tmp.dir, "x.pdf") })).rejects.toThrow(/no CCPM scores in .*ingest the survey exports \(kind ccpm\) and run `protection run` first/);
    await withWarehouse(db, async (w) => {
      await w.conn.run(`CREATE TABLE ccpm_scores AS SELECT '2024' AS round UNION ALL SELECT '2025'`);
    });
    await expect(ccpmBriefing({ db, out: join(tmp.dir, "x.pdf"), round: "2030" })).rejects.toThrow("no CCPM round 2030 in");
    await expect(ccpmBriefing({ db, out: join(tmp.dir, "x.pdf"), round: "2025", site: tmp.dir })).rejects.toThrow(/no CCPM page in/);
  });
});
