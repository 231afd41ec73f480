import { describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ingestFiles } from "../loaders/ingest.ts";
import { checkWarehouse } from "../loaders/integrity.ts";
import { seedAreas, tempDir, testConfig, withMemory } from "./helpers/warehouse.ts";

const csv = (reached: number) =>
  `Reporting month,Organization,AoR,District P-code,Population group,People reached\n2025-04,ONG Espoir,GBV,XD0101,IDP,${reached}\n2025-05,ONG Espoir,GBV,XD0101,IDP,${reached + 10}\n`;

describe("protection check --warehouse", () => {
  it("passes after an ingest and a replacement, and fails on an orphan row or a stale pipeline", async () => {
    const tmp = tempDir();
    try {
      await withMemory(async (w) => {
        await seedAreas(w);
        const config = testConfig();
        writeFileSync(join(tmp.dir, "espoir_5w.csv"), csv(100));
        await ingestFiles(w.conn, [join(tmp.dir, "espoir_5w.csv")], { config });
        writeFileSync(join(tmp.dir, "espoir_5w.csv"), csv(200));
        await ingestFiles(w.conn, [join(tmp.dir, "espoir_5w.csv")], { config });
        let findings = await checkWarehouse(w.conn);
        expect(findings.filter((f) => !f.ok)).toEqual([]);
        expect(findings.find((f) => f.check === "provenance:activities")!.detail).toBe("every row traces to a loaded file and a source row");

        await w.conn.run(`CREATE TABLE pipeline_runs (model VARCHAR, rows BIGINT, started_at TIMESTAMP, finished_at TIMESTAMP, inputs_max_loaded_at TIMESTAMP)`);
        await w.conn.run(`INSERT INTO pipeline_runs VALUES ('reach_admin2', 1, TIMESTAMP '2000-01-01', TIMESTAMP '2000-01-01', NULL)`);
        await w.conn.run(`INSERT INTO activities (org_lead, aor, file_hash, sheet, row_number) VALUES ('ghost', 'GP', 'no-such-file', NULL, 2)`);
        findings = await checkWarehouse(w.conn);
        const failed = Object.fromEntries(findings.filter((f) => !f.ok).map((f) => [f.check, f.detail]));
        expect(failed["provenance:activities"]).toBe("0 rows without file or row number, 1 rows of no loaded file (0 of replaced versions)");
        expect(failed["pipelines-fresh"]).toBe("older than the last ingest (run `protection run`): reach_admin2");
      });
    } finally {
      tmp.cleanup();
    }
  });
});
